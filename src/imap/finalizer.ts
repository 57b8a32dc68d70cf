import type { Redis } from 'ioredis';
import type { ImapConfig } from '../config/env.ts';
import type { FinalizeJobData, MailOrigin } from '../queue/queues.ts';
import { RETENTION, sentCopyKey } from '../store/keys.ts';
import { recordFailure } from '../queue/failures.ts';
import { IntakeError, errorMessage } from '../util/errors.ts';
import type { Logger } from '../util/logger.ts';
import { createImapClient, ensureMailboxes, type ImapConnector, type ImapSession } from './connect.ts';

export interface FinalizerOptions {
  imap: ImapConfig;
  queuePrefix: string;
  /** How long the failure list is kept after its last record (TICKET_RETENTION_DAYS); kept for ever when absent. */
  failuresRetentionMs?: number;
  redis: Redis;
  logger: Logger;
  /** IMAP connections finalizing side by side; each runs one batch at a time. */
  lanes: number;
  /** Most mails finalized by one batch (one UID MOVE per destination). */
  maxBatch: number;
  /** Told which UIDs left the watched mailbox, so the poller can forget them. */
  onMoved?: (uidValidity: string, uids: number[]) => void;
  /** Opens IMAP sessions; createImapClient unless a test gives an in-memory mailbox. */
  connect?: ImapConnector;
}

/** One finalize job: its BullMQ id (the Sent-copy marker is keyed by it) and its data. */
export interface FinalizeItem {
  jobId: string;
  data: FinalizeJobData;
}

interface Pending {
  item: FinalizeItem;
  resolve: () => void;
  reject: (err: unknown) => void;
}

type ImapOrigin = MailOrigin & { kind: 'imap' };

const SENT_COPY_MARKER_SECONDS = RETENTION.sentCopyMarkerSeconds;

/**
 * The finalize step on IMAP connections of its own, so that the watching session
 * never stops idling to append or move: appends each reply copy to SENT_MAILBOX,
 * records failures, then moves the finished mails out of the inbox with one
 * UID MOVE per destination for the whole batch.
 *
 * Finalize jobs arriving while a batch runs wait and form the next batch; with
 * several lanes, batches run side by side. A batch that fails is retried mail by
 * mail, so one mail the server refuses does not hold back the others.
 * The order per mail is the one the guarantees rest on: the reply copy is in
 * Sent before the inbound mail leaves the inbox, and the raw bytes go last.
 */
export class MailboxFinalizer {
  private readonly pending: Pending[] = [];
  private readonly lanes: FinalizeLane[];
  private stopping = false;

  constructor(private readonly opts: FinalizerOptions) {
    const log = opts.logger.child({ component: 'finalizer' });
    this.lanes = Array.from({ length: Math.max(1, opts.lanes) }, (_, i) => new FinalizeLane(opts, log.child({ lane: i })));
  }

