import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ITEM_KEYS, type Analysis, type ItemKey, type ItemResult } from '../../src/analysis/types.ts';
import type { InboundMail } from '../../src/mail/types.ts';
import { bullPrefix, ticketKeys } from '../../src/store/keys.ts';
import { fileURLToPath } from 'node:url';
import { loadSafetyRules } from '../../src/safety/safety-rules.ts';

/** The shipped free-mail domains (config/safety.yaml). */
const PUBLIC_DOMAINS = loadSafetyRules(fileURLToPath(new URL('../../config', import.meta.url))).publicDomains;

// The store's only dependency on the analysis module; a stand-in keeps this test about the store.
vi.mock('../../src/tickets/combine.ts', () => ({ combineAnalyses: (list: Analysis[]) => combineFake(list) }));

const { TicketService } = await import('../../src/tickets/service.ts');
const { makeReplyMessageId, makeReferenceToken, subjectTag } = await import('../../src/tickets/reply-id.ts');

const KEY = 'signing-key-for-tests-0123456789';
const H = 3600_000;
const DAY = 24 * H;
const T0 = new Date('2026-03-01T00:00:00Z').getTime();

function analysis(items: Partial<Record<ItemKey, string[] | true>> = {}, referencedTickets: string[] = []): Analysis {
  const all = {} as Record<ItemKey, ItemResult>;
  for (const k of ITEM_KEYS) {
    const v = items[k];
    all[k] = { present: v !== undefined, values: Array.isArray(v) ? v : [] };
  }
  return {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: all,
    missing: (['account_id', 'site', 'goal'] as const).filter((k) => !all[k].present),
    secrets: [],
    referencedTickets,
    mentionsEarlierInquiry: false,
    senderText: 'redacted text',
  };
}

function combineFake(list: Analysis[]): Analysis {
  const out = analysis();
  for (const a of list) {
    for (const k of ITEM_KEYS) {
      if (a.items[k].present) out.items[k] = { present: true, values: [...out.items[k].values, ...a.items[k].values] };
    }
  }
  out.missing = out.missing.filter((k) => !out.items[k].present);
  return out;
}

function mail(over: Partial<InboundMail> & { messageId: string }): InboundMail {
  return {
    messageIdSynthetic: false,
    inReplyTo: [],
    references: [],
    subject: 'Query fails',
    from: { address: 'alice@partner.co.jp', name: 'Alice' },
    replyTo: [],
    to: [],
    cc: [],
    date: null,
    headers: new Map(),
    text: '',
    html: null,
    attachments: [],
    rawSize: 100,
    parseWarnings: [],
    ...over,
  };
}

