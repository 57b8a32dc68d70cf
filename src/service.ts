import type { Worker } from 'bullmq';
import type { AppConfig, ImapConfig } from './config/env.ts';
import { createRedis, type Queues } from './queue/queues.ts';
import { MailboxPoller, type PollerHealth } from './imap/poller.ts';
import { startIntakeWorker } from './pipeline/intake-worker.ts';
import { startOutboundWorker } from './pipeline/outbound-worker.ts';
import { startSenderThread, type SenderThread } from './smtp/reply-sender.ts';
import type { SendGate } from './smtp/send-gate.ts';
import { buildDeps, type PipelineDeps } from './pipeline/deps.ts';
import { createLogger, type Logger } from './util/logger.ts';
import { AnalysisPool } from './pipeline/analysis-pool.ts';
import { startHttpServer, type HttpPlugin, type RunningHttpServer } from './http/server.ts';
import { healthPlugin } from './http/health.ts';
import { metricsPlugin } from './http/metrics.ts';
import { Readiness, ReportedState } from './ops/readiness.ts';
import { PollerLease } from './imap/poller-lease.ts';
import { createImapClient } from './imap/connect.ts';
import { describeImapError } from './imap/imap-errors.ts';
import { IntakeError } from './util/errors.ts';
import { redisProbe, smtpProbe } from './ops/probes.ts';
import { createMailer } from './smtp/mailer.ts';
import { IntakeMetrics } from './ops/metrics.ts';
import { checkPagePlugin } from './http/check-page.ts';
import { poolDraftChecker } from './http/draft-check.ts';
import { consolePlugin } from './http/console.ts';
import { loadWebPages } from './http/pages.ts';
import { FailedMail } from './imap/failed-mailbox.ts';

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
  /**
   * For a stop past its drain deadline: cuts off what still runs so the process can exit at once.
   * The jobs' Redis connection goes first, so nothing cut off is recorded as failed; their jobs
   * stay active and BullMQ's stalled-job check hands them to the next start, as after a crash.
   */
  abort(): Promise<void>;
}

/** What the HTTP route modules of a service process may use. */
export interface ServiceContext {
  deps: PipelineDeps;
  parts: ServiceParts;
  readiness: Readiness;
  metrics: IntakeMetrics;
  /** This process's role, shown on /readyz: `{ poller: 'active' | 'standby' | 'none', workers }`. */
  info: () => Record<string, unknown>;
}

