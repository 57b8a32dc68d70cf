import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/env.ts';
import type { Rules } from '../analysis/rules.ts';
import type { TemplateSet } from '../reply/compose.ts';
import type { TicketService } from '../tickets/service.ts';
import type { ReplyBudget } from '../safety/reply-budget.ts';
import type { AuthVerdict } from '../safety/auth.ts';
import type { SafetyRules } from '../safety/safety-rules.ts';
import type { Queues } from '../queue/queues.ts';
import type { Logger } from '../util/logger.ts';
import type { MetricsSink } from '../ops/metrics.ts';
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
  /** Pipeline counters and timings (src/ops/metrics.ts); posted to the main thread from the outbound thread. */
  metrics: MetricsSink;
  /** Threads that parse and analyse inbound mail under a hard time limit; only where the intake worker runs. */
  analysisPool?: AnalysisPool;
}
