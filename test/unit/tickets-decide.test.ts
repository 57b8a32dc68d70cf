import { describe, expect, it } from 'vitest';
import { ITEM_KEYS, type Analysis, type ItemKey, type ItemResult } from '../../src/analysis/types.ts';
import { decidePlacement, isWithinWindow, type MailFacts } from '../../src/tickets/decide.ts';
import { addFollowUp, cleanSubject, newTicket, toJson } from '../../src/tickets/document.ts';
import type { Ticket, TicketMessage } from '../../src/tickets/types.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const H = 3600_000;
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();

function analysis(items: Partial<Record<ItemKey, string[] | true>> = {}): Analysis {
  const all = {} as Record<ItemKey, ItemResult>;
  for (const k of ITEM_KEYS) {
    const v = items[k];
    all[k] = { present: v !== undefined, values: Array.isArray(v) ? v : [] };
  }
  const missing = (['account_id', 'site', 'goal'] as const).filter((k) => !all[k].present);
  return {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: all,
    missing,
    secrets: [],
    referencedTickets: [],
    mentionsEarlierInquiry: false,
    senderText: 'text',
  };
}

/** Fake combineAnalyses: an item is present when any message gives it. */
function combine(list: Analysis[]): Analysis {
  const out = analysis();
  for (const a of list) {
    for (const k of ITEM_KEYS) {
      if (a.items[k].present) out.items[k] = { present: true, values: [...out.items[k].values, ...a.items[k].values] };
    }
  }
  out.missing = out.missing.filter((k) => !out.items[k].present);
  return out;
}

function message(from: string, a: Analysis, at: string, id = `${Math.random()}@x`): TicketMessage {
  return {
    messageId: id,
    receivedAt: at,
    date: null,
    from,
    subject: 'Query fails',
    text: a.senderText,
    attachments: [],
    analysis: a,
    inReplyTo: [],
    references: [],
    replyAllowed: true,
    auth: null,
    flags: [],
  };
}

function ticket(number: number, opts: { from?: string; account?: string; last?: string; targets?: string[] } = {}): Ticket {
  const a = analysis({
    ...(opts.account ? { account_id: [opts.account] } : {}),
    ...(opts.targets ? { target_id: opts.targets } : {}),
  });
  const t = newTicket(message(opts.from ?? 'alice@partner.co.jp', a, opts.last ?? ago(H)), { linkedTo: null, citedTickets: [] }, combine);
  return { ...t, number };
}

function facts(over: Partial<MailFacts> = {}): MailFacts {
  return {
    sender: 'alice@partner.co.jp',
    senderVerified: true,
    accounts: [],
    targetIds: [],
    headerTickets: [],
    tokenTickets: [],
    tagTickets: [],
    namedTickets: [],
    targetTickets: [],
    ...over,
  };
}

function decide(f: MailFacts, tickets: Ticket[], windowDays = 28) {
  return decidePlacement(f, {
    now: NOW,
    windowDays,
    tickets: new Map(tickets.map((t) => [t.number, t])),
    publicDomains: ['gmail.com'],
  });
}

describe('the follow-up window', () => {
  it('holds 27d23h but not 28d1h, and nothing at all with 0 days', () => {
    expect(isWithinWindow({ lastActivityAt: ago(27 * 24 * H + 23 * H) }, NOW, 28)).toBe(true);
    expect(isWithinWindow({ lastActivityAt: ago(28 * 24 * H + H) }, NOW, 28)).toBe(false);
    expect(isWithinWindow({ lastActivityAt: ago(0) }, NOW, 0)).toBe(false);
  });
});

