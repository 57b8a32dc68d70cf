import type { Redis } from 'ioredis';
import type { Analysis } from '../analysis/types.ts';
import type { InboundMail } from '../mail/types.ts';
import { IntakeError } from '../util/errors.ts';
import { combineAnalyses, type Rules } from './combine.ts';
import {
  decidePlacement,
  windowStart,
  type MailFacts,
  type Placement,
} from './decide.ts';
import { addFollowUp, type HoldsBack, indexSuffixes, newTicket, toJson, toMessage, type Combine } from './document.ts';
import { keySuffix, ticketKeys, type TicketKeys } from '../store/keys.ts';
import { findReferenceTokens, findSubjectTags, parseReplyMessageId } from './reply-id.ts';
import { withTicketScripts, type TicketScripts } from './scripts.ts';
import { isUsableMessageId, threadIds } from './thread-ids.ts';
import type { Ticket, TicketJson, TicketMessage, TicketReply, TicketStatus } from './types.ts';
import { MAX_IMAGES_PER_MAIL } from '../limits.ts';

export type { Ticket, TicketJson, TicketStatus } from './types.ts';

export interface IngestInput {
  mail: InboundMail;
  /** This mail alone. */
  analysis: Analysis;
  receivedAt: Date;
  /** False for automated mail, bounces, DMARC fail: still recorded, never answered. */
  replyAllowed: boolean;
  auth?: { dmarc: string; spf: string; dkim: string } | null;
  /** e.g. ['automated:auto-submitted'], ['bounce'], ['oversize']; stored on the message. */
  flags?: string[];
  /**
   * The From is ambiguous (several addresses or From headers, group syntax): the mail is
   * recorded, but its address proves nothing and makes nobody a participant.
   */
  senderAmbiguous?: boolean;
  /**
   * The Message-IDs a bounce returns (src/safety/classify.ts bounceOf): the bounce threads to
   * the ticket of the mail it returns, as if they were among its References, and is stored so.
   */
  returnedIds?: string[];
}

export type IngestDecision = 'new' | 'follow_up' | 'linked' | 'duplicate';

export interface TicketSummary {
  number: number;
  subject: string;
  createdAt: Date;
  lastActivityAt: Date;
  status: TicketStatus;
}

export interface IngestOutcome {
  /** duplicate: this Message-ID was already recorded; the caller must not reply again. */
  decision: IngestDecision;
  /** The ticket this mail now belongs to (after the write). */
  ticket: Ticket;
  /** The ticket re-checked as a whole. */
  combined: Analysis;
  /** The existing ticket to reply on: set for `linked`, and for follow-ups on a linked ticket. */
  relatedTicket: TicketSummary | null;
  /** Old, out-of-window or untrusted tickets recorded as references on this ticket. */
  citedTickets: number[];
  /** A ticket number named that does not exist, belongs to another account, or came from a stranger. */
  untrustedReference: string | null;
}

export interface TicketServiceOptions {
  prefix: string;
  followUpWindowDays: number;
  signingKey: string;
  clock?: () => Date;
  rules: Rules;
  /** Free-mail domains whose users are not one organisation (config/safety.yaml `publicDomains`). */
  publicDomains: readonly string[];
  /** Replaces combineAnalyses(analyses, rules); for tests. */
  combine?: Combine;
  /** Missing items that keep a ticket `awaiting_info` (the required ones of config/items.yaml); default: all. */
  holdsBack?: HoldsBack;
  /** Days a ticket, its Message-IDs and index entries are kept after its last write (TICKET_RETENTION_DAYS). */
  retentionDays?: number;
}

/** Default of TicketServiceOptions.retentionDays. */
export const DEFAULT_TICKET_RETENTION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Reindex only: replaying the mailbox must give every mail back its original ticket. */
export interface IngestOptions {
  /** The time the mail was originally processed: the window is counted from it instead of the clock. */
  now?: Date;
  /** The number a new ticket takes instead of the next one from the counter. */
  numberIfNew?: number;
  /** The ticket this mail is known to belong to: a follow-up on it if it exists, else a new ticket with that number. */
  placeOn?: number;
}

