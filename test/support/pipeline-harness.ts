import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { inject } from 'vitest';
import { loadConfig, type AppConfig } from '../../src/config/env.ts';
import { buildDeps } from '../../src/pipeline/deps.ts';
import { createRedis } from '../../src/queue/queues.ts';
import { MailboxPoller } from '../../src/imap/poller.ts';
import { AnalysisPool } from '../../src/pipeline/analysis-pool.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';
import { createLogger } from '../../src/util/logger.ts';
import { startIntakeWorker } from '../../src/pipeline/intake-worker.ts';
import { startOutboundWorker } from '../../src/pipeline/outbound-worker.ts';
import { MemoryImap } from './memory-imap.ts';
import { MemoryMailer } from './memory-mailer.ts';
import { directSender } from '../../src/smtp/reply-sender.ts';
import { pendingJobs } from './drained.ts';
import { bullPrefix } from '../../src/store/keys.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export const SUPPORT_ADDRESS = 'support@intake.test';

export interface PipelineOptions {
  /** Names the key prefix (`pl-<name>-<random>`), so leftovers can be traced to a file. */
  name: string;
  /** Service variables over the tier's defaults (as `intake run` would read them). */
  env?: Record<string, string>;
  /** Changes to the real dependencies before the workers start (e.g. a failing verifySender). */
  adjust?: (deps: PipelineDeps) => void;
  /** The analysis pool the intake worker uses; the real one unless a test injects a fault. */
  analysisPool?: (config: AppConfig) => AnalysisPool;
}

/**
 * The real pipeline in this process: poller, finalizer, intake and outbound workers (BullMQ),
 * ticket store, reply budget, analysis threads, against one real Redis, with only the two
 * edges in memory: the mailbox (MemoryImap) and SMTP (MemoryMailer).
 */
export interface PipelineHarness {
  config: AppConfig;
  deps: PipelineDeps;
  imap: MemoryImap;
  mailer: MemoryMailer;
  /** Warnings and errors the service logged (JSON lines). */
  logs: string[];
  deliver(raw: Buffer): number;
  /** Resolves once every delivered mail has left the inbox and no queue holds a job still to run. */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPipeline(opts: PipelineOptions): Promise<PipelineHarness> {
  const prefix = `pl-${opts.name}-${randomBytes(4).toString('hex')}`;
  const config = loadConfig(
    {
      // One Redis for the tier (test/pipeline/redis-setup.ts); each harness keeps to keys under its own prefix.
      REDIS_URL: inject('pipelineRedisUrl'),
      QUEUE_PREFIX: prefix,
      IMAP_HOST: 'memory.invalid',
      IMAP_PORT: '143',
      IMAP_USER: 'intake',
      IMAP_PASS: 'memory',
      SMTP_HOST: 'memory.invalid',
      SMTP_PORT: '25',
      SUPPORT_ADDRESS,
      SENDER_AUTH_DNS: 'off',
      REPLY_SIGNING_KEY: 'pipeline-tier-signing-key-0123456789',
      AUTOREPLY_MAX_PER_HOUR: '100000',
      ANALYSIS_THREADS: '1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      RULES_DIR: path.join(REPO_ROOT, 'config'),
      TEMPLATES_DIR: path.join(REPO_ROOT, 'templates'),
      ...opts.env,
    },
    { imap: true, smtp: true },
    path.join(REPO_ROOT, 'test', 'pipeline', 'no.env'),
  );
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, {}, (line) => logs.push(line));
  const deps = await buildDeps(config, logger);
  opts.adjust?.(deps);
  const bull = createRedis(config.redisUrl, { forBullWorker: true });
  const imap = new MemoryImap(config.imap!.mailbox);
  const mailer = new MemoryMailer();
  deps.analysisPool = opts.analysisPool?.(config) ?? new AnalysisPool({ ...config.analysis, rulesDir: config.rulesDir });
  await deps.analysisPool.ready();
  const workers: Worker[] = [startIntakeWorker(deps, bull)];
  const outbound = startOutboundWorker(deps, directSender(mailer, deps.redis), bull);
  workers.push(outbound.worker);
  const poller = new MailboxPoller({
    imap: config.imap!,
    queuePrefix: config.queuePrefix,
    maxMailBytes: config.maxMailBytes,
    jobAttempts: config.jobAttempts,
    rawRetentionMs: config.rawRetentionMs,
    redis: deps.redis,
    bullConnection: bull,
    queues: deps.queues,
    logger,
    connect: imap.connector,
  });
  await poller.start();

  const pending = () => pendingJobs(deps.queues);

  return {
    config,
    deps,
    imap,
    mailer,
    logs,
    deliver: (raw) => imap.deliver(raw),
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      // A mail leaves the inbox only through its finalize job, which runs after its reply is
      // recorded: an empty inbox and empty queues mean nothing more will be sent for it.
      for (;;) {
        await poller.idle();
        if (imap.count(config.imap!.mailbox) === 0 && (await pending()) === 0) return;
        if (Date.now() > deadline) {
          throw new Error(`pipeline not drained after ${timeoutMs} ms: inbox ${imap.count(config.imap!.mailbox)}, jobs ${await pending()}\n${logs.slice(-20).join('\n')}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      await Promise.all([...workers.map((w) => w.close()), poller.stop()]);
      outbound.gate.stop();
      await deps.analysisPool?.close();
      await deps.queues.close();
      await deleteKeys(deps.redis, prefix);
      await Promise.all([deps.redis.quit().catch(() => undefined), bull.quit().catch(() => undefined)]);
    },
  };
}

/** Removes this harness's keys only (`{prefix}:…`); the shared Redis keeps everything else. */
async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${bullPrefix(prefix)}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