describe('decidePlacement', () => {
  it('follows a header match within the window from a participant only', () => {
    const p = decide(facts({ headerTickets: [5] }), [ticket(5)]);
    expect(p).toEqual({ decision: 'follow_up', ticket: 5, citedTickets: [], untrustedReference: null });
    // A stranger citing a Message-ID of the ticket learns nothing of it: not even that it matched.
    expect(decide(facts({ headerTickets: [5], sender: 'bob@elsewhere.example' }), [ticket(5)])).toEqual({
      decision: 'new',
      citedTickets: [],
      untrustedReference: null,
    });
  });

  it('picks, among tickets that saw a Message-ID, the one the sender is on (no pre-claiming)', () => {
    const planted = ticket(7, { from: 'mallory@evil.example' });
    const own = ticket(5);
    expect(decide(facts({ headerTickets: [7, 5] }), [planted, own])).toMatchObject({ decision: 'follow_up', ticket: 5 });
  });

  it('counts an address we answered on the ticket as a participant', () => {
    const t = { ...ticket(5), replies: [{ messageId: 'r@x', inReplyTo: 'm@x', kind: 'missing_info', to: 'dave@partner.co.jp', sentAt: ago(H) }] };
    expect(decide(facts({ tagTickets: [5], sender: 'dave@partner.co.jp' }), [t]).decision).toBe('follow_up');
  });

  it('lets a bounce rejoin the ticket whose signed reply it returns (it is never answered), nothing else', () => {
    const bounce = facts({ headerTickets: [5], sender: 'mailer-daemon@mx.example', bounce: true });
    expect(decide({ ...bounce, signedTickets: [5] }, [ticket(5)]).decision).toBe('follow_up');
    // A "bounce" citing only a Message-ID anyone could have copied joins nothing.
    expect(decide(bounce, [ticket(5)]).decision).toBe('new');
  });

  it('starts a new ticket citing the old one when the follow-up is out of the window', () => {
    const old = ticket(5, { last: ago(28 * 24 * H + H) });
    expect(decide(facts({ headerTickets: [5] }), [old])).toEqual({ decision: 'new', citedTickets: [5], untrustedReference: null });
    expect(decide(facts({ headerTickets: [5] }), [ticket(5, { last: ago(27 * 24 * H + 23 * H) })]).decision).toBe('follow_up');
    expect(decide(facts({ headerTickets: [5] }), [ticket(5, { last: ago(1000) })], 0).decision).toBe('new');
  });

  it('trusts a subject tag from the requester, or a colleague whose domain DMARC proved', () => {
    const t = ticket(5, { account: '1111' });
    expect(decide(facts({ tagTickets: [5] }), [t]).decision).toBe('follow_up');
    expect(decide(facts({ tagTickets: [5], sender: 'carol@partner.co.jp', domainAuthenticated: true }), [t]).decision).toBe('follow_up');
    // The same domain without authentication proves nothing: anyone can write that From.
    expect(decide(facts({ tagTickets: [5], sender: 'carol@partner.co.jp' }), [t]).decision).toBe('new');
  });

  it('does not let a stranger attach mail by tag, token or Account ID: new ticket, nothing cited', () => {
    const t = ticket(5, { account: '1111' });
    expect(decide(facts({ tagTickets: [5], sender: 'mallory@evil.example' }), [t])).toEqual({
      decision: 'new',
      citedTickets: [],
      untrustedReference: '5',
    });
    expect(decide(facts({ tokenTickets: [5], sender: 'mallory@evil.example' }), [t]).decision).toBe('new');
    expect(decide(facts({ tagTickets: [5], sender: 'x@other.example', accounts: ['1111'] }), [t]).decision).toBe('new');
    expect(decide(facts({ namedTickets: [5], sender: 'x@other.example', accounts: ['1111'] }), [t])).toEqual({
      decision: 'new',
      citedTickets: [],
      untrustedReference: '5',
    });
  });

  it('does not trust the From address of a mail that failed DMARC or is ambiguous', () => {
    const t = ticket(5, { account: '1111' });
    expect(decide(facts({ tagTickets: [5], senderVerified: false }), [t]).decision).toBe('new');
    expect(decide(facts({ tagTickets: [5], senderVerified: false, accounts: ['1111'] }), [t]).decision).toBe('new');
    expect(decide(facts({ headerTickets: [5], sender: null, senderVerified: false }), [t]).decision).toBe('new');
  });

  it('does not treat a shared free-mail domain as one organisation', () => {
    const t = ticket(5, { from: 'alice@gmail.com' });
    expect(decide(facts({ tagTickets: [5], sender: 'bob@gmail.com' }), [t]).decision).toBe('new');
    expect(decide(facts({ tagTickets: [5], sender: 'alice@gmail.com' }), [t]).decision).toBe('follow_up');
  });

  it('links a new mail naming a ticket within the window, cites one outside it', () => {
    const recent = ticket(5, { account: '1111' });
    const old = ticket(3, { account: '1111', last: ago(40 * 24 * H) });
    expect(decide(facts({ namedTickets: [3, 5], accounts: ['1111'] }), [recent, old])).toEqual({
      decision: 'linked',
      linkedTo: 5,
      citedTickets: [3],
      untrustedReference: null,
    });
    expect(decide(facts({ namedTickets: [3], accounts: ['1111'] }), [old])).toEqual({
      decision: 'new',
      citedTickets: [3],
      untrustedReference: null,
    });
  });

  it('does not trust a number that does not exist or belongs to another account', () => {
    expect(decide(facts({ namedTickets: [99] }), [])).toEqual({ decision: 'new', citedTickets: [], untrustedReference: '99' });
    const other = ticket(5, { account: '2222' });
    expect(decide(facts({ namedTickets: [5], accounts: ['1111'] }), [other])).toEqual({
      decision: 'new',
      citedTickets: [],
      untrustedReference: '5',
    });
  });

  it('links by a shared job ID only within the same account and window', () => {
    const t = ticket(5, { account: '1111', targets: ['job:777'] });
    const f = facts({ accounts: ['1111'], targetIds: ['job:777'], targetTickets: [5] });
    expect(decide(f, [t])).toMatchObject({ decision: 'linked', linkedTo: 5 });
    expect(decide({ ...f, accounts: ['2222'] }, [t]).decision).toBe('new');
    expect(decide(f, [ticket(5, { account: '1111', targets: ['job:777'], last: ago(29 * 24 * H) })]).decision).toBe('new');
    expect(decide({ ...f, sender: 'mallory@evil.example' }, [t]).decision).toBe('new');
  });
});

