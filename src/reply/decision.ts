import { IN_SCOPE_CATEGORIES, type Analysis, type Category, type RequiredItemKey } from '../analysis/types.ts';
import { replyAllowedByAuth, type AuthVerdict } from '../safety/auth.ts';
import type { InboundKind } from '../safety/classify.ts';
import type { TakeResult } from '../safety/reply-budget.ts';
import { isActivity, SOLVED_FLAG } from '../tickets/document.ts';
import type { IngestDecision } from '../tickets/service.ts';
import type { Ticket, TicketMessage, TicketReply } from '../tickets/types.ts';
import type { ItemKind } from './reply-rules.ts';
import type { ReplyKind } from './templates.ts';

/**
 * Whether an inbound mail gets a reply, and which: one pure function over facts the
 * intake worker loads beforehand (src/pipeline/intake.ts), so every branch of the policy
 * is testable without Redis (test/unit/reply-decision.test.ts). Two facts cost a Redis
 * write or round trip and matter only once a reply is due: the reply budget (taking a slot
 * uses it up) and the reply job already queued. decideReply asks for them (`load`) instead
 * of the caller loading them for every mail.
 */

/** What an acknowledgement says about the ticket: marked solved, under way, with a person, or still waiting for items. */
export type AcknowledgementState = 'solved' | 'complete' | 'out_of_scope' | 'awaiting';

/** The reply to send: its kind and, for `acknowledged`, the ticket state its one line reports. */
export interface ReplyPlan {
  kind: ReplyKind;
  acknowledgement: AcknowledgementState | null;
}

/** Who is writing, known before the ticket is written (the ticket records whether a reply is allowed). */
export interface SenderFacts {
  classification: { kind: InboundKind; reasons: string[] };
  /** The From address; null when the mail has none. */
  sender: string | null;
  /** Why the From is ambiguous (src/safety/sender.ts); empty when it is one plain address. */
  ambiguous: string[];
  /** SPF/DKIM/DMARC; null when not checked (machines). */
  auth: Pick<AuthVerdict, 'dmarc'> | null;
}

/** Where the mail landed, as the ticket store returned it (src/tickets/service.ts IngestOutcome). */
export interface PlacementFacts {
  /** The mail's Message-ID, to find it on the ticket. */
  messageId: string;
  decision: IngestDecision;
  ticket: TicketFacts;
  /** The ticket re-checked as a whole, after this mail. */
  combined: Pick<Analysis, 'category' | 'missing'>;
  /** A linked ticket's existing ticket is known (and may be named to this sender). */
  hasRelatedTicket: boolean;
  /**
   * The ticket as it stood before this mail (null when the mail is its first). A pure but costly
   * re-combination of the earlier messages, so it is computed only when a follow-up is judged.
   */
  previous: () => Pick<Analysis, 'category' | 'missing'> | null;
}

/** What the decision reads off the ticket: its messages in order, the replies recorded, its link. */
export interface TicketFacts {
  messages: Pick<TicketMessage, 'messageId' | 'flags'>[];
  replies: Pick<TicketReply, 'inReplyTo' | 'kind'>[];
  linkedTo: Ticket['linkedTo'];
}

/** The reply job already on the outbound queue under this reply's id. */
export interface QueuedReply {
  /** BullMQ state, e.g. `waiting`, `active`, `completed`, `failed`. */
  state: string;
  /** Queued for this very copy of the mail (same mailbox origin): a retry of this job. */
  sameOrigin: boolean;
}

export interface ReplyFacts extends SenderFacts {
  /** The sent record exists for this mail's reply identity (Message-ID and sender). */
  alreadySent: boolean;
  /** Set when the mail could not be read automatically (`timeout`, `memory`, ...). */
  unread: string | null;
  placement: PlacementFacts;
  /** Required or helpful per item (config/items.yaml). */
  itemKinds: Record<RequiredItemKey, ItemKind>;
  /** The reply budget's answer; undefined until it was asked (asking takes a slot). */
  budget?: TakeResult;
  /** The job queued under this reply's id; null when there is none, undefined until looked up. */
  queued?: QueuedReply | null;
}

