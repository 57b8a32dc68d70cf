import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, SUPPORT_ADDRESS, type PipelineHarness } from '../support/pipeline-harness.ts';
import type { SentMail } from '../support/memory-mailer.ts';
import { toCrlf } from '../support/examples.ts';
import { buildInquiry } from '../integration/fixtures/inquiries.ts';

const PROCESSED = 'Intake/Processed';
const SENT = 'Intake/Sent';

const FIRST = `Hello,

We want to export daily sales results to Amazon S3 for our end user, but the export
from the Saved Query (Export Results To) fails with Access Denied.

Account ID: 10101
Console Environment: production-us01
Job ID: 123456789

Error: com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: Amazon S3; Status Code: 403)

It worked until yesterday at 16:00 JST (Job ID 123455432) and still fails today after we re-created the
authentication.

Regards,
Emma`;

const SUPPLY = `Hello,

Here is the console URL: https://console.treasuredata.com/app/queries/editor?queryId=4567890
The screenshot of the whole screen is attached.

Regards,
Emma`;

/** A 1x1 PNG is a logo; a screenshot must look like one, so this is a 1280x720 header with a tiny body. */
function fakeScreenshot(): Buffer {
  const b = Buffer.alloc(64 * 1024, 7);
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').copy(b, 0);
  b.writeUInt32BE(1280, 16);
  b.writeUInt32BE(720, 20);
  return b;
}

const messageIdOf = (raw: Buffer) => /^message-id:\s*<([^>\r\n]+)>/im.exec(raw.toString('latin1'))![1]!;
const fromOf = (raw: Buffer) => {
  const v = /^from:\s*(.*)$/im.exec(raw.toString('latin1'))![1]!;
  return (/<([^>]+)>/.exec(v)?.[1] ?? v.trim()).toLowerCase();
};
const ticketOf = (m: SentMail) => Number(m.headers['x-intake-ticket']);

/**
 * The reply decision and the orchestration around it (poller → intake → outbound → finalize)
 * through the real pipeline, with the mailbox and SMTP in memory. Each case checks what the
 * sender got, what the ticket store holds and where the mail went in the mailbox.
 */
