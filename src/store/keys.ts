import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import type { MailOrigin } from '../queue/queues.ts';
import { logoOwner } from '../analysis/recurring.ts';

/**
 * Every Redis key of the service, how long each is kept, and every BullMQ job-id scheme.
 *
 * All keys share one hash tag, `{QUEUE_PREFIX}`, so Lua scripts and MULTI blocks that touch
 * several keys also run on Redis Cluster. Layout under `{prefix}:`
 *
 * | key | what | kept |
 * |---|---|---|
 * | `inbound:*`, `outbound:*`, `finalize:*` | BullMQ's own queue keys (`QUEUE`) | jobs: `KEEP_JOBS` |
 * | `raw:<inbound job id>` | the raw bytes of an inbound mail | RAW_RETENTION_DAYS (deleted when finalized) |
 * | `raw:<inbound job id>:partial` | a big mail while its pieces are written, renamed to `raw:…` when whole | RAW_RETENTION_DAYS, else `RETENTION.partialRawMs` |
 * | `sent:<hash of reply identity>` | the send claim, then the "reply sent" record | claim `RETENTION.sendClaimMs`, record TICKET_RETENTION_DAYS |
 * | `analysis:<hash of raw key>` | analysis started / stopped marker of one mail | `RETENTION.analysisMarkerSeconds` |
 * | `sentcopy:<finalize job id>` | "copy appended to SENT_MAILBOX" marker | `RETENTION.sentCopyMarkerSeconds` |
 * | `poller-lease:<hash of mailbox>` | the active poller's lease | renewed while alive (poller-lease.ts) |
 * | `signing-key` | generated reply-signing key (no REPLY_SIGNING_KEY) | forever |
 * | `failures` | hash: mails moved to FAILED_MAILBOX and why | TICKET_RETENTION_DAYS after its last record, or `intake failed retry/clear` |
 * | `budget:sender:<addr>`, `budget:ticket:<n>`, `budget:hour` | reply budget | window; ticket `RETENTION.budgetTicketMs` |
 * | `ticket:*` | the ticket store (`ticketKeys`) | TICKET_RETENTION_DAYS after the last write; `seq` forever |
 */

/** The hash tag every key starts with; also BullMQ's `prefix` option. */
export function bullPrefix(queuePrefix: string): string {
  return `{${queuePrefix}}`;
}

/** Queue names: BullMQ keeps each queue's keys under `{prefix}:<name>:`. */
export const QUEUE = {
  inbound: 'inbound',
  outbound: 'outbound',
  finalize: 'finalize',
} as const;

/** Key for data of ours beside BullMQ's, under the same hash tag. */
function appKey(queuePrefix: string, ...parts: (string | number)[]): string {
  return [bullPrefix(queuePrefix), ...parts].join(':');
}

/** Hashed key parts: the inputs (Message-IDs, file paths) are attacker-chosen or long. */
export function shortHash(s: string | Buffer): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}

const DAY_S = 24 * 3600;

/** Retention of the keys whose lifetime is not an operator setting (those are in AppConfig: TICKET_/RAW_RETENTION_DAYS). */
export const RETENTION = {
  /** A send claim: longer than a send can take (connection, greeting and socket timeouts are 10 + 10 + 30 s). */
  sendClaimMs: 120_000,
  /** The analysis marker of one mail: longer than any retry of its job runs. */
  analysisMarkerSeconds: 30 * DAY_S,
  /** "Sent copy appended" marker: longer than any finalize retry runs. */
  sentCopyMarkerSeconds: 30 * DAY_S,
  /** How long a ticket's reply count is kept after its last reply; a ticket quiet that long starts over. */
  budgetTicketMs: 180 * DAY_S * 1000,
  /** A big mail's pieces while they are written, when RAW_RETENTION is off (the rename then drops the expiry). */
  partialRawMs: DAY_S * 1000,
} as const;

/** Completed jobs stay a week: reconciliation reads their state, and re-adding an id that still exists is a no-op. */
export const KEEP_JOBS: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 7 * DAY_S },
  removeOnFail: { age: 30 * DAY_S },
};

/** The raw bytes of an inbound mail, written by the poller or `intake replay`. */
export function rawKey(queuePrefix: string, inboundJobId: string): string {
  return appKey(queuePrefix, 'raw', inboundJobId);
}

/** Where a big mail's pieces are written before the whole mail is renamed to its raw key. */
export function partialRawKey(queuePrefix: string, inboundJobId: string): string {
  return `${rawKey(queuePrefix, inboundJobId)}:partial`;
}

/** The exactly-once record of a reply (see send-claim.ts), per reply identity (Message-ID and sender). */
export function sentKey(queuePrefix: string, replyIdentity: string): string {
  return appKey(queuePrefix, 'sent', shortHash(replyIdentity));
}

/** Analysis started / stopped marker of one mail (read-mail.ts). */
export function analysisMarkerKey(queuePrefix: string, rawKeyOfMail: string): string {
  return appKey(queuePrefix, 'analysis', shortHash(rawKeyOfMail));
}

