import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxPoller, type PollerHealth } from '../../src/imap/poller.ts';
import { finalizeJobId, inboundJobId } from '../../src/store/keys.ts';
import {
  createRedis,
  finalizeJobOptions,
  openQueues,
  type FinalizeJobData,
  type Queues,
} from '../../src/queue/queues.ts';
import { createLogger } from '../../src/util/logger.ts';
import type { ImapConfig } from '../../src/config/env.ts';
import { appendMail, connectImap, countMessages } from '../support/imap-helpers.ts';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { buildInquiry } from './fixtures/inquiries.ts';

// The poller on its own, as the service (and a lease holder wrapping start/stop) drives it:
// stop and start again, health reported, finalize batches moving mail out of the inbox.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('MailboxPoller', () => {
  let sandbox: Sandbox;
  let queues: Queues;
  let poller: MailboxPoller;
  const redis = () => createRedis(sandbox.redis.url);
  let conns: ReturnType<typeof redis>[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    const env = sandbox.env;
    const imap: ImapConfig = {
      host: env.IMAP_HOST!,
      port: Number(env.IMAP_PORT),
      user: env.IMAP_USER!,
      pass: env.IMAP_PASS!,
      secure: false,
      tlsInsecure: true,
      mailbox: 'INBOX',
      processedMailbox: 'Intake/Processed',
      failedMailbox: 'Intake/Failed',
      sentMailbox: 'Intake/Sent',
      pollSeconds: 300,
    };
    const r = redis();
    const bull = createRedis(sandbox.redis.url, { forBullWorker: true });
    conns = [r, bull];
    queues = openQueues(r, env.QUEUE_PREFIX!);
    poller = new MailboxPoller({
      imap,
      queuePrefix: env.QUEUE_PREFIX!,
      maxMailBytes: 25 * 1024 * 1024,
      jobAttempts: 3,
      redis: r,
      bullConnection: bull,
      queues,
      logger: createLogger('silent'),
    });
  });
  afterAll(async () => {
    await poller?.stop();
    await queues?.close();
    for (const c of conns) c.disconnect();
    await sandbox?.stop();
  });

  it('reports its health, stops and starts again, and still sees new mail at once', async () => {
    const seen: PollerHealth['state'][] = [];
    poller.on('health', (h: PollerHealth) => seen.push(h.state));
    await poller.start();
    expect(poller.health().state).toBe('connected');
    await poller.stop();
    expect(poller.health().state).toBe('stopped');
    await poller.start();
    expect(poller.health()).toMatchObject({ state: 'connected', lastError: null });
    expect(seen).toEqual(['connected', 'stopped', 'connecting', 'connected']);

    // IDLE resumes right after the start-up sweep: the mail is queued without waiting for the 300 s sweep.
    const uid = await appendMail(sandbox.dovecot, 'INBOX', await buildInquiry({ n: 1 }));
    const validity = await uidValidity(sandbox);
    const jobId = inboundJobId({ kind: 'imap', mailbox: 'INBOX', uidValidity: validity, uid: uid! }, '');
    await until(async () => (await queues.inbound.getJobState(jobId)) !== 'unknown', 10_000, 'the mail to be queued');
  });

  it('moves finished mail out of the inbox in batches, each mail once', async () => {
    const validity = await uidValidity(sandbox);
    const uids: number[] = [];
    for (let i = 0; i < 12; i++) uids.push((await appendMail(sandbox.dovecot, 'INBOX', await buildInquiry({ n: 100 + i })))!);
    for (const uid of uids) {
      const origin = { kind: 'imap' as const, mailbox: 'INBOX', uidValidity: validity, uid };
      const data: FinalizeJobData = { origin, messageId: null, target: 'processed', reason: null, replyRaw: null, rawKey: `{x}:raw:${uid}` };
      await queues.finalize.add('finalize', data, finalizeJobOptions(finalizeJobId(origin, data.rawKey)));
    }
    await until(async () => (await countMessages(sandbox.dovecot, 'Intake/Processed')) >= 12, 20_000, '12 mails in Intake/Processed');
    // The first mail of the previous test is still in the inbox: it was never finalized.
    expect(await countMessages(sandbox.dovecot, 'INBOX')).toBe(1);
    expect(await countMessages(sandbox.dovecot, 'Intake/Processed')).toBe(12);
    expect(poller.health().finalize.connected).toBeGreaterThanOrEqual(1);
  });
});

async function uidValidity(sandbox: Sandbox): Promise<string> {
  const c = await connectImap(sandbox.dovecot);
  try {
    const box = await c.mailboxOpen('INBOX');
    return String(box.uidValidity);
  } finally {
    await c.logout().catch(() => c.close());
  }
}
