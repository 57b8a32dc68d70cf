import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMail, countMessages, listMessages, waitForCount } from '../support/imap-helpers.ts';
import { waitForDrained } from '../support/drained.ts';
import { buildInquiry } from './fixtures/inquiries.ts';

/**
 * Exactly-once bookkeeping across paths: `intake replay` and `intake failed retry` leave the
 * same records as ordinary intake (a ticket that lists the reply, a copy of the reply in
 * SENT_MAILBOX), and no path sends a mail's reply a second time.
 */
const SENT = 'Intake/Sent';

interface TicketJson {
  number: number;
  message_ids: string[];
  replies?: { message_id?: string; messageId?: string; in_reply_to?: string; inReplyTo?: string }[];
}

describe('replay and failed retry leave the records of normal intake, and never a second reply', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;
  const dir = mkdtempSync(path.join(tmpdir(), 'ops-records-'));

  beforeAll(async () => {
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '2', LOG_LEVEL: 'info' } });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const p = startService(sandbox.env, args);
    const code = await p.exited;
    return { code, stdout: p.stdout.join('\n'), stderr: p.stderr.join('\n') };
  }

  async function ticketFor(messageId: string): Promise<TicketJson | undefined> {
    const out = await cli(['tickets', 'list', '--json']);
    expect(out.code, out.stderr).toBe(0);
    const list = JSON.parse(out.stdout) as TicketJson[];
    return list.find((t) => t.message_ids.includes(messageId));
  }

  async function sentCopiesFor(messageId: string): Promise<number> {
    const sent = await listMessages(sandbox.dovecot, SENT);
    return sent.filter((m) => m.headers.includes(`<${messageId}>`) && /^in-reply-to:/im.test(m.headers)).length;
  }

  function repliesTo(messageId: string): number {
    return sandbox.smtp.messages.filter((m) => m.parsed.inReplyTo === `<${messageId}>`).length;
  }

  it('intake replay: one reply, a ticket, the reply copied to Sent; replaying it again, or the same mail arriving by IMAP, sends nothing more', async () => {
    const messageId = `replay-1-${Date.now()}@partner.example.com`;
    const raw = await buildInquiry({ n: 1201, messageId: `<${messageId}>` });
    const file = path.join(dir, 'one.eml');
    writeFileSync(file, raw);
    const out = await cli(['replay', file]);
    expect(out.code, out.stderr).toBe(0);
    await sandbox.smtp.waitFor(1, 60_000);
    await waitForCount(sandbox.dovecot, SENT, 1, 30_000);
    expect(await sentCopiesFor(messageId)).toBe(1);
    const ticket = await ticketFor(messageId);
    expect(ticket).toBeTruthy();

    // Again by replay (a different file with the same bytes) and by IMAP: recorded, not answered.
    const copy = path.join(dir, 'copy.eml');
    writeFileSync(copy, Buffer.concat([raw, Buffer.from('\r\n')]));
    expect((await cli(['replay', copy])).code).toBe(0);
    await appendMail(sandbox.dovecot, 'INBOX', raw);
    await waitForCount(sandbox.dovecot, 'Intake/Processed', 1, 30_000);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    expect(repliesTo(messageId)).toBe(1);
    expect(await sentCopiesFor(messageId)).toBe(1);
  }, 120_000);

  it('intake failed retry: the refused reply is sent once on retry, with its ticket and its copy in Sent', async () => {
    const messageId = `retry-1-${Date.now()}@partner.example.com`;
    sandbox.smtp.failNext(1, 550, 'Requested action not taken: mailbox unavailable');
    await appendMail(sandbox.dovecot, 'INBOX', await buildInquiry({ n: 1301, messageId: `<${messageId}>` }));
    await waitForCount(sandbox.dovecot, 'Intake/Failed', 1, 60_000);
    expect(repliesTo(messageId)).toBe(0);
    expect(await sentCopiesFor(messageId)).toBe(0);

    const retried = await cli(['failed', 'retry', '--all']);
    expect(retried.code, retried.stderr).toBe(0);
    await waitForCount(sandbox.dovecot, 'Intake/Processed', 2, 60_000);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    if (repliesTo(messageId) !== 1) console.log(service!.stderr.filter((l) => l.includes('retry-1-') || /m-\d+-[45]\b/.test(l)).join('\n'));
    expect(repliesTo(messageId)).toBe(1);
    expect(await sentCopiesFor(messageId)).toBe(1);
    expect(await ticketFor(messageId)).toBeTruthy();
    expect(await countMessages(sandbox.dovecot, 'Intake/Failed')).toBe(0);

    // Retrying what is already answered (moved back by hand) sends nothing.
    expect((await cli(['failed', 'retry', '--all'])).code).toBe(0);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    expect(repliesTo(messageId)).toBe(1);
  }, 150_000);
});
