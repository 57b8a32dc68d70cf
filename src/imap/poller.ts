import { setTimeout as sleep } from 'node:timers/promises';
import type { ImapFlow } from 'imapflow';
import { Worker, type Job, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ImapConfig } from '../config/env.ts';
import {
  QUEUE,
  WORKER_LOCKS,
  appKey,
  bullPrefix,
  cappedBackoff,
  finalizeJobId,
  finalizeJobOptions,
  inboundJobId,
  inboundJobOptions,
  type FinalizeJobData,
  type InboundJobData,
  type MailOrigin,
  type Queues,
} from '../queue/queues.ts';
import { createImapClient, ensureMailboxes } from './connect.ts';
import type { Logger } from '../util/logger.ts';
import { errorMessage } from '../util/errors.ts';
import { recordFailure } from '../queue/failures.ts';
import { headerMessageId } from '../mail/header-id.ts';

export interface PollerOptions {
  imap: ImapConfig;
  queuePrefix: string;
  maxMailBytes: number;
  jobAttempts: number;
  /** How long the raw bytes of a queued mail may wait in Redis (RAW_RETENTION_DAYS); the mailbox keeps the mail. */
  rawRetentionMs?: number;
  redis: Redis;
  bullConnection: ConnectionOptions;
  queues: Queues;
  logger: Logger;
  /** Told null once the IMAP session is up, and why not while it is down (for readiness). */
  onImapState?: (problem: string | null) => void;
}

/** Bytes of an oversized mail that are fetched: the headers and the first part of the text. */
const OVERSIZE_HEAD_BYTES = 256 * 1024;
/** Bytes fetched per FETCH command, so memory stays bounded whatever the mailbox holds. */
const FETCH_BATCH_BYTES = 32 * 1024 * 1024;

/**
 * Owns the only IMAP session of the service: watches IMAP_MAILBOX (IDLE, with a
 * polling sweep as fallback and safety net), enqueues every message once, and
 * moves finished mail out of the inbox (finalize queue).
 */
export class MailboxPoller {
  private client: ImapFlow | null = null;
  private uidValidity: string | null = null;
  private stopping = false;
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  /** UIDs known to be in the pipeline for the current UIDVALIDITY; cleared by each full reconcile. */
  private known = new Set<number>();
  private finalizeWorker: Worker<FinalizeJobData> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private connected: Promise<void> | null = null;
  private readonly log: Logger;

  constructor(private readonly opts: PollerOptions) {
    this.log = opts.logger.child({ component: 'poller' });
  }

  async start(): Promise<void> {
    this.connected = this.connectLoop();
    this.finalizeWorker = new Worker<FinalizeJobData>(QUEUE.finalize, (job) => this.finalize(job), {
      connection: this.opts.bullConnection,
      prefix: bullPrefix(this.opts.queuePrefix),
      concurrency: 1,
      ...WORKER_LOCKS,
      settings: { backoffStrategy: cappedBackoff },
    });
    this.finalizeWorker.on('error', (err) => this.log.warn('finalize worker error', { err }));
    this.timer = setInterval(() => this.requestSweep(true), this.opts.imap.pollSeconds * 1000);
    await this.connected;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.finalizeWorker?.close();
    await this.sweeping?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }

  /** Connects, and reconnects after any drop, with exponential backoff capped at 30 s. */
  private async connectLoop(): Promise<void> {
    let attempt = 0;
    for (;;) {
      if (this.stopping) return;
      try {
        await this.connectOnce();
        attempt = 0;
        return;
      } catch (err) {
        attempt += 1;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
        this.opts.onImapState?.(`${describeImapError(err)} (retry ${attempt} in ${Math.round(delay / 1000)} s)`);
        this.log.warn('imap connect failed, retrying', { err, attempt, delayMs: delay });
        await sleep(delay);
      }
    }
  }

  private async connectOnce(): Promise<void> {
    const cfg = this.opts.imap;
    const client = createImapClient(cfg);
    client.on('error', (err: Error) => this.log.warn('imap error', { err }));
    client.on('close', () => {
      if (this.client !== client) return;
      this.client = null;
      if (this.stopping) return;
      this.log.warn('imap connection closed, reconnecting');
      this.opts.onImapState?.('connection closed, reconnecting');
      this.connected = this.connectLoop();
    });
    client.on('exists', () => this.requestSweep(false));
    await client.connect();
    await ensureMailboxes(client, [cfg.processedMailbox, cfg.failedMailbox, cfg.sentMailbox]);
    const box = await client.mailboxOpen(cfg.mailbox);
    const validity = String(box.uidValidity);
    if (this.uidValidity !== validity) this.known.clear();
    this.uidValidity = validity;
    this.client = client;
    this.opts.onImapState?.(null);
    this.log.info('imap connected', { mailbox: cfg.mailbox, uidValidity: validity, exists: box.exists });
    this.requestSweep(true);
  }

