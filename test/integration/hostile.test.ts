import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMany, countMessages } from '../support/imap-helpers.ts';
import { waitForDrained } from '../support/drained.ts';
import { hostileMails } from '../support/hostile-mail.ts';
import { buildInquiry } from './fixtures/inquiries.ts';

/**
 * The hostile-mail corpus (test/support/hostile-mail.ts) through the running service, appended
 * before ordinary inquiries: no crafted mail may hold up the others. Every ordinary inquiry is
 * answered within 90 s, every crafted mail leaves the inbox within 300 s, a restart answers
 * nothing twice, and new mail is answered at once afterwards.
 */
const INBOX = 'INBOX';
const PROCESSED = 'Intake/Processed';
const FAILED = 'Intake/Failed';
const ORDINARY = 6;

const inReplyTo = (m: { parsed: { inReplyTo?: string } }) => m.parsed.inReplyTo ?? '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hostile mail through the running service', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;
  const hostile = hostileMails();

  beforeAll(async () => {
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '3', LOG_LEVEL: 'info', ANALYSIS_TIMEOUT_MS: '4000' } });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
  }, 120_000);

  afterAll(async () => {
    await service?.stop('SIGTERM', 30_000).catch(() => undefined);
    await sandbox?.stop();
  }, 60_000);

  it('answers ordinary mail within 90 s while crafted mail is in front of it, and clears the crafted mail within 300 s', async () => {
    const ordinary = await Promise.all(Array.from({ length: ORDINARY }, (_, i) => buildInquiry({ n: 700 + i })));
    const start = Date.now();
    await appendMany(sandbox.dovecot, INBOX, hostile.map((h) => h.raw));
    await appendMany(sandbox.dovecot, INBOX, ordinary);

    const ordinaryIds = ordinary.map((raw) => /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(raw.toString('latin1'))![1]!);
    const answered = async () => sandbox.smtp.messages.filter((m) => ordinaryIds.includes(inReplyTo(m))).length;
    while ((await answered()) < ORDINARY && Date.now() - start < 90_000) await sleep(250);
    const ordinaryMs = Date.now() - start;
    console.info(`hostile: ${ORDINARY} ordinary inquiries behind ${hostile.length} crafted mails answered in ${ordinaryMs} ms`);
    expect(await answered()).toBe(ORDINARY);

    while ((await countMessages(sandbox.dovecot, INBOX)) > 0 && Date.now() - start < 300_000) await sleep(1_000);
    const inbox = await countMessages(sandbox.dovecot, INBOX);
    const processed = await countMessages(sandbox.dovecot, PROCESSED);
    const failed = await countMessages(sandbox.dovecot, FAILED);
    console.info(`hostile: inbox empty after ${Date.now() - start} ms: ${processed} processed, ${failed} failed`);
    expect(inbox).toBe(0);
    expect(processed + failed).toBe(hostile.length + ORDINARY);
    const unread = service!.stdout.concat(service!.stderr).filter((l) => l.includes('could not be read automatically')).length;
    console.info(`hostile: ${unread} crafted mails answered as unread`);
  }, 360_000);

  it('after a restart answers nothing twice and answers new mail at once', async () => {
    const before = sandbox.smtp.messages.length;
    // Let any reply still in flight land before the restart.
    await waitForDrained(sandbox.env, sandbox.dovecot);
    const settled = sandbox.smtp.messages.length;
    await service!.stop('SIGTERM', 30_000);
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
    const start = Date.now();
    const fresh = await buildInquiry({ n: 799 });
    await appendMany(sandbox.dovecot, INBOX, [fresh]);
    const replies = await sandbox.smtp.waitFor(settled + 1, 30_000);
    console.info(`hostile: new mail after the restart answered in ${Date.now() - start} ms`);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    expect(sandbox.smtp.messages.length).toBe(settled + 1);
    const targets = sandbox.smtp.messages.map(inReplyTo);
    expect(new Set(targets).size).toBe(targets.length);
    expect(replies.length).toBeGreaterThanOrEqual(before);
  }, 180_000);
});

describe('a mail over the analysis time limit', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;

  beforeAll(async () => {
    // 100 ms: an 8 MB mail cannot be parsed in time, an ordinary one can.
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '3', LOG_LEVEL: 'info', ANALYSIS_TIMEOUT_MS: '100' } });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
  }, 120_000);

  afterAll(async () => {
    await service?.stop('SIGTERM', 30_000).catch(() => undefined);
    await sandbox?.stop();
  }, 60_000);

  it('is answered "could not read automatically", moved out of the inbox, and never analysed or answered again', async () => {
    const big = hostileMails().find((h) => h.name === 'large text mail')!.raw;
    const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(big.toString('latin1'))![1]!;
    await appendMany(sandbox.dovecot, INBOX, [big]);
    const [reply] = await sandbox.smtp.waitFor(1, 90_000);
    expect(inReplyTo(reply!)).toBe(id);
    expect(reply!.parsed.text).toContain('We could not read your mail automatically');
    while ((await countMessages(sandbox.dovecot, INBOX)) > 0) await sleep(500);
    expect(service!.stdout.concat(service!.stderr).some((l) => l.includes('could not be read automatically'))).toBe(true);

    await service!.stop('SIGTERM', 30_000);
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
    await sleep(5_000);
    expect(sandbox.smtp.messages.length).toBe(1);
  }, 240_000);
});
