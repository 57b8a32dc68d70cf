import { describe, expect, it } from 'vitest';
import { CATEGORIES, IN_SCOPE_CATEGORIES, REQUIRED_ITEM_KEYS, SECRET_KINDS, type Category } from '../../src/analysis/types.ts';
import {
  chooseReplyKind,
  composeReply,
  loadTemplates,
  OUT_OF_SCOPE_CATEGORIES,
  REPLY_KINDS,
  type ReplyContext,
  type ReplyKind,
} from '../../src/reply/compose.ts';

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
      references: ['root@partner.example', 'mid@support.example'],
    },
    relatedTicket: null,
    untrustedReference: null,
    citedTickets: [],
    oversize: null,
    referenceToken: '[ref:T42-9f3a1c]',
    messageId: 'reply-42-abc@support.example',
    support: { address: 'support@support.example', name: 'TD Support' },
    ...over,
  };
}

/** A context that fits the kind, as the pipeline would build it. */
function ctxFor(kind: ReplyKind, language: 'ja' | 'en', over: Partial<ReplyContext> = {}): ReplyContext {
  const base: Partial<ReplyContext> = { kind, language };
  if (kind === 'complete' || kind === 'follow_up_complete') base.missing = [];
  if (kind === 'out_of_scope') Object.assign(base, { category: 'oss', missing: [] });
  if (kind === 'related_ticket') {
    base.relatedTicket = { number: 7, subject: 'S3 export fails', createdAt: new Date('2026-11-20T01:15:00Z') };
  }
  return ctx({ ...base, ...over });
}

describe('composeReply: every kind in every language', () => {
  for (const kind of REPLY_KINDS) {
    for (const language of LANGS) {
      it(`${kind} / ${language}`, () => {
        const r = composeReply(ctxFor(kind, language), templates);
        expect(r.text.length).toBeGreaterThan(50);
        expect(r.html).toMatch(/^<!DOCTYPE html>/);
        expect(r.html).toContain(`lang="${language}"`);
        // Reference token in both parts, for clients that drop headers.
        expect(r.text).toContain('[ref:T42-9f3a1c]');
        expect(r.html).toContain('[ref:T42-9f3a1c]');
        // No unrendered Mustache tags and no stray blank-line runs in the text.
        expect(r.text).not.toMatch(/\{\{|\}\}/);
        expect(r.html).not.toMatch(/\{\{|\}\}/);
        expect(r.text).not.toMatch(/\n{3,}/);
        if (language === 'ja') expect(r.text).toMatch(/[\u3040-\u30ff]/);
        else expect(r.text).not.toMatch(/[\u3040-\u30ff]/);
      });
    }
  }
});

describe('headers and threading', () => {
  it('sets the exact header set for a missing-items reply', () => {
    const r = composeReply(ctx({ missing: ['site', 'account_id', 'history'] }), templates);
    expect(r.headers).toEqual({
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
      'X-Loop': 'support@support.example',
      'X-Intake-Ticket': '42',
      'X-Intake-Kind': 'missing_items',
      'X-Intake-Category': 'error',
      'X-Intake-Missing': 'account_id,site,history',
    });
    expect(r.from).toBe('"TD Support" <support@support.example>');
    expect(r.to).toBe('"Taro Yamada" <taro@partner.example>');
    expect(r.messageId).toBe('reply-42-abc@support.example');
    expect(r.inReplyTo).toBe('in-1@partner.example');
    expect(r.references).toEqual(['root@partner.example', 'mid@support.example', 'in-1@partner.example']);
  });

  it('says none for complete, out-of-scope and related replies, and adds X-Intake-Related', () => {
    for (const kind of ['complete', 'follow_up_complete', 'out_of_scope', 'related_ticket'] as const) {
      expect(composeReply(ctxFor(kind, 'en'), templates).headers['X-Intake-Missing']).toBe('none');
    }
    const related = composeReply(ctxFor('related_ticket', 'ja'), templates);
    expect(related.headers['X-Intake-Related']).toBe('7');
    expect(composeReply(ctxFor('out_of_scope', 'ja'), templates).headers['X-Intake-Category']).toBe('oss');
    expect(composeReply(ctxFor('complete', 'ja'), templates).headers).not.toHaveProperty('X-Intake-Related');
  });

  it('does not repeat the inbound Message-ID in References, and strips angle brackets', () => {
    const r = composeReply(
      ctx({ inbound: { ...ctx().inbound, references: ['<root@partner.example>', 'in-1@partner.example'] } }),
      templates,
    );
    expect(r.references).toEqual(['root@partner.example', 'in-1@partner.example']);
  });

  it('keeps References bounded on long threads (root plus the most recent)', () => {
    const refs = Array.from({ length: 40 }, (_, i) => `m${i}@x.example`);
    const r = composeReply(ctx({ inbound: { ...ctx().inbound, references: refs } }), templates);
    expect(r.references).toHaveLength(20);
    expect(r.references[0]).toBe('m0@x.example');
    expect(r.references.at(-1)).toBe('in-1@partner.example');
  });

  it('quotes display names so a comma or quote cannot make a second recipient', () => {
    const r = composeReply(
      ctx({ inbound: { ...ctx().inbound, from: { address: 'a@p.example', name: 'Doe, "J"\r\nBcc: x@evil.example' } } }),
      templates,
    );
    expect(r.to).toBe('"Doe, \\"J\\" Bcc: x@evil.example" <a@p.example>');
    expect(composeReply(ctx({ inbound: { ...ctx().inbound, from: { address: 'a@p.example', name: '' } } }), templates).to).toBe(
      'a@p.example',
    );
  });
});

