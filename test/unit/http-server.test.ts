import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../src/http/server.ts';
import { healthPlugin } from '../../src/http/health.ts';
import { metricsPlugin } from '../../src/http/metrics.ts';
import { Readiness, ReportedState } from '../../src/ops/readiness.ts';
import { IntakeMetrics } from '../../src/ops/metrics.ts';
import { createLogger } from '../../src/util/logger.ts';
import { loadConfig } from '../../src/config/env.ts';

const logger = createLogger('silent');
let server: RunningHttpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('HTTP server', () => {
  it('listens on an ephemeral port when given port 0 and serves the plugins given', async () => {
    const readiness = new Readiness();
    server = await startHttpServer({ host: '127.0.0.1', port: 0, logger, plugins: [healthPlugin(readiness)] });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('ok');
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it('/readyz is 503 naming the failing dependency and why, 200 once it answers', async () => {
    const readiness = new Readiness();
    const smtp = new ReportedState('authentication refused (535)');
    readiness.register('redis', () => null);
    readiness.register('smtp', () => smtp.get());
    readiness.register('imap', () => new Promise(() => undefined)); // hangs
    server = await startHttpServer({ host: '127.0.0.1', port: 0, logger, plugins: [healthPlugin(readiness)] });
    let res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.failing.sort()).toEqual(['imap', 'smtp']);
    expect(body.dependencies.smtp).toEqual({ ok: false, reason: 'authentication refused (535)' });
    expect(body.dependencies.imap.reason).toMatch(/no answer/);
    expect(body.dependencies.redis).toEqual({ ok: true });
    smtp.set(null);
    readiness.unregister('imap');
    res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('ready');
  });

  it('/metrics serves Prometheus text with the pipeline counters', async () => {
    const metrics = new IntakeMetrics({ defaultMetrics: false, queueDepth: async () => ({ inbound: { waiting: 3, active: 1 } }) });
    metrics.sink({ type: 'processed', outcome: 'replied' });
    metrics.sink({ type: 'reply_sent', kind: 'missing_info', latencySeconds: 1.5 });
    metrics.sink({ type: 'missing', item: 'account_id' });
    server = await startHttpServer({ host: '127.0.0.1', port: 0, logger, plugins: [metricsPlugin(metrics)] });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('intake_mails_processed_total{outcome="replied"} 1');
    expect(text).toContain('intake_replies_sent_total{kind="missing_info"} 1');
    expect(text).toContain('intake_missing_items_total{item="account_id"} 1');
    expect(text).toContain('intake_queue_jobs{queue="inbound",state="waiting"} 3');
    expect(text).toContain('intake_reply_latency_seconds_count 1');
  });

  it('fails to start, loudly, when the port is taken', async () => {
    server = await startHttpServer({ host: '127.0.0.1', port: 0, logger, plugins: [] });
    const port = Number(new URL(server.url).port);
    await expect(startHttpServer({ host: '127.0.0.1', port, logger, plugins: [] })).rejects.toThrow(/EADDRINUSE|in use/);
  });
});

describe('HTTP config', () => {
  it('defaults to 127.0.0.1:8080; HTTP_PORT=0 turns the endpoint off; a bad host is refused', () => {
    expect(loadConfig({}, {}, '/nonexistent').http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(loadConfig({ HTTP_PORT: '0' }, {}, '/nonexistent').http).toBeNull();
    expect(loadConfig({ HTTP_HOST: '0.0.0.0', HTTP_PORT: '9100' }, {}, '/nonexistent').http).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(() => loadConfig({ HTTP_HOST: 'bad host!' }, {}, '/nonexistent')).toThrow(/HTTP_HOST/);
    expect(() => loadConfig({ HTTP_PORT: '70000' }, {}, '/nonexistent')).toThrow(/HTTP_PORT/);
    expect(loadConfig({}, {}, '/nonexistent').pollerLeaseMs).toBe(15_000);
  });
});
