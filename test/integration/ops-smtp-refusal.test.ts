import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMany, countMessages, waitForCount } from '../support/imap-helpers.ts';
import { waitForDrained } from '../support/drained.ts';
import { freePort } from '../support/ports.ts';
import { getEndpoint, metricValue, waitForEndpoint } from '../support/http-probe.ts';
import { buildMix } from './fixtures/inquiries.ts';

/**
 * A fault of the system (SMTP refuses our login, or refuses to relay for us) stops the line:
 * sending pauses, readiness says why, the mail waits in the inbox instead of going to
 * Intake/Failed, and once SMTP accepts again every mail is answered, once.
 */
const MAILS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SMTP refusing the service stops the line instead of failing mail', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;
  let base = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({
      env: { IMAP_POLL_SECONDS: '2', LOG_LEVEL: 'info', HTTP_PORT: String(port), SMTP_USER: 'intake', SMTP_PASS: 'secret', JOB_ATTEMPTS: '3' },
    });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  async function repliesPerMail(): Promise<Map<string, number>> {
    const per = new Map<string, number>();
    for (const m of sandbox.smtp.messages) per.set(m.parsed.inReplyTo ?? '', (per.get(m.parsed.inReplyTo ?? '') ?? 0) + 1);
    return per;
  }

  it(`AUTH refused (535): ${MAILS} mails wait, none failed, readiness names smtp; AUTH works again: ${MAILS} replies, once each`, async () => {
    sandbox.smtp.refuseAuth(true);
    await appendMany(sandbox.dovecot, 'INBOX', await buildMix(MAILS, 700));
    const paused = await waitForEndpoint(base, '/readyz', (p) => p.status === 503 && JSON.stringify(p.body).includes('sending paused'), 30_000);
    expect(paused.body?.failing).toEqual(['smtp']);
    expect(JSON.stringify(paused.body)).toMatch(/authentication refused.*535/i);
    // Longer than several retry rounds of the old behaviour (JOB_ATTEMPTS=3 here): still nothing failed.
    await sleep(8_000);
    expect(sandbox.smtp.messages).toHaveLength(0);
    expect(await countMessages(sandbox.dovecot, 'Intake/Failed')).toBe(0);
    expect(await countMessages(sandbox.dovecot, 'INBOX')).toBe(MAILS);
    expect(metricValue((await getEndpoint(base, '/metrics')).text, 'intake_sending_paused')).toBe(1);
    expect((await getEndpoint(base, '/healthz')).status).toBe(200);

    sandbox.smtp.refuseAuth(false);
    await sandbox.smtp.waitFor(MAILS, 90_000);
    await waitForCount(sandbox.dovecot, 'Intake/Processed', MAILS, 30_000);
    await waitForEndpoint(base, '/readyz', (p) => p.status === 200, 20_000);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    const per = await repliesPerMail();
    expect(per.size).toBe(MAILS);
    expect([...per.values()].every((n) => n === 1)).toBe(true);
    expect(await countMessages(sandbox.dovecot, 'Intake/Failed')).toBe(0);
    expect(await countMessages(sandbox.dovecot, 'INBOX')).toBe(0);
    expect(metricValue((await getEndpoint(base, '/metrics')).text, 'intake_sending_paused')).toBe(0);
  }, 180_000);

  it(`relay refused (554 5.7.1 at RCPT): mail waits, none failed; relay allowed again: answered once`, async () => {
    const before = sandbox.smtp.messages.length;
    sandbox.smtp.refuseRelay(true);
    await appendMany(sandbox.dovecot, 'INBOX', await buildMix(MAILS, 800));
    const paused = await waitForEndpoint(base, '/readyz', (p) => p.status === 503 && JSON.stringify(p.body).includes('sending paused'), 30_000);
    expect(JSON.stringify(paused.body)).toMatch(/relay/i);
    await sleep(6_000);
    expect(sandbox.smtp.messages.length).toBe(before);
    expect(await countMessages(sandbox.dovecot, 'Intake/Failed')).toBe(0);
    expect(await countMessages(sandbox.dovecot, 'INBOX')).toBe(MAILS);

    sandbox.smtp.refuseRelay(false);
    await sandbox.smtp.waitFor(before + MAILS, 120_000);
    await waitForCount(sandbox.dovecot, 'Intake/Processed', 2 * MAILS, 30_000);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    const per = await repliesPerMail();
    expect(per.size).toBe(2 * MAILS);
    expect([...per.values()].every((n) => n === 1)).toBe(true);
    expect(await countMessages(sandbox.dovecot, 'Intake/Failed')).toBe(0);
    expect(await countMessages(sandbox.dovecot, 'INBOX')).toBe(0);
  }, 180_000);
});
