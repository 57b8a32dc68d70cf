import { createHash } from 'node:crypto';

/**
 * Every Redis key of the ticket store. All of them share one hash tag, `{prefix}`,
 * so the Lua scripts that touch several keys at once also run on Redis Cluster,
 * and all of them start with `{prefix}:ticket:` so the store can be cleared for a
 * reindex without touching the queues that live under the same prefix.
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
  /** Set of sha256 of images seen in a sender's mails (logo memory). */
  images(address: string): string;
}

function digest(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}

/** Key names below the root, for the Lua scripts that build keys from the root themselves. */
export const keySuffix = {
  ticket: (n: number | string) => `n:${n}`,
  // The sender is part of the identity: a stranger who sends our partner's Message-ID first
  // must not make the partner's mail a "duplicate" of the stranger's.
  inbound: (messageId: string, from: string | null) => `in:${digest(`${(from ?? '').toLowerCase()}\n${messageId}`)}`,
  seen: (messageId: string) => `mid:${digest(messageId)}`,
  byAccount: (id: string) => `account:${id}`,
  byTarget: (id: string) => `target:${id}`,
  bySender: (address: string) => `sender:${address.toLowerCase()}`,
  images: (address: string) => `images:${address.toLowerCase()}`,
};

export function ticketKeys(prefix: string): TicketKeys {
  const root = `{${prefix}}:ticket:`;
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