describe('pipeline: which mail gets which reply', () => {
  let p: PipelineHarness;
  beforeAll(async () => {
    p = await startPipeline({ name: 'replies' });
  });
  afterAll(async () => {
    await p?.stop();
  });

  let ticket = 0;
  let firstReply: SentMail;

  it('a first mail is answered with what is missing; the copy goes to Sent and the mail to Processed', async () => {
    const raw = await buildInquiry({ n: 1, from: 'emma@northwind.example.com', subject: 'S3 export fails with Access Denied', text: FIRST });
    p.deliver(raw);
    await p.drained();
    const replies = p.mailer.to('emma@northwind.example.com');
    expect(replies).toHaveLength(1);
    firstReply = replies[0]!;
    expect(firstReply.envelope.from).toBe(SUPPORT_ADDRESS);
    expect(firstReply.headers['x-intake-kind']).toBe('missing_items');
    expect(firstReply.headers['x-intake-missing']).toMatch(/console_url/);
    expect(firstReply.headers['in-reply-to']).toBe(`<${messageIdOf(raw)}>`);
    ticket = ticketOf(firstReply);
    const stored = await p.deps.tickets.get(ticket);
    expect(stored?.messages.map((m) => m.messageId)).toEqual([messageIdOf(raw)]);
    expect(stored?.replies.map((r) => r.kind)).toEqual(['missing_items']);
    // The exact bytes sent are kept in Sent, and the inbound mail left the inbox for Processed.
    expect(p.imap.appends.map((a) => [a.mailbox, a.raw.equals(firstReply.raw), a.flags])).toEqual([[SENT, true, ['\\Seen']]]);
    expect(p.imap.messages(PROCESSED).map((m) => messageIdOf(m.raw))).toEqual([messageIdOf(raw)]);
  });

  it('a complete first mail gets the "everything is here" reply', async () => {
    const raw = toCrlf(readFileSync(path.join(import.meta.dirname, '../../examples/01-ja-complete-toolbelt-error.eml')));
    p.deliver(raw);
    await p.drained();
    const reply = p.mailer.sent.at(-1)!;
    expect(reply.headers['in-reply-to']).toBe(`<${messageIdOf(raw)}>`);
    expect(reply.headers['x-intake-kind']).toBe('complete');
    expect(reply.headers['x-intake-missing']).toBe('none');
    expect(ticketOf(reply)).not.toBe(ticket);
  });

  it('a follow-up from the participant joins the open ticket and is answered on it', async () => {
    const ourId = firstReply.headers['message-id']!.replace(/[<>]/g, '');
    const raw = await buildInquiry({
      n: 2,
      from: 'emma@northwind.example.com',
      subject: `Re: S3 export fails with Access Denied [#${ticket}]`,
      text: SUPPLY,
      inReplyTo: ourId,
      references: ourId,
      attachments: [{ filename: 'screen.png', content: fakeScreenshot(), contentType: 'image/png' }],
    });
    p.deliver(raw);
    await p.drained();
    const replies = p.mailer.to('emma@northwind.example.com');
    expect(replies).toHaveLength(2);
    expect(ticketOf(replies[1]!)).toBe(ticket);
    expect(replies[1]!.headers['x-intake-kind']).toMatch(/^follow_up_/);
    expect(replies[1]!.headers['x-intake-missing']).toBe('none');
    const stored = await p.deps.tickets.get(ticket);
    expect(stored?.messages.map((m) => m.messageId)).toContain(messageIdOf(raw));
  });

  it('a thank-you on the complete ticket gets one acknowledgement, a second one nothing', async () => {
    const ourId = p.mailer.to('emma@northwind.example.com').at(-1)!.headers['message-id']!.replace(/[<>]/g, '');
    const thanks = (n: number) =>
      buildInquiry({
        n,
        from: 'emma@northwind.example.com',
        subject: `Re: S3 export fails with Access Denied [#${ticket}]`,
        text: 'Thank you, we will wait for your investigation.\n\nEmma',
        inReplyTo: ourId,
        references: ourId,
      });
    p.deliver(await thanks(5));
    await p.drained();
    const replies = p.mailer.to('emma@northwind.example.com');
    expect(replies.map((r) => r.headers['x-intake-kind']).at(-1)).toBe('acknowledged');
    expect(ticketOf(replies.at(-1)!)).toBe(ticket);
    p.deliver(await thanks(6));
    await p.drained();
    expect(p.mailer.to('emma@northwind.example.com')).toHaveLength(replies.length);
    expect((await p.deps.tickets.get(ticket))!.messages).toHaveLength(4);
  });

  it('a new mail from the same account about the same job is linked to the open ticket', async () => {
    p.deliver(
      await buildInquiry({
        n: 3,
        from: 'emma@northwind.example.com',
        subject: 'Another question about job 123456789',
        text: `Hello,\n\nAccount ID: 10101 (us01). Job 123456789 again: could the bucket policy be the cause?\n\nEmma`,
      }),
    );
    await p.drained();
    const reply = p.mailer.to('emma@northwind.example.com').at(-1)!;
    expect(reply.headers['x-intake-kind']).toBe('related_ticket');
    expect(reply.headers['x-intake-related']).toBe(String(ticket));
    expect(ticketOf(reply)).not.toBe(ticket);
  });

  it('a stranger naming the ticket number gets a new ticket, and the ticket is untouched', async () => {
    const before = (await p.deps.tickets.get(ticket))!.messages.length;
    p.deliver(
      await buildInquiry({
        n: 4,
        from: 'mallory@evil.example.net',
        subject: `Re: S3 export fails with Access Denied [#${ticket}]`,
        text: `About ticket #${ticket} of Account ID 10101: please send me the export configuration of this account.`,
      }),
    );
    await p.drained();
    const replies = p.mailer.to('mallory@evil.example.net');
    expect(replies).toHaveLength(1);
    expect(ticketOf(replies[0]!)).not.toBe(ticket);
    expect(replies[0]!.headers['x-intake-related']).toBeUndefined();
    const text = (await p.mailer.parse(replies[0]!)).text ?? '';
    expect(text).not.toContain('S3 export fails with Access Denied');
    expect((await p.deps.tickets.get(ticket))!.messages).toHaveLength(before);
  });

  it('auto-replies, bulk and list mail, bounces and our own mail coming back are recorded, never answered', async () => {
    const sentBefore = p.mailer.sent.length;
    const processedBefore = p.imap.count(PROCESSED);
    const automated = [
      await buildInquiry({ n: 900, headers: { 'Auto-Submitted': 'auto-replied' }, subject: 'Out of office' }),
      await buildInquiry({ n: 901, headers: { Precedence: 'bulk' } }),
      await buildInquiry({ n: 902, headers: { 'List-Id': '<news.partner.example.com>' } }),
      await buildInquiry({ n: 903, from: 'MAILER-DAEMON@mx.partner.example.com', subject: 'Undelivered Mail Returned to Sender' }),
      await buildInquiry({ n: 904, from: SUPPORT_ADDRESS }),
      await buildInquiry({ n: 905, headers: { 'X-Loop': SUPPORT_ADDRESS } }),
    ];
    for (const raw of automated) p.deliver(raw);
    await p.drained();
    expect(p.mailer.sent.length).toBe(sentBefore);
    expect(p.imap.count(PROCESSED)).toBe(processedBefore + automated.length);
    for (const raw of automated) {
      const number = await p.deps.tickets.ticketForMessage(messageIdOf(raw), fromOf(raw));
      const t = number === null ? null : await p.deps.tickets.get(number);
      const flags = t?.messages.find((m) => m.messageId === messageIdOf(raw))?.flags ?? [];
      expect(flags.some((f) => /^(automated|bounce):/.test(f)), `${messageIdOf(raw)}: ${flags.join(', ')}`).toBe(true);
    }
  });

  it('the same mail delivered twice, at once, is answered once and both copies leave the inbox', async () => {
    const raw = await buildInquiry({ n: 7, from: 'kenji@partner-7.example.com', subject: 'Workflow stuck since the morning' });
    p.deliver(raw);
    p.deliver(raw);
    await p.drained();
    expect(p.mailer.to('kenji@partner-7.example.com')).toHaveLength(1);
    expect(p.imap.messages(PROCESSED).filter((m) => messageIdOf(m.raw) === messageIdOf(raw))).toHaveLength(2);
    // Delivered once more later (a client re-sending it): still recorded, still not answered again.
    p.deliver(raw);
    await p.drained();
    expect(p.mailer.to('kenji@partner-7.example.com')).toHaveLength(1);
    expect(p.imap.appends.filter((a) => a.raw.includes(messageIdOf(raw)))).toHaveLength(1);
  });
});
