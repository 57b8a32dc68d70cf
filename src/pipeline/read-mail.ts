import { syntheticMessageId } from '../mail/parse.ts';
import { ITEM_KEYS, type Analysis, type ItemKey, type ItemResult } from '../analysis/types.ts';
import type { Redis } from 'ioredis';
import type { InboundMail } from '../mail/types.ts';
import { appKey, shortHash } from '../queue/queues.ts';
import { AnalysisStoppedError, type AnalysisPool } from './analysis-pool.ts';
import type { PipelineDeps } from './deps.ts';

/** What the worker knows about one mail before it decides on the ticket and reply. */
export interface ReadMail {
  mail: InboundMail;
  analysis: Analysis;
  /** Set when the mail could not be read automatically (`timeout`, `memory`, `crash`, `interrupted`): analysis is a placeholder. */
  unread: string | null;
}

/**
 * A mail whose analysis was started this often without finishing (the process died under it)
 * is not analysed again: it is answered as unread, so a mail that kills the process cannot
 * bring it down on every restart.
 */
const MAX_UNFINISHED_STARTS = 2;
/** The head of a mail read when its whole cannot be: enough for any real header block. */
const MAX_HEAD_BYTES = 64 * 1024;
const MARKER_TTL_SECONDS = 30 * 24 * 3600;

function markerKey(prefix: string, rawKey: string): string {
  return appKey(prefix, 'analysis', shortHash(rawKey));
}

/** Above this size a raw mail is read from Redis in pieces of this size into memory shared with the analysis thread. */
const RAW_PIECE_BYTES = 1024 * 1024;

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
 * Parses and analyses one inbound mail in the analysis pool, within `ANALYSIS_TIMEOUT_MS` for
 * the whole mail. A mail that hits the limit (or the heap limit) is recorded in Redis before
 * the fallback is taken, so a retry or a restart never runs it into the same wall again.
 */
export async function readInbound(raw: Buffer, rawKey: string, deps: PipelineDeps, pool: AnalysisPool): Promise<ReadMail> {
  const { redis, config } = deps;
  const key = markerKey(config.queuePrefix, rawKey);
  const marker = await redis.hgetall(key);
  let stopped: string | null =
    marker.stopped ?? (Number(marker.starts ?? 0) >= MAX_UNFINISHED_STARTS ? 'interrupted' : null);
  if (!stopped) {
    await redis.multi().hincrby(key, 'starts', 1).expire(key, MARKER_TTL_SECONDS).exec();
    const deadline = Date.now() + config.analysis.timeoutMs;
    try {
      const mail = await pool.parse(raw);
      const logos = mail.from ? await deps.tickets.imageHashesFor(mail.from.address) : new Set<string>();
      const analysis = await pool.analyse(mail, logos, Math.max(1, deadline - Date.now()));
      await redis.del(key);
      return { mail, analysis, unread: null };
    } catch (err) {
      if (!(err instanceof AnalysisStoppedError)) throw err;
      stopped = err.reason;
      await redis.multi().hset(key, 'stopped', stopped).expire(key, MARKER_TTL_SECONDS).exec();
      deps.logger.warn('mail could not be read automatically', { rawKey, reason: stopped, op: err.context.op });
    }
  }
  const mail = await readHeadOnly(raw, pool);
  return { mail, analysis: unreadAnalysis(mail), unread: stopped };
}

/** The header block alone, for the reply and the ticket; a mail whose headers cannot be read has no sender (no reply). */
async function readHeadOnly(raw: Buffer, pool: AnalysisPool): Promise<InboundMail> {
  const head = raw.subarray(0, MAX_HEAD_BYTES);
  const s = head.toString('latin1');
  const end = [s.indexOf('\r\n\r\n'), s.indexOf('\n\n')].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? head.length;
  const headers = Buffer.concat([head.subarray(0, end), Buffer.from('\r\n\r\n')]);
  let mail: InboundMail;
  try {
    mail = await pool.parse(headers);
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