/** Why nothing is sent; each is logged and counted differently. */
export type NoReplyCause = 'already_answered' | 'not_answerable' | 'already_acknowledged' | 'reply_limit' | 'duplicate_delivery';

export type ReplyDecision =
  | { action: 'none'; cause: NoReplyCause; reason: string }
  /** A fact the decision needs next: load it and decide again. */
  | { action: 'load'; fact: 'budget' | 'queued' }
  /** `replacesFailed`: the job under this reply's id failed; queue the reply under a fresh id. */
  | { action: 'send'; plan: ReplyPlan; replacesFailed: boolean };

export const DUPLICATE_DELIVERY = 'duplicate delivery';

/** A mail nobody could read automatically gets no verdict on its content, only the promise of a person. */
const UNREAD_PLAN: ReplyPlan = { kind: 'unread', acknowledgement: null };

export function decideReply(f: ReplyFacts): ReplyDecision {
  if (f.alreadySent) return { action: 'none', cause: 'already_answered', reason: 'already answered' };
  const refused = noReplyReason(f);
  if (refused) return { action: 'none', cause: 'not_answerable', reason: refused };
  const plan = f.unread ? UNREAD_PLAN : replyPlan(f.placement, f.itemKinds);
  // Already acknowledged and nothing changed since: one line once is enough, never the same text twice.
  if (!plan) return { action: 'none', cause: 'already_acknowledged', reason: 'already acknowledged' };
  if (f.budget === undefined) return { action: 'load', fact: 'budget' };
  if (!f.budget.ok) return { action: 'none', cause: 'reply_limit', reason: f.budget.reason };
  if (f.queued === undefined) return { action: 'load', fact: 'queued' };
  const failed = f.queued?.state === 'failed';
  if (f.queued && !failed && !f.queued.sameOrigin) {
    // The same Message-ID delivered again while its reply is on its way: one reply for both copies.
    return { action: 'none', cause: 'duplicate_delivery', reason: DUPLICATE_DELIVERY };
  }
  return { action: 'send', plan, replacesFailed: failed };
}

/**
 * Who gets no reply: machines, mail without a sender, a From that is ambiguous (several
 * addresses or headers, group syntax: whichever we picked could be a forged third party),
 * and mail whose DMARC verdict is fail (the From is forged, by the domain owner's own word).
 */
export function noReplyReason(f: SenderFacts): string | null {
  const { kind, reasons } = f.classification;
  if (kind !== 'human') return `${kind}: ${reasons.join('; ')}`;
  if (f.sender === null) return 'no sender address';
  if (f.ambiguous.length > 0) return `ambiguous sender: ${f.ambiguous.join('; ')}`;
  if (f.auth && !replyAllowedByAuth(f.auth, 'no_reply')) return `dmarc ${f.auth.dmarc}`;
  return null;
}

/**
 * Which reply the mail gets, from the ticket's state before and after it; null when the ticket was
 * already acknowledged and the mail changes nothing. Identical on a retry (derived from the stored ticket).
 */
function replyPlan(p: PlacementFacts, itemKinds: Record<RequiredItemKey, ItemKind>): ReplyPlan | null {
  const decision = p.decision === 'duplicate' ? rederiveDecision(p.ticket, p.messageId) : p.decision;
  if (decision === 'linked' && p.hasRelatedTicket) return { kind: 'related_ticket', acknowledgement: null };
  const followUp = decision === 'follow_up';
  const { messages, replies } = p.ticket;
  const message = messages.find((m) => m.messageId === p.messageId);
  const solved = followUp && (message?.flags.includes(SOLVED_FLAG) ?? false);
  const previous = followUp ? p.previous() : null;
  const { category, missing } = p.combined;
  const kind = chooseReplyKind({ category, missing, followUp, related: false, previous, solved, itemKinds });
  if (kind !== 'acknowledged') return { kind, acknowledgement: null };
  const state = acknowledgementState({ category, missing, solved, itemKinds });
  const before = replies.filter((r) => r.inReplyTo !== p.messageId).at(-1);
  // A mail after "solved" reopens the ticket: that is news, so it is acknowledged even after an acknowledgement.
  const index = messages.findIndex((m) => m.messageId === p.messageId);
  const reopens = messages.slice(0, Math.max(index, 0)).filter(isActivity).at(-1)?.flags.includes(SOLVED_FLAG) ?? false;
  if (state !== 'solved' && !reopens && before?.kind === 'acknowledged') return null;
  return { kind, acknowledgement: state };
}

