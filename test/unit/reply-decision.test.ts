import { describe, expect, it } from 'vitest';
import { REQUIRED_ITEM_KEYS, type Category, type RequiredItemKey } from '../../src/analysis/types.ts';
import {
  decideReply,
  noReplyReason,
  type PlacementFacts,
  type QueuedReply,
  type ReplyDecision,
  type ReplyFacts,
  type TicketFacts,
} from '../../src/reply/decision.ts';
import type { ItemKind } from '../../src/reply/reply-rules.ts';
import type { TakeResult } from '../../src/safety/reply-budget.ts';

/**
 * Every branch of the reply decision (src/reply/decision.ts), from facts alone: no Redis, no
 * queue, no mail. Each row is the facts a mail arrives with and what it must get.
 */

const ME = 'me@partner.example';
const THIS = 'this@partner.example';

/** Helpful items as in config/items.yaml; the rest required. */
const HELPFUL: RequiredItemKey[] = ['goal', 'history', 'timezone', 'related_ticket'];
const ITEM_KINDS = Object.fromEntries(
  REQUIRED_ITEM_KEYS.map((k) => [k, HELPFUL.includes(k) ? 'helpful' : 'required']),
) as Record<RequiredItemKey, ItemKind>;

interface Ticketish {
  /** Earlier messages as [messageId, flags]; this mail is appended last unless `thisAt` says where. */
  before?: [string, string[]][];
  thisFlags?: string[];
  /** Replies recorded, oldest first, as [inReplyTo, kind]. */
  replies?: [string, string][];
  linkedTo?: number | null;
}

function ticket(t: Ticketish = {}): TicketFacts {
  return {
    messages: [...(t.before ?? []).map(([messageId, flags]) => ({ messageId, flags })), { messageId: THIS, flags: t.thisFlags ?? [] }],
    replies: (t.replies ?? []).map(([inReplyTo, kind]) => ({ inReplyTo, kind })),
    linkedTo: t.linkedTo ?? null,
  };
}

type Ticketstate = { category: Category; missing: RequiredItemKey[] };
const COMPLETE: Ticketstate = { category: 'error', missing: [] };
const AWAITING: Ticketstate = { category: 'error', missing: ['account_id', 'site'] };
const HELPFUL_ONLY: Ticketstate = { category: 'error', missing: ['goal'] };
const OUT: Ticketstate = { category: 'contract', missing: [] };

function placement(over: Partial<Omit<PlacementFacts, 'previous'>> & { previous?: Ticketstate | null; t?: Ticketish } = {}): PlacementFacts {
  const { previous = null, t, ...rest } = over;
  return {
    messageId: THIS,
    decision: 'new',
    ticket: ticket(t),
    combined: AWAITING,
    hasRelatedTicket: false,
    previous: () => previous,
    ...rest,
  };
}

const FOLLOW_UP = (combined: Ticketstate, previous: Ticketstate, t: Ticketish = {}) =>
  placement({ decision: 'follow_up', combined, previous, t: { before: [['first@partner.example', []]], ...t } });

function facts(over: Partial<ReplyFacts> = {}): ReplyFacts {
  return {
    classification: { kind: 'human', reasons: [] },
    sender: ME,
    ambiguous: [],
    auth: { dmarc: 'none' },
    alreadySent: false,
    unread: null,
    placement: placement(),
    itemKinds: ITEM_KINDS,
    budget: { ok: true },
    queued: null,
    ...over,
  };
}

const none = (cause: string, reason: string) => ({ action: 'none', cause, reason });
const send = (kind: string, acknowledgement: string | null = null, replacesFailed = false) => ({
  action: 'send',
  plan: { kind, acknowledgement },
  replacesFailed,
});

