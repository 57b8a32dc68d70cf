import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis, type RedisInstance } from '../support/redis-server.ts';
import { PollerLease, type LeasedPoller } from '../../src/imap/poller-lease.ts';
import { pollerLeaseKey } from '../../src/store/keys.ts';
import { claimSend, commitSend, isReplySent, releaseSend } from '../../src/pipeline/send-claim.ts';
import { createLogger } from '../../src/util/logger.ts';
import type { ImapConfig } from '../../src/config/env.ts';

/** The lease and the send claim against a real Redis (no mail servers needed). */
const imap = { host: '127.0.0.1', port: 143, user: 'support', mailbox: 'INBOX' } as ImapConfig;
const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('poller lease and send claim on a real Redis', () => {
  let server: RedisInstance;
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(server.url, { maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.destroy();
  });

  function fakePoller(log: string[], name: string): () => LeasedPoller {
    return () => ({
      start: async () => void log.push(`${name} start`),
      stop: async () => void log.push(`${name} stop`),
    });
  }

  it('the key sits under the queue prefix hash tag, one per mailbox', () => {
    expect(pollerLeaseKey('intake', imap)).toMatch(/^\{intake\}:poller-lease:[0-9a-f]{32}$/);
    expect(pollerLeaseKey('intake', { ...imap, mailbox: 'Other' })).not.toBe(pollerLeaseKey('intake', imap));
  });

  it('one of three is active; the others take over within the lease after it dies, and at once after a clean stop', async () => {
    const log: string[] = [];
    const mk = (name: string, redis: Redis) =>
      new PollerLease({ redis, queuePrefix: 'lease1', imap, leaseMs: 3_000, logger, createPoller: fakePoller(log, name) });
    const aRedis = client();
    const a = mk('a', aRedis);
    const b = mk('b', client());
    const c = mk('c', client());
    await a.start();
    await b.start();
    await c.start();
    expect([a.currentRole, b.currentRole, c.currentRole]).toEqual(['active', 'standby', 'standby']);
    await sleep(4_000); // renewals keep it
    expect([a.currentRole, b.currentRole, c.currentRole]).toEqual(['active', 'standby', 'standby']);

    // "Dies": its Redis connection goes and nothing renews; its own fencing stops it polling too.
    const died = Date.now();
    aRedis.disconnect();
    while (b.currentRole !== 'active' && c.currentRole !== 'active' && Date.now() - died < 10_000) await sleep(100);
    const tookMs = Date.now() - died;
    const roles = [b.currentRole, c.currentRole].sort();
    expect(roles).toEqual(['active', 'standby']);
    expect(tookMs).toBeLessThan(3_000 + 1_500);
    expect(a.currentRole).toBe('standby');
    expect(log).toContain('a stop');

    const next = b.currentRole === 'active' ? b : c;
    const other = next === b ? c : b;
    const stopped = Date.now();
    await next.stop();
    while (other.currentRole !== 'active' && Date.now() - stopped < 5_000) await sleep(50);
    expect(other.currentRole).toBe('active');
    expect(Date.now() - stopped).toBeLessThan(1_500);
    await other.stop();
    await a.stop();
  }, 30_000);

  it('a send is claimed once; a busy claim blocks the others; the record is permanent; a released claim can be taken again', async () => {
    const redis = client();
    const key = '{claim}:sent:x';
    const first = await claimSend(redis, key, 'job-1');
    expect(first.kind).toBe('claimed');
    const second = await claimSend(redis, key, 'job-2');
    expect(second).toEqual({ kind: 'busy', job: 'job-1' });
    expect(await isReplySent(redis, key)).toBe(false);
    if (first.kind !== 'claimed') throw new Error('unreachable');
    // Only the owner commits.
    expect(await commitSend(redis, key, 'someone-else', { ticket: 1 }, 60_000)).toBe(false);
    expect(await commitSend(redis, key, first.owner, { ticket: 1 }, 60_000)).toBe(true);
    expect(await isReplySent(redis, key)).toBe(true);
    expect((await claimSend(redis, key, 'job-1')).kind).toBe('sent');
    expect((await claimSend(redis, key, 'job-2')).kind).toBe('sent');
    expect(await redis.pttl(key)).toBeGreaterThan(50_000);

    const key2 = '{claim}:sent:y';
    const c1 = await claimSend(redis, key2, 'job-1');
    if (c1.kind !== 'claimed') throw new Error('expected a claim');
    await releaseSend(redis, key2, c1.owner, {});
    expect((await claimSend(redis, key2, 'job-2')).kind).toBe('claimed');

    // Refused at the final "." after the commit: the sender withdraws its own record, nobody else's.
    const key6 = '{claim}:sent:refused-at-dot';
    const c6 = await claimSend(redis, key6, 'job-1');
    if (c6.kind !== 'claimed') throw new Error('expected a claim');
    await commitSend(redis, key6, c6.owner, { ticket: 3 }, 60_000);
    await releaseSend(redis, key6, 'aaaaaaaaaaaaaaaaaaaaaaaa:job-9', { ticket: 3 });
    expect(await isReplySent(redis, key6)).toBe(true);
    await releaseSend(redis, key6, c6.owner, { ticket: 3 });
    expect(await isReplySent(redis, key6)).toBe(false);

    // Claims of a sender that died expire.
    const key3 = '{claim}:sent:z';
    expect((await claimSend(redis, key3, 'job-1', 300)).kind).toBe('claimed');
    await sleep(400);
    expect((await claimSend(redis, key3, 'job-2')).kind).toBe('claimed');

    // The same job redone after its process died takes its claim over at once; the dead owner cannot commit.
    const key5 = '{claim}:sent:redo';
    const dead = await claimSend(redis, key5, 'job-7');
    const redo = await claimSend(redis, key5, 'job-7');
    if (dead.kind !== 'claimed' || redo.kind !== 'claimed') throw new Error('expected claims');
    expect(await commitSend(redis, key5, dead.owner, { ticket: 2 }, 60_000)).toBe(false);
    expect(await commitSend(redis, key5, redo.owner, { ticket: 2 }, 60_000)).toBe(true);

    // Many racing senders: exactly one claim.
    const key4 = '{claim}:sent:race';
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claimSend(client(), key4, `job-${i}`)));
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
  });
});
