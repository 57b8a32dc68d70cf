import type { Analysis } from '../analysis/types.ts';
import { parseMail } from '../mail/parse.ts';
import type { InboundMail } from '../mail/types.ts';
import { IntakeError } from '../util/errors.ts';
import { parseReplyMessageId } from './reply-id.ts';
import { HEADER_SCAN_BYTES } from '../limits.ts';
import type { IngestDecision, TicketService } from './service.ts';

/** One stored mail, from any of the mailboxes the service files mail into. */
export interface SourceMessage {
  /** The whole mail, or only its header block when `load` is given. */
  raw: Buffer;
  mailbox: string;
  internalDate: Date;
  /** Size on the server; larger than raw.length when only the head of an oversized mail was read. */
  size?: number;
  /** Reads the whole mail when it is replayed, so a large mailbox is never held in memory at once. */
  load?: () => Promise<Buffer>;
}

export interface MailSource {
  messages(): AsyncIterable<SourceMessage>;
  /** Called once reindex is done, also with every load(). */
  close?(): Promise<void>;
}

/** What the intake worker would have ingested for one inbound mail (parse, classify, analyse). */
export interface PreparedInbound {
  mail: InboundMail;
  analysis: Analysis;
  replyAllowed: boolean;
  auth?: { dmarc: string; spf: string; dkim: string } | null;
  flags?: string[];
  senderAmbiguous?: boolean;
  /** The Message-IDs a bounce returns (see IngestInput.returnedIds). */
  returnedIds?: string[];
}

export interface ReindexOptions {
  /** Where our replies are kept; every other mailbox holds inbound mail. */
  sentMailbox: string;
  /** Verifies ticket numbers of replies that lack an X-Intake-Ticket header. */
  signingKey: string;
  /** Called in arrival order, after every earlier mail was replayed (so logo memory is as it was). */
  prepare(raw: Buffer, ctx: { mailbox: string; internalDate: Date; size: number; answered: boolean }): Promise<PreparedInbound>;
  /** Called once the store is about to be rebuilt; defaults to deleting the store's keys. */
  clear?: () => Promise<void>;
  log?: (message: string, context: Record<string, unknown>) => void;
}

export interface ReindexReport {
  inbound: number;
  replies: number;
  tickets: number;
  duplicates: number;
  /** The highest ticket number; the counter continues after it. */
  highest: number;
  /** Replies whose ticket could not be rebuilt (its inbound mail is gone). */
  orphanReplies: number;
  /** Inbound mail that could not be replayed (logged through `log`). */
  failed: number;
}

interface SentReply {
  ticket: number | null;
  messageId: string;
  inReplyTo: string | null;
  to: string;
  sentAt: Date;
  kind: string | null;
  related: boolean;
  listsMissing: boolean;
}

interface Inbound extends SourceMessage {
  seq: number;
}

/**
 * Rebuilds the ticket store from the mailbox: our replies (Sent) say which ticket each
 * inbound mail got; inbound mail is replayed in arrival order at its original time, so
 * follow-ups, links and the window come out as they did. Numbers no reply recorded are
 * filled in the order they were handed out; the counter ends past the highest.
 * Run it with the service stopped: mail arriving meanwhile would race the rebuild.
 */
export async function reindex(source: MailSource, service: TicketService, opts: ReindexOptions): Promise<ReindexReport> {
  try {
    return await rebuild(source, service, opts);
  } finally {
    await source.close?.();
  }
}