describe('ticket documents', () => {
  it('re-check a ticket as a whole and move to complete when nothing is missing', () => {
    const first = message('alice@partner.co.jp', analysis({ account_id: ['1111'] }), ago(2 * H), 'm1@x');
    const t0 = newTicket(first, { linkedTo: null, citedTickets: [] }, combine);
    expect(t0.status).toBe('awaiting_info');
    expect(t0.analysis.missing).toEqual(['site', 'goal']);
    const t1 = addFollowUp(t0, message('alice@partner.co.jp', analysis({ site: ['us01'], goal: true }), ago(H), 'm2@x'), [], combine);
    expect(t1.status).toBe('complete');
    expect(t1.site).toBe('us01');
    expect(t1.lastActivityAt).toBe(ago(H));
    expect(toJson({ ...t1, number: 4 })).toMatchObject({
      number: 4,
      status: 'complete',
      account_id: '1111',
      message_ids: ['m1@x', 'm2@x'],
      linked_to: null,
      referenced_tickets: [],
      missing: [],
    });
  });

  it('do not count automated mail and bounces as activity', () => {
    const t0 = newTicket(message('a@b.c', analysis(), ago(2 * H)), { linkedTo: null, citedTickets: [] }, combine);
    const oof = { ...message('a@b.c', analysis(), ago(H)), flags: ['automated:auto-submitted: auto-replied'] };
    const t1 = addFollowUp(t0, oof, [], combine);
    expect(t1.messages).toHaveLength(2);
    expect(t1.lastActivityAt).toBe(ago(2 * H));
  });

  it('keep a linked ticket linked and strip our tag from a new subject', () => {
    const t = newTicket(message('a@b.c', analysis(), ago(H)), { linkedTo: 5, citedTickets: [5, 3] }, combine);
    expect(t.status).toBe('linked');
    expect(t.referencedTickets).toEqual([3]);
    expect(addFollowUp(t, message('a@b.c', analysis({ account_id: ['1'], site: ['us01'], goal: true }), ago(1)), [], combine).status).toBe(
      'linked',
    );
    expect(cleanSubject('Re: Query fails [#42]')).toBe('Re: Query fails');
  });
});
