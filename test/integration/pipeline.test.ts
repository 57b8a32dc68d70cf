import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { SMTP_POOL_SIZE } from '../../src/smtp/mailer.ts';
import { appendMany, countMessages, listMessages, waitForCount } from '../support/imap-helpers.ts';
import { waitForDrained } from '../support/drained.ts';
import { buildInquiry, buildMix } from './fixtures/inquiries.ts';

const INBOX = 'INBOX';
const PROCESSED = 'Intake/Processed';
const SENT = 'Intake/Sent';

function header(mail: { parsed: { headers: Map<string, unknown> } }, name: string): string {
  const v = mail.parsed.headers.get(name);
  return typeof v === 'string' ? v : v == null ? '' : JSON.stringify(v);
}

describe('intake pipeline against real Dovecot, Redis and SMTP', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;

  beforeAll(async () => {
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '2', LOG_LEVEL: 'info' } });
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  it('processes mail that arrived while the service was down, then 12 more live: one threaded reply each, inbox drained', async () => {
    const early = await buildMix(4, 0);
    await appendMany(sandbox.dovecot, INBOX, early);
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 30_000);
    const live = await buildMix(12, 4);
    await appendMany(sandbox.dovecot, INBOX, live);

    const replies = await sandbox.smtp.waitFor(16, 60_000);
    await waitForCount(sandbox.dovecot, PROCESSED, 16, 30_000);
    expect(await countMessages(sandbox.dovecot, INBOX)).toBe(0);

    const inboundIds = new Set(
      (await listMessages(sandbox.dovecot, PROCESSED)).map((m) => /^message-id:\s*(\S+)/im.exec(m.headers)?.[1]),
    );
    expect(inboundIds.size).toBe(16);
    const repliedTo = new Set<string>();
    for (const r of replies) {
      const inReplyTo = r.parsed.inReplyTo ?? '';
      expect(inboundIds.has(inReplyTo)).toBe(true);
      repliedTo.add(inReplyTo);
      const refs = Array.isArray(r.parsed.references) ? r.parsed.references : [r.parsed.references];
      expect(refs).toContain(inReplyTo);
      // Issue 15: the ticket tag first, then Re:; one tag only.
      expect(r.parsed.subject).toMatch(/^\[#\d+\] Re: [^[]+$/);
      expect(header(r, 'x-intake-kind')).toMatch(/^(missing_items|complete|out_of_scope|related_ticket)$/);
      expect(header(r, 'auto-submitted')).toBe('auto-replied');
      expect(header(r, 'x-auto-response-suppress')).toBe('All');
      expect(header(r, 'x-intake-ticket')).toMatch(/^\d+$/);
      expect(header(r, 'x-intake-category')).toMatch(/^[a-z_]+$/);
      expect(header(r, 'x-intake-missing')).toMatch(/^(none|[a-z_]+(, ?[a-z_]+)*)$/);
      expect(r.envelope.mailFrom).toBe('support@intake.test');
    }
    expect(repliedTo.size).toBe(16);
    // Every reply is kept in the Sent mailbox too (the store can be rebuilt from the mailbox).
    await waitForCount(sandbox.dovecot, SENT, 16, 15_000);
  });

  it('records automated mail without replying', async () => {
    sandbox.smtp.messages.length = 0;
    const processedBefore = await countMessages(sandbox.dovecot, PROCESSED);
    const automated = [
      await buildInquiry({ n: 900, headers: { 'Auto-Submitted': 'auto-replied' }, subject: 'Out of office' }),
      await buildInquiry({ n: 901, headers: { Precedence: 'bulk' } }),
      await buildInquiry({ n: 902, headers: { 'List-Id': '<news.partner.example.com>' } }),
      await buildInquiry({ n: 903, from: 'MAILER-DAEMON@mx.partner.example.com', subject: 'Undelivered Mail Returned to Sender' }),
      await buildInquiry({ n: 904, from: 'support@intake.test' }),
    ];
    // A human mail appended last proves the automated ones were passed over, not merely slow.
    const human = await buildInquiry({ n: 905 });
    await appendMany(sandbox.dovecot, INBOX, [...automated, human]);
    await waitForCount(sandbox.dovecot, PROCESSED, processedBefore + 6, 30_000);
    const replies = await sandbox.smtp.waitFor(1, 15_000);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    expect(sandbox.smtp.messages).toHaveLength(1);
    expect(replies[0]!.parsed.subject).toContain('Export fails for end user 905');
  });

  it('answers no mail twice and loses none across a SIGKILL mid-way, then a clean SIGTERM restart', async () => {
    sandbox.smtp.messages.length = 0;
    const processedBefore = await countMessages(sandbox.dovecot, PROCESSED);
    const batch = await buildMix(60, 100);
    await appendMany(sandbox.dovecot, INBOX, batch);
    await sandbox.smtp.waitFor(3, 30_000);
    // Kill at a moment not tied to a reply's arrival, as an operator's or the OOM killer's would be.
    await new Promise((r) => setTimeout(r, 120));
    const killedAt = new Date().toISOString();
    const killedReplies = sandbox.smtp.messages.length;
    await service!.kill();
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 30_000);
    await waitForCount(sandbox.dovecot, PROCESSED, processedBefore + 60, 90_000);
    // Every mail is out of the inbox with a ticket; any retried reply has arrived once nothing is left to run.
    await sandbox.smtp.waitFor(60 - SMTP_POOL_SIZE, 30_000);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    const perInbound = new Map<string, number>();
    for (const m of sandbox.smtp.messages) {
      const id = m.parsed.inReplyTo ?? '';
      perInbound.set(id, (perInbound.get(id) ?? 0) + 1);
    }
    const twice = sandbox.smtp.messages
      .filter((m) => (perInbound.get(m.parsed.inReplyTo ?? '') ?? 0) > 1)
      .map((m) => `${m.parsed.inReplyTo} ticket=${header(m, 'x-intake-ticket')} id=${m.parsed.messageId} at=${m.receivedAt.toISOString()}`);
    expect(twice, `inbound mails answered more than once (SIGKILL at ${killedAt})`).toEqual([]);
    // A reply can be missing only when the kill fell in the instant between its "sent" record and
    // the final "." (README, "At most one reply per mail"): at most one per SMTP connection of the
    // pool, since each sends one message at a time. Anything more is a bug.
    if (perInbound.size < 60) console.warn(`restart test: ${60 - perInbound.size} reply(s) lost to the documented crash window`);
    console.log(`restart test: 60 mails, SIGKILL after ${killedReplies} replies, ${perInbound.size} answered once, 0 twice`);
    expect(perInbound.size).toBeGreaterThanOrEqual(60 - SMTP_POOL_SIZE);
    // A clean stop then a fresh start sends nothing more.
    expect(await service.stop('SIGTERM', 30_000)).toBe(0);
    const before = sandbox.smtp.messages.length;
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(sandbox.smtp.messages.length).toBe(before);
    expect(await countMessages(sandbox.dovecot, INBOX)).toBe(0);
  }, 180_000);
});
