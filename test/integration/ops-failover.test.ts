import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMany, countMessages, listMessages, waitForCount } from '../support/imap-helpers.ts';
import { waitForDrained } from '../support/drained.ts';
import { freePort } from '../support/ports.ts';
import { waitForEndpoint } from '../support/http-probe.ts';
import { buildMix } from './fixtures/inquiries.ts';

/**
 * Two `intake run` on one mailbox: one polls (it holds the lease), the other stands by and
 * works the queues. SIGKILL the active one mid-flow: the survivor takes the lease over
 * within POLLER_LEASE_SECONDS and carries on. 80 mails, each answered at most once (all but the
 * few a SIGKILL catches in SMTP's commit window, which are recorded in Sent), inbox empty.
 */
const MAILS = 80;
const LEASE_SECONDS = 5;
/** Replies one instance sends at once (src/pipeline/outbound-worker.ts): the most one SIGKILL can catch mid-commit. */
const OUTBOUND_CONCURRENCY = 4;

describe('two instances on one mailbox, the active one SIGKILLed', () => {
  let sandbox: Sandbox;
  const services: { proc: ServiceProcess; base: string }[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '2', LOG_LEVEL: 'info', POLLER_LEASE_SECONDS: String(LEASE_SECONDS) } });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const proc = startService({ ...sandbox.env, HTTP_PORT: String(port) });
      await proc.waitForLine(/service started/, 60_000);
      services.push({ proc, base: `http://127.0.0.1:${port}` });
    }
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.proc.kill()));
    await sandbox?.stop();
  });

  it(`${MAILS} mails, ${MAILS} replies, none twice; the survivor takes over polling and the inbox drains`, async () => {
    const roles = await Promise.all(services.map(async (s) => (await waitForEndpoint(s.base, '/readyz', (p) => p.status === 200)).body?.poller));
    expect([...roles].sort()).toEqual(['active', 'standby']);
    const activeIndex = roles.indexOf('active');
    const victim = services[activeIndex]!;
    const survivor = services[1 - activeIndex]!;

    const mails = await buildMix(MAILS, 900);
    await appendMany(sandbox.dovecot, 'INBOX', mails.slice(0, MAILS / 2));
    await sandbox.smtp.waitFor(10, 60_000);
    const killedAt = Date.now();
    await victim.proc.kill();
    // Mail arriving after the kill is only seen once the survivor polls.
    await appendMany(sandbox.dovecot, 'INBOX', mails.slice(MAILS / 2));
    await waitForEndpoint(survivor.base, '/readyz', (p) => p.status === 200 && p.body?.poller === 'active', (LEASE_SECONDS + 10) * 1000);
    const takeoverMs = Date.now() - killedAt;

    await waitForCount(sandbox.dovecot, 'Intake/Processed', MAILS, 180_000);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    const per = new Map<string, number>();
    for (const m of sandbox.smtp.messages) per.set(m.parsed.inReplyTo ?? '', (per.get(m.parsed.inReplyTo ?? '') ?? 0) + 1);
    const twice = [...per.values()].filter((n) => n > 1).length;
    const inbox = await countMessages(sandbox.dovecot, 'INBOX');
    console.log(
      `ops-failover: takeover ${takeoverMs} ms after SIGKILL (lease ${LEASE_SECONDS} s); ${sandbox.smtp.messages.length} replies to ${per.size} mails, ${twice} twice; inbox ${inbox}`,
    );
    // SMTP leaves one window no sender can close (see faults.test.ts): the victim dies while the
    // server commits a reply. Its sent record is written just before the final '.', so such a reply
    // is recorded (and its copy is in Sent) but never arrives; it is never sent twice. One SIGKILL
    // can catch at most the replies being sent at that instant (OUTBOUND_CONCURRENCY).
    const sentIds = new Set((await listMessages(sandbox.dovecot, 'Intake/Sent')).map((m) => /^message-id:\s*(\S+)/im.exec(m.headers)?.[1]));
    expect(twice).toBe(0);
    expect(sandbox.smtp.messages).toHaveLength(per.size);
    expect(MAILS - per.size).toBeLessThanOrEqual(OUTBOUND_CONCURRENCY);
    expect(sentIds.size).toBe(MAILS);
    expect(inbox).toBe(0);
    expect(await countMessages(sandbox.dovecot, 'Intake/Processed')).toBe(MAILS);
    expect(await countMessages(sandbox.dovecot, 'Intake/Failed')).toBe(0);
  }, 240_000);
});