const rows: { name: string; facts: ReplyFacts; expect: ReplyDecision | ReturnType<typeof none> | ReturnType<typeof send> }[] = [
  // the sent record comes first, whatever the mail is
  { name: 'already answered', facts: facts({ alreadySent: true }), expect: none('already_answered', 'already answered') },
  {
    name: 'already answered beats automated',
    facts: facts({ alreadySent: true, classification: { kind: 'automated', reasons: ['auto-submitted: auto-replied'] } }),
    expect: none('already_answered', 'already answered'),
  },
  // who is never answered
  {
    name: 'automated mail',
    facts: facts({ classification: { kind: 'automated', reasons: ['auto-submitted: auto-replied', 'x-loop: ours'] } }),
    expect: none('not_answerable', 'automated: auto-submitted: auto-replied; x-loop: ours'),
  },
  {
    name: 'a bounce',
    facts: facts({ classification: { kind: 'bounce', reasons: ['dsn: multipart/report'] } }),
    expect: none('not_answerable', 'bounce: dsn: multipart/report'),
  },
  { name: 'no sender address', facts: facts({ sender: null }), expect: none('not_answerable', 'no sender address') },
  {
    name: 'ambiguous From',
    facts: facts({ ambiguous: ['group syntax in From', 'several From addresses'] }),
    expect: none('not_answerable', 'ambiguous sender: group syntax in From; several From addresses'),
  },
  { name: 'DMARC fail', facts: facts({ auth: { dmarc: 'fail' } }), expect: none('not_answerable', 'dmarc fail') },
  { name: 'DMARC pass is answered', facts: facts({ auth: { dmarc: 'pass' } }), expect: send('missing_items') },
  { name: 'DMARC permerror is answered', facts: facts({ auth: { dmarc: 'permerror' } }), expect: send('missing_items') },
  { name: 'DMARC temperror is answered', facts: facts({ auth: { dmarc: 'temperror' } }), expect: send('missing_items') },
  { name: 'not verified (auth off) is answered', facts: facts({ auth: null }), expect: send('missing_items') },
  // a mail nobody could read
  { name: 'unread mail gets the unread reply', facts: facts({ unread: 'timeout' }), expect: send('unread') },
  {
    name: 'unread mail even after an acknowledgement',
    facts: facts({ unread: 'memory', placement: FOLLOW_UP(COMPLETE, COMPLETE, { replies: [['first@partner.example', 'acknowledged']] }) }),
    expect: send('unread'),
  },
  { name: 'unread from a machine gets nothing', facts: facts({ unread: 'crash', sender: null }), expect: none('not_answerable', 'no sender address') },
  // a new inquiry
  { name: 'new, something required missing', facts: facts({ placement: placement({ combined: AWAITING }) }), expect: send('missing_items') },
  { name: 'new, only helpful items missing', facts: facts({ placement: placement({ combined: HELPFUL_ONLY }) }), expect: send('missing_items') },
  { name: 'new, complete', facts: facts({ placement: placement({ combined: COMPLETE }) }), expect: send('complete') },
  { name: 'new, out of scope', facts: facts({ placement: placement({ combined: OUT }) }), expect: send('out_of_scope') },
  {
    name: 'linked to an open ticket',
    facts: facts({ placement: placement({ decision: 'linked', hasRelatedTicket: true, t: { linkedTo: 7 } }) }),
    expect: send('related_ticket'),
  },
  {
    name: 'linked without a ticket to name: answered as new',
    facts: facts({ placement: placement({ decision: 'linked', hasRelatedTicket: false, combined: COMPLETE, t: { linkedTo: 7 } }) }),
    expect: send('complete'),
  },
  // a follow-up
  { name: 'follow-up supplies the rest', facts: facts({ placement: FOLLOW_UP(COMPLETE, AWAITING) }), expect: send('follow_up_complete') },
  {
    name: 'follow-up supplies some',
    facts: facts({ placement: FOLLOW_UP({ category: 'error', missing: ['site'] }, AWAITING) }),
    expect: send('follow_up_missing'),
  },
  {
    name: 'follow-up supplies the required, helpful still missing',
    facts: facts({ placement: FOLLOW_UP(HELPFUL_ONLY, AWAITING) }),
    expect: send('follow_up_missing'),
  },
  { name: 'follow-up adds nothing to an awaiting ticket', facts: facts({ placement: FOLLOW_UP(AWAITING, AWAITING) }), expect: send('acknowledged', 'awaiting') },
  { name: 'follow-up to a complete ticket', facts: facts({ placement: FOLLOW_UP(COMPLETE, COMPLETE) }), expect: send('acknowledged', 'complete') },
  {
    name: 'follow-up to a ticket missing only helpful items',
    facts: facts({ placement: FOLLOW_UP(HELPFUL_ONLY, HELPFUL_ONLY) }),
    expect: send('acknowledged', 'complete'),
  },
  {
    name: 'follow-up makes a complete ticket miss a required item',
    facts: facts({ placement: FOLLOW_UP({ category: 'error', missing: ['console_url'] }, COMPLETE) }),
    expect: send('follow_up_missing'),
  },
  { name: 'follow-up turns the ticket out of scope', facts: facts({ placement: FOLLOW_UP(OUT, AWAITING) }), expect: send('out_of_scope') },
  { name: 'follow-up to an out-of-scope ticket', facts: facts({ placement: FOLLOW_UP(OUT, OUT) }), expect: send('acknowledged', 'out_of_scope') },
  { name: 'follow-up saying solved', facts: facts({ placement: FOLLOW_UP(AWAITING, AWAITING, { thisFlags: ['solved'] }) }), expect: send('acknowledged', 'solved') },
  {
    name: 'solved is acknowledged even right after an acknowledgement',
    facts: facts({ placement: FOLLOW_UP(COMPLETE, COMPLETE, { thisFlags: ['solved'], replies: [['first@partner.example', 'acknowledged']] }) }),
    expect: send('acknowledged', 'solved'),
  },
  // one acknowledgement, then nothing until something changes
  {
    name: 'second acknowledgement in a row',
    facts: facts({ placement: FOLLOW_UP(COMPLETE, COMPLETE, { replies: [['first@partner.example', 'acknowledged']] }) }),
    expect: none('already_acknowledged', 'already acknowledged'),
  },
  {
    name: 'acknowledged after another kind of reply',
    facts: facts({ placement: FOLLOW_UP(COMPLETE, COMPLETE, { replies: [['first@partner.example', 'complete']] }) }),
    expect: send('acknowledged', 'complete'),
  },
  {
    name: 'a retry ignores its own recorded acknowledgement',
    facts: facts({
      placement: FOLLOW_UP(COMPLETE, COMPLETE, { replies: [['first@partner.example', 'complete'], [THIS, 'acknowledged']] }),
    }),
    expect: send('acknowledged', 'complete'),
  },
  {
    name: 'a mail after "solved" reopens: acknowledged again',
    facts: facts({
      placement: FOLLOW_UP(COMPLETE, COMPLETE, {
        before: [['first@partner.example', []], ['thanks@partner.example', ['solved']]],
        replies: [['thanks@partner.example', 'acknowledged']],
      }),
    }),
    expect: send('acknowledged', 'complete'),
  },
  {
    name: 'an out-of-office after "solved" does not hide the reopening',
    facts: facts({
      placement: FOLLOW_UP(COMPLETE, COMPLETE, {
        before: [['first@partner.example', []], ['thanks@partner.example', ['solved']], ['ooo@partner.example', ['automated:auto-submitted']]],
        replies: [['thanks@partner.example', 'acknowledged']],
      }),
    }),
    expect: send('acknowledged', 'complete'),
  },
  {
    name: 'a human mail after "solved" and its acknowledgement is the news, not this one',
    facts: facts({
      placement: FOLLOW_UP(COMPLETE, COMPLETE, {
        before: [['first@partner.example', []], ['thanks@partner.example', ['solved']], ['again@partner.example', []]],
        replies: [['again@partner.example', 'acknowledged']],
      }),
    }),
    expect: none('already_acknowledged', 'already acknowledged'),
  },
  // a retry after a crash between the ticket write and the reply job: decision read off the ticket
  {
    name: 'duplicate, not the first message: a follow-up',
    facts: facts({ placement: { ...FOLLOW_UP(COMPLETE, AWAITING), decision: 'duplicate' } }),
    expect: send('follow_up_complete'),
  },
  {
    name: 'duplicate, first message of a linked ticket',
    facts: facts({ placement: placement({ decision: 'duplicate', hasRelatedTicket: true, t: { linkedTo: 3 } }) }),
    expect: send('related_ticket'),
  },
  {
    name: 'duplicate, first message of a new ticket',
    facts: facts({ placement: placement({ decision: 'duplicate', combined: COMPLETE, previous: COMPLETE }) }),
    expect: send('complete'),
  },
  {
    name: 'duplicate of an empty ticket reads as new',
    facts: facts({ placement: { ...placement({ decision: 'duplicate' }), ticket: { messages: [], replies: [], linkedTo: null } } }),
    expect: send('missing_items'),
  },
  // the reply budget
  { name: 'budget not asked yet', facts: facts({ budget: undefined }), expect: { action: 'load', fact: 'budget' } },
  { name: 'sender limit', facts: facts({ budget: { ok: false, reason: 'sender_limit' } }), expect: none('reply_limit', 'sender_limit') },
  { name: 'ticket limit', facts: facts({ budget: { ok: false, reason: 'ticket_limit' } }), expect: none('reply_limit', 'ticket_limit') },
  { name: 'hourly limit', facts: facts({ budget: { ok: false, reason: 'hourly_limit' } }), expect: none('reply_limit', 'hourly_limit') },
  {
    name: 'no budget asked when no reply is due',
    facts: facts({ budget: undefined, placement: FOLLOW_UP(COMPLETE, COMPLETE, { replies: [['first@partner.example', 'acknowledged']] }) }),
    expect: none('already_acknowledged', 'already acknowledged'),
  },
  // the reply job already queued under this reply's id
  { name: 'queue not looked at yet', facts: facts({ queued: undefined }), expect: { action: 'load', fact: 'queued' } },
  { name: 'nothing queued', facts: facts({ queued: null }), expect: send('missing_items') },
  { name: 'this copy queued it before (a retry)', facts: facts({ queued: { state: 'active', sameOrigin: true } }), expect: send('missing_items') },
  {
    name: 'another copy of the mail queued it',
    facts: facts({ queued: { state: 'waiting', sameOrigin: false } }),
    expect: none('duplicate_delivery', 'duplicate delivery'),
  },
  {
    name: 'another copy was answered',
    facts: facts({ queued: { state: 'completed', sameOrigin: false } }),
    expect: none('duplicate_delivery', 'duplicate delivery'),
  },
  {
    name: 'the queued reply failed: queued again under a fresh id',
    facts: facts({ queued: { state: 'failed', sameOrigin: false } }),
    expect: send('missing_items', null, true),
  },
];

