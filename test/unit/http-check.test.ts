import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/analysis/rules.ts';
import { runCheck } from '../../src/cli/check.ts';
import { checkPagePlugin, memoryCounters } from '../../src/http/check-page.ts';
import { loadWebPages } from '../../src/http/pages.ts';
import { loadTemplates } from '../../src/reply/templates.ts';
import { describeWithCorpus, sharedCorpus } from '../support/shared-corpus.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const examples = resolve(repoRoot, 'examples');
const devCorpus = sharedCorpus('dev');
const dev = devCorpus.dir;
const rules = loadRules(resolve(repoRoot, 'config'));
const templates = loadTemplates(resolve(repoRoot, 'templates'));
const pages = loadWebPages(resolve(repoRoot, 'templates'));

async function cliJson(file: string): Promise<Record<string, unknown>> {
  const out: string[] = [];
  await runCheck(['--json', file], { stdout: (s) => out.push(s), stderr: () => undefined }, {
    rulesDir: resolve(repoRoot, 'config'),
    templatesDir: resolve(repoRoot, 'templates'),
  });
  return JSON.parse(out[0]!) as Record<string, unknown>;
}

/** One CLI run for many files (each run starts a thread pool); the example and dev mails share no logos. */
async function cliJsonMany(files: string[]): Promise<Map<string, Record<string, unknown>>> {
  const out: string[] = [];
  await runCheck(['--json', ...files], { stdout: (l) => out.push(l), stderr: () => undefined }, {
    rulesDir: resolve(repoRoot, 'config'),
    templatesDir: resolve(repoRoot, 'templates'),
  });
  return new Map(out.map((l) => JSON.parse(l) as Record<string, unknown>).map((j) => [j.file as string, j]));
}

function itemsOnPage(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/data-item="([a-z_]+)" data-state="(missing|present)"/g)) out[m[1]!] = m[2]!;
  return out;
}

