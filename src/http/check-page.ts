import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Mustache from 'mustache';
import { z } from 'zod';
import type { Rules } from '../analysis/rules.ts';
import { IN_SCOPE_CATEGORIES, REQUIRED_ITEM_KEYS, type Category, type Language, type RequiredItemKey } from '../analysis/types.ts';
import type { TemplateSet } from '../reply/templates.ts';
import { IntakeError } from '../util/errors.ts';
import { checkRawMail, draftToMail, type CheckJson, type Draft, type DraftChecker } from './draft-check.ts';
import { evidenceFor, mainAskOf } from './evidence.ts';
import { pageSecurityHeaders, type WebPages } from './pages.ts';

/** What the check page counts: nothing else of a draft is kept or logged. */
export const CHECK_EVENTS = ['checked', 'missing', 'complete', 'out_of_scope', 'secrets', 'refused'] as const;
export type CheckEvent = (typeof CHECK_EVENTS)[number];
export interface CheckCounters {
  count(event: CheckEvent): void;
}

/** In-process counters, for when no metrics registry is given. */
export function memoryCounters(): CheckCounters & { snapshot(): Record<CheckEvent, number> } {
  const counts = Object.fromEntries(CHECK_EVENTS.map((e) => [e, 0])) as Record<CheckEvent, number>;
  return { count: (e) => void counts[e]++, snapshot: () => ({ ...counts }) };
}

export interface CheckPageOptions {
  rules: Rules;
  templates: TemplateSet;
  pages: WebPages;
  /** Shown in the page header. */
  supportName: string;
  /** Largest accepted draft or .eml file, bytes. */
  maxBodyBytes: number;
  /** Checks (API or form) per client address per minute. */
  ratePerMinute: number;
  counters?: CheckCounters;
  /** Runs the check; in-process when absent (tests), a time-bounded thread in the service. Closed with the server. */
  checker?: DraftChecker;
}

const draftSchema = z.strictObject({ subject: z.string().max(10_000).default(''), text: z.string() });

/**
 * The partner check: `GET /check` (the page), `POST /check` (the form), `POST /check/eml`
 * (a saved mail), `POST /api/check` (JSON or message/rfc822 → the `intake check --json` line).
 * Knows nothing of the console. The page has no script: a plain form works everywhere.
 */
export function checkPagePlugin(options: CheckPageOptions): FastifyPluginAsync {
  const counters = options.counters ?? memoryCounters();
  const checker: DraftChecker = options.checker ?? {
    check: (raw) => checkRawMail(raw, { rules: options.rules, itemKinds: options.templates.rules.itemKinds }),
  };
  const headers = pageSecurityHeaders(options.pages.cssHash);

  return async (app: FastifyInstance) => {
    await app.register(formbody, { bodyLimit: options.maxBodyBytes });
    await app.register(multipart, { limits: { fileSize: options.maxBodyBytes, files: 1, fields: 4, parts: 5 } });
    await app.register(rateLimit, {
      global: false,
      max: options.ratePerMinute,
      timeWindow: 60_000,
      onExceeded: () => counters.count('refused'),
    });
    app.addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_req, body, done) =>
      done(null, body),
    );

    const limited = { rateLimit: { max: options.ratePerMinute, timeWindow: 60_000, keyGenerator: clientKey, allowList: isLocalTool } };

    app.addHook('onClose', async () => checker.close?.());

    const analyse = async (input: Draft | Buffer): Promise<CheckJson> => {
      const json = await checker.check(Buffer.isBuffer(input) ? input : draftToMail(input));
      count(counters, json);
      return json;
    };

    const page = (req: FastifyRequest, reply: FastifyReply, view: PageView, status = 200) => {
      const lang = pickLanguage(req);
      return reply
        .status(status)
        .headers(headers)
        .type('text/html; charset=utf-8')
        .send(renderCheckPage(options, lang, view));
    };

    app.setErrorHandler((err: FastifyError, req, reply) => {
      const bad = err instanceof IntakeError && (err.code === 'ENOTMAIL' || err.code === 'EBADDRAFT');
      // The analysis thread stopped it (time or memory): the draft, not the service, is the problem.
      const slow = err instanceof IntakeError && err.code === 'EANALYSISSTOPPED';
      const status = bad ? 400 : slow ? 503 : err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status !== 429) counters.count('refused');
      const code = err instanceof IntakeError ? err.code : (err.code ?? 'EHTTP');
      if (req.url.startsWith('/api/')) return reply.status(status).send({ error: status >= 500 && !slow ? 'internal error' : err.message, code });
      const t = options.pages.texts[pickLanguage(req)];
      const message =
        status === 413 ? t.tooLarge : status === 429 ? t.tooMany : code === 'ENOTMAIL' ? t.notMail : slow ? t.tooSlow : status >= 500 ? 'Internal error' : err.message;
      return page(req, reply, { error: message }, status);
    });

    app.get('/check', async (req, reply) => page(req, reply, {}));

    app.post('/check', { bodyLimit: options.maxBodyBytes, config: limited }, async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const draft = { subject: String(body.subject ?? ''), text: String(body.text ?? '') };
      if (!draft.text.trim()) return page(req, reply, { ...draft, error: options.pages.texts[pickLanguage(req)].empty }, 400);
      return page(req, reply, { ...draft, result: await analyse(draft) });
    });

    app.post('/check/eml', { config: limited }, async (req, reply) => {
      const file = req.isMultipart() ? await req.file() : undefined;
      if (!file) throw new IntakeError('ENOTMAIL', 'no file');
      return page(req, reply, { result: await analyse(await file.toBuffer()) });
    });

    app.post('/api/check', { bodyLimit: options.maxBodyBytes, config: limited }, async (req, reply) => {
      const json = Buffer.isBuffer(req.body) ? await analyse(req.body) : await analyse(parseDraft(req.body));
      return reply.header('cache-control', 'no-store').send(json);
    });
  };
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

