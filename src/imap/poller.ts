import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ImapConfig } from '../config/env.ts';
import { QUEUE, RETENTION, bullPrefix, finalizeJobId, inboundJobId, partialRawKey, rawKey as rawKeyOf } from '../store/keys.ts';
import {
  WORKER_LOCKS,
  cappedBackoff,
  finalizeJobOptions,
  inboundJobOptions,
  type FinalizeJobData,
  type InboundJobData,
  type MailOrigin,
  type Queues,
} from '../queue/queues.ts';
import { createImapClient, ensureMailboxes, type ImapConnector, type ImapSession } from './connect.ts';
import { MailboxFinalizer } from './finalizer.ts';
import type { Logger } from '../util/logger.ts';
import { errorMessage } from '../util/errors.ts';
import { describeImapError } from './imap-errors.ts';
import { headerMessageId } from '../mail/header-id.ts';
import { FETCH_BATCH_BYTES, FETCH_BATCH_MAILS, FETCH_IN_PIECES_BYTES, FETCH_PIECE_BYTES, OVERSIZE_HEAD_BYTES } from '../limits.ts';

export interface PollerOptions {
  imap: ImapConfig;
  queuePrefix: string;
  maxMailBytes: number;
  jobAttempts: number;
  /** How long the raw bytes of a queued mail may wait in Redis (RAW_RETENTION_DAYS); the mailbox keeps the mail. */
  rawRetentionMs?: number;
  /** How long the failure list is kept after its last record (TICKET_RETENTION_DAYS). */
  failuresRetentionMs?: number;
  redis: Redis;
  bullConnection: ConnectionOptions;
  queues: Queues;
  logger: Logger;
  /** Opens IMAP sessions (watching and finalize); createImapClient unless a test gives an in-memory mailbox. */
  connect?: ImapConnector;
}

/**
 * Quiet time before the watching session idles again. imapflow's default (15 s) left
 * the poller deaf to new mail for that long after every sweep; this session runs
 * nothing but sweeps (finalize has connections of its own), so IDLE can resume at once.
 */
const WATCH_IDLE_DELAY_MS = 20;
/** IMAP connections for finalize, and the most mails one finalize batch moves. */
const FINALIZE_LANES = 2;
const FINALIZE_MAX_BATCH = 100;
/** Finalize jobs held at once: enough to fill every lane's next batch. */
const FINALIZE_CONCURRENCY = FINALIZE_LANES * FINALIZE_MAX_BATCH;
/** Redis requests in flight at once while a sweep looks up job states. */
const STATE_LOOKUP_CHUNK = 200;

/** What a readiness probe needs to know about the IMAP side. */
export interface PollerHealth {
  /** The watching session: connecting (first attempt), connected, reconnecting after a drop, or stopped. */
  state: 'connecting' | 'connected' | 'reconnecting' | 'stopped';
  /** When `state` last changed. */
  since: Date;
  /** The last connection or sweep error, cleared by a successful connect. */
  lastError: string | null;
  /** Finalize connections (opened on first use) that are up, of how many. */
  finalize: { connected: number; lanes: number; lastError: string | null };
}

/**
 * Watches IMAP_MAILBOX on one session (IDLE, with a polling sweep as fallback and
 * safety net) and enqueues every message once; finished mail leaves the inbox
 * through the finalize queue, on connections of its own (MailboxFinalizer).
 *
 * Emits 'health' (PollerHealth) whenever the watching session's state changes.
 */
export class MailboxPoller extends EventEmitter {
  private client: ImapSession | null = null;
  private uidValidity: string | null = null;
  private stopping = false;
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  /** UIDs known to be in the pipeline for the current UIDVALIDITY; cleared by each full reconcile. */
  private known = new Set<number>();
  private finalizeWorker: Worker<FinalizeJobData> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private connected: Promise<void> | null = null;
  private finalizer: MailboxFinalizer | null = null;
  /** Bumped by every start and stop, so a connect loop of an earlier run ends instead of racing the new one. */
  private generation = 0;
  private readonly log: Logger;
  private healthState: Omit<PollerHealth, 'finalize'> = { state: 'connecting', since: new Date(), lastError: null };

