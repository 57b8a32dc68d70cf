import { describe, expect, it } from 'vitest';
import { REQUIRED_ITEM_KEYS, type Category, type RequiredItemKey } from '../../src/analysis/types.ts';
import {
  chooseReplyKind,
  composeReply,
  greetingName,
  loadTemplates,
  saysSolved,
  type ReplyContext,
} from '../../src/reply/compose.ts';

/** Issue 15: replies a partner trusts (follow-ups, required vs helpful, names, examples, tone). */

const templates = loadTemplates('templates');
const LANGS = ['ja', 'en'] as const;

function ctx(over: Partial<ReplyContext> = {}): ReplyContext {
  return {
    kind: 'missing_items',
    language: 'ja',
    ticketNumber: 42,
    category: 'error',
    channel: 'console',
    missing: ['account_id', 'site'],
    secrets: [],
    inbound: {
      messageId: 'in-1@partner.example',
      subject: 'Access Denied エラー',
      from: { address: 'taro@partner.example', name: 'Taro Yamada' },
      references: [],
    },
    referenceToken: '[ref:0123456789abcdef01]',
    messageId: 'reply-42-abc@support.example',
    support: { address: 'support@support.example', name: 'Partner Support' },
    ...over,
  };
}

const from = (name: string) => ({ inbound: { ...ctx().inbound, from: { address: 'x@partner.example', name } } });

describe('names', () => {
  it('strips honorifics, via wrappers and reverses "Last, First"', () => {
    expect(greetingName('株式会社エービーシー 佐藤様')).toBe('株式会社エービーシー 佐藤');
    expect(greetingName("'Priya Raghunathan' via Partner Support")).toBe('Priya Raghunathan');
    expect(greetingName('"Priya Raghunathan" via Partner Support')).toBe('Priya Raghunathan');
    expect(greetingName('Doyle, Chris')).toBe('Chris Doyle');
    expect(greetingName('DOYLE, Chris')).toBe('Chris Doyle');
    expect(greetingName('山田, 太郎')).toBe('山田 太郎');
    expect(greetingName('山田 太郎 様')).toBe('山田 太郎');
    expect(greetingName('佐藤さん')).toBe('佐藤');
    expect(greetingName('Mr. John Smith')).toBe('John Smith');
    expect(greetingName('Kenji Tanaka-san')).toBe('Kenji Tanaka');
    expect(greetingName('Taro Yamada (ABC Corp)')).toBe('Taro Yamada');
  });

  it('handles romaji-only lower-case names, and greets generically when no person is named', () => {
    expect(greetingName('yamada')).toBe('Yamada');
    expect(greetingName('taro yamada')).toBe('Taro Yamada');
    expect(greetingName('TARO YAMADA')).toBe('Taro Yamada');
    expect(greetingName("O'Neil, Pat")).toBe("Pat O'Neil");
    expect(greetingName('t.yamada')).toBe('');
    expect(greetingName('user_01')).toBe('');
    expect(greetingName('support')).toBe('');
    expect(greetingName('株式会社エービーシー')).toBe('');
    expect(greetingName('a@b.example')).toBe('');
    expect(greetingName('')).toBe('');
  });

  it('greets the issue\'s three senders without a doubled honorific, wrapper or reversed name', () => {
    const ja = composeReply(ctx(from('株式会社エービーシー 佐藤様')), templates).text;
    expect(ja.startsWith('株式会社エービーシー 佐藤 様\n')).toBe(true);
    expect(ja).not.toMatch(/様\s*様/);
    const priya = composeReply(ctx({ language: 'en', ...from("'Priya Raghunathan' via Partner Support") }), templates).text;
    expect(priya.startsWith('Dear Priya Raghunathan,\n')).toBe(true);
    const chris = composeReply(ctx({ language: 'en', ...from('Doyle, Chris') }), templates).text;
    expect(chris.startsWith('Dear Chris Doyle,\n')).toBe(true);
    expect(composeReply(ctx(from('yamada')), templates).text.startsWith('Yamada 様\n')).toBe(true);
    expect(composeReply(ctx(from('support')), templates).text.startsWith('ご担当者様\n')).toBe(true);
    expect(composeReply(ctx({ language: 'en', ...from('') }), templates).text.startsWith('Hello,\n')).toBe(true);
  });
});