describe('TicketService on Redis', () => {
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: false, maxRetriesPerRequest: 2 });
  const prefix = `t-tickets-${randomBytes(4).toString('hex')}`;
  let now = T0;
  const service = (windowDays = 28) =>
    new TicketService(redis, {
      prefix,
      followUpWindowDays: windowDays,
      signingKey: KEY,
      clock: () => new Date(now),
      rules: {} as never,
      publicDomains: PUBLIC_DOMAINS,
    });

  beforeAll(async () => {
    await redis.ping();
  });
  afterAll(async () => {
    await service().clear();
    expect(await redis.keys(`${bullPrefix(prefix)}*`)).toEqual([]);
    await redis.quit();
  });

  it('records a new ticket with sequential numbers, and a retry as a duplicate', async () => {
    const s = service();
    now = T0;
    const first = await s.ingest({
      mail: mail({ messageId: 'a1@partner.co.jp' }),
      analysis: analysis({ account_id: ['1111'] }),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(first.decision).toBe('new');
    expect(first.ticket.number).toBe(1);
    expect(first.ticket.status).toBe('awaiting_info');
    expect(first.combined.missing).toEqual(['site', 'goal']);

    const again = await s.ingest({
      mail: mail({ messageId: 'a1@partner.co.jp' }),
      analysis: analysis({ account_id: ['1111'] }),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(again.decision).toBe('duplicate');
    expect(again.ticket.number).toBe(1);
    expect(await s.highestNumber()).toBe(1);

    const second = await s.ingest({
      mail: mail({ messageId: 'b1@other.example', from: { address: 'bob@other.example', name: '' } }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(second.ticket.number).toBe(2);
  });

  it('adds a reply to our auto-reply to the ticket and re-checks it as a whole', async () => {
    const s = service();
    const replyId = makeReplyMessageId({ ticket: 1, inboundMessageId: 'a1@partner.co.jp', key: KEY, domain: 'intake.test' });
    await s.recordReply(1, { messageId: replyId, inReplyTo: 'a1@partner.co.jp', kind: 'missing_items', to: 'alice@partner.co.jp', sentAt: new Date(now) });
    await s.recordReply(1, { messageId: replyId, inReplyTo: 'a1@partner.co.jp', kind: 'missing_items', to: 'alice@partner.co.jp', sentAt: new Date(now) });
    now = T0 + 2 * DAY;
    const out = await s.ingest({
      mail: mail({ messageId: 'a2@partner.co.jp', inReplyTo: [replyId], references: ['a1@partner.co.jp', replyId] }),
      analysis: analysis({ site: ['ap01'], goal: true }),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(out.decision).toBe('follow_up');
    expect(out.ticket.number).toBe(1);
    expect(out.ticket.status).toBe('complete');
    expect(out.combined.missing).toEqual([]);
    const json = s.toJson((await s.get(1))!);
    expect(json).toMatchObject({
      number: 1,
      status: 'complete',
      account_id: '1111',
      site: 'ap01',
      sender: 'alice@partner.co.jp',
      message_ids: ['a1@partner.co.jp', 'a2@partner.co.jp'],
      linked_to: null,
      last_activity_at: new Date(now).toISOString(),
      created_at: new Date(T0).toISOString(),
    });
    expect(json.replies).toHaveLength(1);
  });

  it('threads on a Message-ID only named in References, on the body token and on the tag', async () => {
    const s = service();
    now += H;
    const viaRefs = await s.ingest({
      mail: mail({ messageId: 'a3@partner.co.jp', references: ['partner-internal-99@partner.co.jp', 'a2@partner.co.jp'] }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(viaRefs).toMatchObject({ decision: 'follow_up', ticket: { number: 1 } });
    // A colleague replies to a mail we never saw, only named in References of a3.
    const viaSeen = await s.ingest({
      mail: mail({ messageId: 'a4@partner.co.jp', inReplyTo: ['partner-internal-99@partner.co.jp'] }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(viaSeen).toMatchObject({ decision: 'follow_up', ticket: { number: 1 } });
    const viaToken = await s.ingest({
      mail: mail({ messageId: 'a5@partner.co.jp', subject: 'no headers', text: `ok\n> ${makeReferenceToken(1, KEY)}` }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(viaToken).toMatchObject({ decision: 'follow_up', ticket: { number: 1 } });
    const viaTag = await s.ingest({
      mail: mail({ messageId: 'a6@partner.co.jp', subject: `Re: Query fails ${subjectTag(1)}` }),
      analysis: analysis({}, ['1']),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(viaTag).toMatchObject({ decision: 'follow_up', ticket: { number: 1 } });
  });

  it('makes a stranger naming our tag a new ticket that tells nothing of it', async () => {
    const s = service();
    const out = await s.ingest({
      mail: mail({ messageId: 'm1@evil.example', from: { address: 'mallory@evil.example', name: '' }, subject: `Re: ${subjectTag(1)}` }),
      analysis: analysis({}, ['1']),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(out.decision).toBe('new');
    expect(out.ticket.number).toBe(3);
    expect(out.citedTickets).toEqual([]);
    expect(out.untrustedReference).toBe('1');
    expect(out.ticket.referencedTickets).toEqual([]);
    expect(out.relatedTicket).toBeNull();
  });

  it('links a new mail of the same account naming a job of a ticket within the window', async () => {
    const s = service();
    const base = await s.ingest({
      mail: mail({ messageId: 'j1@partner.co.jp' }),
      analysis: analysis({ account_id: ['5555'], target_id: ['job:424242'] }),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    now += 27 * DAY + 23 * H;
    const linked = await s.ingest({
      mail: mail({ messageId: 'j2@partner.co.jp', subject: 'Same job again' }),
      analysis: analysis({ account_id: ['5555'], target_id: ['job:424242'] }),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(linked.decision).toBe('linked');
    expect(linked.ticket.status).toBe('linked');
    expect(linked.ticket.linkedTo).toBe(base.ticket.number);
    expect(linked.relatedTicket).toMatchObject({ number: base.ticket.number, subject: 'Query fails' });
    expect(s.toJson(linked.ticket).linked_to).toBe(base.ticket.number);
    const dup = await s.ingest({
      mail: mail({ messageId: 'j2@partner.co.jp' }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(dup).toMatchObject({ decision: 'duplicate', relatedTicket: { number: base.ticket.number } });

    now += 2 * H; // base is now 28d1h old
    const late = await s.ingest({
      mail: mail({ messageId: 'j3@partner.co.jp', inReplyTo: ['j1@partner.co.jp'] }),
      analysis: analysis({ account_id: ['5555'] }, [String(base.ticket.number)]),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(late.decision).toBe('new');
    expect(late.citedTickets).toEqual([base.ticket.number]);
  });

  it('treats every earlier ticket as outside a window of 0 days', async () => {
    const s = service(0);
    const out = await s.ingest({
      mail: mail({ messageId: 'z1@partner.co.jp', inReplyTo: ['a1@partner.co.jp'] }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(out.decision).toBe('new');
    expect(out.citedTickets).toEqual([1]);
  });

  it('lists by account and status, and remembers image hashes per sender', async () => {
    const s = service();
    expect((await s.list({ account: '5555' })).map((t) => t.number)).toEqual([4, 5, 6]);
    expect((await s.list({ status: 'complete' })).map((t) => t.number)).toEqual([1]);
    expect((await s.list({})).length).toBe(7);
    expect(await s.findBy('target', 'job:424242')).toEqual([5, 4]);
    expect(await s.findBy('target', 'job:424242', new Date(now + 1))).toEqual([]);
    expect((await s.findBy('sender', 'ALICE@partner.co.jp')).sort()).toEqual([1, 4, 5, 6, 7]);
    await s.ingest({
      mail: mail({
        messageId: 'img1@partner.co.jp',
        attachments: [
          { filename: 'logo.png', contentType: 'image/png', size: 10, sha256: 'aa', contentId: null, inline: true, text: null, image: null },
        ],
      }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: false,
      flags: ['automated:auto-submitted'],
    });
    expect(await s.imageHashesFor('Alice@partner.co.jp')).toEqual(new Set(['aa']));
  });

  it('replays a mail onto its known ticket whatever the rules now decide (reindex)', async () => {
    const s = service();
    const top = await s.highestNumber();
    // Would be a follow-up on #1 by its header, but the mailbox says it opened its own ticket.
    const own = await s.ingest(
      { mail: mail({ messageId: 'p1@partner.co.jp', inReplyTo: ['a1@partner.co.jp'] }), analysis: analysis(), receivedAt: new Date(now), replyAllowed: true },
      { placeOn: top + 5 },
    );
    expect(own).toMatchObject({ decision: 'new', ticket: { number: top + 5 } });
    // Would be new, but the mailbox says it was a follow-up on that ticket.
    const onto = await s.ingest(
      { mail: mail({ messageId: 'p2@stranger.example', from: { address: 'x@stranger.example', name: '' } }), analysis: analysis(), receivedAt: new Date(now), replyAllowed: true },
      { placeOn: top + 5 },
    );
    expect(onto).toMatchObject({ decision: 'follow_up', ticket: { number: top + 5 } });
    expect(await s.highestNumber()).toBe(top + 5);
    expect(await s.raiseCounter(top + 3)).toBe(top + 5);
  });

  it('allocates one number per mail under concurrent ingests and never loses a follow-up', async () => {
    const s = service();
    const before = await s.highestNumber();
    const fresh = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.ingest({ mail: mail({ messageId: `c${i}@x.example`, from: { address: `u${i}@x${i}.example`, name: '' } }), analysis: analysis(), receivedAt: new Date(now), replyAllowed: true }),
      ),
    );
    const numbers = fresh.map((o) => o.ticket.number).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers[19]).toBe(before + 20);
    const root = fresh[0]!.ticket;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.ingest({
          mail: mail({ messageId: `f${i}@x.example`, from: { address: root.sender!, name: '' }, inReplyTo: [root.messages[0]!.messageId] }),
          analysis: analysis(),
          receivedAt: new Date(now),
          replyAllowed: true,
        }),
      ),
    );
    expect((await s.get(root.number))!.messages).toHaveLength(11);
  });

  it('keeps the sender text once, indexes at most 20 IDs of a mail, and lets every key expire', async () => {
    const s = new TicketService(redis, {
      prefix,
      followUpWindowDays: 28,
      signingKey: KEY,
      clock: () => new Date(now),
      rules: {} as never,
      publicDomains: PUBLIC_DOMAINS,
      retentionDays: 30,
    });
    const body = `${'The export fails again. '.repeat(44_000)}`; // ~1 MB
    const refs = Array.from({ length: 5_000 }, (_, i) => `ref-${i}@flood.example`);
    const out = await s.ingest({
      mail: mail({ messageId: 'big@flood.example', from: { address: 'big@flood.example', name: '' }, references: refs }),
      analysis: { ...analysis(), senderText: body },
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    const tk = ticketKeys(prefix);
    const doc = await redis.hget(tk.ticket(out.ticket.number), 'doc');
    expect(doc!.length).toBeGreaterThan(body.length);
    expect(doc!.length).toBeLessThan(body.length * 1.1);
    expect(out.ticket.messages[0]!.references.length).toBeLessThanOrEqual(20);
    const midKeys: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${tk.root}mid:*`, 'COUNT', 1000);
      cursor = next;
      midKeys.push(...keys);
    } while (cursor !== '0');
    const ofThisMail = [];
    for (const k of midKeys) if ((await redis.smembers(k)).includes(String(out.ticket.number))) ofThisMail.push(k);
    expect(ofThisMail.length).toBeLessThanOrEqual(21);
    const ttl = await redis.pttl(tk.ticket(out.ticket.number));
    expect(ttl).toBeGreaterThan(29 * DAY);
    expect(ttl).toBeLessThanOrEqual(30 * DAY);
    for (const k of ofThisMail) expect(await redis.pttl(k)).toBeGreaterThan(0);
    expect(await redis.pttl(tk.bySender('big@flood.example'))).toBeGreaterThan(0);
  });

  it('never lets a stranger pre-claim a Message-ID: the partner follow-up finds its own ticket', async () => {
    const s = service();
    const stranger = await s.ingest({
      mail: mail({ messageId: 'plant@evil.example', from: { address: 'eve@evil.example', name: '' }, references: ['root@partner-x.example'] }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    const partner = await s.ingest({
      mail: mail({ messageId: 'root@partner-x.example', from: { address: 'pat@partner-x.example', name: '' } }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(partner.decision).toBe('new');
    const follow = await s.ingest({
      mail: mail({ messageId: 'f@partner-x.example', from: { address: 'pat@partner-x.example', name: '' }, inReplyTo: ['root@partner-x.example'] }),
      analysis: analysis(),
      receivedAt: new Date(now),
      replyAllowed: true,
    });
    expect(follow).toMatchObject({ decision: 'follow_up', ticket: { number: partner.ticket.number } });
    expect((await s.get(stranger.ticket.number))!.messages).toHaveLength(1);
  });
});