/** After a crash between the ticket write and the reply job, the retry sees 'duplicate': read the decision off the ticket. */
function rederiveDecision(t: TicketFacts, messageId: string): 'new' | 'follow_up' | 'linked' {
  const first = t.messages[0]?.messageId;
  if (first && first !== messageId) return 'follow_up';
  return t.linkedTo != null ? 'linked' : 'new';
}

/**
 * Which reply an analysed mail gets. A follow-up stays on its ticket, so it never gets the
 * related-ticket redirect; out-of-scope mail never gets a missing-items list; a new mail about an
 * open ticket is sent back there whatever its category, because a second ticket means a second
 * investigation. A follow-up is answered by what it changed on the ticket (`previous` is the ticket
 * before it): one that completes it gets the "complete" reply once; one that adds nothing needed
 * (thanks, a question, a closing) gets a one-line acknowledgement instead of the same text again;
 * one saying the case is solved is acknowledged.
 */
export function chooseReplyKind(p: {
  category: Category;
  missing: RequiredItemKey[];
  followUp: boolean;
  related: boolean;
  previous?: { category: Category; missing: RequiredItemKey[] } | null;
  solved?: boolean;
  /** Required or helpful per item; without it every item counts as required. */
  itemKinds?: Record<RequiredItemKey, ItemKind>;
}): ReplyKind {
  const inScope = IN_SCOPE_CATEGORIES.includes(p.category);
  if (p.followUp) {
    if (p.solved) return 'acknowledged';
    const prev = p.previous ?? null;
    const prevInScope = prev !== null && IN_SCOPE_CATEGORIES.includes(prev.category);
    if (!inScope) return prev !== null && !prevInScope ? 'acknowledged' : 'out_of_scope';
    const blocking = holdingBack(p.missing, p.itemKinds);
    // The partner was already told what happens next (nothing required was missing): say it once only.
    if (prevInScope && holdingBack(prev.missing, p.itemKinds).length === 0) {
      return blocking.length === 0 ? 'acknowledged' : 'follow_up_missing';
    }
    if (p.missing.length === 0) return 'follow_up_complete';
    return prevInScope && sameItems(prev.missing, p.missing) ? 'acknowledged' : 'follow_up_missing';
  }
  if (p.related) return 'related_ticket';
  if (!inScope) return 'out_of_scope';
  return p.missing.length > 0 ? 'missing_items' : 'complete';
}

/** The state an acknowledgement reports, for the ticket as it now stands. */
export function acknowledgementState(p: {
  category: Category;
  missing: RequiredItemKey[];
  solved?: boolean;
  itemKinds?: Record<RequiredItemKey, ItemKind>;
}): AcknowledgementState {
  if (p.solved) return 'solved';
  if (!IN_SCOPE_CATEGORIES.includes(p.category)) return 'out_of_scope';
  return holdingBack(p.missing, p.itemKinds).length > 0 ? 'awaiting' : 'complete';
}

/** The missing items that hold the investigation back (all of them when kinds are not given). */
function holdingBack(missing: readonly RequiredItemKey[], kinds?: Record<RequiredItemKey, ItemKind>): RequiredItemKey[] {
  return kinds ? missing.filter((k) => kinds[k] === 'required') : [...missing];
}

function sameItems(a: readonly RequiredItemKey[], b: readonly RequiredItemKey[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}
