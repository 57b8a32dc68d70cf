/**
 * Every Redis key of the ticket store. All of them share one hash tag, `{prefix}`,
 * so the Lua scripts that touch several keys at once also run on Redis Cluster,
 * and all of them start with `{prefix}:ticket:` so the store can be cleared for a
 * reindex without touching the queues that live under the same prefix.
 */
export interface TicketKeys {
  /** Root of every key below; `SCAN MATCH <root>*` finds exactly the store's keys. */
  root: string;
  /** String counter: the highest ticket number ever allocated. */
  seq: string;
  /** Hash `doc` (ticket JSON) and `rev` (bumped on every write, for optimistic checks). */
  ticket(number: number): string;
  /** Sorted set of every ticket number, scored by the number. */
  all: string;
  /** Hash: Message-ID of an ingested inbound mail -> ticket number (the duplicate check). */
  inbound: string;
  /** Hash: any Message-ID a ticket has seen (inbound, ours, or only named in References) -> ticket number. */
  thread: string;
  /** Sorted sets of ticket numbers scored by last activity (ms), for window range queries. */
  byAccount(accountId: string): string;
  byTarget(targetId: string): string;
  bySender(address: string): string;
  /** Set of sha256 of images seen in a sender's mails (logo memory). */
  images(address: string): string;
}

/** Key names below the root, for the Lua scripts that build keys from the root themselves. */
export const keySuffix = {
  ticket: (n: number | string) => `n:${n}`,
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
    inbound: `${root}inbound`,
    thread: `${root}thread`,
    byAccount: (id) => root + keySuffix.byAccount(id),
    byTarget: (id) => root + keySuffix.byTarget(id),
    bySender: (a) => root + keySuffix.bySender(a),
    images: (a) => root + keySuffix.images(a),
  };
}