describe('required items first, then helpful ones', () => {
  it('groups the missing items under what the investigation needs and what speeds it up', () => {
    for (const language of LANGS) {
      const r = composeReply(ctx({ language, missing: ['goal', 'account_id', 'history', 'target_id'] }), templates);
      const items = templates.languages[language].items;
      const at = (k: RequiredItemKey) => r.text.indexOf(items[k].label);
      expect(at('account_id')).toBeLessThan(at('target_id'));
      expect(at('target_id')).toBeLessThan(at('goal'));
      expect(at('goal')).toBeLessThan(at('history'));
      const helpfulHead = language === 'en' ? 'would also help us answer sooner' : 'より早く解決できます';
      expect(r.text.indexOf(helpfulHead)).toBeGreaterThan(at('target_id'));
      expect(r.text.indexOf(helpfulHead)).toBeLessThan(at('goal'));
      // What to do when something is already in the mail.
      expect(r.text).toMatch(language === 'en' ? /already in your mail, just say where/ : /すでに記載いただいている項目/);
      // Header keeps the full `missing` meaning.
      expect(r.headers['X-Intake-Missing']).toBe('account_id,goal,target_id,history');
    }
  });

  it('does not hold the investigation back when only helpful items are missing', () => {
    const en = composeReply(ctx({ language: 'en', missing: ['goal', 'timezone'] }), templates).text;
    expect(en).toContain('starting it now');
    expect(en).not.toContain('To start the investigation, we need');
    const ja = composeReply(ctx({ missing: ['history'] }), templates).text;
    expect(ja).toContain('調査を開始いたします');
    expect(ja).not.toContain('調査を開始するにあたり');
  });

  it('every item is required or helpful in config/items.yaml, as the guideline separates them', () => {
    const kinds = templates.rules.itemKinds;
    expect(REQUIRED_ITEM_KEYS.every((k) => kinds[k] === 'required' || kinds[k] === 'helpful')).toBe(true);
    expect(REQUIRED_ITEM_KEYS.filter((k) => kinds[k] === 'helpful')).toEqual(['goal', 'history', 'timezone', 'related_ticket']);
  });

  it('a spec question is asked for the environment it is about, not where "the issue occurs"', () => {
    const en = composeReply(ctx({ language: 'en', category: 'spec', channel: 'unknown', missing: ['site'] }), templates).text;
    expect(en).toContain('your question is about');
    expect(en).not.toContain('where the issue occurs');
    const ja = composeReply(ctx({ category: 'spec', channel: 'unknown', missing: ['site'] }), templates).text;
    expect(ja).toContain('ご質問の対象となる Console Environment');
    expect(ja).not.toContain('事象が発生している Console Environment');
  });
});

describe('examples fit the mail', () => {
  it('shows the example of the method the partner used', () => {
    const api = composeReply(ctx({ language: 'en', channel: 'api', missing: ['command', 'goal'] }), templates).text;
    expect(api).toContain('POST https://api.treasuredata.com/v3/job/issue');
    expect(api).not.toContain('td query -d');
    expect(api).not.toContain('export data to S3');
    const toolbelt = composeReply(ctx({ language: 'en', channel: 'toolbelt', missing: ['command'] }), templates).text;
    expect(toolbelt).toContain('td query -d');
    const wf = composeReply(ctx({ channel: 'workflow', missing: ['target_id'] }), templates).text;
    expect(wf).toContain('Session ID');
  });

  it('names the clock times that lack a zone', () => {
    const en = composeReply(ctx({ language: 'en', missing: ['timezone'], itemValues: { timezone: ['10:30', '4pm'] } }), templates).text;
    expect(en).toContain('The time zone of the times you mention (10:30, 4pm).');
    const ja = composeReply(ctx({ missing: ['timezone'], itemValues: { timezone: ['16時'] } }), templates).text;
    expect(ja).toContain('記載いただいた日時（16時）のタイムゾーン');
  });
});