interface Loaded {
  ticket: Ticket;
  rev: string;
}

const MAX_ATTEMPTS = 30;

/** Jittered backoff between optimistic retries, so writers on one hot ticket stop colliding. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 4 * attempt)));
}
const LOAD_CHUNK = 500;

export class TicketService {
  private readonly redis: Redis & TicketScripts;
  private readonly keys: TicketKeys;
  private readonly clock: () => Date;
  private readonly combine: Combine;
  private readonly publicDomains: readonly string[];
  private readonly retentionMs: number;

  constructor(
    redis: Redis,
    private readonly options: TicketServiceOptions,
  ) {
    this.redis = withTicketScripts(redis);
    this.keys = ticketKeys(options.prefix);
    this.clock = options.clock ?? (() => new Date());
    this.combine = options.combine ?? ((analyses) => combineAnalyses(analyses, options.rules));
    this.publicDomains = options.publicDomains;
    this.retentionMs = (options.retentionDays ?? DEFAULT_TICKET_RETENTION_DAYS) * DAY_MS;
    if (!(this.retentionMs > 0)) {
      throw new IntakeError('EBADCONFIG', 'Ticket retention must be more than 0 days', { retentionDays: options.retentionDays });
    }
  }

  /**
   * Records one inbound mail: decides where it belongs, then writes the ticket and every
   * index in one script. Optimistic: if the ticket changed since it was read, decide again.
   * Idempotent per Message-ID: a retry returns `duplicate` with the same ticket.
   */
  async ingest(given: IngestInput, opts: IngestOptions = {}): Promise<IngestOutcome> {
    const input = withReturnedIds(given);
    const message = toMessage(input);
    const inboundKey = this.keys.inbound(message.messageId, message.from);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const recorded = await this.redis.get(inboundKey);
      if (recorded !== null) return this.duplicateOutcome(Number(recorded));

      const now = opts.now ?? this.clock();
      const facts = await this.gatherFacts(input, now);
      const loaded = await this.loadMany([...candidateNumbers(facts), ...(opts.placeOn ? [opts.placeOn] : [])]);
      const tickets = new Map([...loaded].map(([n, l]) => [n, l.ticket]));
      const decided = decidePlacement(facts, {
        now,
        windowDays: this.options.followUpWindowDays,
        tickets,
        publicDomains: this.publicDomains,
      });
      const placement = opts.placeOn ? placeOnKnown(decided, opts.placeOn, loaded.has(opts.placeOn)) : decided;
      const numberIfNew = opts.placeOn ?? opts.numberIfNew ?? 0;

      const target = placement.decision === 'follow_up' ? loaded.get(placement.ticket)! : null;
      const doc = target
        ? addFollowUp(target.ticket, message, placement.citedTickets, this.combine, this.options.holdsBack)
        : newTicket(
            message,
            { linkedTo: placement.decision === 'linked' ? placement.linkedTo : null, citedTickets: placement.citedTickets },
            this.combine,
            this.options.holdsBack,
          );
      const payload = ingestPayload(input.mail, message, doc, target, numberIfNew, this.retentionMs, now);
      const k = this.keys;
      const [status, num] = await this.redis.intakeTicketIngest(k.seq, k.all, k.root, payload);
      const number = Number(num);
      if (status === 'duplicate') return this.duplicateOutcome(number);
      if (status === 'conflict') {
        await backoff(attempt);
        continue;
      }
      if (status === 'taken') {
        throw new IntakeError('ETICKETTAKEN', `Ticket number ${number} is already in use`, {
          number,
          messageId: message.messageId,
        });
      }
      const ticket = { ...doc, number };
      return {
        decision: placement.decision,
        ticket,
        combined: ticket.analysis,
        relatedTicket: await this.relatedFor(ticket, placement, tickets),
        citedTickets: placement.citedTickets,
        untrustedReference: placement.untrustedReference,
      };
    }
    throw new IntakeError('ETICKETCONFLICT', 'The ticket kept changing while this mail was recorded; retry the job', {
      messageId: message.messageId,
      attempts: MAX_ATTEMPTS,
    });
  }

  /** Records a reply we sent and indexes its Message-ID, so a reply to it finds the ticket. Idempotent. */
  async recordReply(
    ticket: number,
    reply: { messageId: string; inReplyTo: string; kind: string; to: string; sentAt: Date },
  ): Promise<void> {
    const entry: TicketReply = { ...reply, sentAt: reply.sentAt.toISOString() };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const loaded = (await this.loadMany([ticket])).get(ticket);
      if (!loaded) throw new IntakeError('ENOTICKET', `Ticket ${ticket} does not exist`, { ticket, reply: reply.messageId });
      if (loaded.ticket.replies.some((r) => r.messageId === entry.messageId)) return;
      const doc: Ticket = { ...loaded.ticket, replies: [...loaded.ticket.replies, entry] };
      const status = await this.redis.intakeTicketUpdate(
        this.keys.ticket(ticket),
        this.keys.root,
        String(ticket),
        loaded.rev,
        JSON.stringify(doc),
        entry.messageId ? keySuffix.seen(entry.messageId) : '',
        String(this.retentionMs),
      );
      if (status === 'ok') return;
      if (status === 'missing') throw new IntakeError('ENOTICKET', `Ticket ${ticket} does not exist`, { ticket });
      await backoff(attempt);
    }
    throw new IntakeError('ETICKETCONFLICT', `Ticket ${ticket} kept changing while a reply was recorded`, { ticket });
  }

  async get(number: number): Promise<Ticket | null> {
    return (await this.loadMany([number])).get(number)?.ticket ?? null;
  }

  /** Tickets in number order, optionally of one account and/or in one status. */
  async list(filter: { account?: string; status?: TicketStatus } = {}): Promise<Ticket[]> {
    const key = filter.account ? this.keys.byAccount(filter.account) : this.keys.all;
    const numbers = (await this.redis.zrange(key, '0', '-1')).map(Number).sort((a, b) => a - b);
    const loaded = await this.loadMany(numbers);
    return numbers
      .map((n) => loaded.get(n)?.ticket)
      .filter((t): t is Ticket => t !== undefined)
      .filter((t) => !filter.account || indexSuffixes(t).includes(keySuffix.byAccount(filter.account)))
      .filter((t) => !filter.status || t.status === filter.status);
  }

  /** Ticket numbers of one account, sender or job/session ID (`job:N`), latest activity first; `since` bounds the activity. */
  async findBy(by: 'account' | 'sender' | 'target', value: string, since?: Date): Promise<number[]> {
    const key = by === 'account' ? this.keys.byAccount(value) : by === 'sender' ? this.keys.bySender(value) : this.keys.byTarget(value);
    const min = since ? String(since.getTime()) : '-inf';
    return (await this.redis.zrevrangebyscore(key, '+inf', min)).map(Number);
  }

  toJson(t: Ticket): TicketJson {
    return toJson(t);
  }

  /** sha256 of the images seen in earlier mails of the sender's domain (logoOwner): recurring ones are logos, not screenshots. */
  async imageHashesFor(sender: string): Promise<Set<string>> {
    return new Set(await this.redis.smembers(this.keys.images(sender)));
  }

  /** The ticket an earlier inbound mail (this Message-ID from this sender) was recorded on, if any. */
  async ticketForMessage(messageId: string, from: string | null): Promise<number | null> {
    const n = await this.redis.get(this.keys.inbound(messageId, from));
    return n === null ? null : Number(n);
  }

  /** The highest number allocated so far. */
  async highestNumber(): Promise<number> {
    return Number((await this.redis.get(this.keys.seq)) ?? 0);
  }

  /** Raises the counter to at least `floor`; it never goes down, so numbers are never reused. */
  async raiseCounter(floor: number): Promise<number> {
    return Number(await this.redis.intakeTicketRaiseSeq(this.keys.seq, String(floor)));
  }

  /** Deletes every key of the store (and only those: queues under the same prefix stay). For reindex. */
  async clear(): Promise<number> {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.keys.root}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  }

  private async gatherFacts(input: IngestInput, now: Date): Promise<MailFacts> {
    const { mail, analysis } = input;
    const accounts = analysis.items?.account_id?.values ?? [];
    const targetIds = (analysis.items?.target_id?.values ?? []).filter((v) => /^(job|session):/.test(v));
    const headerTickets = await this.headerTickets(mail);
    const since = windowStart(now, this.options.followUpWindowDays);
    const targetTickets: number[] = [];
    if (accounts.length > 0 && targetIds.length > 0) {
      const pipe = this.redis.pipeline();
      for (const id of targetIds) pipe.zrangebyscore(this.keys.byTarget(id), String(since), '+inf');
      for (const [err, res] of (await pipe.exec()) ?? []) {
        if (err) throw err;
        for (const n of (res as string[]).map(Number)) if (!targetTickets.includes(n)) targetTickets.push(n);
      }
    }
    return {
      sender: input.senderAmbiguous ? null : (mail.from?.address ?? null),
      senderVerified: !input.senderAmbiguous && input.auth?.dmarc !== 'fail',
      domainAuthenticated: !input.senderAmbiguous && input.auth?.dmarc === 'pass',
      bounce: (input.flags ?? []).some((f) => f.startsWith('bounce')),
      accounts,
      targetIds,
      headerTickets: headerTickets.all,
      signedTickets: headerTickets.signed,
      // The token sits in the quoted part of our reply, so search the whole text, quotes included.
      tokenTickets: findReferenceTokens(`${mail.text}\n${mail.html ?? ''}`, this.options.signingKey),
      tagTickets: findSubjectTags(mail.subject),
      namedTickets: analysis.referencedTickets.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0),
      targetTickets,
    };
  }

  /**
   * Every ticket that has seen one of the mail's IDs: In-Reply-To first, then References newest
   * first, at most MAX_THREAD_IDS of them; our signed IDs decode without a lookup. All of them,
   * not the first: anyone may cite (or plant) any Message-ID, and the decision picks the ticket
   * whose people wrote this mail.
   */
  private async headerTickets(mail: InboundMail): Promise<{ all: number[]; signed: number[] }> {
    const ids = threadIds(mail);
    if (ids.length === 0) return { all: [], signed: [] };
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.smembers(this.keys.seen(id));
    const results = (await pipe.exec()) ?? [];
    const out: number[] = [];
    const signedOut: number[] = [];
    const add = (n: number): void => {
      if (Number.isSafeInteger(n) && n > 0 && !out.includes(n)) out.push(n);
    };
    ids.forEach((id, i) => {
      const signed = parseReplyMessageId(id, this.options.signingKey);
      if (signed) {
        add(signed.ticket);
        signedOut.push(signed.ticket);
      }
      const [err, members] = results[i] ?? [null, []];
      if (err) throw err;
      for (const m of ((members as string[]) ?? []).map(Number).sort((a, b) => b - a)) add(m);
    });
    return { all: out, signed: signedOut };
  }

  private async loadMany(numbers: number[]): Promise<Map<number, Loaded>> {
    const out = new Map<number, Loaded>();
    const unique = [...new Set(numbers)];
    for (let i = 0; i < unique.length; i += LOAD_CHUNK) {
      const chunk = unique.slice(i, i + LOAD_CHUNK);
      const pipe = this.redis.pipeline();
      for (const n of chunk) pipe.hmget(this.keys.ticket(n), 'doc', 'rev');
      const results = (await pipe.exec()) ?? [];
      chunk.forEach((n, j) => {
        const [err, res] = results[j] ?? [null, null];
        if (err) throw err;
        const [doc, rev] = (res as [string | null, string | null] | null) ?? [null, null];
        if (doc === null || rev === null) return;
        out.set(n, { ticket: { ...(JSON.parse(doc) as Ticket), number: n }, rev });
      });
    }
    return out;
  }

  private async duplicateOutcome(number: number): Promise<IngestOutcome> {
    const ticket = await this.get(number);
    if (!ticket) {
      throw new IntakeError('ENOTICKET', `A recorded Message-ID points at ticket ${number}, which does not exist`, { number });
    }
    return {
      decision: 'duplicate',
      ticket,
      combined: ticket.analysis,
      relatedTicket: ticket.linkedTo === null ? null : summary(await this.get(ticket.linkedTo)),
      citedTickets: ticket.referencedTickets,
      untrustedReference: null,
    };
  }

  private async relatedFor(ticket: Ticket, placement: Placement, known: Map<number, Ticket>): Promise<TicketSummary | null> {
    const n = placement.decision === 'linked' ? placement.linkedTo : ticket.linkedTo;
    if (n === null) return null;
    return summary(known.get(n) ?? (await this.get(n)));
  }
}