  /** Coalesces sweep requests: one runs at a time, and a request during a run schedules exactly one more. */
  requestSweep(full: boolean): void {
    if (full) this.known.clear();
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweeping = (async () => {
      do {
        this.sweepAgain = false;
        try {
          await this.sweep();
        } catch (err) {
          this.log.warn('sweep failed', { err });
        }
      } while (this.sweepAgain && !this.stopping);
    })().finally(() => {
      this.sweeping = null;
    });
  }

  /** Resolves when the current sweep (if any) is done; used by tests and shutdown. */
  async idle(): Promise<void> {
    while (this.sweeping) await this.sweeping;
  }

  private async sweep(): Promise<void> {
    const client = this.client;
    if (!client || this.stopping) return;
    const mailbox = this.opts.imap.mailbox;
    const lock = await client.getMailboxLock(mailbox);
    try {
      const all = (await client.search({ all: true }, { uid: true })) || [];
      const unseen = all.filter((uid) => !this.known.has(uid));
      if (unseen.length === 0) return;
      const toFetch: number[] = [];
      for (const uid of unseen) {
        const origin = this.originFor(uid);
        const state = await this.opts.queues.inbound.getJobState(inboundJobId(origin, ''));
        if (state === 'unknown') toFetch.push(uid);
        else {
          this.known.add(uid);
          await this.reconcile(origin, state);
        }
      }
      if (toFetch.length > 0) await this.fetchAndEnqueue(client, toFetch);
    } finally {
      lock.release();
    }
  }

  private originFor(uid: number): MailOrigin & { kind: 'imap' } {
    return { kind: 'imap', mailbox: this.opts.imap.mailbox, uidValidity: this.uidValidity ?? '0', uid };
  }

