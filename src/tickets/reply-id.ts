import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Our replies' Message-IDs and body tokens carry the ticket number and an HMAC,
 * like osTicket's signed Message-IDs: a reply to any of them finds its ticket
 * even after the store was rebuilt, and nobody can forge one for another ticket.
 */

const REPLY_ID = /^intake\.t(\d{1,12})\.([0-9a-f]{12})\.([0-9a-f]{20})@/i;
/** Tokens of earlier versions (`[ref:T42-9f3a1c2b]`), still in threads partners reply to. */
const REF_TOKEN = /\[ref:T(\d{1,12})-([0-9a-f]{8})\]/gi;
/** `[ref:<10 hex: ticket XOR a key-derived mask><8 hex: HMAC>]`: no visible number a reader takes for a second ticket. */
const OPAQUE_TOKEN = /\[ref:([0-9a-f]{10})([0-9a-f]{8})\]/gi;
const TICKET_BITS = 40n;
const SUBJECT_TAG = /\[#(\d{1,12})\]/g;

function hmac(key: string, data: string, hexChars: number): string {
  return createHmac('sha256', key).update(data).digest('hex').slice(0, hexChars);
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Deterministic (a retried send gets the same ID, so clients collapse a duplicate).
 * `kind` separates several replies to one inbound mail; omit it for the usual single reply.
 */
export function makeReplyMessageId(p: {
  ticket: number;
  inboundMessageId: string;
  key: string;
  domain: string;
  kind?: string;
}): string {
  const nonce = createHash('sha256')
    .update(`${p.inboundMessageId}\n${p.kind ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  const sig = hmac(p.key, `reply:${p.ticket}:${nonce}`, 20);
  return `intake.t${p.ticket}.${nonce}.${sig}@${p.domain}`;
}

/** The ticket of one of our own reply Message-IDs (with or without <>), or null when it is not ours or forged. */
export function parseReplyMessageId(id: string, key: string): { ticket: number } | null {
  const m = REPLY_ID.exec(id.trim().replace(/^</, ''));
  if (!m) return null;
  const ticket = Number(m[1]);
  return sameHex(hmac(key, `reply:${ticket}:${m[2]!.toLowerCase()}`, 20), m[3]!) ? { ticket } : null;
}

function ticketMask(key: string): bigint {
  return BigInt(`0x${hmac(key, 'ref-mask', 10)}`);
}

/**
 * Placed in reply bodies for mail clients that drop In-Reply-To and References. The ticket number
 * is masked, so the footer shows one opaque code rather than something that reads as a second
 * ticket number; the HMAC still makes it unforgeable and the store is not needed to read it.
 */
export function makeReferenceToken(ticket: number, key: string): string {
  const masked = (BigInt(ticket) ^ ticketMask(key)).toString(16).padStart(10, '0');
  return `[ref:${masked}${hmac(key, `ref:${ticket}`, 8)}]`;
}

/** Ticket numbers of the verified reference tokens in a text (either format), in order of first appearance. */
export function findReferenceTokens(text: string, key: string): number[] {
  const found: { at: number; ticket: number; sig: string }[] = [];
  const normalized = text.normalize('NFKC');
  for (const m of normalized.matchAll(REF_TOKEN)) found.push({ at: m.index, ticket: Number(m[1]), sig: m[2]! });
  const mask = ticketMask(key);
  for (const m of normalized.matchAll(OPAQUE_TOKEN)) {
    const value = BigInt(`0x${m[1]!}`) ^ mask;
    if (value > 0n && value < 1n << TICKET_BITS) found.push({ at: m.index, ticket: Number(value), sig: m[2]! });
  }
  const out: number[] = [];
  for (const f of found.sort((a, b) => a.at - b.at)) {
    if (!out.includes(f.ticket) && sameHex(hmac(key, `ref:${f.ticket}`, 8), f.sig)) out.push(f.ticket);
  }
  return out;
}

export function subjectTag(ticket: number): string {
  return `[#${ticket}]`;
}

/** Ticket tags in a subject (full-width forms read as ASCII), in order of first appearance. */
export function findSubjectTags(subject: string): number[] {
  const out: number[] = [];
  for (const m of subject.normalize('NFKC').matchAll(SUBJECT_TAG)) {
    const ticket = Number(m[1]);
    if (!out.includes(ticket)) out.push(ticket);
  }
  return out;
}