/** The mail as the store threads and keeps it: a bounce's returned ids after its own References. */
function withReturnedIds(input: IngestInput): IngestInput {
  const ids = input.returnedIds ?? [];
  if (ids.length === 0) return input;
  return { ...input, mail: { ...input.mail, references: [...input.mail.references, ...ids] } };
}

function summary(t: Ticket | null): TicketSummary | null {
  if (!t) return null;
  return {
    number: t.number,
    subject: t.subject,
    createdAt: new Date(t.createdAt),
    lastActivityAt: new Date(t.lastActivityAt),
    status: t.status,
  };
}

/** What the ingest script writes: the ticket, its Message-IDs, its index entries and the sender's images. */
function ingestPayload(
  mail: InboundMail,
  message: TicketMessage,
  doc: Ticket,
  target: Loaded | null,
  numberIfNew: number,
  retentionMs: number,
  now: Date,
): string {
  const seen = [message.messageId, ...threadIds(message)].filter(isUsableMessageId).map(keySuffix.seen);
  return JSON.stringify({
    inKey: keySuffix.inbound(message.messageId, message.from),
    mode: target ? 'update' : 'new',
    number: target ? target.ticket.number : numberIfNew,
    expectRev: target ? target.rev : '0',
    doc: JSON.stringify(doc),
    seen: [...new Set(seen)],
    zsets: indexSuffixes(doc),
    score: String(Date.parse(doc.lastActivityAt)),
    // Entries whose last activity is older than the retention go (the mail's own time is the clock: reindex replays old mail).
    trimBelow: String(Math.min(now.getTime(), Date.parse(doc.lastActivityAt)) - retentionMs),
    ttlMs: String(retentionMs),
    images: message.from
      ? mail.attachments
          .filter((a) => a.contentType.startsWith('image/'))
          .slice(0, MAX_IMAGES_PER_MAIL)
          .map((a) => [keySuffix.images(message.from!), a.sha256])
      : [],
  });
}

/** Overrides the decision with what the mailbox says: the mail's original ticket. */
function placeOnKnown(decided: Placement, number: number, exists: boolean): Placement {
  const cited = decided.citedTickets.filter((n) => n !== number);
  if (exists) return { decision: 'follow_up', ticket: number, citedTickets: cited, untrustedReference: decided.untrustedReference };
  if (decided.decision === 'follow_up') return { decision: 'new', citedTickets: cited, untrustedReference: decided.untrustedReference };
  if (decided.decision === 'linked' && decided.linkedTo === number) {
    return { decision: 'new', citedTickets: cited, untrustedReference: decided.untrustedReference };
  }
  return { ...decided, citedTickets: cited };
}

function candidateNumbers(f: MailFacts): number[] {
  return [
    ...f.headerTickets,
    ...f.tokenTickets,
    ...f.tagTickets,
    ...f.namedTickets,
    ...f.targetTickets,
  ];
}