describe('check page and POST /api/check', () => {
  let app: FastifyInstance;
  const counters = memoryCounters();

  beforeAll(async () => {
    app = Fastify();
    await app.register(checkPagePlugin({ rules, templates, pages, supportName: 'Support', maxBodyBytes: 256 * 1024, ratePerMinute: 1000, counters }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('message/rfc822 gives the same object as `intake check --json` for every example', async () => {
    const files = readdirSync(examples).filter((f) => f.endsWith('.eml')).map((f) => join(examples, f));
    const cli = await cliJsonMany(files);
    for (const file of files) {
      const res = await app.inject({ method: 'POST', url: '/api/check', headers: { 'content-type': 'message/rfc822' }, payload: readFileSync(file) });
      expect(res.statusCode, file).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect({ ...res.json(), file }).toEqual(cli.get(file));
    }
  }, 120_000);

  it('a JSON draft is checked like a plain-text mail with that subject and body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/check',
      payload: { subject: 'Export fails', text: 'Hello,\n\nour S3 export fails with Access Denied. What can we do?\n\nRegards' },
    });
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json).toMatchObject({ file: '-', language: 'en', category: 'error' });
    expect(json.missing).toEqual(expect.arrayContaining(['account_id', 'site', 'target_id']));
  });

  it('refuses a body that is neither a draft nor a mail, and a draft above the size limit', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/check', payload: { subject: 1 } })).statusCode).toBe(400);
    const notMail = await app.inject({ method: 'POST', url: '/api/check', headers: { 'content-type': 'message/rfc822' }, payload: 'just text\n' });
    expect(notMail.statusCode).toBe(400);
    expect(notMail.json().code).toBe('ENOTMAIL');
    const big = await app.inject({ method: 'POST', url: '/api/check', payload: { subject: '', text: 'x'.repeat(300 * 1024) } });
    expect(big.statusCode).toBe(413);
  });

  it('GET /check is a form with subject, text and a submit button, no script, in both languages', async () => {
    for (const [lang, word] of [['en', 'Check my draft'], ['ja', '下書きを確認する']] as const) {
      const res = await app.inject({ method: 'GET', url: `/check?lang=${lang}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('name="subject"');
      expect(res.body).toMatch(/<textarea[^>]*name="text"/);
      expect(res.body).toContain(`<button type="submit">${word}</button>`);
      expect(res.body).not.toMatch(/<script/i);
      expect(res.body).toContain(`<html lang="${lang}">`);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    }
    const ja = await app.inject({ method: 'GET', url: '/check', headers: { 'accept-language': 'ja,en;q=0.8' } });
    expect(ja.body).toContain('<html lang="ja">');
  });

  it('the form shows every missing item with the auto-reply texts, and exactly the API missing list', async () => {
    const draft = { subject: 'ジョブが失敗します', text: 'お世話になっております。\nクエリがエラーで失敗します。原因を教えてください。' };
    const api = (await app.inject({ method: 'POST', url: '/api/check', payload: draft })).json();
    const res = await app.inject({ method: 'POST', url: '/check?lang=ja', payload: new URLSearchParams(draft).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    const items = itemsOnPage(res.body);
    expect(Object.keys(items).filter((k) => items[k] === 'missing')).toEqual(api.missing);
    for (const k of api.missing) expect(res.body).toContain(templates.languages.ja.items[k as 'account_id'].label);
    // The draft stays in the form for editing.
    expect(res.body).toContain('クエリがエラーで失敗します');
  });

  it('flags credentials in the draft with the advice to mask them, never echoing the value elsewhere', async () => {
    const key = '1234/abcdef0123456789abcdef0123456789abcdef01';
    const res = await app.inject({
      method: 'POST',
      url: '/check?lang=en',
      payload: new URLSearchParams({ subject: 'API 401', text: `Our call fails with 401.\ncurl -H "Authorization: TD1 ${key}" https://api.treasuredata.com/v3/job/list\nAccount ID 12345` }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.body).toMatch(/data-secrets="1"/);
    expect(res.body).toContain('Mask them');
    expect(res.body).toContain(templates.languages.en.texts.secretKinds.td_api_key);
  });

  it('checks a saved .eml uploaded through the page (multipart), and refuses a file that is no mail', async () => {
    const file = join(examples, '02-en-missing-much.eml');
    const upload = (content: Buffer) => {
      const boundary = '----intake-test-boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="eml"; filename="draft.eml"\r\nContent-Type: message/rfc822\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return app.inject({ method: 'POST', url: '/check/eml?lang=en', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    };
    const res = await upload(readFileSync(file));
    expect(res.statusCode).toBe(200);
    const items = itemsOnPage(res.body);
    expect(Object.keys(items).filter((k) => items[k] === 'missing')).toEqual((await cliJson(file)).missing);
    const bad = await upload(Buffer.from('not a mail at all'));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('That file is not a mail');
  });

  it('counts checks and nothing else', () => {
    const c = counters.snapshot();
    expect(c.checked).toBeGreaterThan(5);
    expect(c.refused).toBeGreaterThan(0);
  });
});

describe('check rate limit', () => {
  it('answers 429 past the per-client limit, as a page for the form', async () => {
    const app = Fastify();
    await app.register(checkPagePlugin({ rules, templates, pages, supportName: 'Support', maxBodyBytes: 65536, ratePerMinute: 2 }));
    // inject() comes from 127.0.0.1: as a same-host proxy's request (with X-Forwarded-For) it counts
    // against the forwarded client; without the header it is a local tool and not limited.
    const post = (client?: string) =>
      app.inject({
        method: 'POST',
        url: '/check?lang=en',
        payload: 'subject=a&text=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(client ? { 'x-forwarded-for': `10.9.9.9, ${client}` } : {}) },
      });
    expect((await post('192.0.2.1')).statusCode).toBe(200);
    expect((await post('192.0.2.1')).statusCode).toBe(200);
    const third = await post('192.0.2.1');
    expect(third.statusCode).toBe(429);
    expect(third.body).toContain('Too many checks');
    expect((await post('192.0.2.2')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await post()).statusCode).toBe(200);
    await app.close();
  });
});

describeWithCorpus(devCorpus, 'check page: JSON drafts against the dev corpus', () => {
  it('plain-text mails: the JSON draft (subject, text) gives the same missing list as the mail itself', async () => {
    const app = Fastify();
    await app.register(checkPagePlugin({ rules, templates, pages, supportName: 'Support', maxBodyBytes: 1 << 20, ratePerMinute: 10_000 }));
    let compared = 0;
    for (const name of readdirSync(dev).filter((f) => f.endsWith('.eml'))) {
      const raw = readFileSync(join(dev, name));
      const parsed = await simpleParser(raw);
      if (parsed.html || parsed.attachments.length > 0 || !parsed.text) continue;
      const asMail = (await app.inject({ method: 'POST', url: '/api/check', headers: { 'content-type': 'message/rfc822' }, payload: raw })).json();
      const asDraft = (await app.inject({ method: 'POST', url: '/api/check', payload: { subject: parsed.subject ?? '', text: parsed.text } })).json();
      expect(asDraft.missing, name).toEqual(asMail.missing);
      compared++;
    }
    console.log(`http-check: ${compared} plain-text dev mails, JSON draft == mail`);
    expect(compared).toBeGreaterThan(0);
    await app.close();
  });

  it('every labelled mail: POST /api/check (message/rfc822) gives what `intake check --json FILE` gives', async () => {
    const app = Fastify();
    await app.register(checkPagePlugin({ rules, templates, pages, supportName: 'Support', maxBodyBytes: 25 << 20, ratePerMinute: 10_000 }));
    const files = readdirSync(dev).filter((f) => f.endsWith('.eml')).map((f) => join(dev, f));
    const cli = await cliJsonMany(files);
    expect(cli.size).toBe(files.length);
    for (const file of files) {
      const res = await app.inject({ method: 'POST', url: '/api/check', headers: { 'content-type': 'message/rfc822' }, payload: readFileSync(file) });
      expect({ ...res.json(), file }, file).toEqual(cli.get(file));
    }
    console.log(`http-check: ${files.length} dev mails, API == intake check --json`);
    await app.close();
  }, 300_000);
});

describe('check in the analysis threads, bounded in time', () => {
  it('gives what `intake check --json` gives, and answers 503 for a draft stopped at the time limit', async () => {
    const { poolDraftChecker } = await import('../../src/http/draft-check.ts');
    const { AnalysisPool } = await import('../../src/pipeline/analysis-pool.ts');
    const plugin = (timeoutMs: number) =>
      checkPagePlugin({
        rules, templates, pages, supportName: 'Support', maxBodyBytes: 2 << 20, ratePerMinute: 1000,
        checker: poolDraftChecker(new AnalysisPool({ rulesDir: resolve(repoRoot, 'config'), timeoutMs, threads: 1, heapMb: 256 }), templates.rules.itemKinds),
      });
    const app = Fastify();
    await app.register(plugin(10_000));
    const file = join(examples, '01-ja-complete-toolbelt-error.eml');
    const res = await app.inject({ method: 'POST', url: '/api/check', payload: readFileSync(file), headers: { 'content-type': 'message/rfc822' } });
    expect(res.statusCode).toBe(200);
    expect({ ...res.json(), file }).toEqual((await cliJsonMany([file])).get(file));
    await app.close();

    // A limit no draft of this size meets: the thread is stopped and the partner told so.
    const strict = Fastify();
    await strict.register(plugin(20));
    const draft = { subject: 'x', text: 'hello world\n'.repeat(80_000) };
    const slow = await strict.inject({ method: 'POST', url: '/api/check', payload: draft });
    expect(slow.statusCode).toBe(503);
    expect(slow.json().code).toBe('EANALYSISSTOPPED');
    const page = await strict.inject({ method: 'POST', url: '/check?lang=en', payload: new URLSearchParams(draft).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('could not be checked in time');
    await strict.close();
  }, 60_000);
});

describe('check page: required and helpful items', () => {
  it('marks items that would only help, keeping the API order', async () => {
    const app = Fastify();
    const fake = { check: async () => ({ category: 'error', items: {}, missing: ['account_id', 'screenshot'], missing_required: ['account_id'], secrets: [] }) };
    await app.register(checkPagePlugin({ rules, templates, pages, supportName: 'S', maxBodyBytes: 65536, ratePerMinute: 100, checker: fake }));
    const res = await app.inject({ method: 'POST', url: '/check?lang=en', payload: 'subject=a&text=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([...res.body.matchAll(/data-item="([a-z_]+)" data-state="missing" data-kind="(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(['account_id:required', 'screenshot:helpful']);
    expect(res.body).toContain('needed: 1');
    fake.check = async () => ({ category: 'error', items: {}, missing: ['screenshot'], missing_required: [], secrets: [] });
    const helpfulOnly = await app.inject({ method: 'POST', url: '/check?lang=en', payload: 'subject=a&text=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(helpfulOnly.body).toContain('Everything required is there');
    expect(helpfulOnly.body).toContain('data-item="screenshot" data-state="missing" data-kind="helpful"');
    await app.close();
  });
});
