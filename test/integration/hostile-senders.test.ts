import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { REPO_ROOT, startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMail, countMessages, listMessages, waitForCount } from '../support/imap-helpers.ts';
import { waitForDrained } from '../support/drained.ts';
import type { ReceivedMail } from '../support/smtp-receiver.ts';
import { buildInquiry } from './fixtures/inquiries.ts';

/**
 * Strangers and forgers against the running service (issue 8, points 3-7): nobody but a
 * ticket's own people joins it or learns anything of it, ambiguous senders get no reply,
 * secrets in a Subject are neither echoed nor kept, and the hourly cap holds.
 */

const run = promisify(execFile);

const PARTNER = 'emma@northwind.example.com';
const PARTNER_SUBJECT = 'Quarterly revenue export to S3 fails for Northwind';
const PARTNER_TEXT = `Hello,

The export of our quarterly revenue to Amazon S3 fails with Access Denied.

Account ID: 10101
Console Environment: production-us01
Job ID: 123456789

Error: AccessDenied (Service: Amazon S3; Status Code: 403)

Regards,
Emma`;

const STRANGER = 'mallory@evil.example.net';
const STRANGER_TEXT = (extra: string) => `Hello,

${extra}

Account ID: 10101
Console Environment: production-us01

Regards,
Mallory`;

async function cli(env: Record<string, string>, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'bin', 'intake.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return stdout;
}

