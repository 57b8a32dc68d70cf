import { syntheticMessageId } from '../mail/parse.ts';
import { ITEM_KEYS, type Analysis, type ItemKey, type ItemResult } from '../analysis/types.ts';
import type { InboundMail } from '../mail/types.ts';
import { RETENTION, analysisMarkerKey } from '../store/keys.ts';
import { AnalysisStoppedError, type AnalysisPool } from './analysis-pool.ts';
import type { PipelineDeps } from './deps.ts';
import { HEADER_SCAN_BYTES, MAX_UNFINISHED_STARTS } from '../limits.ts';

/** What the worker knows about one mail before it decides on the ticket and reply. */
export interface ReadMail {
  mail: InboundMail;
  analysis: Analysis;
  /** Set when the mail could not be read automatically (`timeout`, `memory`, `crash`, `interrupted`): analysis is a placeholder. */
  unread: string | null;
}

const MARKER_TTL_SECONDS = RETENTION.analysisMarkerSeconds;
const markerKey = analysisMarkerKey;

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
  const head = raw.subarray(0, HEADER_SCAN_BYTES);
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