  private async fetchAndEnqueue(client: ImapFlow, uids: number[]): Promise<void> {
    const sizes = await client.fetchAll(uids.join(','), { uid: true, size: true }, { uid: true });
    const normal: { uid: number; size: number }[] = [];
    for (const m of sizes) {
      const size = m.size ?? 0;
      if (size > this.opts.maxMailBytes) {
        // Never pulled into memory whole: the head is enough to record it and answer.
        const [head] = await client.fetchAll(String(m.uid), { uid: true, source: { start: 0, maxLength: OVERSIZE_HEAD_BYTES }, internalDate: true }, { uid: true });
        if (head?.source) await this.enqueue(m.uid, head.source, size, true, head.internalDate);
      } else normal.push({ uid: m.uid, size });
    }
    for (const batch of batchesBySize(normal, FETCH_BATCH_BYTES)) {
      const msgs = await client.fetchAll(batch.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
      for (const m of msgs) {
        if (m.source) await this.enqueue(m.uid, m.source, m.source.length, false, m.internalDate);
      }
    }
  }

  private async enqueue(uid: number, raw: Buffer, size: number, oversize: boolean, internalDate: Date | string | undefined): Promise<void> {
    const origin = this.originFor(uid);
    const jobId = inboundJobId(origin, '');
    const rawKey = appKey(this.opts.queuePrefix, 'raw', jobId);
    // Raw bytes first, then the job: a crash in between leaves only a key the next attempt overwrites.
    if (this.opts.rawRetentionMs) await this.opts.redis.set(rawKey, raw, 'PX', this.opts.rawRetentionMs);
    else await this.opts.redis.set(rawKey, raw);
    const receivedAt = internalDate ? new Date(internalDate) : new Date();
    const data: InboundJobData = {
      origin,
      rawKey,
      size,
      oversize,
      receivedAt: Number.isNaN(receivedAt.getTime()) ? new Date().toISOString() : receivedAt.toISOString(),
    };
    await this.opts.queues.inbound.add('mail', data, inboundJobOptions(jobId, this.opts.jobAttempts));
    this.known.add(uid);
    this.log.info('mail enqueued', { jobId, messageId: headerMessageId(raw), size, oversize });
  }

  /**
   * Catches what an event handler could have missed in a crash: a mail whose
   * processing failed for good, or whose reply could not be sent, goes to FAILED_MAILBOX.
   */
  private async reconcile(origin: MailOrigin & { kind: 'imap' }, state: string): Promise<void> {
    const jobId = inboundJobId(origin, '');
    const job = await this.opts.queues.inbound.getJob(jobId);
    if (!job) return;
    if (state === 'failed') {
      await enqueueFinalizeFailure(this.opts.queues, job.data, `processing failed: ${job.failedReason ?? 'unknown error'}`, null);
      return;
    }
    if (state === 'completed') {
      const next = (job.returnvalue ?? {}) as { outboundJobId?: string; finalized?: boolean };
      if (next.outboundJobId) {
        const outState = await this.opts.queues.outbound.getJobState(next.outboundJobId);
        if (outState === 'failed') {
          const out = await this.opts.queues.outbound.getJob(next.outboundJobId);
          // With the Message-ID, so `intake failed retry MESSAGE-ID` can find it.
          await enqueueFinalizeFailure(this.opts.queues, job.data, `reply could not be sent: ${out?.failedReason ?? 'unknown error'}`, out?.data.inboundMessageId ?? null);
        }
      }
    }
  }

  /** Appends the reply copy to Sent, records failures, and moves the inbound mail out of the inbox. */
  private async finalize(job: Job<FinalizeJobData>): Promise<void> {
    const d = job.data;
    const redis = this.opts.redis;
    const client = this.client;
    const cfg = this.opts.imap;
    // Replayed mail too: its reply's copy in Sent is what `intake reindex` rebuilds from.
    if (d.replyRaw && d.messageId) {
      if (!client) throw new Error('IMAP not connected');
      const copyKey = appKey(this.opts.queuePrefix, 'sentcopy', job.id ?? d.messageId);
      if (!(await redis.exists(copyKey))) {
        await client.append(cfg.sentMailbox, Buffer.from(d.replyRaw, 'base64'), ['\\Seen']);
        await redis.set(copyKey, '1', 'EX', 30 * 24 * 3600);
      }
    }
    if (d.origin.kind === 'imap') {
      if (!client) throw new Error('IMAP not connected');
      if (d.target === 'failed') {
        await recordFailure(redis, this.opts.queuePrefix, { messageId: d.messageId, reason: d.reason ?? 'unknown', origin: d.origin });
      }
      const dest = d.target === 'failed' ? cfg.failedMailbox : cfg.processedMailbox;
      await this.moveOut(client, d.origin, d.messageId, dest);
    } else if (d.target === 'failed') {
      await recordFailure(redis, this.opts.queuePrefix, { messageId: d.messageId, reason: d.reason ?? 'unknown', origin: d.origin });
    }
    await redis.del(d.rawKey);
  }

  private async moveOut(client: ImapFlow, origin: MailOrigin & { kind: 'imap' }, messageId: string | null, dest: string): Promise<void> {
    const lock = await client.getMailboxLock(origin.mailbox);
    try {
      const current = client.mailbox && typeof client.mailbox === 'object' ? String(client.mailbox.uidValidity) : null;
      let uids: number[] = [];
      if (current === origin.uidValidity) {
        uids = ((await client.search({ uid: String(origin.uid) }, { uid: true })) || []) as number[];
      } else if (messageId && !messageId.endsWith('@intake.invalid')) {
        // UIDVALIDITY changed under us: find the mail by its Message-ID instead of a stale UID.
        uids = ((await client.search({ header: { 'message-id': messageId } }, { uid: true })) || []) as number[];
      }
      if (uids.length === 0) return; // already moved: moving twice is a no-op
      await client.messageMove(uids.join(','), dest, { uid: true });
      for (const uid of uids) this.known.delete(uid);
      this.log.info('mail moved', { jobId: inboundJobId(origin, ''), messageId, uid: origin.uid, dest });
    } finally {
      lock.release();
    }
  }
}

/** imapflow reports a refused login as authenticationFailed with the server's words in responseText. */
export function describeImapError(err: unknown): string {
  const e = err as { authenticationFailed?: boolean; responseText?: string; message?: string; code?: string };
  if (e?.authenticationFailed) return `login refused: ${e.responseText ?? e.message ?? 'authentication failed'}`;
  return e?.code ? `${e.message ?? String(err)} (${e.code})` : errorMessage(err);
}

export async function enqueueFinalizeFailure(queues: Queues, inbound: InboundJobData, reason: string, messageId: string | null): Promise<void> {
  const data: FinalizeJobData = { origin: inbound.origin, messageId, target: 'failed', reason, replyRaw: null, rawKey: inbound.rawKey };
  await queues.finalize.add('finalize', data, finalizeJobOptions(finalizeJobId(inbound.origin, inbound.rawKey)));
}

function batchesBySize(items: { uid: number; size: number }[], maxBytes: number): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  let bytes = 0;
  for (const it of items) {
    if (cur.length > 0 && (bytes + it.size > maxBytes || cur.length >= 200)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it.uid);
    bytes += it.size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}