describe('decideReply', () => {
  it.each(rows)('$name', ({ facts: f, expect: e }) => {
    expect(decideReply(f)).toEqual(e);
  });

  it('asks for the budget before the queue, and decides once both are known', () => {
    const asked: string[] = [];
    const load = { budget: { ok: true } as TakeResult, queued: null as QueuedReply | null };
    let f = facts({ budget: undefined, queued: undefined });
    let d = decideReply(f);
    while (d.action === 'load') {
      asked.push(d.fact);
      f = { ...f, [d.fact]: load[d.fact] };
      d = decideReply(f);
    }
    expect(asked).toEqual(['budget', 'queued']);
    expect(d).toEqual(send('missing_items'));
  });

  it('re-combines the earlier messages only for a follow-up that is judged', () => {
    let calls = 0;
    const previous = () => {
      calls++;
      return COMPLETE;
    };
    decideReply(facts({ placement: { ...placement(), previous } }));
    decideReply(facts({ classification: { kind: 'automated', reasons: ['x'] }, placement: { ...FOLLOW_UP(COMPLETE, COMPLETE), previous } }));
    expect(calls).toBe(0);
    decideReply(facts({ placement: { ...FOLLOW_UP(COMPLETE, COMPLETE), previous } }));
    expect(calls).toBe(1);
  });
});