  constructor(private readonly opts: PollerOptions) {
    super();
    this.log = opts.logger.child({ component: 'poller' });
  }

  /** The IMAP side as a readiness probe sees it. */
  health(): PollerHealth {
    return { ...this.healthState, finalize: this.finalizer?.status() ?? { connected: 0, lanes: FINALIZE_LANES, lastError: null } };
  }

  private setHealth(state: PollerHealth['state'], lastError: string | null = this.healthState.lastError): void {
    const changed = state !== this.healthState.state || lastError !== this.healthState.lastError;
    this.healthState = { state, since: state !== this.healthState.state ? new Date() : this.healthState.since, lastError };
    if (changed) this.emit('health', this.health());
  }

  /** Starts watching and finalizing; after stop() it may be started again (e.g. when a lease comes back). */
  async start(): Promise<void> {
    const gen = ++this.generation;
    this.stopping = false;
    this.setHealth('connecting');
    const finalizer = new MailboxFinalizer({
      imap: this.opts.imap,
      queuePrefix: this.opts.queuePrefix,
      failuresRetentionMs: this.opts.failuresRetentionMs,
      redis: this.opts.redis,
      logger: this.opts.logger,
      lanes: FINALIZE_LANES,
      connect: this.opts.connect,
      maxBatch: FINALIZE_MAX_BATCH,
      onMoved: (uidValidity, uids) => {
        if (uidValidity !== this.uidValidity) return;
        for (const uid of uids) this.known.delete(uid);
      },
    });
    this.finalizer = finalizer;
    this.connected = this.connectLoop(gen);
    this.finalizeWorker = new Worker<FinalizeJobData>(QUEUE.finalize, (job) => finalizer.submit({ jobId: job.id ?? job.name, data: job.data }), {
      connection: this.opts.bullConnection,
      prefix: bullPrefix(this.opts.queuePrefix),
      concurrency: FINALIZE_CONCURRENCY,
      ...WORKER_LOCKS,
      settings: { backoffStrategy: cappedBackoff },
    });
    this.finalizeWorker.on('error', (err) => this.log.warn('finalize worker error', { err }));
    this.timer = setInterval(() => this.requestSweep(true), this.opts.imap.pollSeconds * 1000);
    await this.connected;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.generation++;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.finalizeWorker?.close();
    this.finalizeWorker = null;
    await this.finalizer?.stop();
    await this.sweeping?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
    this.setHealth('stopped');
  }

  /** Connects, and reconnects after any drop, with exponential backoff capped at 30 s. */
  private async connectLoop(gen: number): Promise<void> {
    let attempt = 0;
    for (;;) {
      if (!this.live(gen)) return;
      try {
        await this.connectOnce(gen);
        attempt = 0;
        return;
      } catch (err) {
        attempt += 1;
        this.setHealth(this.healthState.state === 'connecting' ? 'connecting' : 'reconnecting', describeImapError(err));
        const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
        this.log.warn('imap connect failed, retrying', { err, attempt, delayMs: delay });
        await sleep(delay);
      }
    }
  }

  private live(gen: number): boolean {
    return !this.stopping && gen === this.generation;
  }

