import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ITEM_KEYS, type Analysis, type ItemKey, type ItemResult } from '../../src/analysis/types.ts';
import { parseMail } from '../../src/mail/parse.ts';
import { fileURLToPath } from 'node:url';
import { loadSafetyRules } from '../../src/safety/safety-rules.ts';

/** The shipped free-mail domains (config/safety.yaml). */
const PUBLIC_DOMAINS = loadSafetyRules(fileURLToPath(new URL('../../config', import.meta.url))).publicDomains;

// The store's only dependency on the analysis module; a stand-in keeps this test about the store.
vi.mock('../../src/tickets/combine.ts', () => ({ combineAnalyses: (list: Analysis[]) => combineFake(list) }));

const { TicketService } = await import('../../src/tickets/service.ts');
const { reindex } = await import('../../src/tickets/reindex.ts');
const { makeReplyMessageId, subjectTag } = await import('../../src/tickets/reply-id.ts');
type SourceMessage = import('../../src/tickets/reindex.ts').SourceMessage;
type PreparedInbound = import('../../src/tickets/reindex.ts').PreparedInbound;

const KEY = 'signing-key-for-tests-0123456789';
const DAY = 24 * 3600_000;
const T0 = new Date('2026-01-05T09:00:00Z').getTime();
const SENT = 'Intake/Sent';

