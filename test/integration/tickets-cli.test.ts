import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { runReindex } from '../../src/cli/reindex.ts';
import { runTickets } from '../../src/cli/tickets.ts';
import type { SourceMessage } from '../../src/tickets/reindex.ts';
import { makeReplyMessageId } from '../../src/tickets/reply-id.ts';
import { bullPrefix } from '../../src/store/keys.ts';

const KEY = 'cli-test-signing-key-0123456789';
const T0 = Date.parse('2026-02-02T01:00:00Z');
const DAY = 86_400_000;

function eml(h: { id: string; from: string; subject: string; date: number; inReplyTo?: string; extra?: string }, body: string): Buffer {
  return Buffer.from(
    [
      `Message-ID: <${h.id}>`,
      `From: ${h.from}`,
      'To: support@intake.test',
      `Subject: ${h.subject}`,
      `Date: ${new Date(h.date).toUTCString()}`,
      ...(h.inReplyTo ? [`In-Reply-To: <${h.inReplyTo}>`, `References: <${h.inReplyTo}>`] : []),
      ...(h.extra ? [h.extra] : []),
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );
}

describe('intake tickets and intake reindex (real rules and analysis)', () => {
  const prefix = `t-cli-${randomBytes(4).toString('hex')}`;
  const config = loadConfig(
    { QUEUE_PREFIX: prefix, REDIS_URL: 'redis://127.0.0.1:6379', REPLY_SIGNING_KEY: KEY, LOG_LEVEL: 'silent', SUPPORT_ADDRESS: 'support@intake.test', SENDER_AUTH_DNS: 'off' },
    {},
    '/nonexistent/.env',
  );
  const redis = new Redis(config.redisUrl);
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };

  afterAll(async () => {
    // Everything under this test's own prefix is ours.
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${bullPrefix(prefix)}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  });

  it('rebuilds from an in-memory mailbox and shows the tickets as JSON', async () => {
    const alice = 'Alice Example <alice@partner.co.jp>';
    const first = eml(
      { id: 'q1@partner.co.jp', from: alice, subject: 'Query fails', date: T0 },
      'Hello,\n\nAccount ID: 10101\nSite: US (console.treasuredata.com)\nOur saved query fails since yesterday. Job ID 123456789.\n',
    );
    const reply = makeReplyMessageId({ ticket: 41, inboundMessageId: 'q1@partner.co.jp', key: KEY, domain: 'intake.test' });
    const sent = eml(
      { id: reply, from: 'support@intake.test', subject: 'Re: Query fails [#41]', date: T0 + 1000, inReplyTo: 'q1@partner.co.jp', extra: 'X-Intake-Ticket: 41\r\nX-Intake-Missing: goal' },
      'Please tell us more.',
    );
    const second = eml(
      { id: 'q2@partner.co.jp', from: alice, subject: 'Re: Query fails [#41]', date: T0 + DAY, inReplyTo: reply },
      'We want to load daily logs into a table.\n',
    );
    const box: SourceMessage[] = [
      { raw: sent, mailbox: config.mailboxes.sent, internalDate: new Date(T0 + 2000) },
      { raw: second, mailbox: config.mailboxes.processed, internalDate: new Date(T0 + DAY) },
      { raw: first, mailbox: config.mailboxes.processed, internalDate: new Date(T0) },
    ];
    expect(await runReindex(config, { source: { messages: async function* () { yield* box; } } })).toBe(0);

    expect(await runTickets(['show', '41', '--json'], config, io)).toBe(0);
    const shown = JSON.parse(out.pop()!);
    expect(shown).toMatchObject({
      number: 41,
      account_id: '10101',
      site: 'us01',
      sender: 'alice@partner.co.jp',
      subject: 'Query fails',
      created_at: new Date(T0).toISOString(),
      last_activity_at: new Date(T0 + DAY).toISOString(),
      message_ids: ['q1@partner.co.jp', 'q2@partner.co.jp'],
      linked_to: null,
      referenced_tickets: [],
    });
    for (const k of ['status', 'category', 'missing']) expect(shown).toHaveProperty(k);
    expect(shown.replies).toHaveLength(1);

    expect(await runTickets(['list', '--json', '--account', '10101'], config, io)).toBe(0);
    expect(JSON.parse(out.pop()!).map((t: { number: number }) => t.number)).toEqual([41]);
    expect(await runTickets(['list', '--json', '--account', '999'], config, io)).toBe(0);
    expect(JSON.parse(out.pop()!)).toEqual([]);
    expect(await runTickets(['list'], config, io)).toBe(0);
    expect(out.pop()).toMatch(/#41\s+\w+\s+10101\s+us01/);
    expect(await runTickets(['show', '41'], config, io)).toBe(0);
    expect(out.pop()).toContain('q2@partner.co.jp');
  });

  it('reports a missing ticket and bad usage with exit codes', async () => {
    expect(await runTickets(['show', '999'], config, io)).toBe(1);
    expect(await runTickets(['show', 'x'], config, io)).toBe(2);
    expect(await runTickets(['list', '--status', 'open'], config, io)).toBe(2);
    expect(await runTickets(['frobnicate'], config, io)).toBe(2);
    expect(err.join('\n')).toMatch(/usage: intake tickets/);
  });
});
