import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReindex } from '../../src/cli/reindex.ts';
import { runTickets } from '../../src/cli/tickets.ts';
import { loadConfig, type AppConfig } from '../../src/config/env.ts';
import { ImapMailSource } from '../../src/tickets/imap-source.ts';
import type { SourceMessage } from '../../src/tickets/reindex.ts';
import { makeReplyMessageId } from '../../src/tickets/reply-id.ts';
import { startDovecot, type DovecotInstance } from '../support/dovecot.ts';
import { withImap } from '../support/imap-helpers.ts';
import { bullPrefix, ticketKeys } from '../../src/store/keys.ts';

const KEY = 'imap-test-signing-key-0123456789';
const T0 = Date.parse('2026-02-02T01:00:00Z');
const DAY = 86_400_000;

function eml(h: { id: string; from: string; to?: string; subject: string; date: number; inReplyTo?: string; extra?: string }, body: string): Buffer {
  return Buffer.from(
    [
      `Message-ID: <${h.id}>`,
      `From: ${h.from}`,
      `To: ${h.to ?? 'support@intake.test'}`,
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

describe('intake reindex from a real IMAP mailbox', () => {
  let dovecot: DovecotInstance;
  let config: AppConfig;
  const prefix = `t-imap-${randomBytes(4).toString('hex')}`;
  const redis = new Redis('redis://127.0.0.1:6379');

  beforeAll(async () => {
    dovecot = await startDovecot();
    config = loadConfig(
      {
        QUEUE_PREFIX: prefix,
        REPLY_SIGNING_KEY: KEY,
        LOG_LEVEL: 'silent',
        SUPPORT_ADDRESS: 'support@intake.test',
        SENDER_AUTH_DNS: 'off',
        IMAP_HOST: dovecot.host,
        IMAP_PORT: String(dovecot.port),
        IMAP_USER: dovecot.user,
        IMAP_PASS: dovecot.pass,
        FOLLOW_UP_WINDOW_DAYS: '28',
      },
      { imap: true },
      '/nonexistent/.env',
    );
  });

  afterAll(async () => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${bullPrefix(prefix)}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
    await dovecot?.destroy();
  });

  it('reads Processed and Sent with internal dates (Failed absent) and rebuilds numbers, links and threads', async () => {
    const alice = 'Alice <alice@partner.co.jp>';
    const q1 = eml(
      { id: 'q1@partner.co.jp', from: alice, subject: 'Query fails', date: T0 },
      'Account ID: 10101\nSite: US\nWe want to export results to S3 but the job fails. Job ID 123456789.\n',
    );
    const r1 = makeReplyMessageId({ ticket: 7, inboundMessageId: 'q1@partner.co.jp', key: KEY, domain: 'intake.test' });
    const s1 = eml(
      { id: r1, from: 'support@intake.test', to: 'alice@partner.co.jp', subject: 'Re: Query fails [#7]', date: T0 + 1000, inReplyTo: 'q1@partner.co.jp', extra: 'X-Intake-Ticket: 7\r\nX-Intake-Missing: history' },
      'Please add what you tried.',
    );
    // A new mail of the same account about the same job, two days later: linked to #7.
    const q2 = eml(
      { id: 'q2@partner.co.jp', from: alice, subject: 'Job 123456789 again', date: T0 + 2 * DAY },
      'Account ID: 10101\nJob ID 123456789 failed again.\n',
    );
    const r2 = makeReplyMessageId({ ticket: 8, inboundMessageId: 'q2@partner.co.jp', key: KEY, domain: 'intake.test' });
    const s2 = eml(
      { id: r2, from: 'support@intake.test', to: 'alice@partner.co.jp', subject: 'Re: Job 123456789 again [#8]', date: T0 + 2 * DAY + 1000, inReplyTo: 'q2@partner.co.jp', extra: 'X-Intake-Ticket: 8\r\nX-Intake-Related: 7\r\nX-Intake-Missing: none' },
      'Please reply on ticket 7.',
    );
    await withImap(dovecot, async (client) => {
      await client.mailboxCreate(config.mailboxes.processed);
      await client.mailboxCreate(config.mailboxes.sent);
      // Appended out of order: the internal date, not the UID, gives the arrival order.
      await client.append(config.mailboxes.processed, q2, ['\\Seen'], new Date(T0 + 2 * DAY));
      await client.append(config.mailboxes.processed, q1, ['\\Seen'], new Date(T0));
      await client.append(config.mailboxes.sent, s2, ['\\Seen'], new Date(T0 + 2 * DAY + 2000));
      await client.append(config.mailboxes.sent, s1, ['\\Seen'], new Date(T0 + 2000));
    });

    const seen: string[] = [];
    const source = new ImapMailSource({ ...config.imap!, mailboxes: ['Intake/Processed', 'Intake/Failed', 'Intake/Sent'], readWhole: ['Intake/Sent'] });
    const lazy: SourceMessage[] = [];
    for await (const m of source.messages()) {
      seen.push(`${m.mailbox} ${m.internalDate.toISOString()}`);
      if (m.load) lazy.push(m);
    }
    // Inbound mail is listed by its headers and read whole only when replayed.
    expect(lazy.map((m) => m.mailbox)).toEqual(['Intake/Processed', 'Intake/Processed']);
    expect(lazy[0]!.raw.toString()).toContain('Message-ID: <q2@partner.co.jp>');
    expect(lazy[0]!.raw.toString()).not.toContain('failed again');
    expect((await lazy[0]!.load!()).toString()).toContain('failed again');
    await source.close();
    expect(seen).toEqual([
      `Intake/Processed ${new Date(T0 + 2 * DAY).toISOString()}`,
      `Intake/Processed ${new Date(T0).toISOString()}`,
      `Intake/Sent ${new Date(T0 + 2 * DAY + 2000).toISOString()}`,
      `Intake/Sent ${new Date(T0 + 2000).toISOString()}`,
    ]);

    expect(await runReindex(config)).toBe(0);
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s) };
    expect(await runTickets(['list', '--json'], config, io)).toBe(0);
    const list = JSON.parse(out.pop()!) as { number: number; status: string; linked_to: number | null; message_ids: string[] }[];
    expect(list.map((t) => [t.number, t.linked_to, t.message_ids])).toEqual([
      [7, null, ['q1@partner.co.jp']],
      [8, 7, ['q2@partner.co.jp']],
    ]);
    expect(list[1]!.status).toBe('linked');
    expect(await redis.get(ticketKeys(prefix).seq)).toBe('8');
  });
});
