import type { Analysis } from '../analysis/types.ts';
import type { InboundMail } from '../mail/types.ts';
import { redactSecrets } from '../analysis/secrets.ts';
import { keySuffix } from '../store/keys.ts';
import { isUsableMessageId, keptReferences } from './thread-ids.ts';
import { MAX_THREAD_IDS } from '../limits.ts';
import { findSubjectTags, subjectTag } from './reply-id.ts';
import type { Ticket, TicketJson, TicketMessage, TicketStatus } from './types.ts';

/** Building and reading ticket documents. Pure: the service does the I/O. */

export type Combine = (analyses: Analysis[]) => Analysis;

const TARGET_FOR_RELATED = /^(job|session):/;

export function toMessage(input: {
  mail: InboundMail;
  analysis: Analysis;
  receivedAt: Date;
  replyAllowed: boolean;
  auth?: { dmarc: string; spf: string; dkim: string } | null;
  flags?: string[];
}): TicketMessage {
  const { mail, analysis } = input;
  return {
    messageId: mail.messageId,
    receivedAt: input.receivedAt.toISOString(),
    date: mail.date ? mail.date.toISOString() : null,
    from: mail.from?.address ?? null,
    subject: redactSecrets(mail.subject),
    // The sender's text is kept once, here; the analyses carry it only while they are combined.
    text: redactSecrets(analysis.senderText),
    attachments: mail.attachments.map((a) => ({
      name: a.filename === null ? null : redactSecrets(a.filename),
      type: a.contentType,
      size: a.size,
      sha256: a.sha256,
    })),
    analysis: storedAnalysis(analysis),
    inReplyTo: mail.inReplyTo.filter(isUsableMessageId).slice(0, MAX_THREAD_IDS),
    references: keptReferences(mail.references),
    replyAllowed: input.replyAllowed,
    auth: input.auth ?? null,
    flags: input.flags ?? [],
  };
}

/** An analysis as stored: item values (URLs in particular) redacted, the sender's text left to the message. */
function storedAnalysis(a: Analysis): Analysis {
  const items = Object.fromEntries(
    Object.entries(a.items).map(([k, v]) => [k, { ...v, values: v.values.map(redactSecrets) }]),
  ) as Analysis['items'];
  return { ...a, items, senderText: '' };
}

/** The message's analysis with its text back (stored once, on the message), for combineAnalyses. */
export function withText(m: TicketMessage): Analysis {
  return { ...m.analysis, senderText: m.text };
}

/**
 * Out-of-office replies and bounces are kept on the ticket but are not activity: they
 * must not hold its window open (Zammad and osTicket never let them reopen a ticket).
 */
export function isActivity(message: Pick<TicketMessage, 'flags'>): boolean {
  return !message.flags.some((f) => f.startsWith('automated') || f.startsWith('bounce'));
}

/** Our own tag in the subject of a new ticket would name the wrong ticket: drop it (as Zammad does). */
export function cleanSubject(subject: string): string {
  let out = subject;
  for (const n of findSubjectTags(subject)) out = out.split(subjectTag(n)).join(' ');
  return out.replace(/\s{2,}/g, ' ').trim();
}

function firstValue(a: Analysis, key: 'account_id' | 'site'): string | null {
  return a.items?.[key]?.values?.[0] ?? null;
}

