import { syntheticMessageId } from '../mail/parse.ts';
import { ITEM_KEYS, type Analysis, type ItemKey, type ItemResult } from '../analysis/types.ts';
import type { Redis } from 'ioredis';
import type { InboundMail } from '../mail/types.ts';
import { RETENTION, analysisMarkerKey } from '../store/keys.ts';
import { HEADER_SCAN_BYTES, MAX_UNFINISHED_STARTS, RAW_PIECE_BYTES } from '../limits.ts';
import { AnalysisStoppedError } from './analysis-pool.ts';
import type { PipelineDeps } from './deps.ts';
import type { AnalysisStops, MailReader } from './prepare.ts';

const MARKER_TTL_SECONDS = RETENTION.analysisMarkerSeconds;
const markerKey = analysisMarkerKey;

/**
 * The raw bytes of a stored mail, or null when the key is gone. A big mail is read with GETRANGE
 * piece by piece into a SharedArrayBuffer: GET would hold the reply twice while the Redis client
 * joins its chunks, and posting an ordinary Buffer to the analysis thread copies it twice more
 * (serialised, then deserialised there); shared memory is handed over without a copy, so one
 * 20 MB mail costs the process 20 MB of raw bytes, not 60-80 MB.
 */
export async function loadRaw(redis: Redis, rawKey: string, sizeHint: number): Promise<Buffer | null> {
  // Ordinary mail (the size the poller saw is small) costs one round trip, as before.
  if (sizeHint <= RAW_PIECE_BYTES) return await redis.getBuffer(rawKey);
  const size = await redis.strlen(rawKey);
  if (size === 0) return null;
  if (size <= RAW_PIECE_BYTES) return await redis.getBuffer(rawKey);
  const raw = Buffer.from(new SharedArrayBuffer(size));
  for (let at = 0; at < size; at += RAW_PIECE_BYTES) {
    const piece = await redis.getrangeBuffer(rawKey, at, Math.min(size, at + RAW_PIECE_BYTES) - 1);
    // The key is written once and only ever deleted: a short piece means it went away meanwhile.
    if (piece.length !== Math.min(RAW_PIECE_BYTES, size - at)) return null;
    piece.copy(raw, at);
  }
  return raw;
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
    mail = { ...blankMail(), rawSize: raw.length, parseWarnings: [`head-unreadable: ${err.reason}`] };
  }
  // The id must not depend on how much of the mail was read: a retry must land on the same ticket.
  if (mail.messageIdSynthetic) mail.messageId = syntheticMessageId(raw);
  return { ...mail, text: '', html: null, attachments: [], rawSize: raw.length, parseWarnings: [...mail.parseWarnings, 'unread'] };
}

function blankMail(): InboundMail {
  return {
    messageId: '',
    messageIdSynthetic: true,
    inReplyTo: [],
    references: [],
    subject: '',
    from: null,
    replyTo: [],
    to: [],
    cc: [],
    date: null,
    headers: new Map(),
    text: '',
    html: null,
    attachments: [],
    rawSize: 0,
    parseWarnings: [],
  };
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
