// Validates the held-out corpus itself, not the checker: every mail parses,
// every label is well-formed, and `missing` follows the spec's "required
// when" table. The table is restated here on purpose, independently of
// the labels, so a slip in either shows up as a disagreement.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMail } from '../../src/mail/parse.ts';
import { loadRules } from '../../src/analysis/rules.ts';
import type { InboundMail } from '../../src/mail/types.ts';
import {
  CATEGORIES,
  CHANNELS,
  IN_SCOPE_CATEGORIES,
  REQUIRED_ITEM_KEYS,
  SECRET_KINDS,
  type Category,
  type Channel,
  type RequiredItemKey,
} from '../../src/analysis/types.ts';

const DIR = new URL('../fixtures/holdout/', import.meta.url);
/** Site codes come from config/rules/sites.yaml, the one list of them. */
const SITES = loadRules(new URL('../../config', import.meta.url).pathname).sites.codes;

interface LabelItems {
  account_id: string | null;
  site: string | null;
  goal: boolean;
  target_id: string[];
  error_message: boolean;
  console_url: boolean;
  screenshot: boolean;
  os: string | null;
  command: boolean;
  history: boolean;
  timezone: boolean;
  related_ticket: boolean;
}

interface Label {
  language: string;
  category: Category;
  channel: Channel;
  items: LabelItems;
  secrets: string[];
  referenced_tickets: string[];
  missing: RequiredItemKey[];
  note: string;
}

const ITEM_KEYS = [
  'account_id',
  'site',
  'goal',
  'target_id',
  'error_message',
  'console_url',
  'screenshot',
  'os',
  'command',
  'history',
  'timezone',
  'related_ticket',
];

const labels = JSON.parse(readFileSync(new URL('labels.json', DIR), 'utf8')) as Record<string, Label>;
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.eml'))
  .sort();

/** The spec's table, one rule per row. */
function expectedMissing(l: Label): RequiredItemKey[] {
  const c = l.category;
  const it = l.items;
  if (!IN_SCOPE_CATEGORIES.includes(c)) return [];
  const err = c === 'error';
  const local = l.channel === 'toolbelt' || l.channel === 'api';
  const excused = it.target_id.some((t) => /^(job|session):/.test(t));
  const rows: [RequiredItemKey, boolean][] = [
    ['account_id', it.account_id === null],
    ['site', it.site === null],
    ['goal', (err || c === 'spec') && !it.goal],
    ['method', err && l.channel === 'unknown'],
    ['target_id', err && it.target_id.length === 0],
    ['error_message', err && !it.error_message && !excused],
    ['console_url', err && l.channel === 'console' && !it.console_url],
    ['screenshot', err && l.channel === 'console' && !it.screenshot],
    ['os', err && local && it.os === null],
    ['command', err && local && !it.command],
    ['history', err && !it.history],
    ['timezone', err && !it.timezone],
    ['related_ticket', !it.related_ticket],
  ];
  return rows.filter(([, absent]) => absent).map(([k]) => k);
}

/** What a reader sees: body, HTML text, text attachments; NFKC so full-width digits read as ASCII. */
function readable(m: InboundMail): string {
  const parts = [m.subject, m.text, m.html?.replace(/<[^>]+>/g, ' ') ?? ''];
  for (const a of m.attachments) if (a.text) parts.push(a.text);
  return parts.join('\n').normalize('NFKC');
}

const parsed = new Map<string, InboundMail>();
async function mail(f: string): Promise<InboundMail> {
  let m = parsed.get(f);
  if (!m) {
    m = await parseMail(readFileSync(new URL(f, DIR)));
    parsed.set(f, m);
  }
  return m;
}

describe('held-out corpus', () => {
  it('has about forty mails, each with a label, and no label without a mail', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(labels).sort()).toEqual(files);
  });

  it.each(files)('%s parses cleanly', async (f) => {
    const m = await mail(f);
    expect(m.parseWarnings).toEqual([]);
    expect(m.messageIdSynthetic).toBe(false);
    expect(m.subject.length).toBeGreaterThan(0);
    expect(m.from?.address).toMatch(/@/);
    expect(m.date).not.toBeNull();
    // One mail is deliberately sent with an empty body; its note says so.
    if (!/empty body/.test(labels[f]!.note)) expect(m.text.trim().length).toBeGreaterThan(20);
    // Mojibake or undecoded escapes would make the mail useless as a test.
    expect(m.text).not.toMatch(/\x1b\$B|\uFFFD/);
  });

  it.each(files)('%s has a well-formed label', (f) => {
    const l = labels[f]!;
    expect(['ja', 'en']).toContain(l.language);
    expect(CATEGORIES).toContain(l.category);
    expect(CHANNELS).toContain(l.channel);
    expect(Object.keys(l.items)).toEqual(ITEM_KEYS);
    const it = l.items;
    if (it.account_id !== null) expect(it.account_id).toMatch(/^\d+$/);
    if (it.site !== null) expect(SITES).toContain(it.site);
    if (it.os !== null) expect(['windows', 'mac', 'linux']).toContain(it.os);
    for (const k of ['goal', 'error_message', 'console_url', 'screenshot', 'command', 'history', 'timezone', 'related_ticket'] as const) {
      expect(typeof it[k], k).toBe('boolean');
    }
    for (const t of it.target_id) expect(t).toMatch(/^(job|session|attempt|other):\d+$/);
    expect(new Set(it.target_id).size).toBe(it.target_id.length);
    for (const s of l.secrets) expect(SECRET_KINDS).toContain(s);
    expect(new Set(l.secrets).size).toBe(l.secrets.length);
    for (const t of l.referenced_tickets) expect(t).toMatch(/^\d+$/);
    for (const k of l.missing) expect(REQUIRED_ITEM_KEYS).toContain(k);
    expect(l.note.length).toBeGreaterThan(30);
  });

  it.each(files)('%s lists exactly the required items that are absent, in table order', (f) => {
    const l = labels[f]!;
    expect(l.missing).toEqual(expectedMissing(l));
  });

  it.each(files)('%s: every labelled value can be found in what the sender provided', async (f) => {
    const l = labels[f]!;
    const text = readable(await mail(f));
    // Wrapped IDs and URLs are read joined, as a person would.
    const joined = text.replace(/\r?\n/g, '');
    if (l.items.account_id) expect(joined).toContain(l.items.account_id);
    for (const t of l.items.target_id) expect(joined).toContain(t.split(':')[1]!);
    for (const t of l.referenced_tickets) expect(joined).toContain(t);
  });

  it('covers every category, channel, site and secret kind, in both languages', () => {
    const all = Object.values(labels);
    for (const c of CATEGORIES) expect(all.some((l) => l.category === c), c).toBe(true);
    for (const c of CHANNELS) expect(all.some((l) => l.channel === c), c).toBe(true);
    for (const s of SITES) expect(all.some((l) => l.items.site === s), s).toBe(true);
    for (const s of SECRET_KINDS) expect(all.some((l) => l.secrets.includes(s)), s).toBe(true);
    const ja = all.filter((l) => l.language === 'ja').length;
    expect(ja / all.length).toBeGreaterThan(0.35);
    expect(ja / all.length).toBeLessThan(0.65);
    const errors = all.filter((l) => l.category === 'error').length;
    expect(errors / all.length).toBeGreaterThan(0.4);
  });
});
