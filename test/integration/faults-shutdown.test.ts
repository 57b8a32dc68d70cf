import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMany, countMessages, waitForCount } from '../support/imap-helpers.ts';
import { waitForDrained } from '../support/drained.ts';
import { buildMix } from './fixtures/inquiries.ts';
import { SMTP_POOL_SIZE as SMTP_CONNECTIONS } from '../../src/smtp/mailer.ts';

/**
 * SIGTERM with work in flight: the service finishes or hands back what it holds
 * within SHUTDOWN_TIMEOUT_SECONDS, also when Redis is gone, and the next start
 * resumes without sending anything twice. Unlike SIGKILL, a clean stop leaves no
 * window for a repeated delivery; Redis stopped mid-send can leave a reply unsent (below).
 */
const SHUTDOWN_SECONDS = 8;
const INBOX = 'INBOX';
const PROCESSED = 'Intake/Processed';
const FAILED = 'Intake/Failed';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Message-ID as a reply's In-Reply-To carries it ('<…>'). */
function messageIdOf(raw: Buffer): string {
  return /^Message-ID:[ \t]*(<[^>\r\n]+>)/im.exec(raw.subarray(0, 16_384).toString('latin1'))?.[1] ?? '';
}

describe('SIGTERM with mail in flight', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;

  beforeAll(async () => {
    sandbox = await startSandbox({
      env: { IMAP_POLL_SECONDS: '2', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_SECONDS) },
    });
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  async function start(): Promise<ServiceProcess> {
    const s = startService(sandbox.env);
    await s.waitForLine(/service started/, 60_000);
    return s;
  }

  /** SIGTERM; resolves with the exit code and how long the process took to go. */
  async function terminate(): Promise<{ code: number | null; ms: number }> {
    const t = Date.now();
    // The helper would SIGKILL after 60 s; the assertion below wants far less.
    const code = await service!.stop('SIGTERM', 60_000);
    return { code, ms: Date.now() - t };
  }

  it(`120 mails, SIGTERM three times (mid-flow, SMTP down, Redis down): each stop within SHUTDOWN_TIMEOUT_SECONDS (${SHUTDOWN_SECONDS} s) + the 2 s exit grace, every mail answered once (but for Redis's commit window), none twice`, async () => {
    const mails = await buildMix(120, 20_000);
    service = await start();
    const stops: string[] = [];

    // 1. Mid-flow: replies are being sent when the signal comes.
    await appendMany(sandbox.dovecot, INBOX, mails.slice(0, 60));
    await sandbox.smtp.waitFor(10, 60_000);
    const a = await terminate();
    stops.push(`mid-flow: exit ${a.code} after ${a.ms} ms (${sandbox.smtp.messages.length} replies so far)`);
    expect(a.code).toBe(0);
    expect(a.ms).toBeLessThan(SHUTDOWN_SECONDS * 1000 + 3_000);

    // 2. SMTP down: replies wait in their retry backoff; the stop must not wait for them.
    await sandbox.smtp.stop();
    service = await start();
    await appendMany(sandbox.dovecot, INBOX, mails.slice(60, 90));
    await sleep(3_000);
    const b = await terminate();
    stops.push(`SMTP down: exit ${b.code} after ${b.ms} ms`);
    expect(b.ms).toBeLessThan(SHUTDOWN_SECONDS * 1000 + 3_000);
    await sandbox.smtp.start();

    // 3. Redis gone: nothing can be handed back cleanly; the stop is still bounded.
    service = await start();
    await appendMany(sandbox.dovecot, INBOX, mails.slice(90));
    await sleep(1_000);
    await sandbox.redis.stop();
    const c = await terminate();
    stops.push(`Redis down: exit ${c.code} after ${c.ms} ms`);
    expect(c.ms).toBeLessThan(SHUTDOWN_SECONDS * 1000 + 3_000);
    await sandbox.redis.restart();

    // A fresh start finishes everything, sending nothing twice.
    service = await start();
    await waitForCount(sandbox.dovecot, PROCESSED, 120, 120_000);
    await waitForDrained(sandbox.env, sandbox.dovecot);
    // A mail leaves the inbox only after its reply was sent and recorded, so the count is final now
    // (the short wait covers the receiver's side of the last 250).
    await sandbox.smtp.waitFor(120, 5_000).catch(() => undefined);
    const perInbound = new Map<string, number>();
    for (const m of sandbox.smtp.messages) perInbound.set(m.parsed.inReplyTo ?? '', (perInbound.get(m.parsed.inReplyTo ?? '') ?? 0) + 1);
    const repeated = [...perInbound.values()].filter((n) => n > 1).length;
    const unanswered = mails.map(messageIdOf).filter((id) => !perInbound.has(id));
    console.log(
      [
        `faults-shutdown: 120 mails, 3 SIGTERMs, ${sandbox.smtp.messages.length} replies to ${perInbound.size} mails, ${repeated} repeated, ${unanswered.length} unanswered (SMTP commit window)`,
        ...stops.map((s) => `  ${s}`),
        ...unanswered.map((id) => `  unanswered: ${id}`),
      ].join('\n'),
    );
    expect(await countMessages(sandbox.dovecot, INBOX)).toBe(0);
    expect(await countMessages(sandbox.dovecot, FAILED)).toBe(0);
    expect(repeated).toBe(0);
    // Stopping Redis while replies are being sent leaves the window README "At most one reply per
    // mail" names: Redis wrote a reply's sent record but its acknowledgement never reached the
    // sender, so the final "." was never sent, and the next start finds the record ("reply already
    // sent, not sending again"). Seen here in about one run of fifteen, on a reply whose sends SMTP
    // had refused and whose retry came due just as Redis stopped. It can hit only the replies being
    // sent at that instant (one per SMTP connection); every other mail is answered exactly once.
    expect(perInbound.size + unanswered.length).toBe(120);
    expect(unanswered.length).toBeLessThanOrEqual(SMTP_CONNECTIONS);
    const replies = sandbox.smtp.messages.length;

    // And a clean stop and start now sends nothing more.
    expect((await terminate()).code).toBe(0);
    service = await start();
    await sleep(4_000);
    expect(sandbox.smtp.messages).toHaveLength(replies);
  }, 400_000);
});