describe('subject', () => {
  const subject = (s: string, n = 42) =>
    composeReply(ctx({ ticketNumber: n, inbound: { ...ctx().inbound, subject: s } }), templates).subject;

  // Issue 15: the tag goes first (phones cut the end) and a reply carries one tag only, ours.
  it('puts the ticket tag first, then Re:', () => {
    expect(subject('Access Denied')).toBe('[#42] Re: Access Denied');
  });
  it('does not stack reply prefixes', () => {
    expect(subject('Re: RE: Access Denied')).toBe('[#42] Re: Access Denied');
    expect(subject('AW: Re[2]: Access Denied')).toBe('[#42] Re: Access Denied');
    expect(subject('Re：返信: エラー')).toBe('[#42] Re: エラー');
    expect(subject('Re: [#42] Re: Access Denied')).toBe('[#42] Re: Access Denied');
  });
  it('does not duplicate an existing tag of this ticket', () => {
    expect(subject('Re: Access Denied [#42]')).toBe('[#42] Re: Access Denied');
    expect(subject('[#42] Access Denied')).toBe('[#42] Re: Access Denied');
  });
  it('drops a foreign tag instead of showing two ticket numbers', () => {
    expect(subject('Same as [#7]')).toBe('[#42] Re: Same as');
    expect(subject('Re: [#99999] x')).toBe('[#42] Re: x');
    expect(subject('［＃99999］ エラー')).toBe('[#42] Re: エラー');
  });
  it('folds newlines and handles an empty subject', () => {
    expect(subject('line one\r\n line two')).toBe('[#42] Re: line one line two');
    expect(subject('')).toBe('[#42]');
  });
});

describe('escaping', () => {
  const evil = '<script>alert(1)</script>';
  it('never puts sender text into the HTML part unescaped', () => {
    for (const kind of REPLY_KINDS) {
      for (const language of LANGS) {
        const r = composeReply(
          ctxFor(kind, language, {
            inbound: { ...ctx().inbound, subject: evil, from: { address: 'x@p.example', name: `<b onclick="x">${evil}` } },
            untrustedReference: `#99${evil}`,
            ...(kind === 'related_ticket'
              ? { relatedTicket: { number: 7, subject: evil, createdAt: new Date('2026-11-20T00:00:00Z') } }
              : {}),
          }),
          templates,
        );
        expect(r.html).not.toContain('<script');
        expect(r.html).not.toContain('<b onclick');
        expect(r.html).toContain('&lt;script&gt;');
        // The text part is not HTML: it shows the sender's text as written.
        expect(r.text).toContain(`#99${evil}`);
      }
    }
  });
  it('keeps the subject as written (headers are encoded by the mailer, not HTML-escaped)', () => {
    const r = composeReply(ctx({ inbound: { ...ctx().inbound, subject: evil } }), templates);
    expect(r.subject).toBe(`[#42] Re: ${evil}`);
  });
});

