import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What the pipeline reports. Plain, serialisable events, so the outbound worker thread can
 * post them to the main thread, whose registry `/metrics` serves (a registry lives in one
 * thread's memory; prom-client has no cross-thread aggregation).
 */
export type MetricEvent =
  | { type: 'received' }
  | { type: 'processed'; outcome: string }
  | { type: 'missing'; item: string }
  | { type: 'analysis'; seconds: number }
  | { type: 'reply_sent'; kind: string; latencySeconds: number | null }
  | { type: 'send_paused'; paused: boolean }
  | { type: 'failed'; stage: 'processing' | 'sending' }
  | { type: 'poller_active'; active: boolean };

export type MetricsSink = (event: MetricEvent) => void;

/** A sink that drops everything: for commands and tests without a metrics endpoint. */
export const noMetrics: MetricsSink = () => undefined;

/** Queue depths are read from Redis when scraped; a slow Redis must not hang the scrape. */
const QUEUE_DEPTH_TIMEOUT_MS = 1_500;

export type QueueDepthReader = () => Promise<Record<string, Record<string, number>>>;

export class IntakeMetrics {
  readonly registry = new Registry();
  private readonly received: Counter;
  private readonly processed: Counter<'outcome'>;
  private readonly replies: Counter<'kind'>;
  private readonly missing: Counter<'item'>;
  private readonly replyLatency: Histogram;
  private readonly analysisTime: Histogram;
  private readonly sendPaused: Gauge;
  private readonly failed: Counter<'stage'>;
  private readonly pollerActive: Gauge;
  private readonly draftChecks: Counter<'event'>;

  constructor(opts: { queueDepth?: QueueDepthReader; defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.received = new Counter({
      name: 'intake_mails_received_total',
      help: 'Inbound mails taken up by the intake worker (first attempt).',
      registers,
    });
    this.processed = new Counter({
      name: 'intake_mails_processed_total',
      help: 'Inbound mails processed, by outcome (replied, no_reply_*, linked, failed, ...).',
      labelNames: ['outcome'],
      registers,
    });
    this.replies = new Counter({
      name: 'intake_replies_sent_total',
      help: 'Automatic replies accepted by the SMTP server, by kind.',
      labelNames: ['kind'],
      registers,
    });
    this.missing = new Counter({
      name: 'intake_missing_items_total',
      help: 'Guideline items found missing in inbound mail, by item.',
      labelNames: ['item'],
      registers,
    });
    this.replyLatency = new Histogram({
      name: 'intake_reply_latency_seconds',
      help: 'From the mail reaching the mailbox (IMAP INTERNALDATE) to its reply accepted by SMTP.',
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
      registers,
    });
    this.analysisTime = new Histogram({
      name: 'intake_analysis_seconds',
      help: 'Time to parse, classify and analyse one mail.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.sendPaused = new Gauge({
      name: 'intake_sending_paused',
      help: '1 while sending is paused because the SMTP server refuses us (authentication or relay), else 0.',
      registers,
    });
    this.failed = new Counter({
      name: 'intake_mails_failed_total',
      help: 'Mails sent to FAILED_MAILBOX after their last attempt, by stage (processing, sending).',
      labelNames: ['stage'],
      registers,
    });
    this.pollerActive = new Gauge({
      name: 'intake_poller_active',
      help: '1 while this process holds the poller lease and polls the mailbox, else 0 (standby, or no poller).',
      registers,
    });
    this.draftChecks = new Counter({
      name: 'intake_draft_checks_total',
      help: 'Partner check page and /api/check: drafts checked, by result (missing, complete, out_of_scope, secrets), and requests refused. Nothing else of a draft is kept.',
      labelNames: ['event'],
      registers,
    });
    const reader = opts.queueDepth;
    if (reader) {
      new Gauge({
        name: 'intake_queue_jobs',
        help: 'Jobs per queue and state (waiting, active, delayed, failed, ...), read from Redis at scrape time.',
        labelNames: ['queue', 'state'],
        registers,
        async collect() {
          const depths = await withTimeout(reader(), QUEUE_DEPTH_TIMEOUT_MS).catch(() => null);
          // Unreadable (Redis down): the series disappear rather than report stale numbers.
          this.reset();
          if (!depths) return;
          for (const [queue, states] of Object.entries(depths)) {
            for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
          }
        },
      });
    }
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'intake_process_' });
  }

  /** The sink for this thread's pipeline code. */
  readonly sink: MetricsSink = (event) => {
    switch (event.type) {
      case 'received':
        this.received.inc();
        break;
      case 'processed':
        this.processed.inc({ outcome: event.outcome });
        break;
      case 'missing':
        this.missing.inc({ item: event.item });
        break;
      case 'analysis':
        this.analysisTime.observe(event.seconds);
        break;
      case 'reply_sent':
        this.replies.inc({ kind: event.kind });
        if (event.latencySeconds !== null && event.latencySeconds >= 0) this.replyLatency.observe(event.latencySeconds);
        break;
      case 'send_paused':
        this.sendPaused.set(event.paused ? 1 : 0);
        break;
      case 'failed':
        this.failed.inc({ stage: event.stage });
        break;
      case 'poller_active':
        this.pollerActive.set(event.active ? 1 : 0);
        break;
    }
  };

  /** The check page's counters (CheckCounters of src/http/check-page.ts). */
  readonly countDraftCheck = (event: string): void => {
    this.draftChecks.inc({ event });
  };

  async text(): Promise<string> {
    return await this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