/** Marker: the reply of this finalize job is in SENT_MAILBOX already. */
export function sentCopyKey(queuePrefix: string, finalizeJobId: string): string {
  return appKey(queuePrefix, 'sentcopy', finalizeJobId);
}

/** One lease per mailbox (server, user, folder). */
export function pollerLeaseKey(queuePrefix: string, imap: { host: string; port: number; user: string; mailbox: string }): string {
  return appKey(queuePrefix, 'poller-lease', shortHash(`${imap.host}:${imap.port}/${imap.user}/${imap.mailbox}`));
}

/** The reply-signing key generated once when REPLY_SIGNING_KEY is not set. */
export function signingKeyKey(queuePrefix: string): string {
  return appKey(queuePrefix, 'signing-key');
}

/** Hash of the mails that ended in FAILED_MAILBOX (`intake failed list`). */
export function failuresKey(queuePrefix: string): string {
  return appKey(queuePrefix, 'failures');
}

/** The keys of one reply-budget take; exported so tests and operators can find (and clear) them. */
export function budgetKeys(queuePrefix: string, sender: string, ticket: number): { sender: string; ticket: string; hour: string } {
  const root = `${appKey(queuePrefix, 'budget')}:`;
  return { sender: `${root}sender:${sender.trim().toLowerCase()}`, ticket: `${root}ticket:${ticket}`, hour: `${root}hour` };
}

// BullMQ job ids must not contain ':' and must not be all digits (field notes).
export function inboundJobId(origin: MailOrigin, rawHash: string): string {
  return origin.kind === 'imap' ? `m-${origin.uidValidity}-${origin.uid}` : `replay-${rawHash}`;
}
export function outboundJobId(inboundMessageId: string): string {
  return `r-${shortHash(inboundMessageId)}`;
}
export function finalizeJobId(origin: MailOrigin, rawKeyOfMail: string): string {
  return origin.kind === 'imap' ? `f-${origin.uidValidity}-${origin.uid}` : `f-${shortHash(rawKeyOfMail)}`;
}

/**
 * Every Redis key of the ticket store. All of them start with `{prefix}:ticket:` so the store
 * can be cleared for a reindex without touching the queues that live under the same prefix.
 *
 * Everything but the counter expires: each write sets the retention again, so a
 * ticket, its Message-IDs and its index entries live `retention` after its last write.
 * Message-ID keys are hashed: an inbound ID is attacker-chosen and may be kilobytes long.
 */
export interface TicketKeys {
  /** Root of every key below; `SCAN MATCH <root>*` finds exactly the store's keys. */
  root: string;
  /** String counter: the highest ticket number ever allocated. Never expires, so numbers are never reused. */
  seq: string;
  /** Hash `doc` (ticket JSON) and `rev` (bumped on every write, for optimistic checks). */
  ticket(number: number): string;
  /** Sorted set of every ticket number, scored by last activity (ms); trimmed by retention. */
  all: string;
  /** String: the ticket an inbound mail (this Message-ID from this sender) was recorded on: the duplicate check. */
  inbound(messageId: string, from: string | null): string;
  /** Set: every ticket that has seen this Message-ID (inbound, ours, or only named in References). */
  seen(messageId: string): string;
  /** Sorted sets of ticket numbers scored by last activity (ms), for window range queries. */
  byAccount(accountId: string): string;
  byTarget(targetId: string): string;
  bySender(address: string): string;
  /** Set of sha256 of images seen in mails of the sender's domain (logo memory, `logoOwner`). */
  images(address: string): string;
}

/** Key names below the root, for the Lua scripts that build keys from the root themselves. */
export const keySuffix = {
  ticket: (n: number | string) => `n:${n}`,
  // The sender is part of the identity: a stranger who sends our partner's Message-ID first
  // must not make the partner's mail a "duplicate" of the stranger's.
  inbound: (messageId: string, from: string | null) => `in:${shortHash(`${(from ?? '').toLowerCase()}\n${messageId}`)}`,
  seen: (messageId: string) => `mid:${shortHash(messageId)}`,
  byAccount: (id: string) => `account:${id}`,
  byTarget: (id: string) => `target:${id}`,
  bySender: (address: string) => `sender:${address.toLowerCase()}`,
  images: (address: string) => `images:${logoOwner(address)}`,
};

export function ticketKeys(prefix: string): TicketKeys {
  const root = `${bullPrefix(prefix)}:ticket:`;
  return {
    root,
    seq: `${root}seq`,
    ticket: (n) => root + keySuffix.ticket(n),
    all: `${root}all`,
    inbound: (id, from) => root + keySuffix.inbound(id, from),
    seen: (id) => root + keySuffix.seen(id),
    byAccount: (id) => root + keySuffix.byAccount(id),
    byTarget: (id) => root + keySuffix.byTarget(id),
    bySender: (a) => root + keySuffix.bySender(a),
    images: (a) => root + keySuffix.images(a),
  };
}