describe('missing items', () => {
  it('lists the items in the spec order, whatever order they come in, each once', () => {
    for (const language of LANGS) {
      const r = composeReply(ctx({ language, missing: ['timezone', 'account_id', 'target_id', 'account_id'] }), templates);
      const pack = templates.languages[language];
      const positions = (['account_id', 'target_id', 'timezone'] as const).map((k) => r.text.indexOf(pack.items[k].label));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(r.text.split(`. ${pack.items.account_id.label}\n`)).toHaveLength(2);
      expect(r.text).toMatch(/^1\. /m);
      expect(r.text).toMatch(/^3\. /m);
      expect(r.text).not.toMatch(/^4\. /m);
    }
  });

  it('shows what, why and an example for each item', () => {
    const r = composeReply(ctx({ language: 'en', missing: ['account_id', 'site'] }), templates);
    expect(r.text).toContain('Account ID: 10101');
    expect(r.text).toContain('Console Environment: production-us01');
    expect(r.text).toContain('Why: ');
    const ja = composeReply(ctx({ missing: ['account_id'] }), templates);
    expect(ja.text).toContain('表記揺れ');
  });

  it('asks at which step it failed when target_id is missing', () => {
    expect(composeReply(ctx({ language: 'en', missing: ['target_id'] }), templates).text).toMatch(/If no job was created.*at which step/);
    expect(composeReply(ctx({ missing: ['target_id'] }), templates).text).toContain('どの手順');
  });

  it('follow-ups list only what is still missing', () => {
    const r = composeReply(ctx({ kind: 'follow_up_missing', language: 'en', missing: ['history'] }), templates);
    const pack = templates.languages.en;
    for (const key of REQUIRED_ITEM_KEYS) {
      if (key === 'history') expect(r.text).toContain(pack.items[key].label);
      else expect(r.text).not.toContain(`. ${pack.items[key].label}\n`);
    }
    expect(r.headers['X-Intake-Missing']).toBe('history');
  });
});

describe('category texts', () => {
  // Issue 15: the 3 business days run once the request is complete; never promised while a required item is missing.
  it('states the 3-business-day target for requests once complete, not while required items are missing', () => {
    for (const kind of ['complete', 'follow_up_complete'] as const) {
      expect(composeReply(ctxFor(kind, 'en', { category: 'request' }), templates).text).toContain('3 business days');
      expect(composeReply(ctxFor(kind, 'ja', { category: 'request' }), templates).text).toContain('3営業日');
    }
    for (const kind of ['missing_items', 'follow_up_missing'] as const) {
      const en = composeReply(ctxFor(kind, 'en', { category: 'request', missing: ['account_id'] }), templates);
      expect(en.text).not.toContain('3 business days');
      expect(en.text).not.toMatch(/investigation/);
      const ja = composeReply(ctxFor(kind, 'ja', { category: 'request', missing: ['account_id'] }), templates);
      expect(ja.text).not.toContain('3営業日');
      expect(ja.text).not.toContain('調査を開始');
    }
  });

  it('points object listings to the Monitoring Workflow and the APIs, IDs only', () => {
    const en = composeReply(ctx({ language: 'en', category: 'object_listing', missing: ['account_id'] }), templates);
    expect(en.text).toContain('Monitoring Workflow');
    expect(en.text).toContain('https://api-docs.treasuredata.com/');
    expect(en.text).toContain('https://docs.digdag.io/api/');
    expect(en.text).not.toMatch(/investigation/);
    expect(en.html).toContain('<a href="https:&#x2F;&#x2F;api-docs.treasuredata.com&#x2F;">');
    expect(composeReply(ctx({ language: 'en', category: 'object_listing', missing: [], kind: 'complete' }), templates).text).toMatch(/IDs only/);
    const ja = composeReply(ctx({ category: 'object_listing', missing: [] , kind: 'complete'}), templates);
    expect(ja.text).toContain('各 ID のみ');
    expect(ja.text).not.toContain('調査を開始');
  });

  it('out-of-scope replies never list missing items and say where to go', () => {
    const expectations: Record<string, { en: RegExp; ja: RegExp }> = {
      contract: { en: /pass your inquiry to Customer Success, who will contact you/, ja: /Customer Success よりご連絡いたします/ },
      implementation: { en: /point you to the relevant documentation/, ja: /ドキュメントをご案内いたします/ },
      third_party_spec: { en: /formal answer/, ja: /正式な回答は出来かねます/ },
      oss: { en: /Embulk and Digdag used as OSS/, ja: /OSS としての Embulk、Digdag/ },
      general_it: { en: /formal answer/, ja: /正式な回答は出来かねます/ },
    };
    for (const category of OUT_OF_SCOPE_CATEGORIES) {
      for (const language of LANGS) {
        // Even if a caller passed missing items, an out-of-scope reply lists none.
        const r = composeReply(ctxFor('out_of_scope', language, { category, missing: ['account_id', 'site'] }), templates);
        expect(r.text).toMatch(expectations[category]![language]);
        expect(r.text).not.toContain(templates.languages[language].items.account_id.label);
        expect(r.html).not.toContain('<ol>');
        expect(r.headers['X-Intake-Missing']).toBe('none');
        // What happens next is stated, with no in-house jargon.
        expect(r.text).toMatch(language === 'en' ? /will /i : /いたします。/);
        expect(r.text).not.toContain('ジャストアイディア');
      }
    }
  });
});

