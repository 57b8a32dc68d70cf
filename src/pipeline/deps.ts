import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/env.ts';
import type { Rules } from '../analysis/rules.ts';
import { loadConfigFiles } from '../config/files.ts';
import type { TemplateSet } from '../reply/compose.ts';
import { TicketService } from '../tickets/service.ts';
import { ReplyBudget } from '../safety/reply-budget.ts';
import { offlineResolver, systemResolver, verifySender, type AuthVerdict, type DnsResolver } from '../safety/auth.ts';
import type { SafetyRules } from '../safety/safety-rules.ts';
import { createRedis, openQueues, type Queues } from '../queue/queues.ts';
import { signingKeyKey } from '../store/keys.ts';
import { createLogger, type Logger } from '../util/logger.ts';
import { noMetrics, type MetricsSink } from '../ops/metrics.ts';
import type { AnalysisPool } from './analysis-pool.ts';

/** Everything the pipeline stages need, built once at start-up and passed in. */
export interface PipelineDeps {
  config: AppConfig;
  redis: Redis;
  queues: Queues;
  rules: Rules;
  /** Bounce phrases and free-mail domains (config/safety.yaml). */
  safety: SafetyRules;
  templates: TemplateSet;
  tickets: TicketService;
  budget: ReplyBudget;
  signingKey: string;
  /** Sender verification; injectable so tests and offline machines never wait on DNS. */
  verifySender: (raw: Buffer) => Promise<AuthVerdict>;
  clock: () => Date;
  logger: Logger;
  /** Pipeline counters and timings (src/ops/metrics.ts). */
  metrics: MetricsSink;
  /** Threads that parse and analyse inbound mail under a hard time limit; only where the intake worker runs. */
  analysisPool?: AnalysisPool;
}

/**
 * The reply-signing key makes our Message-IDs and body tokens verifiable after the
 * store is lost. Without REPLY_SIGNING_KEY one is generated once and kept in Redis,
 * so every worker host signs alike.
 */
async function resolveSigningKey(redis: Redis, config: AppConfig): Promise<string> {
  if (config.replySigningKey) return config.replySigningKey;
  const key = signingKeyKey(config.queuePrefix);
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

export async function buildDeps(
  config: AppConfig,
  logger: Logger = createLogger(config.logLevel),
  metrics: MetricsSink = noMetrics,
): Promise<PipelineDeps> {
  // Rules and templates are read and validated before any connection is made: a typo fails fast.
  const { rules, templates, safety } = loadConfigFiles(config);
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
    publicDomains: safety.publicDomains,
    retentionDays: config.ticketRetentionDays,
    // A ticket missing only helpful items is complete: they do not hold the investigation back.
    holdsBack: (key) => templates.rules.itemKinds[key] === 'required',
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
    safety,
    templates,
    tickets,
    budget,
    signingKey,
    verifySender: (raw) => verifySender(raw, { timeoutMs: AUTH_TIMEOUT_MS, resolver: authResolver(config) }),
    clock,
    logger,
    metrics,
  };
}