function relatedTargetIds(messages: TicketMessage[]): string[] {
  const out: string[] = [];
  for (const m of messages) {
    for (const v of m.analysis.items?.target_id?.values ?? []) {
      if (TARGET_FOR_RELATED.test(v) && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

/** Set by the intake worker on a mail whose sender says the case is solved (config/follow-ups.yaml). */
export const SOLVED_FLAG = 'solved';

/**
 * `solved` while the latest mail of the sender (not an out-of-office or a bounce) on an existing
 * ticket says so; any later mail of theirs reopens it.
 */
function statusFor(combined: Analysis, linkedTo: number | null, messages: TicketMessage[], holdsBack: HoldsBack): TicketStatus {
  const latest = messages.filter(isActivity).at(-1);
  if (messages.length > 1 && latest !== messages[0] && latest?.flags.includes(SOLVED_FLAG)) return 'solved';
  if (linkedTo !== null) return 'linked';
  return combined.missing.some(holdsBack) ? 'awaiting_info' : 'complete';
}

/**
 * Whether a missing item holds the investigation back (config/items.yaml: required). Helpful items
 * are asked for but do not: a ticket missing only those is `complete`. Default: every item does.
 */
export type HoldsBack = (key: Analysis['missing'][number]) => boolean;
const EVERY_ITEM: HoldsBack = () => true;

function addUnique(list: number[], more: number[], except: number | null): number[] {
  const out = [...list];
  for (const n of more) if (n !== except && !out.includes(n)) out.push(n);
  return out;
}

/** A fresh ticket for its first mail. `number` is 0 until the store allocates one. */
export function newTicket(
  message: TicketMessage,
  opts: { linkedTo: number | null; citedTickets: number[] },
  combine: Combine,
  holdsBack: HoldsBack = EVERY_ITEM,
): Ticket {
  const combined = storedAnalysis(combine([withText(message)]));
  const sender = message.from;
  return {
    number: 0,
    status: statusFor(combined, opts.linkedTo, [message], holdsBack),
    accountId: firstValue(combined, 'account_id'),
    site: firstValue(combined, 'site'),
    sender,
    organisation: sender?.includes('@') ? sender.slice(sender.lastIndexOf('@') + 1) : null,
    subject: cleanSubject(message.subject),
    category: combined.category,
    createdAt: message.receivedAt,
    lastActivityAt: message.receivedAt,
    messages: [message],
    analysis: combined,
    linkedTo: opts.linkedTo,
    referencedTickets: addUnique([], opts.citedTickets, opts.linkedTo),
    targetIds: relatedTargetIds([message]),
    replies: [],
  };
}

/** The ticket with one more mail, re-checked as a whole: items given in any message count. */
export function addFollowUp(
  ticket: Ticket,
  message: TicketMessage,
  citedTickets: number[],
  combine: Combine,
  holdsBack: HoldsBack = EVERY_ITEM,
): Ticket {
  const messages = [...ticket.messages, message];
  const combined = storedAnalysis(combine(messages.map(withText)));
  const last = isActivity(message)
    ? Math.max(Date.parse(ticket.lastActivityAt), Date.parse(message.receivedAt))
    : Date.parse(ticket.lastActivityAt);
  return {
    ...ticket,
    status: statusFor(combined, ticket.linkedTo, messages, holdsBack),
    accountId: ticket.accountId ?? firstValue(combined, 'account_id'),
    site: ticket.site ?? firstValue(combined, 'site'),
    category: combined.category,
    lastActivityAt: new Date(last).toISOString(),
    messages,
    analysis: combined,
    referencedTickets: addUnique(ticket.referencedTickets, citedTickets, ticket.number),
    targetIds: relatedTargetIds(messages),
  };
}

/** Index memberships of a ticket: sorted-set key suffixes (under the store root), scored by last activity. */
export function indexSuffixes(t: Ticket): string[] {
  const out = new Set<string>();
  const accounts = [t.accountId, ...(t.analysis.items?.account_id?.values ?? [])].filter((v): v is string => !!v);
  for (const a of accounts) out.add(keySuffix.byAccount(a));
  for (const id of t.targetIds) out.add(keySuffix.byTarget(id));
  for (const m of t.messages) if (m.from) out.add(keySuffix.bySender(m.from));
  return [...out];
}

export function toJson(t: Ticket): TicketJson {
  return {
    number: t.number,
    status: t.status,
    account_id: t.accountId,
    site: t.site,
    sender: t.sender,
    organisation: t.organisation,
    subject: t.subject,
    category: t.category,
    created_at: t.createdAt,
    last_activity_at: t.lastActivityAt,
    message_ids: t.messages.map((m) => m.messageId),
    linked_to: t.linkedTo,
    referenced_tickets: t.referencedTickets,
    missing: t.analysis.missing,
    replies: t.replies.map((r) => ({
      message_id: r.messageId,
      in_reply_to: r.inReplyTo,
      kind: r.kind,
      to: r.to,
      sent_at: r.sentAt,
    })),
  };
}