describe('notes', () => {
  it('names the kind of an exposed secret, never a value, with advice per kind', () => {
    for (const language of LANGS) {
      const r = composeReply(ctx({ language, secrets: ['aws_access_key', 'td_api_key'] }), templates);
      const labels = templates.languages[language].texts.secretKinds;
      expect(r.text).toContain(labels.td_api_key);
      expect(r.text).toContain(labels.aws_access_key);
      expect(r.text).not.toContain(labels.password);
      expect(r.text).toMatch(language === 'en' ? /revoke this API key and issue a new one/ : /無効化（revoke）のうえ、新しいキーを発行/);
      expect(r.html).toContain(labels.td_api_key);
      // Issue 15: no claim the product does not keep (the raw mail stays in the Processed mailbox).
      expect(r.text).not.toMatch(/only a masked copy|マスクした内容のみ/);
      expect(r.text).toMatch(language === 'en' ? /kept in our support mailbox/ : /メールボックスに保管されます/);
    }
    const none = composeReply(ctx({ language: 'en' }), templates);
    expect(none.text).not.toMatch(/revoke/);
  });

  it('puts the credential warning before the missing-items list, where it is read first', () => {
    const r = composeReply(ctx({ language: 'en', secrets: ['password'], missing: ['site'] }), templates);
    expect(r.text.indexOf('change this password')).toBeGreaterThan(0);
    expect(r.text.indexOf('change this password')).toBeLessThan(r.text.indexOf(templates.languages.en.items.site.label));
  });

  it('greets by name, or generically when the name is missing or just an address', () => {
    const named = composeReply(ctx(), templates);
    expect(named.text.startsWith('Taro Yamada 様\n')).toBe(true);
    const bare = (name: string, language: 'ja' | 'en') =>
      composeReply(ctx({ language, inbound: { ...ctx().inbound, from: { address: 'a@p.example', name } } }), templates).text;
    expect(bare('', 'ja').startsWith('ご担当者様\n')).toBe(true);
    expect(bare('a@p.example', 'en').startsWith('Hello,\n')).toBe(true);
  });

  it('mentions an untrusted reference, cited tickets and the size limit', () => {
    const r = composeReply(
      ctx({ language: 'en', untrustedReference: '#12345', citedTickets: [3, 5, 3], oversize: { limitMb: 25 } }),
      templates,
    );
    expect(r.text).toContain('(#12345)');
    expect(r.text).toMatch(/new inquiry/);
    expect(r.text).toContain('#3, #5 as references');
    expect(r.text).toContain('limit 25 MB');
    const ja = composeReply(ctx({ untrustedReference: '#12345', citedTickets: [3], oversize: { limitMb: 10 } }), templates);
    expect(ja.text).toContain('新規のお問い合わせとして受け付けました');
    expect(ja.text).toContain('#3 を参考情報');
    expect(ja.text).toContain('上限 10 MB');
  });

  it('related-ticket replies name the ticket, subject and date and ask to reply there within 28 days', () => {
    const en = composeReply(ctxFor('related_ticket', 'en'), templates);
    expect(en.text).toContain('#7 ("S3 export fails", received 2026-11-20 01:15 UTC)');
    expect(en.text).toContain('28 days');
    expect(en.text).toContain('duplicate investigation');
    const ja = composeReply(ctxFor('related_ticket', 'ja'), templates);
    expect(ja.text).toContain('日本時間 2026-11-20 10:15');
    expect(ja.text).toContain('28日以内');
    expect(ja.text).toContain('多重調査');
  });
});