describe('noReplyReason (what the ticket records as "reply allowed")', () => {
  it('agrees with decideReply on every sender row', () => {
    for (const { facts: f, expect: e } of rows) {
      if (f.alreadySent) continue;
      const reason = noReplyReason(f);
      if (reason) expect(e).toEqual(none('not_answerable', reason));
      else expect((e as { cause?: string }).cause).not.toBe('not_answerable');
    }
  });
});

describe('outcomeLabel (the intake_mails_processed_total label)', () => {
  it('labels every cause of no reply, whatever the reason text says', async () => {
    const { outcomeLabel } = await import('../../src/pipeline/intake.ts');
    const base = { ticket: 1, decision: 'new' };
    expect(outcomeLabel({ ...base, outboundJobId: 'x' })).toBe('reply_queued');
    for (const reason of ['sender_limit', 'ticket_limit', 'hourly_limit']) {
      expect(outcomeLabel({ ...base, noReplyReason: reason, noReplyCause: 'reply_limit' })).toBe('reply_limited');
    }
    expect(outcomeLabel({ ...base, noReplyReason: 'already answered', noReplyCause: 'already_answered' })).toBe('already_answered');
    expect(outcomeLabel({ ...base, noReplyReason: 'duplicate delivery', noReplyCause: 'duplicate_delivery' })).toBe('duplicate');
    expect(outcomeLabel({ ...base, noReplyReason: 'dmarc fail', noReplyCause: 'not_answerable' })).toBe('sender_not_verified');
    expect(outcomeLabel({ ...base, noReplyReason: 'automated', noReplyCause: 'not_answerable' })).toBe('not_answered');
  });
});