  /** Resolves once this mail is finalized; rejects (for the job to be retried) when it could not be. */
  submit(item: FinalizeItem): Promise<void> {
    if (this.stopping) return Promise.reject(new IntakeError('FINALIZER_STOPPED', 'finalizer is stopping'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Connection state of each lane, for health reporting. */
  status(): { connected: number; lanes: number; lastError: string | null } {
    const errors = this.lanes.map((l) => l.lastError).filter((e): e is string => e !== null);
    return { connected: this.lanes.filter((l) => l.connected).length, lanes: this.lanes.length, lastError: errors[0] ?? null };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const p of this.pending.splice(0)) p.reject(new IntakeError('FINALIZER_STOPPED', 'finalizer is stopping'));
    await Promise.all(this.lanes.map((l) => l.close()));
  }

  private pump(): void {
    for (const lane of this.lanes) {
      if (this.pending.length === 0) return;
      if (lane.busy) continue;
      // Taken on the next turn of the event loop, so jobs that completed together share a batch.
      lane.busy = true;
      setImmediate(() => {
        const batch = this.pending.splice(0, this.opts.maxBatch);
        if (batch.length === 0) {
          lane.busy = false;
          return;
        }
        lane
          .runSettled(batch)
          .finally(() => {
            lane.busy = false;
            this.pump();
          })
          .catch(() => undefined);
      });
    }
  }
}

class FinalizeLane {
  busy = false;
  lastError: string | null = null;
  private client: ImapSession | null = null;
  private connecting: Promise<ImapSession> | null = null;
  private closed = false;

  constructor(
    private readonly opts: FinalizerOptions,
    private readonly log: Logger,
  ) {}

  get connected(): boolean {
    return this.client?.usable === true;
  }

  /** Runs the batch; if it fails as a whole, each mail again on its own. Settles every promise. */
  async runSettled(batch: Pending[]): Promise<void> {
    try {
      await this.run(batch.map((p) => p.item));
      for (const p of batch) p.resolve();
      return;
    } catch (err) {
      // A lost connection fails every mail alike: retrying each would only reconnect N times.
      if (batch.length === 1 || !this.connected) {
        for (const p of batch) p.reject(err);
        return;
      }
      this.log.warn('finalize batch failed, retrying mail by mail', { size: batch.length, err: errorMessage(err) });
    }
    for (const p of batch) {
      try {
        await this.run([p.item]);
        p.resolve();
      } catch (err) {
        p.reject(err);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }

  private async run(items: FinalizeItem[]): Promise<void> {
    const { redis, queuePrefix } = this.opts;
    const imapItems = items.filter((i): i is FinalizeItem & { data: { origin: ImapOrigin } } => i.data.origin.kind === 'imap');
    // Replayed mail too: its reply's copy in Sent is what `intake reindex` rebuilds from.
    if (imapItems.length > 0 || items.some((i) => i.data.replyRaw && i.data.messageId)) {
      const client = await this.connection();
      await this.appendSentCopies(client, items);
    }
    const failures = items.filter((i) => i.data.target === 'failed');
    for (const { data } of failures) {
      await recordFailure(redis, queuePrefix, { messageId: data.messageId, reason: data.reason ?? 'unknown', origin: data.origin }, this.opts.failuresRetentionMs);
    }
    if (imapItems.length > 0) await this.moveOut(await this.connection(), imapItems);
    const del = redis.pipeline();
    for (const { data } of items) del.del(data.rawKey);
    await execPipeline(del);
  }

  /** A copy of each reply in SENT_MAILBOX, once: a marker per job says it is there already. */
  private async appendSentCopies(client: ImapSession, items: FinalizeItem[]): Promise<void> {
    const { redis, queuePrefix, imap } = this.opts;
    const withCopy = items.filter((i) => i.data.replyRaw && i.data.messageId);
    if (withCopy.length === 0) return;
    const keys = withCopy.map((i) => sentCopyKey(queuePrefix, i.jobId));
    const check = redis.pipeline();
    for (const k of keys) check.exists(k);
    const present = (await execPipeline(check)) as number[];
    // Each marker goes out right after its APPEND (awaited together at the end), so a crash
    // mid-batch leaves at most the one copy being appended to be appended again.
    const marked: Promise<unknown>[] = [];
    try {
      for (const [n, item] of withCopy.entries()) {
        if (present[n] === 1) continue;
        const res = await client.append(imap.sentMailbox, Buffer.from(item.data.replyRaw!, 'base64'), ['\\Seen']);
        if (res === false) throw new IntakeError('IMAP_APPEND_FAILED', `could not append the reply copy to ${imap.sentMailbox}`, { jobId: item.jobId });
        marked.push(redis.set(keys[n]!, '1', 'EX', SENT_COPY_MARKER_SECONDS));
      }
    } finally {
      await Promise.allSettled(marked);
    }
    await Promise.all(marked);
  }

  /**
   * One UID MOVE per (mailbox, destination) for mails whose UIDVALIDITY still holds; a UID
   * already moved is simply not found (moving twice is a no-op). After a UIDVALIDITY
   * change, each mail is found by its Message-ID instead of a stale UID.
   */
  private async moveOut(client: ImapSession, items: (FinalizeItem & { data: { origin: ImapOrigin } })[]): Promise<void> {
    const cfg = this.opts.imap;
    const byMailbox = new Map<string, typeof items>();
    for (const it of items) {
      const list = byMailbox.get(it.data.origin.mailbox) ?? [];
      list.push(it);
      byMailbox.set(it.data.origin.mailbox, list);
    }
    for (const [mailbox, list] of byMailbox) {
      const lock = await client.getMailboxLock(mailbox);
      try {
        // This session did not fetch these mails: Dovecot shows a session new mail only when it
        // syncs, and a UID MOVE of a UID the session has not seen yet moves nothing ("No messages found").
        await client.noop();
        const current = client.mailbox && typeof client.mailbox === 'object' ? String(client.mailbox.uidValidity) : null;
        for (const target of ['processed', 'failed'] as const) {
          const dest = target === 'failed' ? cfg.failedMailbox : cfg.processedMailbox;
          const group = list.filter((i) => i.data.target === target);
          const byUid = group.filter((i) => i.data.origin.uidValidity === current).map((i) => i.data.origin.uid);
          if (byUid.length > 0 && current) {
            const res = await client.messageMove(byUid.join(','), dest, { uid: true });
            if (res === false) throw new IntakeError('IMAP_MOVE_FAILED', `could not move mail to ${dest}`, { mailbox, uids: byUid.length });
            this.opts.onMoved?.(current, byUid);
            const moved = group.filter((i) => i.data.origin.uidValidity === current);
            this.log.info('mail moved', {
              dest,
              count: byUid.length,
              uids: compactUids(byUid),
              jobIds: moved.map((i) => i.jobId),
              messageIds: moved.map((i) => i.data.messageId),
            });
          }
          for (const it of group.filter((i) => i.data.origin.uidValidity !== current)) {
            const id = it.data.messageId;
            if (!id || id.endsWith('@intake.invalid')) continue;
            const uids = ((await client.search({ header: { 'message-id': id } }, { uid: true })) || []) as number[];
            if (uids.length === 0) continue;
            const res = await client.messageMove(uids.join(','), dest, { uid: true });
            if (res === false) throw new IntakeError('IMAP_MOVE_FAILED', `could not move mail to ${dest}`, { mailbox, messageId: id });
            this.log.info('mail moved', { dest, count: uids.length, jobId: it.jobId, messageId: id });
          }
        }
      } finally {
        lock.release();
      }
    }
  }

  private async connection(): Promise<ImapSession> {
    if (this.client?.usable) return this.client;
    if (this.closed) throw new IntakeError('FINALIZER_STOPPED', 'finalizer is stopping');
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<ImapSession> {
    const cfg = this.opts.imap;
    const client = (this.opts.connect ?? createImapClient)(cfg);
    client.on('error', (err: Error) => {
      this.lastError = errorMessage(err);
      this.log.warn('imap error', { err });
    });
    client.on('close', () => {
      if (this.client === client) this.client = null;
    });
    try {
      await client.connect();
      await ensureMailboxes(client, [cfg.processedMailbox, cfg.failedMailbox, cfg.sentMailbox]);
    } catch (err) {
      this.lastError = errorMessage(err);
      client.close();
      throw new IntakeError('IMAP_CONNECT_FAILED', `finalize connection failed: ${errorMessage(err)}`, { host: cfg.host }, { cause: err });
    }
    if (this.closed) {
      await client.logout().catch(() => client.close());
      throw new IntakeError('FINALIZER_STOPPED', 'finalizer is stopping');
    }
    this.lastError = null;
    this.client = client;
    return client;
  }
}

/** Runs an ioredis pipeline; the first command error rejects it. */
async function execPipeline(p: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const res = (await p.exec()) ?? [];
  const out: unknown[] = [];
  for (const [err, value] of res) {
    if (err) throw err;
    out.push(value);
  }
  return out;
}

/** "3:7,9" for logs: a batch of 200 UIDs stays one short field. */
function compactUids(uids: number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