  private async connectOnce(gen: number): Promise<void> {
    const cfg = this.opts.imap;
    const client = (this.opts.connect ?? createImapClient)(cfg, { autoIdleDelayMs: WATCH_IDLE_DELAY_MS });
    client.on('error', (err: Error) => {
      this.log.warn('imap error', { err });
      this.setHealth(this.healthState.state, errorMessage(err));
    });
    client.on('close', () => {
      if (this.client !== client) return;
      this.client = null;
      if (!this.live(gen)) return;
      this.log.warn('imap connection closed, reconnecting');
      this.setHealth('reconnecting');
      this.connected = this.connectLoop(gen);
    });
    client.on('exists', () => this.requestSweep(false));
    await client.connect();
    await ensureMailboxes(client, [cfg.processedMailbox, cfg.failedMailbox, cfg.sentMailbox]);
    const box = await client.mailboxOpen(cfg.mailbox);
    const validity = String(box.uidValidity);
    if (this.uidValidity !== validity) this.known.clear();
    this.uidValidity = validity;
    if (!this.live(gen)) {
      await client.logout().catch(() => client.close());
      return;
    }
    this.client = client;
    this.setHealth('connected', null);
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
          this.log.warn('sweep failed', { err: errorMessage(err) });
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
      for (let i = 0; i < unseen.length; i += STATE_LOOKUP_CHUNK) {
        const chunk = unseen.slice(i, i + STATE_LOOKUP_CHUNK);
        // Sent together: ioredis writes them back to back, so a backlog costs a few round trips, not one per mail.
        const states = await Promise.all(chunk.map((uid) => this.opts.queues.inbound.getJobState(inboundJobId(this.originFor(uid), ''))));
        for (const [n, uid] of chunk.entries()) {
          const state = states[n]!;
          if (state === 'unknown') toFetch.push(uid);
          else {
            this.known.add(uid);
            await this.reconcile(this.originFor(uid), state);
          }
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

  private async fetchAndEnqueue(client: ImapSession, uids: number[]): Promise<void> {
    const sizes = await client.fetchAll(uids.join(','), { uid: true, size: true }, { uid: true });
    const normal: { uid: number; size: number }[] = [];
    for (const m of sizes) {
      const size = m.size ?? 0;
      if (size > this.opts.maxMailBytes) {
        // Never pulled into memory whole: the head is enough to record it and answer.
        const [head] = await client.fetchAll(String(m.uid), { uid: true, source: { start: 0, maxLength: OVERSIZE_HEAD_BYTES }, internalDate: true }, { uid: true });
        if (head?.source) await this.enqueue([{ uid: m.uid, raw: head.source, size, oversize: true, internalDate: head.internalDate }]);
      } else normal.push({ uid: m.uid, size });
    }
    // In mailbox order: runs of ordinary mail in batches, each big one in pieces.
    let run: { uid: number; size: number }[] = [];
    for (const m of [...normal, null]) {
      if (m && m.size <= FETCH_IN_PIECES_BYTES) {
        run.push(m);
        continue;
      }
      for (const batch of batchesBySize(run, FETCH_BATCH_BYTES, FETCH_BATCH_MAILS)) await this.fetchBatch(client, batch);
      run = [];
      if (m) await this.fetchInPieces(client, m.uid, m.size);
    }
  }

  private async fetchBatch(client: ImapSession, uids: number[]): Promise<void> {
    const msgs = await client.fetchAll(uids.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
    const fetched: FetchedMail[] = [];
    for (const m of msgs) {
      if (m.source) fetched.push({ uid: m.uid, raw: m.source, size: m.source.length, oversize: false, internalDate: m.internalDate });
    }
    await this.enqueue(fetched);
  }

  /**
   * A big mail goes from IMAP to Redis in pieces (partial FETCH, then SET and APPEND), so the
   * poller never holds it whole: imapflow joins a literal's chunks, and a 20 MB FETCH cost
   * 40 MB at its peak. Written under a key of its own and renamed when whole, so the raw key
   * only ever holds a complete mail; then enqueued like any other.
   */
  private async fetchInPieces(client: ImapSession, uid: number, expectedSize: number): Promise<void> {
    const rawKey = this.rawKeyFor(uid);
    const partialKey = partialRawKey(this.opts.queuePrefix, inboundJobId(this.originFor(uid), ''));
    let head: Buffer | null = null;
    let internalDate: Date | string | undefined;
    let size = 0;
    // Never asks past the size the server reported, so the last piece is never an empty range.
    while (size < expectedSize) {
      const want = Math.min(FETCH_PIECE_BYTES, expectedSize - size);
      const [piece] = await client.fetchAll(String(uid), { uid: true, source: { start: size, maxLength: want }, internalDate: true }, { uid: true });
      if (!piece) {
        // Expunged or moved meanwhile: nothing to take (the next sweep no longer sees it).
        await this.opts.redis.del(partialKey);
        return;
      }
      const bytes = piece.source ?? Buffer.alloc(0);
      if (size === 0) {
        internalDate = piece.internalDate;
        head = bytes.subarray(0, Math.min(bytes.length, OVERSIZE_HEAD_BYTES));
        // The retention applies from the first piece, so a poller that dies mid-mail leaves nothing for good.
        await this.opts.redis.set(partialKey, bytes, 'PX', this.opts.rawRetentionMs || RETENTION.partialRawMs);
      } else if (bytes.length > 0) await this.opts.redis.append(partialKey, bytes);
      size += bytes.length;
      if (bytes.length < want) break;
    }
    // RENAME keeps the key's expiry; without a retention setting the raw mail is kept like any other.
    if (this.opts.rawRetentionMs) await this.opts.redis.rename(partialKey, rawKey);
    else await this.opts.redis.multi().rename(partialKey, rawKey).persist(rawKey).exec();
    await this.enqueue([{ uid, raw: head!, size, oversize: false, internalDate, stored: true }]);
  }

  private rawKeyFor(uid: number): string {
    return rawKeyOf(this.opts.queuePrefix, inboundJobId(this.originFor(uid), ''));
  }

  /** One Redis round trip for the raw bytes of a whole batch, then one for its jobs. */
  private async enqueue(mails: FetchedMail[]): Promise<void> {
    if (mails.length === 0) return;
    const jobs: { name: string; data: InboundJobData; opts: ReturnType<typeof inboundJobOptions> }[] = [];
    const raws = this.opts.redis.pipeline();
    for (const m of mails) {
      const origin = this.originFor(m.uid);
      const jobId = inboundJobId(origin, '');
      const rawKey = this.rawKeyFor(m.uid);
      // A big mail's bytes are there already (fetchInPieces).
      if (!m.stored) {
        if (this.opts.rawRetentionMs) raws.set(rawKey, m.raw, 'PX', this.opts.rawRetentionMs);
        else raws.set(rawKey, m.raw);
      }
      const receivedAt = m.internalDate ? new Date(m.internalDate) : new Date();
      const data: InboundJobData = {
        origin,
        rawKey,
        size: m.size,
        oversize: m.oversize,
        receivedAt: Number.isNaN(receivedAt.getTime()) ? new Date().toISOString() : receivedAt.toISOString(),
      };
      jobs.push({ name: 'mail', data, opts: inboundJobOptions(jobId, this.opts.jobAttempts) });
    }
    // Raw bytes first, then the jobs: a crash in between leaves only keys the next attempt overwrites.
    for (const [err] of (await raws.exec()) ?? []) if (err) throw err;
    await this.opts.queues.inbound.addBulk(jobs);
    for (const m of mails) this.known.add(m.uid);
    for (const [n, j] of jobs.entries()) {
      this.log.info('mail enqueued', { jobId: j.opts.jobId, messageId: headerMessageId(mails[n]!.raw), size: j.data.size, oversize: j.data.oversize });
    }
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
}

export async function enqueueFinalizeFailure(queues: Queues, inbound: InboundJobData, reason: string, messageId: string | null): Promise<void> {
  const data: FinalizeJobData = { origin: inbound.origin, messageId, target: 'failed', reason, replyRaw: null, rawKey: inbound.rawKey };
  await queues.finalize.add('finalize', data, finalizeJobOptions(finalizeJobId(inbound.origin, inbound.rawKey)));
}

interface FetchedMail {
  uid: number;
  raw: Buffer;
  size: number;
  oversize: boolean;
  internalDate: Date | string | undefined;
  /** Already in Redis (a big mail fetched in pieces); `raw` is then only its head. */
  stored?: boolean;
}

function batchesBySize(items: { uid: number; size: number }[], maxBytes: number, maxMails: number): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  let bytes = 0;
  for (const it of items) {
    if (cur.length > 0 && (bytes + it.size > maxBytes || cur.length >= maxMails)) {
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