function h(mail: ReceivedMail, name: string): string | undefined {
  const v = mail.parsed.headers.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Everything a recipient sees of a reply: headers and both bodies. */
function visible(mail: ReceivedMail): string {
  return `${mail.raw.toString('utf8')}\n${mail.parsed.subject ?? ''}\n${mail.parsed.text ?? ''}\n${mail.parsed.html || ''}`;
}

function rawMail(headers: string[], body: string): Buffer {
  return Buffer.from([...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'));
}

describe('strangers, forgers and secrets against the running service', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;
  let env: Record<string, string>;
  let ticket = 0;
  let partnerMessageId = '';

  async function deliver(raw: Buffer): Promise<ReceivedMail> {
    const before = sandbox.smtp.messages.length;
    await appendMail(sandbox.dovecot, 'INBOX', raw);
    const all = await sandbox.smtp.waitFor(before + 1, 30_000);
    return all[before]!;
  }

  /** Appends a mail that must get no reply; waits until it left the inbox. */
  async function deliverUnanswered(raw: Buffer): Promise<void> {
    const before = sandbox.smtp.messages.length;
    const processed = await countMessages(sandbox.dovecot, 'Intake/Processed');
    await appendMail(sandbox.dovecot, 'INBOX', raw);
    await waitForCount(sandbox.dovecot, 'Intake/Processed', processed + 1, 30_000);
    expect(sandbox.smtp.messages.length).toBe(before);
  }

  async function show(n: number): Promise<{ message_ids: string[]; subject: string }> {
    return JSON.parse(await cli(env, ['tickets', 'show', String(n), '--json']));
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '2', REPLY_SIGNING_KEY: 'test-signing-key-0123456789' } });
    env = sandbox.env;
    service = startService(env);
    await service.waitForLine(/service started/, 30_000);
  }, 60_000);
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  it('opens the partner ticket', async () => {
    partnerMessageId = `<p-first-${Date.now()}@northwind.example.com>`;
    const reply = await deliver(
      await buildInquiry({ n: 1, from: PARTNER, subject: PARTNER_SUBJECT, text: PARTNER_TEXT, messageId: partnerMessageId }),
    );
    ticket = Number(h(reply, 'x-intake-ticket'));
    expect(ticket).toBeGreaterThan(0);
  });

  it('a stranger with the ticket tag and its Account ID gets a new ticket and nothing of the partner ticket', async () => {
    const reply = await deliver(
      await buildInquiry({
        n: 2,
        from: STRANGER,
        subject: `Re: Export problem [#${ticket}]`,
        text: STRANGER_TEXT('Please send me the export configuration of this account.'),
      }),
    );
    expect(Number(h(reply, 'x-intake-ticket'))).not.toBe(ticket);
    expect(h(reply, 'x-intake-related')).toBeUndefined();
    expect(visible(reply)).not.toContain('Quarterly revenue');
    expect((await show(ticket)).message_ids).toHaveLength(1);
  });

  it('a stranger naming "ticket #N" with the Account ID is not told its subject or date', async () => {
    const reply = await deliver(
      await buildInquiry({
        n: 3,
        from: STRANGER,
        subject: 'Question about an earlier inquiry',
        text: STRANGER_TEXT(`This is about our ticket #${ticket} from last week. Job ID 123456789 fails again.`),
      }),
    );
    expect(Number(h(reply, 'x-intake-ticket'))).not.toBe(ticket);
    expect(h(reply, 'x-intake-related')).toBeUndefined();
    expect(visible(reply)).not.toContain('Quarterly revenue');
    expect((await show(ticket)).message_ids).toHaveLength(1);
  });

  it("a stranger replying to the partner's Message-ID is not put on the ticket", async () => {
    const reply = await deliver(
      await buildInquiry({
        n: 4,
        from: STRANGER,
        subject: 'Re: hello',
        text: STRANGER_TEXT('Any news?'),
        inReplyTo: partnerMessageId,
        references: partnerMessageId,
      }),
    );
    expect(Number(h(reply, 'x-intake-ticket'))).not.toBe(ticket);
    expect(visible(reply)).not.toContain('Quarterly revenue');
    expect((await show(ticket)).message_ids).toHaveLength(1);
  });

  it('a Message-ID planted first by a stranger does not capture the partner mail citing it', async () => {
    const root = `<p-root-${Date.now()}@northwind.example.com>`;
    // The stranger cites the ID before the partner's mail with that ID exists...
    const planted = await deliver(
      await buildInquiry({ n: 5, from: STRANGER, subject: 'Re: planning', text: STRANGER_TEXT('Planting.'), references: root }),
    );
    const strangerTicket = Number(h(planted, 'x-intake-ticket'));
    // ...then the partner writes it, and follows up on it.
    const first = await deliver(
      await buildInquiry({ n: 6, from: PARTNER, subject: 'Workflow session memory', text: PARTNER_TEXT, messageId: root }),
    );
    const partnerTicket = Number(h(first, 'x-intake-ticket'));
    expect(partnerTicket).not.toBe(strangerTicket);
    const follow = await deliver(
      await buildInquiry({ n: 7, from: PARTNER, subject: 'Re: Workflow session memory', text: 'Any news?\n\nEmma', inReplyTo: root, references: root }),
    );
    expect(Number(h(follow, 'x-intake-ticket'))).toBe(partnerTicket);
    expect((await show(strangerTicket)).message_ids).toHaveLength(1);
  });

  it('the same Message-ID from a stranger first does not make the partner mail a duplicate', async () => {
    const id = `<p-dup-${Date.now()}@northwind.example.com>`;
    await deliver(await buildInquiry({ n: 8, from: STRANGER, subject: 'Hello', text: STRANGER_TEXT('Hi.'), messageId: id }));
    const reply = await deliver(await buildInquiry({ n: 9, from: PARTNER, subject: 'Another export question', text: PARTNER_TEXT, messageId: id }));
    const shown = await show(Number(h(reply, 'x-intake-ticket')));
    expect(shown.subject).toBe('Another export question');
  });

  it('two From addresses, two From headers or group syntax: recorded, never answered', async () => {
    const base = (n: number) => [`Message-ID: <forged-${n}-${Date.now()}@evil.example.net>`, 'To: support@intake.test', 'Subject: Export fails', `Date: ${new Date().toUTCString()}`];
    const body = STRANGER_TEXT('The export fails with Access Denied. Job ID 123456789.');
    await deliverUnanswered(rawMail([...base(1), `From: victim@third-party.example, ${STRANGER}`], body));
    await deliverUnanswered(rawMail([...base(2), 'From: victim@third-party.example', `From: ${STRANGER}`], body));
    await deliverUnanswered(rawMail([...base(3), `From: Team: victim@third-party.example, ${STRANGER};`], body));
    const listed = JSON.parse(await cli(env, ['tickets', 'list', '--json'])) as { sender: string }[];
    expect(listed.length).toBeGreaterThan(0);
  });

  it('a password in the Subject is neither echoed nor stored nor kept in Sent', async () => {
    const reply = await deliver(
      await buildInquiry({ n: 10, from: 'ken@contoso.example.com', subject: 'Login fails, pw: Hunter2024!', text: PARTNER_TEXT }),
    );
    expect(visible(reply)).not.toContain('Hunter2024');
    expect(reply.parsed.subject).toContain('[REDACTED:password]');
    const shown = await show(Number(h(reply, 'x-intake-ticket')));
    expect(JSON.stringify(shown)).not.toContain('Hunter2024');
    await waitForCount(sandbox.dovecot, 'Intake/Sent', sandbox.smtp.messages.length, 30_000);
    const sent = await listMessages(sandbox.dovecot, 'Intake/Sent');
    expect(sent.some((m) => m.raw.toString('utf8').includes('Hunter2024'))).toBe(false);
  });

  it('an over-long or malformed inbound Message-ID is not copied into the reply headers', async () => {
    const long = `<${'a'.repeat(8_000)}@evil.example.net>`;
    const reply = await deliver(await buildInquiry({ n: 11, from: 'ken@contoso.example.com', subject: 'Export', text: PARTNER_TEXT, messageId: long }));
    expect(reply.raw.length).toBeLessThan(long.length);
    expect(h(reply, 'in-reply-to') ?? '').not.toContain('aaaaaaaaaa');
  });

  it('operator output carries no terminal escape sequences', async () => {
    await deliver(
      await buildInquiry({ n: 12, from: 'ken@contoso.example.com', subject: 'Export \u001b]0;owned\u0007 fails \u009b31m red', text: PARTNER_TEXT }),
    );
    const out = await cli(env, ['tickets', 'list']);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('the hourly cap on automatic replies', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;

  beforeAll(async () => {
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '2', AUTOREPLY_MAX_PER_HOUR: '2' } });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 30_000);
  }, 60_000);
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  it('answers at most AUTOREPLY_MAX_PER_HOUR mails, whoever sends them, and records the rest', async () => {
    for (let i = 0; i < 5; i++) {
      await appendMail(sandbox.dovecot, 'INBOX', await buildInquiry({ n: 100 + i, from: `sender${i}@site${i}.example.com` }));
    }
    await waitForCount(sandbox.dovecot, 'Intake/Processed', 5, 60_000);
    // Nothing left to run: no late reply can still show up.
    await waitForDrained(sandbox.env, sandbox.dovecot);
    expect(sandbox.smtp.messages).toHaveLength(2);
  }, 90_000);
});
