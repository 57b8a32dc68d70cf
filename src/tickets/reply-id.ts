import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Our replies' Message-IDs and body tokens carry the ticket number and an HMAC,
 * like osTicket's signed Message-IDs: a reply to any of them finds its ticket
 * even after the store was rebuilt, and nobody can forge one for another ticket.
 */

const REPLY_ID = /^intake\.t(\d{1,12})\.([0-9a-f]{12})\.([0-9a-f]{20})@/i;
const REF_TOKEN = /\[ref:T(\d{1,12})-([0-9a-f]{8})\]/gi;
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

/** Placed in reply bodies for mail clients that drop In-Reply-To and References. */
export function makeReferenceToken(ticket: number, key: string): string {
  return `[ref:T${ticket}-${hmac(key, `ref:${ticket}`, 8)}]`;
}

/** Ticket numbers of the verified reference tokens in a text, in order of first appearance. */
export function findReferenceTokens(text: string, key: string): number[] {
  const out: number[] = [];
  for (const m of text.normalize('NFKC').matchAll(REF_TOKEN)) {
    const ticket = Number(m[1]);
    if (!out.includes(ticket) && sameHex(hmac(key, `ref:${ticket}`, 8), m[2]!)) out.push(ticket);
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
