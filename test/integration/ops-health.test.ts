import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMany, countMessages, waitForCount } from '../support/imap-helpers.ts';
import { freePort } from '../support/ports.ts';
import { getEndpoint, metricValue, waitForEndpoint } from '../support/http-probe.ts';
import { buildMix } from './fixtures/inquiries.ts';

/**
 * The HTTP endpoint of the real service as an operator uses it: liveness, readiness that
 * names the dependency that went away (and recovers when it is back), and metrics that
 * count what was processed.
 */
describe('health, readiness and metrics of the running service', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;
  let base = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '2', LOG_LEVEL: 'info', HTTP_PORT: String(port), SMTP_USER: 'intake', SMTP_PASS: 'secret' } });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  it('/healthz and /readyz answer 200 with every dependency named', async () => {
    const health = await getEndpoint(base, '/healthz');
    expect(health.status).toBe(200);
    const ready = await waitForEndpoint(base, '/readyz', (p) => p.status === 200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      failing: [],
      poller: 'active',
      dependencies: { redis: { ok: true }, smtp: { ok: true }, imap: { ok: true } },
    });
  });

  it('20 mails: intake_mails_processed_total and intake_replies_sent_total count at least 20', async () => {
    await appendMany(sandbox.dovecot, 'INBOX', await buildMix(20, 500));
    await sandbox.smtp.waitFor(20, 60_000);
    await waitForCount(sandbox.dovecot, 'Intake/Processed', 20, 30_000);
    const m = await waitForEndpoint(base, '/metrics', (p) => metricValue(p.text, 'intake_replies_sent_total') >= 20, 10_000);
    const processed = metricValue(m.text, 'intake_mails_processed_total');
    const replies = metricValue(m.text, 'intake_replies_sent_total');
    console.log(`ops-health: processed ${processed}, replies ${replies}, received ${metricValue(m.text, 'intake_mails_received_total')}`);
    expect(processed).toBeGreaterThanOrEqual(20);
    expect(replies).toBeGreaterThanOrEqual(20);
    expect(metricValue(m.text, 'intake_mails_received_total')).toBeGreaterThanOrEqual(20);
    expect(metricValue(m.text, 'intake_reply_latency_seconds_count')).toBeGreaterThanOrEqual(20);
    expect(metricValue(m.text, 'intake_analysis_seconds_count')).toBeGreaterThanOrEqual(20);
    expect(m.text).toMatch(/intake_queue_jobs\{queue="inbound",state="completed"\} \d+/);
    expect(m.text).toMatch(/intake_missing_items_total\{item="[a-z_]+"\} \d+/);
    expect(m.text).toContain('intake_sending_paused 0');
  }, 120_000);

  it('SMTP gone: /readyz 503 naming smtp while /healthz stays 200; back: 200', async () => {
    await sandbox.smtp.stop();
    try {
      const down = await waitForEndpoint(base, '/readyz', (p) => p.status === 503, 20_000);
      expect(down.body?.failing).toEqual(['smtp']);
      expect(JSON.stringify(down.body)).toMatch(/ECONNREFUSED|connect/i);
      expect((await getEndpoint(base, '/healthz')).status).toBe(200);
    } finally {
      await sandbox.smtp.start();
    }
    await waitForEndpoint(base, '/readyz', (p) => p.status === 200, 20_000);
  }, 60_000);

  it('IMAP gone: /readyz 503 naming imap while the poller retries; back: 200', async () => {
    await sandbox.dovecot.stop();
    try {
      const down = await waitForEndpoint(base, '/readyz', (p) => p.status === 503 && (p.body?.failing as string[]).includes('imap'), 30_000);
      expect((down.body?.dependencies as Record<string, { reason?: string }>).imap?.reason).toMatch(/connecting|reconnecting/);
      expect((await getEndpoint(base, '/healthz')).status).toBe(200);
    } finally {
      await sandbox.dovecot.restart();
    }
    await waitForEndpoint(base, '/readyz', (p) => p.status === 200, 60_000);
  }, 120_000);

  it('Redis stopped: /readyz 503 naming redis while /healthz stays 200; 200 again once Redis is back', async () => {
    await sandbox.redis.stop();
    try {
      const down = await waitForEndpoint(base, '/readyz', (p) => p.status === 503 && (p.body?.failing as string[]).includes('redis'), 20_000);
      expect((down.body?.dependencies as Record<string, { reason?: string }>).redis?.reason).toBeTruthy();
      expect((await getEndpoint(base, '/healthz')).status).toBe(200);
      // Scraping does not hang on a dead Redis either.
      expect((await getEndpoint(base, '/metrics')).status).toBe(200);
    } finally {
      await sandbox.redis.restart();
    }
    await waitForEndpoint(base, '/readyz', (p) => p.status === 200, 40_000);
    // And the line still runs.
    await appendMany(sandbox.dovecot, 'INBOX', await buildMix(2, 600));
    await sandbox.smtp.waitFor(22, 60_000);
    await waitForCount(sandbox.dovecot, 'Intake/Processed', 22, 30_000);
    expect(await countMessages(sandbox.dovecot, 'INBOX')).toBe(0);
  }, 120_000);
});

describe('IMAP login refused at start', () => {
  it('exits non-zero with a message naming the refused login', async () => {
    const sandbox = await startSandbox();
    try {
      const service = startService({ ...sandbox.env, IMAP_PASS: 'wrong-password' });
      const code = await service.exited;
      const out = [...service.stdout, ...service.stderr].join('\n');
      expect(code).not.toBe(0);
      expect(out).toMatch(/IMAP login refused for .* Check IMAP_USER and IMAP_PASS\. \[EIMAPAUTH\]/);
    } finally {
      await sandbox.stop();
    }
  }, 60_000);
});
