import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMany, countMessages, waitForCount } from '../support/imap-helpers.ts';
import { waitForDrained } from '../support/drained.ts';
import { buildMix } from './fixtures/inquiries.ts';

/**
 * The same mail delivered twice (a resend, a list and a direct copy, a mailbox rule
 * that copies): both copies are processed side by side, both leave the inbox, and
 * the sender gets one reply. Found by the wild-corpus run, where three files share
 * one Message-ID and the losing copy stayed in the inbox for good.
 */
const PAIRS = 40;
const INBOX = 'INBOX';
const PROCESSED = 'Intake/Processed';

describe('the same Message-ID delivered twice at once', () => {
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

  it(`${PAIRS} mails appended twice each, side by side: ${PAIRS * 2} moved to ${PROCESSED}, ${PAIRS} replies`, async () => {
    const mails = await buildMix(PAIRS, 30_000);
    // Copies next to each other, so the workers take them at the same moment.
    await appendMany(sandbox.dovecot, INBOX, mails.flatMap((m) => [m, m]));
    await waitForCount(sandbox.dovecot, PROCESSED, PAIRS * 2, 60_000).catch(() => undefined);
    await waitForDrained(sandbox.env, sandbox.dovecot, { timeoutMs: 30_000 }).catch(() => undefined);
    const inbox = await countMessages(sandbox.dovecot, INBOX);
    const processed = await countMessages(sandbox.dovecot, PROCESSED);
    const perInbound = new Map<string, number>();
    for (const m of sandbox.smtp.messages) perInbound.set(m.parsed.inReplyTo ?? '', (perInbound.get(m.parsed.inReplyTo ?? '') ?? 0) + 1);
    console.log(`faults-duplicates: ${PAIRS} pairs; processed ${processed}, left in inbox ${inbox}, ${sandbox.smtp.messages.length} replies to ${perInbound.size} mails`);
    expect(inbox).toBe(0);
    expect(processed).toBe(PAIRS * 2);
    expect(perInbound.size).toBe(PAIRS);
    expect(sandbox.smtp.messages).toHaveLength(PAIRS);
  }, 120_000);
});
