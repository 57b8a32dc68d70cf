import { parentPort, workerData } from 'node:worker_threads';
import type { AppConfig } from '../src/config/env.ts';
import { buildDeps } from '../src/pipeline/deps.ts';
import { createRedis } from '../src/queue/queues.ts';
import { createMailer } from '../src/smtp/mailer.ts';
import { createLogger } from '../src/util/logger.ts';
import type { MetricEvent } from '../src/ops/metrics.ts';
import { startOutboundWorker, type OutboundThreadMessage } from '../src/pipeline/outbound-worker.ts';

/**
 * The outbound worker in a thread of its own. Parsing and analysing mail keep the
 * main thread's event loop busy; here nothing else runs, so the "sent" record is
 * written within a Redis round trip of the SMTP server's 250, which keeps the one
 * window for a duplicate reply as narrow as the protocols allow. Metrics and the
 * sender's pause state go to the main thread, whose /metrics and /readyz serve them.
 */
const { config } = workerData as { config: AppConfig };
const post = (m: OutboundThreadMessage) => parentPort!.postMessage(m);
const logger = createLogger(config.logLevel, { thread: 'outbound' });
const deps = await buildDeps(config, logger, (event: MetricEvent) => post({ type: 'metric', event }));
const mailer = createMailer(config.smtp!);
const connection = createRedis(config.redisUrl, { forBullWorker: true });
const { worker, gate } = startOutboundWorker(deps, mailer, connection, (pausedReason) => post({ type: 'sending', pausedReason }));

parentPort!.on('message', async (msg: unknown) => {
  if (msg !== 'stop') return;
  gate.stop();
  await worker.close();
  mailer.close();
  await deps.queues.close();
  await Promise.all([deps.redis.quit().catch(() => undefined), connection.quit().catch(() => undefined)]);
  parentPort!.postMessage('stopped');
});
parentPort!.postMessage('ready');