describe('inconsistent contexts are refused (EREPLYCONTEXT)', () => {
  const cases: [string, Partial<ReplyContext>][] = [
    ['missing_items without items', { kind: 'missing_items', missing: [] }],
    ['complete with items missing', { kind: 'complete', missing: ['site'] }],
    ['out_of_scope for an in-scope category', { kind: 'out_of_scope', category: 'error', missing: [] }],
    ['missing_items for an out-of-scope category', { kind: 'missing_items', category: 'contract' }],
    ['related_ticket without the ticket', { kind: 'related_ticket', relatedTicket: null }],
  ];
  for (const [name, over] of cases) {
    it(name, () => {
      expect(() => composeReply(ctx(over), templates)).toThrow(expect.objectContaining({ code: 'EREPLYCONTEXT' }));
    });
  }
});

describe('chooseReplyKind', () => {
  const choose = (category: Category, missing: number, followUp = false, related = false) =>
    chooseReplyKind({ category, missing: REQUIRED_ITEM_KEYS.slice(0, missing), followUp, related });

  it('picks by scope, missing items, follow-up and relation', () => {
    expect(choose('error', 2)).toBe('missing_items');
    expect(choose('error', 0)).toBe('complete');
    expect(choose('error', 1, true)).toBe('follow_up_missing');
    expect(choose('spec', 0, true)).toBe('follow_up_complete');
    expect(choose('error', 1, false, true)).toBe('related_ticket');
    expect(choose('contract', 0, false, true)).toBe('related_ticket');
    expect(choose('error', 1, true, true)).toBe('follow_up_missing');
    for (const c of OUT_OF_SCOPE_CATEGORIES) {
      expect(choose(c, 0)).toBe('out_of_scope');
      expect(choose(c, 3)).toBe('out_of_scope');
      expect(choose(c, 0, true)).toBe('out_of_scope');
    }
  });

  it('always yields a context composeReply accepts', () => {
    for (const category of CATEGORIES) {
      for (const n of [0, 2]) {
        for (const followUp of [false, true]) {
          for (const related of [false, true]) {
            const kind = chooseReplyKind({ category, missing: REQUIRED_ITEM_KEYS.slice(0, n), followUp, related });
            const inScope = IN_SCOPE_CATEGORIES.includes(category);
            const c = ctxFor(kind, 'en', { category, missing: inScope ? REQUIRED_ITEM_KEYS.slice(0, n) : [] });
            expect(() => composeReply(c, templates)).not.toThrow();
          }
        }
      }
    }
  });
});

describe('template coverage (fails when a key is added without text)', () => {
  it('has every required item, secret kind and out-of-scope category in both languages', () => {
    for (const language of LANGS) {
      const pack = templates.languages[language];
      for (const key of REQUIRED_ITEM_KEYS) {
        const t = pack.items[key];
        expect(t, `${language} item ${key}`).toBeDefined();
        for (const field of ['label', 'what', 'why', 'example'] as const) expect(t[field].trim()).not.toBe('');
      }
      for (const kind of SECRET_KINDS) expect(pack.texts.secretKinds[kind], `${language} secret ${kind}`).toBeTruthy();
      for (const category of CATEGORIES.filter((c) => !IN_SCOPE_CATEGORIES.includes(c))) {
        const block = (pack.texts.outOfScope as Record<string, { paragraphs: string[] } | undefined>)[category];
        expect(block?.paragraphs.length, `${language} out-of-scope ${category}`).toBeGreaterThan(0);
      }
      for (const category of IN_SCOPE_CATEGORIES) {
        expect(pack.texts.inScope[category]?.complete.paragraphs.length, `${language} in-scope ${category}`).toBeGreaterThan(0);
      }
      for (const kind of SECRET_KINDS) expect(pack.texts.secretAdvice[kind], `${language} advice ${kind}`).toBeTruthy();
    }
  });
});
