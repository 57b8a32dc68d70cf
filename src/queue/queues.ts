import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { KEEP_JOBS, QUEUE, bullPrefix } from '../store/keys.ts';

// Queue names, key layout, job ids and retention: src/store/keys.ts.

/** Where a mail came from: an IMAP message (moved when done) or a file given to `intake replay`. */
export type MailOrigin =
  | { kind: 'imap'; mailbox: string; uidValidity: string; uid: number }
  | { kind: 'replay'; file: string };

export interface InboundJobData {
  origin: MailOrigin;
  /** Redis key holding the raw bytes (binary string). */
  rawKey: string;
  size: number;
  /** Above MAX_MAIL_MB: only headers and the first part were fetched. */
  oversize: boolean;
  receivedAt: string;
}

export interface OutboundJobData {
  origin: MailOrigin;
  rawKey: string;
  inboundMessageId: string;
  /** Message-ID and sender of the inbound mail (see replyIdentity); absent in jobs queued by older versions. */
  replyIdentity?: string;
  ticket: number;
  kind: string;
  /** `cc`: further recipients (a team the inquiry is handed to), also in the reply's Cc header. */
  envelope: { from: string; to: string; cc?: string[] };
  messageId: string;
  inReplyTo: string;
  /** The whole reply as built by MailComposer, base64, so the bytes sent are exactly the bytes kept in Sent. */
  raw: string;
  /** When the inbound mail reached the mailbox (for the arrival-to-reply latency); absent in jobs queued before it existed. */
  receivedAt?: string;
  /** The inbound job's id, so the sender's log lines name the mail's job. */
  inboundJobId?: string;
}

export interface FinalizeJobData {
  origin: MailOrigin;
  messageId: string | null;
  target: 'processed' | 'failed';
  reason: string | null;
  /** Copy of the reply to append to SENT_MAILBOX before the inbound mail is moved (base64). */
  replyRaw: string | null;
  rawKey: string;
}

export function createRedis(url: string, opts: { forBullWorker?: boolean } = {}): Redis {
  return new Redis(url, {
    // BullMQ workers need blocking commands to wait indefinitely.
    maxRetriesPerRequest: opts.forBullWorker ? null : 20,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(200 * times, 5_000),
    lazyConnect: false,
  });
}

export interface Queues {
  inbound: Queue<InboundJobData>;
  outbound: Queue<OutboundJobData>;
  finalize: Queue<FinalizeJobData>;
  close(): Promise<void>;
}

export function openQueues(connection: ConnectionOptions, queuePrefix: string): Queues {
  const prefix = bullPrefix(queuePrefix);
  const inbound = new Queue<InboundJobData>(QUEUE.inbound, { connection, prefix });
  const outbound = new Queue<OutboundJobData>(QUEUE.outbound, { connection, prefix });
  const finalize = new Queue<FinalizeJobData>(QUEUE.finalize, { connection, prefix });
  return {
    inbound,
    outbound,
    finalize,
    async close() {
      await Promise.all([inbound.close(), outbound.close(), finalize.close()]);
    },
  };
}

export function inboundJobOptions(jobId: string, attempts: number): JobsOptions {
  return { jobId, attempts, backoff: { type: 'exponential', delay: 1_000 }, ...KEEP_JOBS };
}

/** SMTP may be down for a long time: retry for about an hour, the delay capped at a minute. */
export function outboundJobOptions(jobId: string): JobsOptions {
  return { jobId, attempts: 70, backoff: { type: 'capped' }, ...KEEP_JOBS };
}

export function finalizeJobOptions(jobId: string): JobsOptions {
  return { jobId, attempts: 1000, backoff: { type: 'capped' }, ...KEEP_JOBS };
}

/**
 * Worker settings shared by every queue. A killed worker's jobs come back after the
 * lock expires (10 s, renewed every 5 s while alive) instead of BullMQ's 30 s + 30 s;
 * processing is idempotent, so a job stalled by repeated crashes is retried, not failed.
 */
export const WORKER_LOCKS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 50 } as const;

/** Exponential from 1 s, capped at 60 s. */
export function cappedBackoff(attemptsMade: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, attemptsMade - 1));
}