function fromLoopback(req: FastifyRequest): boolean {
  return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

/**
 * The client a limit counts against. Behind a reverse proxy on the same host every request
 * comes from loopback, so there the proxy's X-Forwarded-For names the client (its last entry
 * is the address the proxy saw; earlier ones are the client's own claims). Only a loopback
 * peer is believed: anyone else could write the header.
 */
export function clientKey(req: FastifyRequest): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (fromLoopback(req) && forwarded) {
    const last = String(forwarded).split(',').pop()!.trim();
    if (last) return last;
  }
  return req.ip;
}

/** Tools on the host itself (loopback, no proxy header) are not limited. */
function isLocalTool(req: FastifyRequest): boolean {
  return fromLoopback(req) && !req.headers['x-forwarded-for'];
}

function parseDraft(body: unknown): Draft {
  const parsed = draftSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new IntakeError('EBADDRAFT', `expected {"subject": "...", "text": "..."} or message/rfc822 (${problems})`);
  }
  return parsed.data;
}

function count(counters: CheckCounters, json: CheckJson): void {
  counters.count('checked');
  const missing = (json.missing as unknown[]) ?? [];
  const inScope = IN_SCOPE_CATEGORIES.includes(json.category as Category);
  counters.count(!inScope ? 'out_of_scope' : missing.length > 0 ? 'missing' : 'complete');
  if (((json.secrets as unknown[]) ?? []).length > 0) counters.count('secrets');
}

/** `?lang=` wins, then the browser's first choice between Japanese and English. */
export function pickLanguage(req: FastifyRequest): Language {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'ja' || q === 'en') return q;
  const accept = String(req.headers['accept-language'] ?? '').toLowerCase();
  const ja = accept.search(/\bja\b/);
  const en = accept.search(/\ben\b/);
  return ja >= 0 && (en < 0 || ja < en) ? 'ja' : 'en';
}

interface PageView {
  subject?: string;
  text?: string;
  error?: string;
  result?: CheckJson;
}

/** The page in one language: item texts and credential names from the reply templates, the rest from templates/web. */
export function renderCheckPage(options: Pick<CheckPageOptions, 'templates' | 'pages' | 'supportName'>, lang: Language, view: PageView): string {
  const t = options.pages.texts[lang];
  return options.pages.render('check', {
    htmlLang: t.htmlLang,
    pageTitle: t.title,
    skipLabel: t.skip,
    supportName: options.supportName,
    lang,
    otherLang: lang === 'ja' ? 'en' : 'ja',
    t,
    subject: view.subject ?? '',
    text: view.text ?? '',
    error: view.error ?? null,
    result: view.result ? resultView(options.templates, lang, t, view.result) : null,
  });
}

function resultView(templates: TemplateSet, lang: Language, t: Record<string, string>, json: CheckJson): Record<string, unknown> {
  const pack = templates.languages[lang];
  const category = String(json.category);
  const missingKeys = new Set((json.missing as RequiredItemKey[] | undefined) ?? []);
  const items = (json.items ?? {}) as Record<string, { present?: boolean; values?: unknown[] }>;
  // `missing_required` holds the investigation back; the rest of `missing` would help (config/items.yaml).
  const requiredKeys = new Set((json.missing_required as RequiredItemKey[] | undefined) ?? [...missingKeys]);
  const missing = REQUIRED_ITEM_KEYS.filter((k) => missingKeys.has(k)).map((k) => ({
    key: k,
    kind: requiredKeys.has(k) ? 'required' : 'helpful',
    stateLabel: requiredKeys.has(k) ? t.stateMissing : t.stateHelpful,
    ...pack.items[k],
    note: pack.items[k].note ?? null,
  }));
  const requiredCount = missing.filter((m) => m.kind === 'required').length;
  const present = REQUIRED_ITEM_KEYS.filter((k) => !missingKeys.has(k) && items[k]?.present).map((k) => ({
    key: k,
    stateLabel: t.statePresent,
    label: pack.items[k].label,
    valuesText: (items[k]?.values ?? []).map(String).join(', '),
    evidence: evidenceFor(json, k),
  }));
  const secrets = ((json.secrets as { kind: string }[] | undefined) ?? []).map((s) => ({
    kind: s.kind,
    label: (pack.texts.secretKinds as Record<string, string>)[s.kind] ?? s.kind,
  }));
  const inScope = IN_SCOPE_CATEGORIES.includes(category as Category);
  const outOfScope = (pack.texts.outOfScope as Record<string, unknown>)[category];
  const categoryNote = inScope ? pack.texts.inScope[category as keyof typeof pack.texts.inScope]?.lead : undefined;
  return {
    category,
    categoryLabel: t[`categories_${category}`] ?? category,
    mainAsk: mainAskOf(json),
    inScope,
    outOfScope: !inScope && outOfScope ? { category, ...(outOfScope as object) } : null,
    categoryNote: inScope && categoryNote ? categoryNote : null,
    // One list in the API's order; items that would only help are marked as such.
    hasRequired: requiredCount > 0,
    hasMissing: missing.length > 0,
    missingIntro: requiredCount > 0 ? Mustache.render(t.missingIntro ?? '', { count: requiredCount }) : t.helpfulIntro,
    missing,
    hasPresent: present.length > 0,
    present,
    hasSecrets: secrets.length > 0,
    secretCount: secrets.length,
    secrets,
  };
}
