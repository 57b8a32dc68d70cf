import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMany, countMessages, listMessages, waitForCount } from '../support/imap-helpers.ts';
import { waitForDrained } from '../support/drained.ts';
import { buildInquiry } from './fixtures/inquiries.ts';

/**
 * Mail that cannot be finished lands in FAILED_MAILBOX with its reason, visible to
 * operators through `intake failed list`, and `intake failed retry` brings it back:
 * it is processed again and gets its one (missing) reply, no more.
 * The failure here is the SMTP server refusing the reply for good (550).
 */
const INBOX = 'INBOX';
const PROCESSED = 'Intake/Processed';
const FAILED = 'Intake/Failed';

interface FailedListJson {
  mailbox: string;
  messages: number;
  failures: { messageId: string | null; reason: string; at: string }[];
}

describe('intake failed list / retry', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;

  beforeAll(async () => {
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '2', LOG_LEVEL: 'info' } });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  async function cli(args: string[]): Promise<{ code: number | null; stdout: string[]; stderr: string[] }> {
    const p = startService(sandbox.env, args);
    const code = await p.exited;
    await new Promise((r) => setTimeout(r, 50));
    return { code, stdout: p.stdout, stderr: p.stderr };
  }

  async function failedList(): Promise<FailedListJson> {
    const out = await cli(['failed', 'list', '--json']);
    expect(out.code, out.stderr.join('\n')).toBe(0);
    return JSON.parse(out.stdout.join('\n')) as FailedListJson;
  }

  it('3 mails, 2 replies refused with 550: 2 in Failed with the reason listed, retry one then --all, 3 processed with 1 reply each', async () => {
    // The receiver refuses the next two replies for good; the third goes through.
    sandbox.smtp.failNext(2, 550, 'Requested action not taken: mailbox unavailable');
    const mails = await Promise.all([1, 2, 3].map((i) => buildInquiry({ n: 600 + i })));
    await appendMany(sandbox.dovecot, INBOX, mails);

    await waitForCount(sandbox.dovecot, FAILED, 2, 60_000);
    await waitForCount(sandbox.dovecot, PROCESSED, 1, 30_000);
    expect(await countMessages(sandbox.dovecot, INBOX)).toBe(0);
    expect(sandbox.smtp.messages).toHaveLength(1);

    // What operators see.
    const listed = await failedList();
    expect(listed.mailbox).toBe(FAILED);
    expect(listed.messages).toBe(2);
    expect(listed.failures).toHaveLength(2);
    for (const f of listed.failures) {
      expect(f.reason).toMatch(/reply could not be sent/);
      expect(f.reason).toMatch(/550/);
      expect(f.messageId).toBeTruthy();
    }
    const text = await cli(['failed', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout[0]).toBe(`${FAILED}: 2 message(s)`);
    expect(text.stdout.filter((l) => /550/.test(l))).toHaveLength(2);

    // The failed mails are the two whose replies were refused, not the answered one.
    const answered = sandbox.smtp.messages[0]!.parsed.inReplyTo!;
    const inFailed = (await listMessages(sandbox.dovecot, FAILED)).map((m) => /^message-id:\s*(\S+)/im.exec(m.headers)?.[1]);
    expect(inFailed).not.toContain(answered);
    expect(inFailed).toHaveLength(2);

    // Retry one by its Message-ID: it comes back, gets its reply, and leaves the failed list.
    const first = listed.failures[0]!.messageId!;
    const retryOne = await cli(['failed', 'retry', first]);
    expect(retryOne.code, retryOne.stderr.join('\n')).toBe(0);
    expect(retryOne.stdout.join('\n')).toMatch(/^1 message\(s\) moved back to INBOX/m);
    await waitForCount(sandbox.dovecot, PROCESSED, 2, 60_000);
    await sandbox.smtp.waitFor(2, 30_000);
    const afterOne = await failedList();
    expect(afterOne.messages).toBe(1);
    expect(afterOne.failures.map((f) => f.messageId)).toEqual([listed.failures[1]!.messageId]);

    // Retry the rest.
    const retryAll = await cli(['failed', 'retry', '--all']);
    expect(retryAll.code, retryAll.stderr.join('\n')).toBe(0);
    expect(retryAll.stdout.join('\n')).toMatch(/^1 message\(s\) moved back to INBOX/m);
    await waitForCount(sandbox.dovecot, PROCESSED, 3, 60_000);
    await sandbox.smtp.waitFor(3, 30_000);
    await waitForDrained(sandbox.env, sandbox.dovecot);

    const end = await failedList();
    expect(end.messages).toBe(0);
    expect(end.failures).toEqual([]);
    expect(await countMessages(sandbox.dovecot, INBOX)).toBe(0);
    // One reply per mail, the retried ones included, and none twice.
    const inReplyTo = sandbox.smtp.messages.map((m) => m.parsed.inReplyTo);
    expect(sandbox.smtp.messages).toHaveLength(3);
    expect(new Set(inReplyTo).size).toBe(3);
    console.log(`failed-cli: 3 mails, 2 refused (550) -> ${FAILED}, listed, retried (1 by id, 1 by --all) -> 3 processed, ${sandbox.smtp.messages.length} replies`);
  }, 180_000);

  it('retry with nothing to do, or without arguments, says so', async () => {
    const none = await cli(['failed', 'retry', '--all']);
    expect(none.code).toBe(0);
    expect(none.stdout.join('\n')).toMatch(/^0 message\(s\) moved back/m);
    const usage = await cli(['failed', 'retry']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.join('\n')).toMatch(/--all/);
  }, 60_000);
});
