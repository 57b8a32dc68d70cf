import { randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from './config/env.ts';
import { loadRules } from './analysis/rules.ts';
import { loadTemplates } from './reply/compose.ts';
import { TicketService } from './tickets/service.ts';
import { ReplyBudget } from './safety/reply-budget.ts';
import { offlineResolver, systemResolver, verifySender, type DnsResolver } from './safety/auth.ts';
import { appKey, createRedis, openQueues } from './queue/queues.ts';
import { MailboxPoller } from './imap/poller.ts';
import { startIntakeWorker } from '../workers/intake-worker.ts';
import { startOutboundThread } from '../workers/outbound-worker.ts';
import type { PipelineDeps } from './pipeline/deps.ts';
import { createLogger, type Logger } from './util/logger.ts';
import { AnalysisPool } from './pipeline/analysis-pool.ts';
import { startHttpServer, type HttpPlugin, type RunningHttpServer } from './http/server.ts';
import { healthPlugin } from './http/health.ts';
import { metricsPlugin } from './http/metrics.ts';
import { checkPagePlugin } from './http/check-page.ts';
import { ThreadDraftChecker } from './http/check-thread.ts';
import { consolePlugin } from './http/console.ts';
import { loadWebPages } from './http/pages.ts';
import { FailedMail } from './imap/failed-mailbox.ts';
import { Readiness } from './ops/readiness.ts';
import { IntakeMetrics } from './ops/metrics.ts';

export interface ServiceParts {
  poller: boolean;
  workers: boolean;
}

export interface RunningService {
  deps: PipelineDeps;
  poller: MailboxPoller | null;
  /** The process's HTTP endpoint; null when HTTP_PORT=0. */
  http: RunningHttpServer | null;
  stop(): Promise<void>;
}

/** What the HTTP route modules of a service process may use. */
export interface ServiceContext {
  deps: PipelineDeps;
  parts: ServiceParts;
  readiness: Readiness;
  metrics: IntakeMetrics;
}

/** The HTTP route modules of a service process, each a plugin of its own (src/http/). */
export function httpPlugins(ctx: ServiceContext): HttpPlugin[] {
  const { config } = ctx.deps;
  const plugins = [healthPlugin(ctx.readiness), metricsPlugin(ctx.metrics)];
  if (!config.checkPage && !config.console) return plugins;
  const pages = loadWebPages(config.templatesDir);
  if (config.checkPage) {
    plugins.push(
      checkPagePlugin({
        rules: ctx.deps.rules,
        templates: ctx.deps.templates,
        pages,
        supportName: config.supportName,
        maxBodyBytes: config.checkPage.maxBodyBytes,
        ratePerMinute: config.checkPage.ratePerMinute,
        counters: { count: ctx.metrics.countDraftCheck },
        checker: new ThreadDraftChecker({
          rulesDir: config.rulesDir,
          itemKinds: ctx.deps.templates.rules.itemKinds,
          timeoutMs: config.checkPage.timeoutMs, logger: ctx.deps.logger }),
      }),
    );
  }
  if (config.console) {
    const { queues } = ctx.deps;
    plugins.push(
      consolePlugin({
        token: config.console.token,
        secureCookies: config.console.secureCookies,
        sessionHours: config.console.sessionHours,
        tickets: ctx.deps.tickets,
        // Moving mail back needs the mailbox; a worker-only process without IMAP settings shows why not.
        failed: config.imap
          ? new FailedMail({ imap: config.imap, redis: ctx.deps.redis, queuePrefix: config.queuePrefix, mailboxes: config.mailboxes })
          : null,
        queues: [queues.inbound, queues.outbound, queues.finalize],
        pages,
        logger: ctx.deps.logger,
      }),
    );
  }
  return plugins;
}

/** Redis is ready when its connection is up and it answers PING. */
function redisProbe(redis: Redis): () => Promise<string | null> {
  return async () => {
    if (redis.status !== 'ready') return `connection ${redis.status}`;
    const answer = await redis.ping();
    return answer === 'PONG' ? null : `PING answered ${answer}`;
  };
}

/**
 * The reply-signing key makes our Message-IDs and body tokens verifiable after the
 * store is lost. Without REPLY_SIGNING_KEY one is generated once and kept in Redis,
 * so every worker host signs alike.
 */
async function resolveSigningKey(redis: Redis, config: AppConfig): Promise<string> {
  if (config.replySigningKey) return config.replySigningKey;
  const key = appKey(config.queuePrefix, 'signing-key');
  await redis.set(key, randomBytes(32).toString('hex'), 'NX');
  const value = await redis.get(key);
  if (!value) throw new Error('could not read the reply signing key from Redis');
  return value;
}

const AUTH_TIMEOUT_MS = 1_500;

/** Sender authentication only reaches DNS when the operator says so (SENDER_AUTH_DNS). */
function authResolver(config: AppConfig): DnsResolver {
  if (config.senderAuthDns === 'off') return offlineResolver;
  return systemResolver(AUTH_TIMEOUT_MS, config.senderAuthDns === 'system' ? undefined : config.senderAuthDns);
}

export async function buildDeps(config: AppConfig, logger: Logger = createLogger(config.logLevel)): Promise<PipelineDeps> {
  // Rules and templates are read and validated before any connection is made: a typo fails fast.
  const rules = loadRules(config.rulesDir);
  const templates = loadTemplates(config.templatesDir, config.rulesDir);
  const redis = createRedis(config.redisUrl);
  const queues = openQueues(redis, config.queuePrefix);
  const signingKey = await resolveSigningKey(redis, config);
  const clock = () => new Date();
  const tickets = new TicketService(redis, {
    prefix: config.queuePrefix,
    followUpWindowDays: config.followUpWindowDays,
    signingKey,
    clock,
    rules,
    retentionDays: config.ticketRetentionDays,
  });
  const budget = new ReplyBudget(redis, {
    prefix: config.queuePrefix,
    maxPerSender: config.autoreplyMaxPerSender,
    maxPerTicket: config.autoreplyMaxPerTicket,
    maxPerHour: config.autoreplyMaxPerHour,
    clock,
  });
  return {
    config,
    redis,
    queues,
    rules,
    templates,
    tickets,
    budget,
    signingKey,
    verifySender: (raw) => verifySender(raw, { timeoutMs: AUTH_TIMEOUT_MS, resolver: authResolver(config) }),
    clock,
    logger,
  };
}

export async function startService(config: AppConfig, parts: ServiceParts, logger?: Logger): Promise<RunningService> {
  const deps = await buildDeps(config, logger);
  const log = deps.logger;
  const workers: Worker[] = [];
  let outbound: { stop(): Promise<void> } | null = null;
  let poller: MailboxPoller | null = null;
  const bullConnection = createRedis(config.redisUrl, { forBullWorker: true });
  const readiness = new Readiness();
  readiness.register('redis', redisProbe(deps.redis));
  const metrics = new IntakeMetrics();
  // Up before the parts start, so an orchestrator sees the process alive (and why it is not ready) at once.
  const http = config.http
    ? await startHttpServer({
        host: config.http.host,
        port: config.http.port,
        logger: log,
        plugins: httpPlugins({ deps, parts, readiness, metrics }),
      })
    : null;

  if (parts.workers) {
    // Parsing and analysis leave this event loop: a runaway mail is stopped, the poller never waits.
    // Awaited: "service started" means mail is taken at once, and a SIGTERM never finds threads
    // still loading (a thread cannot be terminated in the middle of loading its modules).
    deps.analysisPool = new AnalysisPool({ ...config.analysis, rulesDir: config.rulesDir });
    await deps.analysisPool.ready();
    workers.push(startIntakeWorker(deps, bullConnection));
    outbound = await startOutboundThread(config, log);
  }
  if (parts.poller) {
    poller = new MailboxPoller({
      imap: config.imap!,
      queuePrefix: config.queuePrefix,
      maxMailBytes: config.maxMailBytes,
      jobAttempts: config.jobAttempts,
      rawRetentionMs: config.rawRetentionMs,
      redis: deps.redis,
      bullConnection,
      queues: deps.queues,
      logger: log,
    });
    await poller.start();
  }
  log.info('service started', { poller: parts.poller, workers: parts.workers, prefix: config.queuePrefix });

  return {
    deps,
    poller,
    http,
    async stop() {
      // Workers finish their in-flight jobs (BullMQ close waits for them); the poller stops last
      // so the moves those jobs queue can still run.
      await Promise.all([...workers.map((w) => w.close()), outbound?.stop()]);
      await deps.analysisPool?.close();
      await poller?.stop();
      await deps.queues.close();
      await http?.close();
      await Promise.all([deps.redis.quit().catch(() => undefined), bullConnection.quit().catch(() => undefined)]);
      log.info('service stopped');
    },
  };
}