describe('follow-ups are answered by what they change', () => {
  const choose = (
    category: Category,
    missing: RequiredItemKey[],
    previous: { category: Category; missing: RequiredItemKey[] } | null,
    solved = false,
  ) => chooseReplyKind({ category, missing, followUp: true, related: false, previous, solved });

  it('completing a ticket gets the complete reply; a thanks on a complete ticket gets an acknowledgement', () => {
    expect(choose('error', [], { category: 'error', missing: ['site'] })).toBe('follow_up_complete');
    expect(choose('error', [], { category: 'error', missing: [] })).toBe('acknowledged');
  });
  it('a question on an out-of-scope ticket is acknowledged, not answered with the same text', () => {
    expect(choose('contract', [], { category: 'contract', missing: [] })).toBe('acknowledged');
    expect(choose('contract', [], { category: 'error', missing: ['site'] })).toBe('out_of_scope');
  });
  it('a follow-up that supplies nothing still missing is acknowledged; one that supplies something lists the rest', () => {
    expect(choose('error', ['site', 'history'], { category: 'error', missing: ['history', 'site'] })).toBe('acknowledged');
    expect(choose('error', ['history'], { category: 'error', missing: ['site', 'history'] })).toBe('follow_up_missing');
  });
  it('with required and helpful kinds: what happens next is said once, when nothing required is missing any more', () => {
    const itemKinds = templates.rules.itemKinds;
    const k = (missing: RequiredItemKey[], prev: RequiredItemKey[]) =>
      chooseReplyKind({ category: 'error', missing, followUp: true, related: false, previous: { category: 'error', missing: prev }, itemKinds });
    // Only helpful items were missing, so the first reply already said the investigation starts.
    expect(k(['goal'], ['goal'])).toBe('acknowledged');
    expect(k([], ['goal', 'history'])).toBe('acknowledged');
    // A required item newly needed (e.g. the method turned out to be the API) is asked for.
    expect(k(['goal', 'os'], ['goal'])).toBe('follow_up_missing');
    // The last required item supplied, helpful ones left: the reply that says what happens next, with the helpful list.
    expect(k(['goal'], ['site', 'goal'])).toBe('follow_up_missing');
    const r = composeReply(ctx({ kind: 'follow_up_missing', language: 'en', missing: ['goal'] }), templates).text;
    expect(r).toContain('starting it now');
    expect(r).toContain(templates.languages.en.items.goal.label);
  });

  it('"solved" is acknowledged whatever the state', () => {
    expect(choose('error', ['site'], { category: 'error', missing: ['site'] }, true)).toBe('acknowledged');
    expect(choose('oss', [], { category: 'oss', missing: [] }, true)).toBe('acknowledged');
  });

  it('the acknowledgement is one line about the ticket, with X-Intake-Kind: acknowledged', () => {
    for (const language of LANGS) {
      for (const [acknowledgement, extra] of [
        ['complete', {}],
        ['solved', {}],
        ['out_of_scope', { category: 'contract' }],
        ['awaiting', { missing: ['site'] }],
      ] as const) {
        const r = composeReply(
          ctx({ language, kind: 'acknowledged', missing: [], acknowledgement, ...(extra as Partial<ReplyContext>) }),
          templates,
        );
        expect(r.headers['X-Intake-Kind']).toBe('acknowledged');
        expect(r.headers['X-Intake-Missing']).toBe('none');
        expect(r.text).toMatch(language === 'en' ? /added it to ticket #42/ : /チケット #42 に追加いたしました/);
        expect(r.text).not.toMatch(/investigation|調査を開始/);
        if (acknowledgement === 'solved') expect(r.text).toMatch(language === 'en' ? /marked the ticket as solved/ : /解決済み/);
        if (acknowledgement === 'awaiting') expect(r.text).toContain(templates.languages[language].items.site.label);
        expect(r.text.split('\n').length).toBeLessThan(16);
      }
    }
  });

  it('reads "solved" and "you may close it" but not conditions or negations', () => {
    const rules = templates.rules;
    for (const yes of [
      '解決しました、クローズして問題ございません。',
      'お陰様で解消いたしました。',
      'クローズしていただいて構いません。',
      'Thanks, the issue is resolved now.',
      'We fixed it on our side, you can close this ticket.',
      'Please close this ticket.',
    ]) {
      expect(saysSolved(yes, rules), yes).toBe(true);
    }
    for (const no of [
      'まだ解決していません。',
      '解決しませんでした。',
      'もし解決しましたらご連絡します。',
      'The issue is not resolved.',
      "It hasn't been fixed yet.",
      'If it is resolved, you can close the ticket.',
      'Thanks, looking forward to your findings.',
      'When will Customer Success call us?',
    ]) {
      expect(saysSolved(no, rules), no).toBe(false);
    }
  });
});

describe('related ticket, footer, tone', () => {
  const related = (language: 'ja' | 'en') =>
    composeReply(
      ctx({
        language,
        kind: 'related_ticket',
        ticketNumber: 43,
        relatedTicket: { number: 7, subject: 'S3 export fails', createdAt: new Date('2026-11-20T01:15:00Z') },
      }),
      templates,
    ).text;

  it('makes sense to a colleague who never got ticket #7 mails, and names the new number', () => {
    const en = related('en');
    expect(en).toContain('ticket #43');
    expect(en).toMatch(/If you do not have those mails.*simply reply to this mail/s);
    const ja = related('ja');
    expect(ja).toContain('チケット #43');
    expect(ja).toMatch(/メールをお持ちでない場合.*このメールにそのままご返信ください/s);
  });

  it('uses one sender name everywhere, invites a reply on the ticket, keeps the token unobtrusive', () => {
    for (const language of LANGS) {
      const r = composeReply(ctx({ language }), templates);
      expect(r.from).toBe('"Partner Support" <support@support.example>');
      expect(r.text).not.toContain('TDサポート');
      expect(r.text).not.toContain('TD Support');
      expect(r.text).toContain('Partner Support');
      expect(r.text).toMatch(language === 'en' ? /Reply to this mail and your message is added to ticket #42/ : /ご返信いただくと、チケット #42 に記録されます/);
      expect(r.text).not.toMatch(/sent automatically|自動送信/);
      expect(r.html).toContain('font-size: 10px; color: #aaa;">');
    }
  });

  it('keeps keigo even and avoids the issue\'s uneven forms', () => {
    for (const kind of ['missing_items', 'complete', 'follow_up_missing', 'out_of_scope', 'acknowledged'] as const) {
      const r = composeReply(
        ctx({
          kind,
          secrets: ['password'],
          ...(kind === 'complete' ? { missing: [] } : {}),
          ...(kind === 'out_of_scope' ? { category: 'contract', missing: [] } : {}),
          ...(kind === 'acknowledged' ? { acknowledgement: 'complete', missing: [] } : {}),
        }),
        templates,
      ).text;
      expect(r).not.toMatch(/不足しています|含まれていました|と言う|ジャストアイディア/);
      expect(r).not.toMatch(/[^おご][\p{Script=Han}\p{Script=Hiragana}]{0,3}してください/u);
    }
  });

  it('HTML uses a proportional font stack with Japanese fonts, and no monospace examples', () => {
    const r = composeReply(ctx({ missing: ['account_id', 'goal'] }), templates);
    expect(r.html).toMatch(/font-family: [^;]*Hiragino Kaku Gothic ProN[^;]*Meiryo[^;]*sans-serif;/);
    expect(r.html).not.toContain('<code>');
  });

  it('a contract inquiry names Customer Success in Cc, with the inquiry quoted, when an address is configured', () => {
    for (const language of LANGS) {
      const base = { language, kind: 'out_of_scope' as const, category: 'contract' as const, missing: [] };
      const copied = composeReply(
        ctx({ ...base, handOff: { address: 'cs@desk.example' }, inquiryText: 'Please fill in our security sheet.\nThanks' }),
        templates,
      );
      expect(copied.cc).toEqual(['cs@desk.example']);
      expect(copied.text).toContain('cs@desk.example');
      expect(copied.text).toContain('> Please fill in our security sheet.');
      expect(copied.text).not.toMatch(/A member of our team will pass|担当者が本件を Customer Success に引き継ぎ/);
      const manual = composeReply(ctx({ ...base }), templates);
      expect(manual.cc).toEqual([]);
      expect(manual.text).toMatch(language === 'en' ? /A member of our team will pass your inquiry to Customer Success/ : /担当者が本件を Customer Success に引き継ぎ/);
      expect(manual.text).not.toContain('> ');
      // Only the category that is handed on is copied.
      const oss = composeReply(ctx({ ...base, category: 'oss', handOff: { address: 'cs@desk.example' }, inquiryText: 'x' }), templates);
      expect(oss.cc).toEqual([]);
      expect(oss.text).not.toContain('cs@desk.example');
    }
  });

  it('invoices are not headed "Contracts and security check sheets"', () => {
    const en = composeReply(ctx({ language: 'en', kind: 'out_of_scope', category: 'contract', missing: [] }), templates).text;
    expect(en).not.toContain('Contracts and security check sheets');
    expect(en).toContain('Contract and billing matters');
  });
});
