import { blankMail, syntheticMessageId } from '../mail/parse.ts';
import { ITEM_KEYS, type Analysis, type ItemKey, type ItemResult } from '../analysis/types.ts';
import type { Redis } from 'ioredis';
import type { InboundMail } from '../mail/types.ts';
import { RETENTION, analysisMarkerKey } from '../store/keys.ts';
import { HEADER_SCAN_BYTES, IN_FLIGHT_MAIL_BYTES, MAX_UNFINISHED_STARTS, RAW_PIECE_BYTES, RAW_READ_PIECE_BYTES } from '../limits.ts';
import { AnalysisStoppedError } from './analysis-pool.ts';
import type { PipelineDeps } from './deps.ts';
import type { AnalysisStops, MailReader } from './prepare.ts';

const MARKER_TTL_SECONDS = RETENTION.analysisMarkerSeconds;
const markerKey = analysisMarkerKey;

/**
 * Shared memory for big raw mails, used again from mail to mail. A SharedArrayBuffer is freed
 * only once every isolate that saw it (the worker's and the analysis thread's) has collected its
 * handle, and neither collects for a buffer it did not allocate on its own heap: five 20 MB mails
 * left 95 MB of them behind (scripts/bench-pipeline.ts, --heap-trace). Free slabs are kept up to
 * IN_FLIGHT_MAIL_BYTES in all (the intake worker never has more big mail in flight), or the one
 * largest when a single mail is bigger; the rest are left to the collector.
 */
class RawSlabs {
  private readonly free: SharedArrayBuffer[] = [];

  constructor(private readonly keepBytes: number) {}

  take(size: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const cap = this.free[i]!.byteLength;
      if (cap >= size && (best < 0 || cap < this.free[best]!.byteLength)) best = i;
    }
    // Capacity in whole pieces, so mails of about the same size share a slab.
    const slab = best >= 0 ? this.free.splice(best, 1)[0]! : new SharedArrayBuffer(Math.ceil(size / RAW_PIECE_BYTES) * RAW_PIECE_BYTES);
    return Buffer.from(slab, 0, size);
  }

  give(raw: Buffer): void {
    this.free.push(raw.buffer as SharedArrayBuffer);
    this.free.sort((a, b) => a.byteLength - b.byteLength);
    let total = this.free.reduce((n, b) => n + b.byteLength, 0);
    while (this.free.length > 1 && total > this.keepBytes) total -= this.free.shift()!.byteLength;
  }
}

const slabs = new RawSlabs(IN_FLIGHT_MAIL_BYTES);

/**
 * Runs `use` on the raw bytes of a stored mail; null when the key is gone. A big mail is read
 * with GETRANGE piece by piece into shared memory (RawSlabs): GET would hold the reply twice
 * while the Redis client joins its chunks, and posting an ordinary Buffer to the analysis thread
 * copies it twice more (serialised, then deserialised there); shared memory is handed over
 * without a copy, so one 20 MB mail costs the process 20 MB of raw bytes, not 60-80 MB. The
 * bytes are valid only until `use` settles: the slab then serves the next big mail (`use` must
 * keep no view of them; what it abandons, such as a parse stopped for its time limit, may read
 * another mail's bytes and is ignored anyway).
 */
export async function withRaw<T>(redis: Redis, rawKey: string, sizeHint: number, use: (raw: Buffer) => Promise<T>): Promise<T | null> {
  // Ordinary mail (the size the poller saw is small) costs one round trip, as before.
  if (sizeHint <= RAW_PIECE_BYTES) return useIfFound(await redis.getBuffer(rawKey), use);
  const size = await redis.strlen(rawKey);
  if (size === 0) return null;
  if (size <= RAW_PIECE_BYTES) return useIfFound(await redis.getBuffer(rawKey), use);
  const raw = slabs.take(size);
  try {
    for (let at = 0; at < size; at += RAW_READ_PIECE_BYTES) {
      const piece = await redis.getrangeBuffer(rawKey, at, Math.min(size, at + RAW_READ_PIECE_BYTES) - 1);
      // The key is written once and only ever deleted: a short piece means it went away meanwhile.
      if (piece.length !== Math.min(RAW_READ_PIECE_BYTES, size - at)) return null;
      piece.copy(raw, at);
    }
    return await use(raw);
  } finally {
    slabs.give(raw);
  }
}

function useIfFound<T>(raw: Buffer | null, use: (raw: Buffer) => Promise<T>): Promise<T | null> | null {
  return raw ? use(raw) : null;
}

/**
 * The worker's memory of mail that stopped its analysis, in Redis: a mail that hits the time or
 * heap limit is recorded before the fallback is taken, and one started too often without
 * finishing (the process died under it) is not started again.
 */
export function redisAnalysisStops(deps: Pick<PipelineDeps, 'redis' | 'config' | 'logger'>, rawKey: string): AnalysisStops {
  const { redis, config } = deps;
  const key = markerKey(config.queuePrefix, rawKey);
  return {
    async begin() {
      const marker = await redis.hgetall(key);
      const stopped = marker.stopped ?? (Number(marker.starts ?? 0) >= MAX_UNFINISHED_STARTS ? 'interrupted' : null);
      if (!stopped) await redis.multi().hincrby(key, 'starts', 1).expire(key, MARKER_TTL_SECONDS).exec();
      return stopped;
    },
    async finished() {
      await redis.del(key);
    },
    async stopped(err) {
      await redis.multi().hset(key, 'stopped', err.reason).expire(key, MARKER_TTL_SECONDS).exec();
      deps.logger.warn('mail could not be read automatically', { rawKey, reason: err.reason, op: err.context.op });
    },
  };
}

/** The header block alone, for the reply and the ticket; a mail whose headers cannot be read has no sender (no reply). */
export async function readHeadOnly(raw: Buffer, reader: Pick<MailReader, 'parse'>): Promise<InboundMail> {
  const head = raw.subarray(0, HEADER_SCAN_BYTES);
  const s = head.toString('latin1');
  const end = [s.indexOf('\r\n\r\n'), s.indexOf('\n\n')].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? head.length;
  const headers = Buffer.concat([head.subarray(0, end), Buffer.from('\r\n\r\n')]);
  let mail: InboundMail;
  try {
    mail = await reader.parse(headers);
  } catch (err) {
    if (!(err instanceof AnalysisStoppedError)) throw err;
    mail = blankMail({ rawSize: raw.length, parseWarnings: [`head-unreadable: ${err.reason}`] });
  }
  // The id must not depend on how much of the mail was read: a retry must land on the same ticket.
  if (mail.messageIdSynthetic) mail.messageId = syntheticMessageId(raw);
  return { ...mail, text: '', html: null, attachments: [], rawSize: raw.length, parseWarnings: [...mail.parseWarnings, 'unread'] };
}

/** The analysis of a mail nobody could read: nothing found, nothing asked for; a person reads it. */
export function unreadAnalysis(mail: InboundMail): Analysis {
  const items = {} as Record<ItemKey, ItemResult>;
  for (const k of ITEM_KEYS) items[k] = { present: false, values: [] };
  return {
    language: /[\u3040-\u30ff\u4e00-\u9fff]/.test(mail.subject) ? 'ja' : 'en',
    category: 'error',
    channel: 'unknown',
    items,
    missing: [],
    secrets: [],
    referencedTickets: [],
    mentionsEarlierInquiry: false,
    senderText: '',
  };
}