/** The HTTP route modules of a service process, each a plugin of its own (src/http/). */
export function httpPlugins(ctx: ServiceContext): HttpPlugin[] {
  const { config } = ctx.deps;
  const plugins = [healthPlugin(ctx.readiness, ctx.info), metricsPlugin(ctx.metrics)];
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
        // A pool of its own: partners' drafts never wait for, nor hold up, inbound mail.
        checker: poolDraftChecker(new AnalysisPool({ ...config.analysis, threads: 1, rulesDir: config.rulesDir }), ctx.deps.templates.rules.itemKinds),
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


export async function startService(config: AppConfig, parts: ServiceParts, logger?: Logger): Promise<RunningService> {
  const log = logger ?? createLogger(config.logLevel);
  // Before anything else: a refused IMAP login is a configuration fault, reported and fatal at start.
  if (parts.poller) await checkImapLogin(config.imap!, log);
  let depsRef: PipelineDeps | null = null;
  const metrics = new IntakeMetrics({ queueDepth: () => (depsRef ? queueDepths(depsRef.queues) : Promise.resolve({})) });
  const deps = await buildDeps(config, log, metrics.sink);
  depsRef = deps;
  const workers: Worker[] = [];
  let sender: SenderThread | null = null;
  let sendGate: SendGate | null = null;
  let lease: PollerLease | null = null;
  let activePoller: MailboxPoller | null = null;
  const bullConnection = createRedis(config.redisUrl, { forBullWorker: true });
  const readiness = new Readiness();
  readiness.register('redis', redisProbe(deps.redis));
  const imapState = new ReportedState('not connected yet');

  const info = () => ({ poller: lease ? lease.currentRole : 'none', workers: parts.workers });
  // Up before the parts start, so an orchestrator sees the process alive (and why it is not ready) at once.
  const http = config.http
    ? await startHttpServer({
        host: config.http.host,
        port: config.http.port,
        logger: log,
        plugins: httpPlugins({ deps, parts, readiness, metrics, info }),
      })
    : null;

  if (parts.workers) {
    // Parsing and analysis leave this event loop: a runaway mail is stopped, the poller never waits.
    // Awaited: "service started" means mail is taken at once, and a SIGTERM never finds threads
    // still loading (a thread cannot be terminated in the middle of loading its modules).
    deps.analysisPool = new AnalysisPool({ ...config.analysis, rulesDir: config.rulesDir });
    await deps.analysisPool.ready();
    workers.push(startIntakeWorker(deps, bullConnection));
    // Sending itself runs in a thread of its own (see startSenderThread); the queue is consumed here.
    const thread = await startSenderThread(config.smtp!, config.redisUrl, log);
    sender = thread;
    const outbound = startOutboundWorker(deps, thread, bullConnection);
    workers.push(outbound.worker);
    sendGate = outbound.gate;
    // The probe's own session: the sender's pool lives in the sender thread.
    const probeMailer = createMailer(config.smtp!);
    readiness.register('smtp', smtpProbe({ pausedReason: () => outbound.gate.pausedReason ?? thread.exitReason(), verify: () => probeMailer.verify() }));
  }
  if (parts.poller) {
    // IMAP counts for readiness only while this process is the active poller; a standby does not use it.
    readiness.register('imap', () => (lease?.currentRole === 'active' ? imapState.get() : null));
    lease = new PollerLease({
      redis: deps.redis,
      queuePrefix: config.queuePrefix,
      imap: config.imap!,
      leaseMs: config.pollerLeaseMs,
      logger: log,
      onRoleChange: (role) => {
        metrics.sink({ type: 'poller_active', active: role === 'active' });
        if (role === 'standby') activePoller = null;
        imapState.set('not connected yet');
      },
      createPoller: () => {
        activePoller = new MailboxPoller({
          imap: config.imap!,
          queuePrefix: config.queuePrefix,
          maxMailBytes: config.maxMailBytes,
          jobAttempts: config.jobAttempts,
          rawRetentionMs: config.rawRetentionMs,
          failuresRetentionMs: config.ticketRetentionDays * 24 * 3600 * 1000,
          redis: deps.redis,
          bullConnection,
          queues: deps.queues,
          logger: log,
        });
        // The poller reports its session's state (PollerHealth); readiness shows it while this process is active.
        activePoller.on('health', (h: PollerHealth) => imapState.set(h.state === 'connected' ? null : `${h.state}${h.lastError ? `: ${h.lastError}` : ''}`));
        return activePoller;
      },
    });
    await lease.start();
  }
  log.info('service started', { poller: parts.poller ? lease!.currentRole : false, workers: parts.workers, prefix: config.queuePrefix, http: http?.url ?? null });

  return {
    deps,
    get poller() {
      return activePoller;
    },
    http,
    async stop() {
      // Workers finish their in-flight jobs (BullMQ close waits for them); the poller stops last
      // so the moves those jobs queue can still run, and gives its lease up for a standby.
      sendGate?.stop();
      await Promise.all(workers.map((w) => w.close()));
      await sender?.close();
      await deps.analysisPool?.close();
      await lease?.stop();
      await deps.queues.close();
      await http?.close();
      await Promise.all([deps.redis.quit().catch(() => undefined), bullConnection.quit().catch(() => undefined)]);
      log.info('service stopped');
    },
    async abort() {
      bullConnection.disconnect();
      await Promise.allSettled([...workers.map((w) => w.close(true)), sender?.terminate(), deps.analysisPool?.close()]);
    },
  };
}

/**
 * Logs in once and out again. A refused login (wrong user or password) stops the start with
 * EIMAPAUTH; a server that cannot be reached yet is left to the poller, which retries with backoff.
 */
async function checkImapLogin(imap: ImapConfig, log: Logger): Promise<void> {
  const client = createImapClient(imap);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.logout().catch(() => client.close());
  } catch (err) {
    client.close();
    if ((err as { authenticationFailed?: boolean }).authenticationFailed) {
      throw new IntakeError(
        'EIMAPAUTH',
        `IMAP login refused for ${imap.user} at ${imap.host}:${imap.port}: ${describeImapError(err)}. Check IMAP_USER and IMAP_PASS.`,
        { host: imap.host, port: imap.port, user: imap.user },
        { cause: err },
      );
    }
    log.warn('IMAP not reachable at start; the poller retries with backoff', { err, host: imap.host, port: imap.port });
  }
}

/** Jobs per queue and state, for intake_queue_jobs. */
async function queueDepths(queues: Queues): Promise<Record<string, Record<string, number>>> {
  const states = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;
  const out: Record<string, Record<string, number>> = {};
  for (const [name, queue] of [
    ['inbound', queues.inbound],
    ['outbound', queues.outbound],
    ['finalize', queues.finalize],
  ] as const) {
    out[name] = await queue.getJobCounts(...states);
  }
  return out;
}