async function rebuild(source: MailSource, service: TicketService, opts: ReindexOptions): Promise<ReindexReport> {
  const replies: SentReply[] = [];
  const inbound: Inbound[] = [];
  for await (const m of source.messages()) {
    if (m.mailbox === opts.sentMailbox) {
      const reply = await readReply(m.load ? { ...m, raw: await m.load() } : m, opts.signingKey);
      if (reply) replies.push(reply);
    } else {
      inbound.push({ ...m, seq: inbound.length });
    }
  }
  inbound.sort((a, b) => a.internalDate.getTime() - b.internalDate.getTime() || a.seq - b.seq);

  const ticketOf = new Map<string, number>();
  const repliesTo = new Map<string, SentReply[]>();
  const reserved = new Set<number>();
  for (const r of replies) {
    if (r.ticket !== null) reserved.add(r.ticket);
    if (!r.inReplyTo) continue;
    if (r.ticket !== null && !ticketOf.has(r.inReplyTo)) ticketOf.set(r.inReplyTo, r.ticket);
    const list = repliesTo.get(r.inReplyTo) ?? [];
    list.push(r);
    repliesTo.set(r.inReplyTo, list);
  }

  if (opts.clear) await opts.clear();
  else await service.clear();

  const created = new Set<number>();
  let last = 0;
  // A ticket no reply recorded took the next number not known to belong to another ticket.
  const nextFree = (): number => {
    let n = last + 1;
    while (reserved.has(n) || created.has(n)) n++;
    return n;
  };
  const report: ReindexReport = { inbound: 0, replies: 0, tickets: 0, duplicates: 0, highest: 0, orphanReplies: 0, failed: 0 };
  const recorded = new Set<string>();

  for (const m of inbound) {
    try {
      await replayOne(m);
    } catch (err) {
      // One unreadable mail must not stop the rebuild; the operator sees it in the report.
      report.failed++;
      opts.log?.('mail could not be replayed', { mailbox: m.mailbox, internalDate: m.internalDate.toISOString(), error: String(err) });
    }
  }

  async function replayOne(m: Inbound): Promise<void> {
    const known = await peekMessageId(m.raw).then((id) => (id ? ticketOf.get(id) : undefined));
    const raw = m.load ? await m.load() : m.raw;
    const prepared = await opts.prepare(raw, {
      mailbox: m.mailbox,
      internalDate: m.internalDate,
      size: m.size ?? raw.length,
      answered: known !== undefined,
    });
    const mid = prepared.mail.messageId;
    const placeOn = ticketOf.get(mid);
    const input = { ...prepared, receivedAt: m.internalDate };
    let outcome;
    try {
      outcome = await service.ingest(input, { now: m.internalDate, ...(placeOn ? { placeOn } : { numberIfNew: nextFree() }) });
    } catch (err) {
      if (!(err instanceof IntakeError && err.code === 'ETICKETTAKEN')) throw err;
      outcome = await service.ingest(input, { now: m.internalDate });
    }
    report.inbound++;
    const n = outcome.ticket.number;
    if (outcome.decision === 'duplicate') report.duplicates++;
    if (isCreation(outcome.decision) && !created.has(n)) {
      created.add(n);
      report.tickets++;
      last = Math.max(last, n);
    }
    for (const r of repliesTo.get(mid) ?? []) {
      if (recorded.has(r.messageId)) continue;
      recorded.add(r.messageId);
      // The reply belongs where its inbound mail now is (placeOn made that its original ticket).
      await service.recordReply(n, {
        messageId: r.messageId,
        inReplyTo: mid,
        kind: r.kind ?? replyKind(r, outcome.decision),
        to: r.to,
        sentAt: r.sentAt,
      });
      report.replies++;
    }
  }

  // Replies to mail no longer in the mailbox: keep them on their ticket if it exists, so they still thread.
  for (const r of replies) {
    if (recorded.has(r.messageId) || r.ticket === null) continue;
    recorded.add(r.messageId);
    if (!(await service.get(r.ticket))) {
      report.orphanReplies++;
      opts.log?.('reply without its ticket', { messageId: r.messageId, ticket: r.ticket });
      continue;
    }
    await service.recordReply(r.ticket, {
      messageId: r.messageId,
      inReplyTo: r.inReplyTo ?? '',
      kind: r.kind ?? 'reply',
      to: r.to,
      sentAt: r.sentAt,
    });
    report.replies++;
  }

  report.highest = await service.raiseCounter(Math.max(0, ...reserved, ...created));
  return report;
}

function isCreation(d: IngestDecision): boolean {
  return d === 'new' || d === 'linked';
}

/** Our reply copies carry no kind header of their own: read it back from what they say. */
function replyKind(r: SentReply, decision: IngestDecision): string {
  if (r.related) return 'related_ticket';
  const followUp = decision === 'follow_up';
  if (r.listsMissing) return followUp ? 'follow_up_missing' : 'missing_items';
  return followUp ? 'follow_up_complete' : 'complete';
}

async function peekMessageId(raw: Buffer): Promise<string | null> {
  // Cheap look at the header block; the full parse happens in prepare().
  const head = raw.subarray(0, Math.min(raw.length, HEADER_SCAN_BYTES)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const m = /^message-id:\s*<?([^>\s]+)>?/im.exec(block);
  return m ? m[1]! : null;
}

async function readReply(m: SourceMessage, key: string): Promise<SentReply | null> {
  const mail = await parseMail(m.raw);
  const header = (name: string): string | null => mail.headers.get(name)?.[0]?.trim() ?? null;
  const fromHeader = Number(header('x-intake-ticket'));
  const ticket = Number.isSafeInteger(fromHeader) && fromHeader > 0 ? fromHeader : (parseReplyMessageId(mail.messageId, key)?.ticket ?? null);
  if (ticket === null && mail.inReplyTo.length === 0) return null;
  const missing = header('x-intake-missing');
  return {
    ticket,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo[0] ?? null,
    to: mail.to[0]?.address ?? '',
    sentAt: mail.date ?? m.internalDate,
    kind: header('x-intake-kind'),
    related: header('x-intake-related') !== null,
    listsMissing: missing !== null && missing !== 'none' && missing !== '',
  };
}
