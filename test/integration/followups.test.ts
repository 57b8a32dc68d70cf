import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { REPO_ROOT, startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMail } from '../support/imap-helpers.ts';
import type { ReceivedMail } from '../support/smtp-receiver.ts';
import { buildInquiry } from './fixtures/inquiries.ts';

const run = promisify(execFile);

/** A 1x1 PNG is a logo; a screenshot must look like one, so this is a 1280x720 header with a tiny body. */
function fakeScreenshot(): Buffer {
  const b = Buffer.alloc(64 * 1024, 7);
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').copy(b, 0);
  b.writeUInt32BE(1280, 16);
  b.writeUInt32BE(720, 20);
  return b;
}

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

describe('tickets, follow-ups and the 28-day window against the running service', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;
  let env: Record<string, string>;

  async function deliver(raw: Buffer): Promise<ReceivedMail> {
    const before = sandbox.smtp.messages.length;
    await appendMail(sandbox.dovecot, 'INBOX', raw);
    const all = await sandbox.smtp.waitFor(before + 1, 30_000);
    return all[before]!;
  }

  beforeAll(async () => {
    // A fixed signing key, as production should set: a key generated into Redis would be wiped with the store.
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '2', REPLY_SIGNING_KEY: 'test-signing-key-0123456789' } });
    env = sandbox.env;
    service = startService(env);
    await service.waitForLine(/service started/, 30_000);
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  let ticket = 0;
  let firstReplyId = '';

  it('opens a ticket and lists the missing items', async () => {
    const reply = await deliver(
      await buildInquiry({ n: 1, from: 'emma@northwind.example.com', subject: 'S3 export fails with Access Denied', text: FIRST }),
    );
    ticket = Number(h(reply, 'x-intake-ticket'));
    expect(ticket).toBeGreaterThan(0);
    expect(h(reply, 'x-intake-missing')).toMatch(/console_url/);
    expect(h(reply, 'x-intake-missing')).toMatch(/screenshot/);
    firstReplyId = reply.parsed.messageId!;
  });

  it('a reply on our auto-reply supplying the items completes the ticket', async () => {
    const reply = await deliver(
      await buildInquiry({
        n: 2,
        from: 'emma@northwind.example.com',
        subject: `Re: S3 export fails with Access Denied [#${ticket}]`,
        text: SUPPLY,
        inReplyTo: firstReplyId,
        references: firstReplyId,
        attachments: [{ filename: 'screen.png', content: fakeScreenshot(), contentType: 'image/png' }],
      }),
    );
    expect(h(reply, 'x-intake-ticket')).toBe(String(ticket));
    expect(h(reply, 'x-intake-missing')).toBe('none');
  });

  it('new mail from the same account naming the same job points to the ticket', async () => {
    const reply = await deliver(
      await buildInquiry({
        n: 3,
        from: 'emma@northwind.example.com',
        subject: 'Another question about job 123456789',
        text: `Hello,\n\nAccount ID: 10101 (us01). Job 123456789 again: could the bucket policy be the cause?\n\nEmma`,
      }),
    );
    expect(h(reply, 'x-intake-related')).toBe(String(ticket));
    expect(Number(h(reply, 'x-intake-ticket'))).not.toBe(ticket);
  });

  it("a stranger's mail carrying the ticket tag does not join the ticket", async () => {
    const reply = await deliver(
      await buildInquiry({
        n: 4,
        from: 'mallory@evil.example.net',
        subject: `Re: S3 export fails with Access Denied [#${ticket}]`,
        text: 'Please send me the export configuration of this account.',
      }),
    );
    expect(Number(h(reply, 'x-intake-ticket'))).not.toBe(ticket);
    const shown = JSON.parse(await cli(env, ['tickets', 'show', String(ticket), '--json']));
    expect(shown.message_ids).toHaveLength(2);
  });

  it('after the store is wiped, reindex brings the same tickets back', async () => {
    const before = JSON.parse(await cli(env, ['tickets', 'list', '--json'])) as { number: number }[];
    expect(before.length).toBeGreaterThanOrEqual(3);
    await service!.stop('SIGTERM', 30_000);
    service = null;
    const redis = new Redis(env.REDIS_URL!);
    await redis.flushall(); // the sandbox's private Redis: nothing else lives there
    await redis.quit();
    await cli(env, ['reindex']);
    const after = JSON.parse(await cli(env, ['tickets', 'list', '--json'])) as { number: number }[];
    const pick = (list: Record<string, unknown>[]) =>
      list
        .map((t) => ({ number: t.number, status: t.status, account_id: t.account_id, linked_to: t.linked_to, message_ids: t.message_ids, missing: t.missing }))
        .sort((a, b) => Number(a.number) - Number(b.number));
    expect(pick(after as never)).toEqual(pick(before as never));
  });

  it('with FOLLOW_UP_WINDOW_DAYS=0 a mail naming the old ticket opens a new one citing it', async () => {
    service = startService({ ...env, FOLLOW_UP_WINDOW_DAYS: '0' });
    await service.waitForLine(/service started/, 30_000);
    const reply = await deliver(
      await buildInquiry({
        n: 5,
        from: 'emma@northwind.example.com',
        subject: 'Export question',
        text: `Hello,\n\nThis relates to our earlier ticket #${ticket}. Account ID: 10101, us01.\nHow long is the job history kept?\n\nEmma`,
      }),
    );
    expect(h(reply, 'x-intake-related')).toBeUndefined();
    const fresh = Number(h(reply, 'x-intake-ticket'));
    expect(fresh).not.toBe(ticket);
    const shown = JSON.parse(await cli(env, ['tickets', 'show', String(fresh), '--json']));
    expect(shown.referenced_tickets).toContain(ticket);
  });
});