function analysisOf(text: string): Analysis {
  const found: Partial<Record<ItemKey, string[]>> = {};
  const account = /Account ID:\s*(\d+)/i.exec(text);
  if (account) found.account_id = [account[1]!];
  const site = /site:\s*(\w+)/i.exec(text);
  if (site) found.site = [site[1]!];
  if (/goal:/i.test(text)) found.goal = [];
  const jobs = [...text.matchAll(/job\s+(\d+)/gi)].map((m) => `job:${m[1]}`);
  if (jobs.length) found.target_id = jobs;
  const all = {} as Record<ItemKey, ItemResult>;
  for (const k of ITEM_KEYS) all[k] = { present: found[k] !== undefined, values: found[k] ?? [] };
  return {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: all,
    missing: (['account_id', 'site', 'goal'] as const).filter((k) => !all[k].present),
    secrets: [],
    referencedTickets: [...text.matchAll(/ticket\s+#?(\d+)/gi)].map((m) => m[1]!),
    mentionsEarlierInquiry: false,
    senderText: text,
  };
}

function combineFake(list: Analysis[]): Analysis {
  const out = analysisOf('');
  for (const a of list) {
    for (const k of ITEM_KEYS) {
      if (a.items[k].present) out.items[k] = { present: true, values: [...out.items[k].values, ...a.items[k].values] };
    }
  }
  out.missing = out.missing.filter((k) => !out.items[k].present);
  return out;
}

function eml(h: { id: string; from: string; subject: string; date: number; inReplyTo?: string; refs?: string[]; extra?: string }, body: string): Buffer {
  return Buffer.from(
    [
      `Message-ID: <${h.id}>`,
      `From: ${h.from}`,
      'To: support@intake.test',
      `Subject: ${h.subject}`,
      `Date: ${new Date(h.date).toUTCString()}`,
      ...(h.inReplyTo ? [`In-Reply-To: <${h.inReplyTo}>`] : []),
      ...(h.refs ? [`References: ${h.refs.map((r) => `<${r}>`).join(' ')}`] : []),
      ...(h.extra ? [h.extra] : []),
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );
}

async function prepare(raw: Buffer): Promise<PreparedInbound> {
  const mail = await parseMail(raw);
  const automated = mail.headers.has('auto-submitted');
  return { mail, analysis: analysisOf(mail.text), replyAllowed: !automated, flags: automated ? ['automated:auto-submitted'] : [] };
}

describe('reindex', () => {
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 });
  const prefix = `t-reindex-${randomBytes(4).toString('hex')}`;
  const service = (windowDays = 28) =>
    new TicketService(redis, { prefix, followUpWindowDays: windowDays, signingKey: KEY, rules: {} as never, publicDomains: PUBLIC_DOMAINS });

  afterAll(async () => {
    await service().clear();
    await redis.quit();
  });

  /** Processes mail like the intake worker (ingest, then the reply into Sent); returns the mailbox. */
  async function live(windowDays: number, inbound: { raw: Buffer; at: number }[]): Promise<SourceMessage[]> {
    const s = service(windowDays);
    const box: SourceMessage[] = [];
    for (const m of inbound) {
      const p = await prepare(m.raw);
      const out = await s.ingest({ ...p, receivedAt: new Date(m.at) }, { now: new Date(m.at) });
      box.push({ raw: m.raw, mailbox: 'Intake/Processed', internalDate: new Date(m.at) });
      if (!p.replyAllowed || out.decision === 'duplicate') continue;
      const n = out.ticket.number;
      const id = makeReplyMessageId({ ticket: n, inboundMessageId: p.mail.messageId, key: KEY, domain: 'intake.test' });
      const missing = out.combined.missing.join(',') || 'none';
      const reply = eml(
        {
          id,
          from: 'support@intake.test',
          subject: `Re: ${p.mail.subject} ${subjectTag(n)}`,
          date: m.at + 1000,
          inReplyTo: p.mail.messageId,
          refs: [p.mail.messageId],
          extra: `X-Intake-Ticket: ${n}\r\nX-Intake-Missing: ${missing}${out.relatedTicket ? `\r\nX-Intake-Related: ${out.relatedTicket.number}` : ''}`,
        },
        'Thank you.',
      ).toString().replace('To: support@intake.test', `To: ${p.mail.from!.address}`);
      await s.recordReply(n, { messageId: id, inReplyTo: p.mail.messageId, kind: 'x', to: p.mail.from!.address, sentAt: new Date(m.at + 1000) });
      box.push({ raw: Buffer.from(reply), mailbox: SENT, internalDate: new Date(m.at + 2000) });
    }
    return box;
  }

  async function snapshot(windowDays: number) {
    const s = service(windowDays);
    return (await s.list({})).map((t) => {
      const j = s.toJson(t);
      return { ...j, replies: j.replies.map((r) => ({ message_id: r.message_id, in_reply_to: r.in_reply_to })) };
    });
  }

  it('brings back the same tickets, numbers, statuses and links, and later replies still thread', async () => {
    const alice = 'Alice <alice@partner.co.jp>';
    const a1 = eml({ id: 'a1@partner.co.jp', from: alice, subject: 'Job fails', date: T0 }, 'Account ID: 1111\njob 555 fails');
    const bot = eml({ id: 'n1@noise.example', from: 'robot@noise.example', subject: 'Auto', date: T0 + 1000, extra: 'Auto-Submitted: auto-generated' }, 'beep');
    const related = eml({ id: 'a2@partner.co.jp', from: alice, subject: 'Again', date: T0 + 2 * DAY }, 'Account ID: 1111\njob 555 fails again');
    const replyId1 = makeReplyMessageId({ ticket: 1, inboundMessageId: 'a1@partner.co.jp', key: KEY, domain: 'intake.test' });
    const follow = eml(
      { id: 'a3@partner.co.jp', from: alice, subject: 'Re: Job fails [#1]', date: T0 + 3 * DAY, inReplyTo: replyId1, refs: ['a1@partner.co.jp', replyId1] },
      'site: us01\ngoal: load logs',
    );
    const stranger = eml({ id: 'm1@evil.example', from: 'mallory@evil.example', subject: 'Re: [#1]', date: T0 + 4 * DAY }, 'hi');
    const named = eml({ id: 'b1@other.example', from: 'bob@other.example', subject: 'Q', date: T0 + 5 * DAY }, 'about ticket #1');
    const late = eml(
      { id: 'a4@partner.co.jp', from: alice, subject: 'Re: Job fails', date: T0 + 40 * DAY, inReplyTo: replyId1 },
      'Account ID: 1111\nstill broken',
    );
    const box = await live(28, [
      { raw: a1, at: T0 },
      { raw: bot, at: T0 + 1000 },
      { raw: related, at: T0 + 2 * DAY },
      { raw: follow, at: T0 + 3 * DAY },
      { raw: stranger, at: T0 + 4 * DAY },
      { raw: named, at: T0 + 5 * DAY },
      { raw: late, at: T0 + 40 * DAY },
    ]);
    const before = await snapshot(28);
    expect(before.map((t) => [t.number, t.status, t.linked_to, t.referenced_tickets])).toEqual([
      [1, 'complete', null, []],
      [2, 'awaiting_info', null, []],
      [3, 'linked', 1, []],
      // The stranger's ticket cites nothing: naming a ticket that is not yours tells you nothing of it.
      [4, 'awaiting_info', null, []],
      [5, 'awaiting_info', null, []],
      [6, 'awaiting_info', null, [1]],
    ]);
    expect(before[0]!.message_ids).toEqual(['a1@partner.co.jp', 'a3@partner.co.jp']);

    // Everything under the store's root is gone, as after a FLUSHALL.
    await service().clear();
    expect(await service().list({})).toEqual([]);

    // The mailbox comes back in another order (Sent first, Processed shuffled): arrival time decides.
    const shuffled = [...box.filter((m) => m.mailbox === SENT), ...box.filter((m) => m.mailbox !== SENT).reverse()];
    const report = await reindex({ messages: async function* () { yield* shuffled; } }, service(28), {
      sentMailbox: SENT,
      signingKey: KEY,
      prepare: (raw) => prepare(raw),
    });
    expect(report).toEqual({ inbound: 7, replies: 6, tickets: 6, duplicates: 0, highest: 6, orphanReplies: 0, failed: 0 });
    expect(await snapshot(28)).toEqual(before);

    // A partner's later reply to one of our old auto-replies still finds its ticket.
    const s = service(28);
    const replyTo3 = before[2]!.replies[0]!.message_id;
    const again = await s.ingest(
      { ...(await prepare(eml({ id: 'a5@partner.co.jp', from: alice, subject: 'Re: Again', date: T0 + 6 * DAY, inReplyTo: replyTo3 }, 'ok'))), receivedAt: new Date(T0 + 6 * DAY) },
      { now: new Date(T0 + 6 * DAY) },
    );
    expect(again).toMatchObject({ decision: 'follow_up', ticket: { number: 3 } });
    // And the counter continues past the highest number.
    const fresh = await s.ingest(
      { ...(await prepare(eml({ id: 'c1@new.example', from: 'c@new.example', subject: 'New', date: T0 + 41 * DAY }, 'x'))), receivedAt: new Date(T0 + 41 * DAY) },
      { now: new Date(T0 + 41 * DAY) },
    );
    expect(fresh.ticket.number).toBe(7);
  });

  it('under a window of 0 days every earlier ticket is outside it, also after a rebuild', async () => {
    await service().clear();
    const alice = 'alice@partner.co.jp';
    const first = eml({ id: 'w1@partner.co.jp', from: alice, subject: 'S', date: T0 }, 'Account ID: 2222\njob 9');
    const second = eml({ id: 'w2@partner.co.jp', from: alice, subject: 'Re: S', date: T0 + 60_000, inReplyTo: 'w1@partner.co.jp' }, 'Account ID: 2222\njob 9');
    const box = await live(0, [
      { raw: first, at: T0 },
      { raw: second, at: T0 + 60_000 },
    ]);
    const before = await snapshot(0);
    expect(before.map((t) => [t.number, t.status, t.linked_to, t.referenced_tickets])).toEqual([
      [1, 'awaiting_info', null, []],
      [2, 'awaiting_info', null, [1]],
    ]);
    await service().clear();
    await reindex({ messages: async function* () { yield* box; } }, service(0), { sentMailbox: SENT, signingKey: KEY, prepare: (raw) => prepare(raw) });
    expect(await snapshot(0)).toEqual(before);
  });
});
