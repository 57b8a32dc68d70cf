import type { MailAttachment } from '../mail/types.ts';
import { putsOff } from '../mail/answers.ts';
import type { Source } from './reading.ts';
import type { Rules, TargetKind } from './rules.ts';
import { lineKind, structure, type StructLine } from './structure.ts';
import { isTableRow, textTableCells } from './text-table.ts';
import type { Site } from './types.ts';

const globalCache = new WeakMap<RegExp, RegExp>();

/** Matches of a regex with their positions; rules hold non-global regexes, so a global twin is cached. */
function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  let g = re.global ? re : globalCache.get(re);
  if (!g) {
    g = new RegExp(re.source, re.flags + 'g');
    globalCache.set(re, g);
  }
  g.lastIndex = 0;
  return [...text.matchAll(g)] as RegExpExecArray[];
}

const multilineCache = new WeakMap<RegExp, RegExp>();

/** `re` with `^` and `$` at every line (rules are compiled without the m flag). */
function multiline(re: RegExp): RegExp {
  if (re.multiline) return re;
  let m = multilineCache.get(re);
  if (!m) {
    m = new RegExp(re.source, re.flags + 'm');
    multilineCache.set(re, m);
  }
  return m;
}

/** The first match with its index (rules hold non-global regexes, so exec gives the first one). */
function firstMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(text);
}

const unionCache = new WeakMap<RegExp[], RegExp[]>();

/**
 * The longest source a union is built to. V8 stops optimising a regular expression whose source is longer than 20 KB
 * (kRegExpTooLargeToOptimize: no quick checks or Boyer-Moore skips, every alternative tried at every character); the
 * goal cues crossed it at 20,489 characters and their scan of a table-shaped mail took 15 times as long.
 */
const UNION_SOURCE_CHARS = 8_000;

/**
 * Multiline regexes matching where any of `res` matches (cached per list): a few scans instead of one per pattern.
 * Case-sensitive and case-insensitive patterns cannot share one regex, and a long list is cut into unions of at
 * most UNION_SOURCE_CHARS each.
 */
export function unionsOf(res: RegExp[]): RegExp[] {
  let out = unionCache.get(res);
  if (!out) {
    out = [];
    for (const ignoreCase of [true, false]) {
      const group = res.filter((r) => r.ignoreCase === ignoreCase);
      let chunk: RegExp[] = [];
      let chars = 0;
      const flush = () => {
        if (chunk.length === 0) return;
        const unicode = chunk.some((r) => r.unicode);
        out!.push(new RegExp(chunk.map((r) => `(?:${r.source})`).join('|'), `g${ignoreCase ? 'i' : ''}m${unicode ? 'u' : ''}`));
        chunk = [];
        chars = 0;
      };
      for (const r of group) {
        if (chunk.length > 0 && chars + r.source.length + 5 > UNION_SOURCE_CHARS) flush();
        chunk.push(r);
        chars += r.source.length + 5;
      }
      flush();
    }
    unionCache.set(res, out);
  }
  for (const u of out) u.lastIndex = 0;
  return out;
}

/** True when any of `res` matches somewhere in `text`. */
export function matchesAny(res: RegExp[], text: string): boolean {
  return unionsOf(res).some((u) => {
    u.lastIndex = 0;
    return u.test(text);
  });
}

function anyMatch(res: RegExp[], text: string): boolean {
  return res.some((re) => {
    re.lastIndex = 0;
    return re.test(text);
  });
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

// (also a console address written without its scheme: "画面：console.treasuredata.co.jp/app/ps/41207/se/882310")
const URL_RE = /https?:\/\/[^\s<>"'「」()（）\]]+|(?<![\w.@/-])console(?:-next)?(?:\.[a-z0-9-]+)?\.treasuredata\.(?:com|co\.jp)\/[^\s<>"'「」()（）\]]+/g;

/** The URL as written, with a scheme when the sender left it out. */
function withScheme(raw: string): string {
  return /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
}

export function findUrls(text: string): URL[] {
  const out: URL[] = [];
  for (const m of text.matchAll(URL_RE)) {
    try {
      out.push(new URL(withScheme(m[0].replace(/(?<![.,;:!?])[.,;:!?]+$/, ''))));
    } catch {
      // not a URL after all
    }
  }
  return out;
}

// ---------------------------------------------------------------- account_id

/** Where a judgement came from: normalised lines or sentences of the sender's text, pushed by the finders. */
export type Evidence = string[];

/** An attached CSV file: its first line names its columns. */
function isCsv(s: Source): boolean {
  return s.isAttachment && /\.csv$|^text\/csv$/i.test(s.where);
}

export function findAccountIds(sources: Source[], rules: Rules, ev: Evidence = []): string[] {
  const found: { pos: number; value: string; src: number }[] = [];
  sources.forEach((s, src) => {
    for (const re of rules.items.accountId.patterns) {
      for (const m of allMatches(re, s.text)) {
        // (at the value: a label may stand in support's question, "1) 対象のAccount ID: 12094", the value not)
        if (m[1]) found.push({ pos: m.index + Math.max(0, m[0].lastIndexOf(m[1])), value: m[1], src });
      }
    }
    for (const cell of textTableCells(s.text, { csv: isCsv(s) })) {
      // the value alone, or first of the values a compound label names ("Account ID / Console Environment" | "44718 / production-ap01")
      const id = /^(\d{3,10})(?:$|\s*[/／,、]\s*\S)/.exec(cell.value)?.[1];
      if (id && rules.items.accountId.tableHeader.test(cell.header)) found.push({ pos: cell.pos, value: id, src });
    }
  });
  const ordered = problemFirst(outsideExamples(found, sources, rules), sources, rules);
  for (const f of ordered) ev.push(citeAt(sources[f.src]!, f.pos));
  return unique(ordered.map((f) => f.value));
}

// An example in brackets after a request to give the value, support's copied into a reply or a form's own: "Q:…お知ら
// せください(例: Account ID: 10101, production-us01)", "Please send the Account ID (e.g. Account ID: 10101)". Its values
// are nobody's; the sender's own example in a statement is theirs ("each with their own TD account (for example account
// ID 52290, US region)"): rules.reading.examples.afterRequest.

/**
 * The finds that do not stand inside a bracketed example, nor inside support's question that labels an inline answer
 * ("東京リージョン(production-ap01)でお間違いないでしょうか: はい、ご認識のとおりです": the value is support's).
 */
function outsideExamples<T extends { src: number; pos: number }>(found: T[], sources: Source[], rules: Rules): T[] {
  const inExample = withinSpans(found, (src) => {
    const s = sources[src]!;
    const examples = [...s.text.matchAll(rules.reading.examples.afterRequest)].map((m): [number, number] => [m.index, m.index + m[0].length]);
    return s.labels ? mergeSpans([...examples, ...s.labels]) : examples;
  });
  return found.filter((f) => !inExample.has(f));
}

/** Spans in text order, overlapping ones joined (withinSpans walks them once). */
function mergeSpans(spans: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of spans.sort((x, y) => x[0] - y[0])) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * The finds that stand inside one of their source's [start, end) spans (`spansOf`, in text order, made once per source).
 * Sorts `found` into mail order and walks finds and spans together once: a hostile mail may name thousands of each.
 */
function withinSpans<T extends { src: number; pos: number }>(found: T[], spansOf: (src: number) => [number, number][]): Set<T> {
  found.sort((a, b) => a.src - b.src || a.pos - b.pos);
  const inside = new Set<T>();
  let src = -1;
  let spans: [number, number][] = [];
  let k = 0;
  for (const f of found) {
    if (f.src !== src) {
      src = f.src;
      spans = spansOf(src);
      k = 0;
    }
    while (k < spans.length && spans[k]![1] <= f.pos) k++;
    if (k < spans.length && spans[k]![0] <= f.pos) inside.add(f);
  }
  return inside;
}

// Where a sentence turns from one case to another: "A社…では正常に動いていますが、B社…のみ失敗しています", "…で動作確認
// したうえで、本番アカウントへ…", "For A the activation runs fine; for B it fails", ", but", "while".
// A line break ends a clause after a stop or before a list item or label, not where a client wrapped a sentence.
const CLAUSE_BREAK = /[。！？!?]|(?<=[。.!?！？:：)）])\n|\n(?=[^\S\n]*(?:[-*・•●■【\[(（]|\d{1,2}[.)]|\n|$))|\.(?:\s|$)|(?:ますが|ですが|たが|けど|けれど(?:も)?|うえで|上で|ところ|ており|ていて)[、,]|[;；]|,\s*(?:but|while|whereas)\b|\s(?:but|while|whereas)\s/g;

/** The clauses of a text that tell only of something working ("A社…では正常に動いています"), as [start, end) spans. */
function workingClauses(text: string, cmp: NonNullable<Rules['items']['comparison']>, forSite: boolean): [number, number][] {
  if (!cmp.working.some((re) => re.test(text))) return [];
  const spans: [number, number][] = [];
  let start = 0;
  const close = (end: number) => {
    const clause = text.slice(start, end);
    // a site said of both cases is the problem's too: "Test account (Account ID 38802) same export is working fine, both accounts are US"
    if (cmp.working.some((re) => re.test(clause)) && !cmp.failing.test(clause) && !(forSite && cmp.shared?.test(clause))) spans.push([start, end]);
  };
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    close(m.index + m[0].length);
    start = m.index + m[0].length;
  }
  close(text.length);
  return spans;
}

/**
 * Accounts (or sites) found, in mail order, with those named only where the same thing works put last: the problem's
 * account comes first. Where every one found is such a comparison and the mail sets another account against it ("For
 * Harlow & Pine (Account ID 61204) the activation runs fine… For Greystone Outdoor… it fails"), none is the problem's.
 */
function problemFirst<T extends { src: number; pos: number }>(found: T[], sources: Source[], rules: Rules, forSite = false): T[] {
  found.sort((a, b) => a.src - b.src || a.pos - b.pos);
  const cmp = rules.items.comparison;
  if (!cmp || found.length === 0) return found;
  const working = withinSpans(found, (src) => workingClauses(sources[src]!.text, cmp, forSite));
  if (working.size === 0) return found;
  if (working.size === found.length) return sources.some((s) => !s.isAttachment && cmp.otherAccount.test(s.text)) ? [] : found;
  return [...found.filter((f) => !working.has(f)), ...working];
}

/** Account IDs the sender put in attachments' names (after those of the text; a name is no text to cite). */
export function accountIdsInFileNames(attachments: MailAttachment[], rules: Rules): string[] {
  const re = rules.items.accountId.fileName;
  return re ? unique(attachments.flatMap((a) => fileNameId(a, re) ?? [])) : [];
}

/** Process IDs the sender put in attachments' names, as `kind:N` ("source-run-job-2210045876-error.png"). */
export function targetIdsInFileNames(attachments: MailAttachment[], rules: Rules): string[] {
  const ids: string[] = [];
  for (const a of attachments) {
    for (const { kind, re } of rules.items.targetId.fileNames) {
      const id = fileNameId(a, re);
      if (id !== null) ids.push(`${kind}:${id}`);
    }
  }
  return unique(ids);
}

/** Group 1 of `re` in the attachment's name (a name is short; a hostile one is cut). */
function fileNameId(a: MailAttachment, re: RegExp): string | null {
  return a.filename ? (re.exec(a.filename.slice(0, 200))?.[1] ?? null) : null;
}

// ---------------------------------------------------------------- site

/** Site named by a TD host name, or null when the host is not one of the service's. */
export function siteOfHost(host: string, rules: Rules): Site | null {
  const h = host.toLowerCase();
  const m = rules.sites.hostParts.exec(h);
  if (!m || !rules.sites.hostPrefixes.includes(m[1]!)) return null;
  if (m[2]) return m[2] as Site;
  return rules.sites.domainSite[m[3]!] ?? null;
}

export function findSites(sources: Source[], rules: Rules, ev: Evidence = []): Site[] {
  const found: { src: number; pos: number; site: Site }[] = [];
  sources.forEach((s, src) => {
    const text = s.text;
    for (const m of text.matchAll(rules.sites.code)) {
      // a code inside a host name is read through the host below
      const before = text.slice(Math.max(0, m.index - 1), m.index);
      if (before === '.') continue;
      found.push({ src, pos: m.index, site: m[1]!.toLowerCase() as Site });
    }
    for (const m of text.matchAll(rules.sites.host)) {
      const site = siteOfHost(m[0], rules);
      if (site) found.push({ src, pos: m.index, site });
    }
    // Region names only in the sender's prose: logs and configs are full of words like "US".
    if (s.isAttachment) return;
    const named = rules.sites.names.flatMap(({ re, site }) => [...text.matchAll(re)].map((m) => ({ pos: m.index, end: m.index + m[0].length, site })));
    const choices = offeredChoices(text, named);
    for (const n of named) {
      if (!choices.has(n.pos) && isSiteContext(text, n.pos, n.end - n.pos, rules)) found.push({ src, pos: n.pos, site: n.site });
    }
  });
  const ordered = problemFirst(outsideExamples(found, sources, rules), sources, rules, true);
  for (const f of ordered) ev.push(citeAt(sources[f.src]!, f.pos));
  return unique(ordered.map((f) => f.site));
}

/** What may stand between the choices a form offers: "US／Tokyo／EU／Korea", "US, EU or Tokyo". */
const CHOICE_SEPARATOR = /^[^\S\n]*(?:[／/|｜、・]|,(?:[^\S\n]*or)?|or|または)[^\S\n]*$/i;

/**
 * "【コンソール環境】 ［ ］ ※US／Tokyo／EU／Korea のいずれかを記入": three regions or more joined only by separators are
 * the choices a form offers, not the account's site. Returns the positions of the names in such runs.
 */
function offeredChoices(text: string, named: { pos: number; end: number; site: Site }[]): Set<number> {
  const sorted = [...named].sort((a, b) => a.pos - b.pos);
  const offered = new Set<number>();
  let run: typeof sorted = [];
  const close = () => {
    if (new Set(run.map((n) => n.site)).size >= 3) for (const n of run) offered.add(n.pos);
    run = [];
  };
  for (const n of sorted) {
    const last = run[run.length - 1];
    if (last && n.pos >= last.end && CHOICE_SEPARATOR.test(text.slice(last.end, n.pos))) run.push(n);
    else if (!last || n.pos >= last.end) {
      close();
      run.push(n);
    }
  }
  close();
  return offered;
}

/** What shows the value after it is an example: "（例：123456789）", "(e.g. 123456789)". */

const COMPANY_SUFFIX = /^\s*(?:K\.K\.|KK\b|Inc\b|Ltd\b|LLC\b|GmbH\b|Co\.|Corp\b|Corporation\b|Limited\b|Pte\b|S\.A\.|AG\b|株式会社|合同会社|有限会社)/;

const COMPANY_BEFORE = /\b(?:K\.K\.|KK|Inc\.?|Ltd\.?|LLC|GmbH|Co\.|Corp\.?|Corporation|Limited|Pte\.?|S\.A\.|AG|Holdings|Group)[^\S\n]*[(（][^\S\n]*$/;

function isSiteContext(text: string, index: number, length: number, rules: Rules): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  let lineEnd = text.indexOf('\n', index);
  if (lineEnd < 0) lineEnd = text.length;
  const around = text.slice(Math.max(lineStart, index - 2), Math.min(lineEnd, index + length + 2));
  if (rules.sites.nameExclusion.test(around)) return false;
  const after = text.slice(index + length, lineEnd);
  // part of a company's name ("Account ID: Globex Retail Japan K.K."): the company, not the site
  if (COMPANY_SUFFIX.test(after)) return false;
  if (rules.sites.contextSuffix.test(after)) return true;
  // "(US)", "（東京）": a region name alone in brackets, after the account or a client's name; not a company's
  // location at the start of a self-introduction ("Alex here from Lumen Data Works (Singapore), a partner on …",
  // "data engineer in DAON Consulting (Seoul)")
  // (nor after a company's legal form: "Nishiki Textile Co., Ltd. (Japan)", "Minato Retail Holdings (Japan)" is where it is)
  if (
    /[(（]\s*$/.test(text.slice(lineStart, index)) &&
    /^\s*[)）]/.test(after) &&
    !/\b(?:here from|from|at|of|with|in)\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}\s*[(（]\s*$/.test(text.slice(lineStart, index)) &&
    !COMPANY_BEFORE.test(text.slice(Math.max(lineStart, index - 30), index))
  )
    return true;
  // "Account ID: 10101, production-us01" / "(Account ID 79135, EU)" / "AID 10993 on US" / "AID 40592 | US": a name right after the account ID
  const lineBefore = text.slice(lineStart, index);
  if (/account\s*id|アカウント\s*id|\baid\b/i.test(lineBefore) && /(?<!\d)\d{3,}\s*(?:[,、/|｜]|\s(?:on|in)\s)\s*$/.test(lineBefore)) return true;
  // a label shortly before, on the same line ("Console Environment: Tokyo", "リージョン：東京")
  const before = text.slice(Math.max(lineStart, index - 30), index);
  return rules.sites.contextLabel.test(before) && /[:=(（】\]]|\s$|は\s*$/.test(before) && !listedAfterLabel(before, rules);
}

/**
 * The name follows another place in a list ("a hotel booking site operating in Thailand, Korea and Japan"): it names
 * where a business operates, and the word before is no label of it ("Account ID 12345, US" still is).
 */
function listedAfterLabel(before: string, rules: Rules): boolean {
  const m = /\b([A-Z][a-z]{2,}),[^\S\n]*$/.exec(before);
  return m !== null && !rules.sites.contextLabel.test(m[1]!);
}

// ---------------------------------------------------------------- target_id

export function findTargetIds(sources: Source[], rules: Rules, ev: Evidence = []): string[] {
  const found: { src: number; pos: number; id: string }[] = [];
  sources.forEach((s, src) => {
    const text = s.text;
    for (const p of rules.items.targetId.patterns) {
      for (const m of allMatches(p.re, text)) {
        for (let g = 1; g < m.length; g++) {
          // ("589,112,304": an ID written with thousands separators is the number without them; so is one read out digit by digit)
          if (m[g]) found.push({ src, pos: m.index + m[0].indexOf(m[g]!), id: `${p.kind}:${m[g]!.replace(/[,\s]/g, '')}` });
        }
      }
    }
    for (const m of text.matchAll(URL_RE)) {
      for (const id of idsInUrl(m[0], rules)) found.push({ src, pos: m.index + id.offset, id: id.id });
    }
    for (const id of idsInLabelRows(text, rules)) found.push({ src, ...id });
    // a table column headed "Session ID" lists sessions, one per row
    // (also several in one cell: "2047733190（6/15 実行分）、2046901258（6/12 実行分）")
    for (const cell of textTableCells(text, { csv: isCsv(sources[src]!) })) {
      const kind = /\d{6,}/.test(cell.value) ? rules.items.targetId.listLabels.find((l) => l.re.test(cell.header))?.kind : undefined;
      if (kind) for (const m of cell.value.matchAll(LISTED_NUMBER)) found.push({ src, pos: cell.pos + m.index + m[0].indexOf(m[1]!), id: `${kind}:${m[1]}` });
    }
  });
  // an ID masked after its first digits ("ジョブID：2149＊＊＊＊＊＊", "job 2149xxxxxx") is no ID: the sender withheld it;
  // nor is an example a template shows ("Job ID / Session ID（例：123456789）：上記参照")
  // (nor one in brackets after a request to give it, "Please send the Job ID (e.g. Job ID 123456789)", nor in support's
  // question that labels an answer)
  const kept = outsideExamples(found, sources, rules).filter((f) => {
    const digits = /\d+/.exec(f.id.slice(f.id.indexOf(':') + 1))?.[0] ?? '';
    const text = sources[f.src]!.text;
    const at = text.indexOf(digits, f.pos);
    if (at >= 0 && rules.reading.examples.before.test(text.slice(Math.max(0, at - 14), at))) return false;
    return at < 0 || !MASK_AFTER.test(text.slice(at + digits.length, at + digits.length + 2));
  });
  kept.sort((a, b) => a.src - b.src || a.pos - b.pos);
  for (const f of kept) ev.push(citeAt(sources[f.src]!, f.pos));
  return unique(kept.map((f) => f.id));
}

const MASK_AFTER = /^(?:[*＊•●○■□×]|[xX]{2})/;

// A number listed in a label row's value: at its start or after a list separator, not after another word.
const LISTED_NUMBER = /(?:^|[,、;/]|\band\b|\bor\b|と)\s*#?(\d{6,})\b/g;

/**
 * A label row naming a kind of process lists IDs of that kind ("Failed jobs: 1845270148 (9 March) and
 * 1845319902 (10 March)"): every number listed in its value, not only the first after the label.
 */
function idsInLabelRows(text: string, rules: Rules): { pos: number; id: string }[] {
  const labels = rules.items.targetId.listLabels;
  if (!labels.some((l) => l.re.test(text))) return [];
  const out: { pos: number; id: string }[] = [];
  let offset = 0;
  // a heading naming the kind, then its items: "Sessions from last night:" / "- 418230551  (hollis_orders / daily_load)"
  let listKind: TargetKind | null = null;
  for (const line of text.split('\n')) {
    const item = listKind ? LIST_ITEM_ID.exec(line) : null;
    if (item) {
      out.push({ pos: offset + item[0].length - item[1]!.length, id: `${listKind}:${item[1]}` });
      offset += line.length + 1;
      continue;
    }
    listKind = null;
    const row = line.includes(':') || line.includes('：') ? lineKind(line) : null;
    if (row?.kind === 'label' && row.label && row.value) {
      const kind = labels.find((l) => l.re.test(row.label!))?.kind;
      if (kind) {
        const valueAt = offset + line.lastIndexOf(row.value);
        for (const m of row.value.matchAll(LISTED_NUMBER)) out.push({ pos: valueAt + m.index + m[0].indexOf(m[1]!), id: `${kind}:${m[1]}` });
      }
    } else if (LIST_HEADING.test(line)) {
      listKind = labels.find((l) => l.re.test(line))?.kind ?? null;
    }
    offset += line.length + 1;
  }
  return out;
}

/** A short line ending in a colon, the heading of a list ("Sessions from last night:", "失敗したジョブ："). */
const LIST_HEADING = /^[^\S\n]*[^\s:：][^:：\n]{0,60}[:：][^\S\n]*$/;
/** A list item that starts with a process ID ("- 418230551  (hollis_orders / daily_load)  started 02:00"). */
const LIST_ITEM_ID = /^[^\S\n]*(?:[-*・•]|\d{1,2}[.)])[^\S\n]*(\d{6,12})(?![\d,.:/-])/;

/** IDs in a console or REST URL: `/jobs/N` is a job, other numeric path parts and ID parameters are `other`. */
function idsInUrl(raw: string, rules: Rules): { id: string; offset: number }[] {
  let url: URL;
  try {
    url = new URL(withScheme(raw));
  } catch {
    return [];
  }
  const host = url.hostname.toLowerCase();
  if (!rules.sites.vendorDomainAtEnd.test(host)) return [];
  // a host of the service's domain not on the site list (api-cdp.…) still names its objects in its REST paths
  // (/audiences/N/segments/M); only the path names the rules list count there
  const knownHost = siteOfHost(host, rules) !== null;
  const isConsole = knownHost && rules.sites.consoleHostPrefixes.some((p) => host.startsWith(`${p}.`));
  const out: { id: string; offset: number }[] = [];
  const parts = url.pathname.split('/');
  let offset = raw.indexOf(url.pathname);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (/^\d{3,}$/.test(part)) {
      const prev = (parts[i - 1] ?? '').toLowerCase();
      const kind: TargetKind | undefined = rules.items.urlPathKinds[prev] ?? (isConsole ? 'other' : undefined);
      if (kind) out.push({ id: `${kind}:${part}`, offset: Math.max(0, offset) });
    }
    offset += part.length + 1;
  }
  if (!knownHost) return out;
  for (const name of rules.items.urlParams) {
    // console routes put parameters after a '#' too
    const all = `${url.search}&${url.hash.replace(/^#[^?]*\??/, '')}`;
    const m = new RegExp(`[?&]${name}=(\\d{3,})`).exec(all);
    if (m) out.push({ id: `other:${m[1]}`, offset: raw.indexOf(m[0].slice(1)) });
  }
  return out;
}

// ---------------------------------------------------------------- error_message

export function hasErrorMessage(sources: Source[], rules: Rules, ev: Evidence = []): boolean {
  const em = rules.items.errorMessage;
  // a template's answer that gives no text ("Error message: see attached", "不明", "確認中")
  const notGiven = rules.reading.notAnswered.value;
  for (const s of sources) {
    if (s.where === 'subject') continue;
    for (const u of unionsOf(em.lines)) {
      for (const m of s.text.matchAll(u)) {
        const line = lineAt(s.text, m.index);
        if (/[A-Za-z]{3,}/.test(line)) return found(ev, line);
      }
    }
    for (const re of em.quoted) {
      const m = firstMatch(re, s.text);
      if (m) return found(ev, lineAt(s.text, m.index));
    }
    // labels are rare: look line by line only when the text has one at all
    const trailed = em.trailers.length > 0 && matchesAny(em.trailers, s.text);
    if (!trailed && !matchesAny(em.strongLabels, s.text) && !matchesAny(em.labels, s.text)) continue;
    const lines = s.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      // the message on its own line, then the words saying it was shown: "　Email has already been taken" / "と表示されて…"
      if (trailed && matchesAny(em.trailers, line)) {
        const above = previousNonEmpty(lines, i);
        if (above !== null && looksCopied(above) && !LINK_ONLY.test(above)) return found(ev, above);
      }
      for (const re of em.strongLabels) {
        const m = firstMatch(re, line);
        if (!m) continue;
        const rest = line.slice(m.index + m[0].length).trim();
        const next = rest === '' ? nextNonEmpty(lines, i) : rest;
        // a link under the label ("Screenshot of the whole screen with the error:" / a Drive URL) shows no text, nor does
        // a template's answer that gives none ("Error message: see attached", "不明", "確認中")
        // (nor the next row of a listing whose colons line up, as `td job:show` prints it: "Output      :" / "Query       : SELECT …")
        // (nor the sender's words that the text is only in a picture: "The error appears in a red banner at the top of the
        // screen. Please refer to the screenshot below.")
        const inImage = em.inImageOnly?.test(next ?? '') === true && !QUOTED_TEXT.test(next ?? '');
        if (next !== null && next.replace(/[「」『』"“”\s]/g, '').length >= 6 && !LINK_ONLY.test(next) && !notGiven.test(next) && !inImage && !(rest === '' && (ASKS_SUPPORT.test(next) || listingRows(line, next)))) return found(ev, rest === '' ? next : line);
      }
      for (const re of em.labels) {
        const m = firstMatch(re, line);
        if (!m) continue;
        const rest = line.slice(m.index + m[0].length).trim();
        const next = nextNonEmpty(lines, i);
        // copied text: Latin words or a code / message, not a Japanese paraphrase, nor an answer that puts it off ("Error
        // text: I'm afraid I can't give you this one. The message shows up as a red toast…")
        if (looksCopied(rest) && !notGiven.test(rest) && !putsOff(rest, rules.reading)) return found(ev, line);
        // (nor is a question put to support: "…shows a red banner, screenshot below:" / "Could you tell us what is causing this?")
        if (rest === '' && next !== null && looksCopied(next) && !LINK_ONLY.test(next) && !notGiven.test(next) && !ASKS_SUPPORT.test(next) && !listingRows(line, next)) return found(ev, next);
      }
    }
  }
  return false;
}

const LINK_ONLY = /^<?https?:\/\/\S+>?$/;

/** A row of a key-value listing padded so that its colons line up ("Status      : success"). */
const ALIGNED_ROW = /^[^\S\n]*[A-Za-z][\w ]{0,30}\S[^\S\n]{2,}:/;

/** A label and the line under it are two rows of one such listing: the second is the next field, not the first's value. */
function listingRows(label: string, next: string): boolean {
  return ALIGNED_ROW.test(label) && ALIGNED_ROW.test(next);
}

const ASKS_SUPPORT = /^(?:could|can|would|will|please|do|does|did|is|are|was|what|why|how|when|where|which|any|should)\b[^\n]{0,300}\?$/i;

function found(ev: Evidence, text: string): true {
  ev.push(text);
  return true;
}

/** The line to cite for a match in a source: the sender's own line where the reading put the text together. */
function citeAt(source: Source, index: number): string {
  const line = lineAt(source.text, index);
  return source.cites?.get(line) ?? line;
}

export function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? text.length : end);
}

function nextNonEmpty(lines: string[], i: number): string | null {
  for (let j = i + 1; j < lines.length && j <= i + 2; j++) {
    if (lines[j]!.trim()) return lines[j]!.trim();
  }
  return null;
}

function previousNonEmpty(lines: string[], i: number): string | null {
  for (let j = i - 1; j >= 0 && j >= i - 2; j--) {
    if (lines[j]!.trim()) return lines[j]!.trim();
  }
  return null;
}

// a count a screen shows ("「1,000 未満」", "「10,234件」") is a value, not a message copied from it
const COUNT_ONLY = /^\s*(?:[~〜約]\s*)?[\d,.]+(?:\s*(?:件|人|名|行|%|％|未満|以上|以下|万|千|k))*\s*$/i;

// nor is a run's bare status ("画面上では赤く「failed」と表示されるだけ"): it tells that it failed, not why
const STATUS_ONLY = /^\s*(?:failed|failure|error|errored|killed|cancell?ed|aborted|timed? ?out|失敗|エラー|異常終了)\s*$/i;

/** Text of six characters or more in quotes: what a screen showed, copied ('The banner says "Authentication failed…"'). */
const QUOTED_TEXT = /[「"“]([^「“」"”]{6,})[」"”]/;

function looksCopied(s: string): boolean {
  const quote = QUOTED_TEXT.exec(s);
  if (quote && !COUNT_ONLY.test(quote[1]!) && !STATUS_ONLY.test(quote[1]!)) return true;
  if (!/[A-Za-z_]{3,}[^\n]{6,}/.test(s)) return false;
  // a Japanese sentence about the error tells it, it does not copy it: "td_load>タスクがタイムアウトのようなエラーで失敗しています"
  const bare = s.replace(/[(（][^()（）]*[)）]/g, '').trim();
  const latin = bare.match(/[\x21-\x7e]/g)?.length ?? 0;
  return !(/(?:ています|ております|ました|です|ません|でした)。?$/.test(bare) && latin < bare.length / 2);
}

// ---------------------------------------------------------------- console_url / screenshot

export function consoleUrls(sources: Source[], rules: Rules, ev: Evidence = []): string[] {
  const out: string[] = [];
  for (const s of sources) {
    for (const url of findUrls(s.text)) {
      const host = url.hostname.toLowerCase();
      if (!siteOfHost(host, rules)) continue;
      if (!rules.sites.consoleHostPrefixes.some((p) => host.startsWith(`${p}.`))) continue;
      const screen = `${url.pathname}${url.search}${url.hash}`.replace(/(?<!\/)\/+$/, '');
      if (screen.length >= rules.items.consoleUrl.minPathLength && screen !== '/app') {
        out.push(url.href);
        const at = s.text.indexOf(url.host);
        if (at >= 0) ev.push(lineAt(s.text, at));
      }
    }
  }
  return unique(out);
}

/** A screen or a cropped part of one, not a logo, icon or banner strip: big enough both ways and not a thin strip. */
function looksLikeScreen(
  image: { width: number; height: number },
  bytes: number,
  s: { minSide: number; minArea: number; maxAspect: number; stripMinWidth: number; stripMinBytes: number },
): boolean {
  const short = Math.min(image.width, image.height);
  const long = Math.max(image.width, image.height);
  if (short < s.minSide || image.width * image.height < s.minArea) return false;
  if (long <= s.maxAspect * short) return true;
  // a strip cut from the screen (the red error bar across a 1280-pixel page, 1280x180) is wide and heavy with
  // detail; a banner or logo strip is light
  return image.width >= s.stripMinWidth && bytes >= s.stripMinBytes;
}

export function screenshots(attachments: MailAttachment[], recurring: ReadonlySet<string>, rules: Rules): string[] {
  const s = rules.items.screenshot;
  return attachments
    .filter((a) => a.contentType.startsWith('image/'))
    .filter((a) => !recurring.has(a.sha256))
    .filter((a) => (a.image ? looksLikeScreen(a.image, a.size, s) : a.size >= s.minBytes))
    .map((a) => a.filename ?? a.contentId ?? a.sha256.slice(0, 12));
}

// ---------------------------------------------------------------- os / command / goal / history

// A text attachment the sender wrote (an issue sheet as .txt or .md) is read like the body for the environment,
// the command run, goal and history; logs, configs and data files are not.
const PROSE_ATTACHMENT = /\.(?:txt|md|text)$/i;
// A script the sender attached ("load_orders.py", "get_result.sh") is the program they ran: the calls in it are the
// command, prompt or not.
const SCRIPT_ATTACHMENT = /\.(?:py|sh|bash|zsh|ps1|bat|cmd|rb|js|mjs|cjs|ts|java|kt|scala|r|go|php)$/i;

export function findOs(sources: Source[], rules: Rules, ev: Evidence = []): string[] {
  const found: { src: number; pos: number; os: string }[] = [];
  sources.forEach((s, src) => {
    // a log the sender saved from their shell tells its system by its prompts and by what a system command printed
    // ("PS C:\\work> td query …", "[ec2-user@ip-10-0-3-12 extract]$ uname -a" / "Linux ip-10-0-3-12 … GNU/Linux"); the rest of
    // a log or config names systems it only talks to
    const text = s.isAttachment && !PROSE_ATTACHMENT.test(s.where) ? shellLines(s.text) : s.text;
    for (const [os, res] of Object.entries(rules.items.os)) {
      for (const re of res) {
        const m = firstMatch(re, text);
        if (m) found.push({ src, pos: m.index, os });
      }
    }
  });
  found.sort((a, b) => a.src - b.src || a.pos - b.pos);
  for (const f of found) ev.push(citeAt(sources[f.src]!, f.pos));
  return unique(found.map((f) => f.os));
}

const SYSTEM_COMMAND = /(?:^|\s)(?:uname(?:\s+-\w+)?|ver|sw_vers|systeminfo|cat\s+\/etc\/(?:os|redhat|system)-release|lsb_release(?:\s+-\w+)?)\s*$/;
const MAX_SHELL_LINES = 400;

/**
 * The lines of a saved shell session that tell its system: each prompt line, and the lines a system command
 * ("uname -a", "ver") printed under it. Other lines become spaces of their length, so a match's offset still points
 * into the attachment's text (the evidence line is cited from there).
 */
function shellLines(text: string): string {
  const lines = text.split('\n', MAX_SHELL_LINES);
  let afterSystemCommand = 0;
  return lines
    .map((line) => {
      if (SHELL_PROMPT.test(line)) {
        afterSystemCommand = SYSTEM_COMMAND.test(line) ? 2 : 0;
        return line;
      }
      if (afterSystemCommand > 0) {
        afterSystemCommand--;
        return line;
      }
      return ' '.repeat(line.length);
    })
    .join('\n');
}

export function hasCommand(sources: Source[], rules: Rules, ev: Evidence = []): boolean {
  for (const s of sources) {
    // a subject names the matter ("td table export to S3 failing"), it is not the command line that was run
    if (s.where === 'subject') continue;
    // a log or config attachment holds commands the system ran; a shell session saved to a file ("PS C:\\work> td
    // import:upload …" in td_import.log) shows the one the sender ran, after its prompt
    const promptOnly = s.isAttachment && !PROSE_ATTACHMENT.test(s.where) && !SCRIPT_ATTACHMENT.test(s.where);
    for (const re of rules.items.command.patterns) {
      let seen = 0;
      // a command line starts a line anywhere in the text ("^…$ td …", "^PS C:\\…>")
      for (const m of allMatches(multiline(re), s.text)) {
        if (++seen > MAX_COMMAND_CANDIDATES) break;
        if (promptOnly && !SHELL_PROMPT.test(lineAt(s.text, m.index))) continue;
        // a template with placeholders ("--s3-bucket <S3_BUCKET_NAME>", copied from the documentation) was not run
        if (PLACEHOLDER_ARG.test(commandBlock(s.text, m.index))) continue;
        // the source line a traceback prints under its frame ('File "…/extract.py", line 41, in run' /
        // 'df = client.query(sql)') shows where the program was, not a call the sender ran
        if (TRACEBACK_FRAME.test(lineBefore(s.text, m.index))) continue;
        // a frame of a Java stack trace ("at com.treasuredata.client.TDClient.uploadBulkImportPart(TDClient.java:1032)")
        // names the library's method, not the call the sender wrote
        if (STACK_FRAME.test(lineAt(s.text, m.index))) continue;
        // a program's log line ("12:00:01 [main] INFO c.t.client.TDHttpClient - Sending request: GET https://…") tells what
        // the program did, unless it shows a prompt the sender typed at
        if (lineKind(lineAt(s.text, m.index)).kind === 'log' && !SHELL_PROMPT.test(lineAt(s.text, m.index))) continue;
        // a command named in a sentence, no argument given ("I run it with td query with the wait option and save the
        // result as CSV"): what was used, not the command line
        if (/^\s*td\s/i.test(m[0]) && !/\s-{1,2}[a-zA-Z]/.test(m[0]) && NAMED_IN_PROSE.test(s.text.slice(m.index + m[0].length, m.index + m[0].length + 40))) continue;
        return found(ev, lineAt(s.text, m.index));
      }
    }
  }
  return false;
}

const MAX_COMMAND_CANDIDATES = 20;
const NAMED_IN_PROSE = /^[^\S\n]+(?:with|and|but|to|for|from|in|on|using|via|which|that|command|commands|again|every|each|fails|failed|works|worked|runs|ran|returns|returned)\b/i;
const TRACEBACK_FRAME = /^[^\S\n]*File "[^"\n]{1,300}", line \d+/;
const STACK_FRAME = /^[^\S\n]*at [\w$.<>/-]{1,300}\((?:[\w$.-]{1,200}\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\)[^\S\n]*$/;

/** The line before the one holding `index` ('' on the first line). */
function lineBefore(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1);
  if (start <= 0) return '';
  return text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
}
// (a batch log may stamp each line first: "[2026-05-17 22:05:01 UTC] PS C:\batch\td> td -k … import:auto …")
const SHELL_PROMPT = /^[^\S\n]*(?:\[[^\]\n]{1,40}\][^\S\n]*)?(?:(?:PS[^\S\n]+)?[A-Za-z]:\\[^>\n]{0,80}>|[\w.@-]{0,40}[:~/\w.-]{0,80}[$%#])[^\S\n]*\S/;
// (not a mark the sender's own script replaces: sed "s/{{D}}/2026-03-$d/g")
const PLACEHOLDER_ARG = /<[A-Z][A-Z0-9_]{2,}>|(?<!s\/)\{\{\s*[A-Za-z_]+\s*\}\}|\bYOUR_[A-Z_]{3,}\b/;

/** The command line at `index` with the lines it continues onto (a trailing `\\` or PowerShell's backtick). */
function commandBlock(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  let end = start;
  for (let n = 0; n < 20; n++) {
    const next = text.indexOf('\n', end);
    const line = text.slice(end, next < 0 ? text.length : next);
    if (next < 0 || !/[\\`]\s*$/.test(line)) return text.slice(start, next < 0 ? text.length : next);
    end = next + 1;
  }
  return text.slice(start, end);
}

/**
 * Goal and history are read sentence by sentence (wrapped lines joined, logs and code left out): the
 * sentence that states it is the evidence. The subject is the sender's text too.
 */
export function hasGoal(sources: Source[], rules: Rules, ev: Evidence = []): boolean {
  const goal = rules.items.goal;
  // the error's own text under its label ("エラーメッセージ（全文）: Failed to export results to PostgreSQL …") says what
  // failed, not what the sender wants
  const notGoal = (sentence: string) => matchesAny(goal.notGoal, sentence) || isErrorMessageField(sentence, rules);
  return sentenceWith(sources, goal.cues, ev, false, notGoal) || sentenceWith(sources, goal.statementCues, ev, true, notGoal);
}

/**
 * A sentence that starts with the label of a copied error message ("Error message: …", "エラーメッセージ（全文）: …"); not
 * one that tells the failure first ("Every refresh fails with: …", which a goal on the next line may continue).
 */
function isErrorMessageField(sentence: string, rules: Rules): boolean {
  const colon = sentence.search(/[:：]/);
  if (colon <= 0 || colon > 40) return false;
  const label = sentence.slice(0, colon + 1);
  return rules.items.errorMessage.strongLabels.some((re) => {
    const m = firstMatch(re, label);
    return m !== null && /^[^\p{L}\p{N}]*$/u.test(label.slice(0, m.index));
  });
}

export function hasHistory(sources: Source[], rules: Rules, ev: Evidence = []): boolean {
  // a template's field left blank ("・経緯：" above "・関連チケット番号：なし") tells nothing
  // (a source left as it is keeps its cached sentences)
  const filled = sources.map((s) => {
    const text = withoutBlankFields(s.text);
    return text === s.text ? s : { ...s, text };
  });
  const deferred = rules.items.history.deferred;
  return sentenceWith(filled, rules.items.history.cues, ev, false, (sentence) => deferred.length > 0 && matchesAny(deferred, sentence));
}

/**
 * A bulleted label with no value, followed by the next bulleted label ("・経緯：" / "・関連チケット番号：なし") or, after a
 * blank line, by prose that is no list of its own ("・経緯：" / "" / "よろしくお願いいたします。").
 */
const BLANK_FIELD = /^([^\S\n]*[・*•-][^\S\n]*)[^:：\n]{1,30}[:：][^\S\n]*\n(?:(?=\1[^:：\n]{1,30}[:：])|[^\S\n]*\n(?=\1[^:：\n]{1,30}[:：]|[^\s\d・*•-]))/gm;

function withoutBlankFields(text: string): string {
  return text.includes('：') || text.includes(':') ? text.replace(BLANK_FIELD, '') : text;
}

// A question ("…, so that old values come back as NULL?") asks about a consequence; it states no purpose.
const QUESTION = /[?？]\s*$|(?:ですか|ますか|でしょうか)[。]?\s*$/;

/** A sentence that ends as a question ("…?", "…でしょうか。"). */
export function isQuestion(sentence: string): boolean {
  return QUESTION.test(sentence);
}

/** The first sentence where a cue matches and `skipped` does not hold: the evidence. */
function sentenceWith(sources: Source[], cues: RegExp[], ev: Evidence, statementsOnly: boolean, skipped: (sentence: string) => boolean): boolean {
  if (cues.length === 0) return false;
  for (const s of sources) {
    if (s.isAttachment && !PROSE_ATTACHMENT.test(s.where)) continue;
    for (const sentence of sentencesOf(s)) {
      // (the cues first: most sentences match none, and then the exclusions need no scan)
      if (!matchesAny(cues, sentence)) continue;
      if (statementsOnly && QUESTION.test(sentence)) continue;
      if (skipped(sentence)) continue;
      return found(ev, sentence);
    }
  }
  return false;
}

const sentenceCache = new WeakMap<Source, string[]>();

/** The sentences of a source (the subject is one sentence). Cached: several items read them. */
export function sentencesOf(s: Source): string[] {
  let out = sentenceCache.get(s);
  if (!out) {
    out = s.where === 'subject' ? [s.text.trim()] : structure(s.text).sentences;
    sentenceCache.set(s, out);
  }
  return out;
}

// ---------------------------------------------------------------- timezone

// Clock times: 10:05, 9:30:12, 10時, 10時半, 4pm, 3:30 PM, 10 o'clock. Not "line 1:33", "3時間", ratios in code.
// ("24時台", the notation of times past midnight, is a format, not a time: "深夜帯の時刻が24時台の表記で出力される")
// (also "14h30", as written in much of Europe and Asia, but not as a run's length: "it took 3h40"; "at 04:00:" before a
// pasted command is a time too; the Korean hour "오전 9시", "2시 30분", not "3시간" hours; a four-digit time after a
// preposition, "since 0300", not a year; "around 08.15", "pukul 10.45", the hour and minutes set apart by a dot as in Indonesia
// and much of Europe, after a preposition of time only, not a size or a version: "about 10.45 GB"; after "since", "until",
// "from"… only with a clock's mark after it, as there it is as often a day and month: "fails since 09.06", "until 8.15 Uhr")
const CLOCK_RE =
  /(?<![\d:.,/\w])(?:[01]?\d|2[0-4]):[0-5]\d(?::[0-5]\d)?(?:\s?[ap]\.?m\.?)?(?!\d|:\d|\.\d)|(?<![\d.])(?:[01]?\d|2[0-3]|24(?!\s?時(?:台|超)))\s?時(?!間|点|代|期|刻|差)(?:\s?\d{1,2}\s?分|半)?|(?<![\d.:])(?:1[0-2]|0?\d)\s?(?:[ap]\.?m\.?)(?![a-z])|(?<![\d.:])(?:1[0-2]|0?\d)\s?o['’]?\s?clock\b|(?<![\w.:])(?<!\b(?:took|takes|take|taking|lasted|lasts|ran for|runs for|run for|needed|needs)\s(?:about\s|around\s|roughly\s|nearly\s|almost\s|over\s|under\s)?)(?:[01]?\d|2[0-3])h[0-5]\d\b|(?<![\d.])(?:[01]?\d|2[0-4])\s?시(?!간|작|스템|도|각|점|기|리|장|험)(?:\s?\d{1,2}\s?분|\s?반)?|(?<=\b(?:since|at|from|around|by|until|till|after|before)\s)(?!(?:19|20)\d\d\b)(?:[01]\d|2[0-3])[0-5]\d(?:\s?(?:hrs|h))?\b(?![\d:,/-]|\.\d|\s*(?:rows?|records?|ms|users?|jobs?|files?|items?|events?|errors?))|(?<=\b(?:at|around|about|approx\.?|approximately|pukul|jam)\s)(?:[01]?\d|2[0-3])\.[0-5]\d(?![\d.,]|\s*(?:%|[kmgt]i?b\b|ms\b|s\b|secs?\b|seconds?|mins?\b|minutes?|h\b|hrs?\b|hours?|x\b|times|rows?|records?|usd|eur|jpy|idr|sgd|version|release))|(?<=\b(?:since|until|till|from|by|before|after)\s)(?:[01]?\d|2[0-3])\.[0-5]\d(?![\d.,])(?=\s?(?:[ap]\.?m\.?(?![a-z])|uhr\b|o['’]?\s?clock\b|(?:JST|UTC|GMT|CET|CEST|MEZ|MESZ|BST|WET|WEST|EET|EEST|SGT|WIB|ICT|IST)\b))/gi;

/** CLOCK_RE for a yes/no test (no global state). */
const ANY_CLOCK = new RegExp(CLOCK_RE.source, CLOCK_RE.flags.replace('g', ''));

/**
 * True when every clock time the sender mentions carries a zone in the same sentence or line, or a
 * zone label heads the block it sits in. Also true when no clock time is mentioned.
 */
export function timesHaveZones(sources: Source[], rules: Rules, ev: Evidence = []): boolean {
  return timesWithoutZone(sources, rules, ev).length === 0;
}

/** A command named as the subject of a sentence: "td import:upload died on sunday night around 11pm. output below". */
const COMMAND_AS_SUBJECT = /^[^\S\n]*(?:td|embulk|digdag|curl|python3?|java)(?:[^\S\n]+[\w:.-]+)?[^\S\n]+(?:died|failed|fails|crashed|crashes|stopped|stops|hangs|hung|broke|breaks|errored|errors out|timed out|times out|keeps|kept|started|starts|began|worked|works|ran|runs)\b/i;

/**
 * A pasted chat's message headers ("山本 美咲 16:12", "[5/12 8:02 AM] Daniel Okafor", "Daniel Okafor  10:02 AM"): the
 * time the chat client printed beside a name is metadata like an attribution line's, not an event the sender tells.
 * Only where the text holds two or more such lines (a chat), so a lone "Schedule 02:00" stays an event.
 */
function chatHeaders(text: string): Set<string> {
  const found = text.split('\n').filter((line) => line.length <= 80 && (CHAT_NAME_TIME.test(line) || CHAT_TIME_NAME.test(line)));
  return new Set(found.length >= 2 ? found : []);
}

/** Capitalised words or a CJK name (and its company in brackets), then the client's time: "Daniel Okafor  10:02 AM", "宮田 (つばめ食品)  10:31". */
const CHAT_NAME_TIME = /^[^\S\n]*(?:(?:[A-Z][\p{L}'.-]*|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]{1,6})[^\S\n]{1,3}){1,4}(?:[(（][^()（）\n]{1,30}[)）][^\S\n]*)?[,\-–]?[^\S\n]*[\[(]?\d{1,2}:\d{2}(?:[^\S\n]?[AaPp]\.?[Mm]\.?)?[\])]?[^\S\n]*$/u;
/** The client's date and time in brackets, then a name: "[5/12 8:02 AM] Daniel Okafor". */
const CHAT_TIME_NAME = /^[^\S\n]*\[(?:\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?[^\S\n,]*,?[^\S\n]*)?\d{1,2}:\d{2}(?:[^\S\n]?[AaPp]\.?[Mm]\.?)?\][^\S\n]*(?:[A-Z][\p{L}'.-]*|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]{1,6})(?:[^\S\n]{1,3}(?:[A-Z][\p{L}'.-]*|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]{1,6})){0,3}(?:[^\S\n]*[(（][^()（）\n]{1,30}[)）])?:?[^\S\n]*$/u;

/**
 * The clock times (as written) that carry no zone, in order; the reply names them when it asks for
 * the zone. `ev` gets the sentences whose zone made the item present, and is emptied when a time lacks one.
 */
export function timesWithoutZone(sources: Source[], rules: Rules, ev: Evidence = []): string[] {
  const tz = rules.items.timezone;
  const out: string[] = [];
  const blockLabel = new RegExp(`(?:^|\\s)(?:${tz.blockZoneLabels.join('|')})\\s*[:=]`, 'i');
  for (const s of sources) {
    // a .txt the sender wrote (an issue sheet) tells events like the body; logs and configs carry stamps
    if (s.isAttachment && !PROSE_ATTACHMENT.test(s.where)) continue;
    const blocks = s.text.split(/\n\s*\n/);
    const chat = chatHeaders(s.text);
    // A zone that covers what follows it up to the next prose line: a config block's "timezone:" line
    // above its schedule, or the lead-in of a list of times ("All times JST:").
    let carried = false;
    let carriedByConfig = false;
    // "All times below are JST": every time after it, whatever lies between
    let coversBelow = false;
    for (const block of blocks) {
      const lines = block.split('\n');
      const blockZone = lines.some((l) => blockLabel.test(l) && anyMatch(tz.zones, l));
      const dataRows = csvRows(lines);
      // a lead-in that says it covers every time ("※時刻はすべて日本時間（JST）です") covers the rest of its block, prose
      // lines included (a circled item number, "①", reads as a plain digit after normalisation)
      let coversBlock = false;
      let above: Pick<StructLine, 'kind'> = { kind: 'blank' };
      for (let li = 0; li < lines.length; li++) {
        const line = lines[li]!;
        const kind = lineKind(line).kind;
        // prose ends the list, unless it is the wrapped rest of the list item above it
        if (carried && !coversBlock && kind === 'prose' && (above.kind === 'prose' || above.kind === 'blank') && !isTableRow(line)) carried = false;
        // so does the next section's heading ("3. 時系列(日本時間)" … "6. お願い"): the zone was that section's
        if (carried && !coversBlock && above.kind === 'blank' && SECTION_HEADING.test(line) && !HAS_CLOCK.test(line)) carried = carriedByConfig = false;
        // a config's "timezone:" covers that config and what is asked right under it, not the sender's next section:
        // a heading of their own ("ログ(…):", "経緯:") ends it
        // (an English heading of words, "What happened so far:", ends it too; config keys are single tokens)
        if (carriedByConfig && kind === 'label' && above.kind === 'blank' && (/[^\x00-\x7f]/.test(line) || WORDS_HEADING.test(line))) carried = carriedByConfig = false;
        above = { kind };
        // a command carries its zone as an argument ("TD_TIME_RANGE(time, '2026-06-04', '2026-06-05', 'JST')"): the
        // query's, not that of the times told after it
        const command = isCommandLine(rules.items.command.patterns, line) && kind !== 'prose' && !COMMAND_AS_SUBJECT.test(line);
        if (!command && anyMatch(tz.zones, line) && introducesTimes(line, blockLabel, tz.leadIn)) {
          carried = true;
          // ("All times below are JST (the workflow itself has timezone: Asia/Tokyo …)" is the sender's lead-in, not a config's)
          carriedByConfig = blockLabel.test(line) && !ALL_TIMES.test(line);
          coversBlock = ALL_TIMES.test(line);
          coversBelow ||= ALL_TIMES_BELOW.test(line);
        }
        if (anyMatch(tz.skipLines, line)) continue;
        if (chat.has(line)) continue;
        // rows of pasted CSV data carry stamps of the data ("L3-VIB-07,2026/06/03 9:00:07,2.81"), not events the sender tells
        if (dataRows.has(li)) continue;
        // pasted error text and commands carry values, not events the sender describes
        // (a sentence that starts with the command's name tells events: "td wf push で登録したもので、毎朝6時に定期実行しています。")
        if (lineMatches(rules.items.errorMessage.lines, line) || command) continue;
        for (const m of line.matchAll(CLOCK_RE)) {
          if (!isEventTime(line, m.index, m[0])) continue;
          // "I'll be online until about 7pm tonight": when the sender can be reached, not when something happened
          if (tz.notEventBefore.length > 0 && anyMatch(tz.notEventBefore, line.slice(Math.max(0, m.index - 60), m.index))) continue;
          if (insideQuotes(line, m.index)) continue;
          if (blockZone || carried || coversBelow) continue;
          // a sentence the client wrapped right after the time gives its zone on the next line ("at 23:00" / "Singapore time")
          // and one the client wrapped right before it gives it on the line above ("最後に正常に終わったのは日本時間の5月7日" / "（木）9時過ぎの実行でした")
          const start = wrappedStart(lines[li - 1]);
          const read = start + withWrappedRest(line, lines[li + 1]);
          const at = start.length + m.index;
          const sentence = sentenceAround(read, at, m[0].length);
          const after = read.slice(at + m[0].length, at + m[0].length + 40);
          // the first time of a range takes the zone written after the second: "between 7pm and 9pm Pacific"
          const range = RANGE_END.exec(after);
          const zoneAfter = firstMatch(tz.afterTime, after.slice(0, 24)) ?? (range ? firstMatch(tz.afterTime, after.slice(range[0].length)) : null);
          if (!anyMatch(tz.zones, sentence) && !zoneAfter) {
            if (!out.includes(m[0].trim())) out.push(m[0].trim());
            continue;
          }
          ev.push(sentence);
        }
      }
    }
  }
  // the evidence says what made an item present; a time without zone leaves none
  if (out.length > 0) ev.length = 0;
  return out;
}

/**
 * The lines of a block that are rows of pasted CSV: at least three fields, no space after a comma (prose puts one
 * there), and another row of the block with as many fields (the header, or the next record).
 */
function csvRows(lines: string[]): Set<number> {
  const fields = lines.map((l) => (CSV_ROW.test(l) ? l.split(',').length : 0));
  const seen = new Map<number, number>();
  for (const n of fields) seen.set(n, (seen.get(n) ?? 0) + 1);
  const rows = new Set<number>();
  fields.forEach((n, i) => {
    if (n >= 3 && seen.get(n)! >= 2) rows.add(i);
  });
  return rows;
}
const CSV_ROW = /^[^,\s][^,\n]*(?:,(?! )[^,\n]*){2,}$/;

const WORDS_HEADING = /^[^\S\n]*[A-Z][a-z]+(?: [\w'-]+){1,6}:[^\S\n]*$/;
const HAS_CLOCK = new RegExp(CLOCK_RE.source, 'i');
const RANGE_END = /^[^\S\n]{0,2}(?:and|to|until|till|through|-|–|—|~|〜|～|から)[^\S\n]{0,2}\d{1,2}(?::\d{2})?(?:[^\S\n]?[ap]\.?m\.?|時)?/i;
const UTC_OFFSET = /\b(?:UTC|GMT)[^\S\n]?[+\-−][^\S\n]?\d{1,2}(?::\d{2})?/gi;
const SECTION_HEADING = /^[^\S\n]*(?:\d{1,2}[.)．]|[■□◆◇●○▼【])[^\S\n]*[^\s:：][^\n]{0,30}$/;
const ALL_TIMES_BELOW = /\ball (?:the )?(?:times|timestamps)(?: (?:below|in this (?:mail|e-?mail|message)))\b|\b(?:times|timestamps) below are\b|以下の(?:時刻|時間|日時)は(?:すべて|全て)|本メール(?:中|内)?の(?:時刻|時間|日時)は(?:すべて|全て)/i;
const ALL_TIMES = /すべて|全て|\ball times\b|\ball (?:the )?timestamps\b/i;

/** The unfinished sentence that ends the line above, when the client wrapped it: what it says reads with the next line. */
function wrappedStart(previous: string | undefined): string {
  if (previous === undefined || previous.trim() === '' || /[.。!?！？:：]\s*$/.test(previous)) return '';
  if (lineKind(previous).kind !== 'prose') return '';
  let cut = -1;
  for (const end of '.。!?！？') cut = Math.max(cut, previous.lastIndexOf(end));
  const tail = previous.slice(cut + 1).trimStart();
  // a zone there that belongs to a time of its own ("at 14:05 UTC on Monday; … this morning at 8:15") is that time's
  if (ANY_CLOCK.test(tail)) return '';
  return /[\x00-\x7f]$/.test(tail) ? `${tail} ` : tail;
}

/** The line, and the next one when the line stops mid-sentence and the next goes on in prose. */
function withWrappedRest(line: string, next: string | undefined): string {
  if (next === undefined || next.trim() === '' || /[.。!?！？:：]\s*$/.test(line)) return line;
  const kind = lineKind(next).kind;
  if (kind === 'log' || kind === 'item' || kind === 'label' || kind === 'blank') return line;
  return `${line} ${next.trim()}`;
}

/**
 * A line that gives the zone of the times after it (spec: "the lead-in of a list of times"): a config
 * "timezone:" line, a line ending in a colon, or a line without a time of its own that is a heading or
 * list item ("■経緯（以下の時刻はすべて日本時間です）") or says it is a lead-in.
 */
function introducesTimes(line: string, blockLabel: RegExp, leadIn: RegExp): boolean {
  if (blockLabel.test(line)) return true;
  const { kind, value } = lineKind(line);
  // a label with its own value gives that value's zone ("・スケジュール:cron 0 5 * * *(タイムゾーン Asia/Tokyo)"), not the
  // zone of the lines under it
  if (kind === 'label' && value && !/:\s*$/.test(line) && !ALL_TIMES.test(line) && !isTableRow(line)) return false;
  // a log line's stamp ("14:05:37.551 +0900 [ERROR]") carries its own zone and leads in nothing, even where the
  // logged message ends in a colon ("… SQL access control error:")
  // (nor does an ISO stamp in pasted output, "started at 2025-03-10T17:02:11Z": its zone is the stamp's own)
  if (kind === 'log' || ISO_STAMP.test(line)) return false;
  if (/:\s*$/.test(line)) return true;
  // (a zone's offset is no time of the line's own: "5. CHRONOLOGY (all times SGT, UTC+08:00)")
  if (HAS_CLOCK.test(line.replace(UTC_OFFSET, ' '))) return false;
  // a table's header row with a zone ("日時（日本時間）  Session ID  結果") gives the zone of its time column
  return kind !== 'prose' || leadIn.test(line) || isTableRow(line);
}

const ISO_STAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;


/**
 * A line that is a command: one starts it (after a prompt at most). A sentence that mentions a call on the way
 * ("It first failed on Tuesday night at 11pm … (GET /v3/database/list returns 200).") still tells its times.
 */
function isCommandLine(res: RegExp[], line: string): boolean {
  return res.some((re) => {
    const m = firstMatch(re, line);
    if (m === null) return false;
    const before = line.slice(0, m.index).trim();
    return before === '' || /^\S{0,80}[$%#>]$/.test(before);
  });
}

function lineMatches(res: RegExp[], line: string): boolean {
  return matchesAny(res, line);
}

// words reported inside 「…」: six hiragana or more (a value shown in them has none)
const REPORTED_SPEECH = /(?:[\u3041-\u3096][^\u3041-\u3096]{0,8}){6}/;

/** A time inside '...', "..." or 「...」 on its line is a literal (SQL, JSON, a quoted value), not an event. */
function insideQuotes(line: string, index: number): boolean {
  // apostrophes inside words ("it's", "client's") are no quotes; a quote mark opening the line opens a quoted
  // paragraph (someone's words pasted: "crm_daily failed again at 04:30. …), not a literal
  const before = line
    .slice(0, index)
    .replace(/^\s*["“]/, '')
    .replace(/[A-Za-z]'[A-Za-z]/g, '')
    .replace(/s' /g, '');
  // 「…」『…』 open and close differently: a value shown in them ("「2026/06/09 24:05:00」という値") is a literal too
  // (but words reported in them are speech, events told: お客様からは「…毎朝9時に自動で連携して、…使っている」と伺っております)
  const quoted = (c: string, d: string) => {
    const start = line.lastIndexOf(c, index) + 1;
    const end = line.indexOf(d, index);
    return line.slice(start, end < 0 ? line.length : end);
  };
  const open = (c: string, d: string) => before.split(c).length - before.split(d).length > 0 && !REPORTED_SPEECH.test(quoted(c, d));
  return (before.match(/'/g)?.length ?? 0) % 2 === 1 || (before.match(/"/g)?.length ?? 0) % 2 === 1 || open('「', '」') || open('『', '』');
}

function isEventTime(line: string, index: number, match: string): boolean {
  const before = line.slice(Math.max(0, index - 12), index);
  if (/\bline\s*(?:\d+\s*)?$|\bcolumn\s*$|行\s*$|位置\s*$|\bat\s*$/i.test(before) && /:/.test(match) && /line|column|行|位置/i.test(before)) return false;
  if (/\bline\s+$/i.test(before)) return false;
  // ratios, versions and scores in prose ("16:9"), durations ("1:30 hours")
  const after = line.slice(index + match.length, index + match.length + 8);
  if (/^\s*(?:hours?|hrs?|minutes?|mins?|時間|分間)/i.test(after)) return false;
  return true;
}

function sentenceAround(line: string, index: number, length: number): string {
  const startCut = Math.max(line.lastIndexOf('。', index), line.lastIndexOf('. ', index));
  let end = line.length;
  for (const sep of ['。', '. ']) {
    const k = line.indexOf(sep, index + length);
    if (k >= 0 && k < end) end = k;
  }
  return line.slice(startCut + 1, end);
}

// ---------------------------------------------------------------- tickets / earlier inquiry

export function findTickets(sources: Source[], rules: Rules, ev: Evidence = []): string[] {
  const t = rules.items.tickets;
  const out: string[] = [];
  const take = (text: string, from: number): void => {
    for (const re of t.patterns) {
      for (const m of allMatches(re, text)) {
        if (!m[1] || m.index + m[0].length <= from) continue;
        // The context is the sentence of the number, not the line: "ticket 45678 last year. … order data" is a ticket.
        // A subject tag is its own context: "[TD Support #232587] JDBC接続時にSSLHandshakeExceptionが発生する件" names
        // the failure beside the tag, while "[Zendesk #5521]" names whose ticket it is inside it.
        const context = m[0].startsWith('[') ? m[0] : sentenceAround(text, m.index, m[0].length);
        if (anyMatch(t.notTicketContext, context)) continue;
        out.push(m[1]);
        ev.push(text);
      }
    }
  };
  for (const s of sources) {
    if (s.isAttachment) continue;
    const lines = s.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      take(line, 0);
      // A client's wrap can cut "ticket" from its number ("…in ticket" / "45678 last year"): read the pair as one
      // line, keeping only matches that cross the cut, so neither line's own matches count twice.
      const next = lines[i + 1];
      if (next && WRAPPED_NUMBER_START.test(next) && line.length >= WRAPPED_LINE_MIN && /\S$/.test(line)) {
        take(`${line} ${next}`, line.length + 1);
      }
    }
  }
  return unique(out);
}

/** A line a client wrapped is long; the next one then starts with the number ("45678", "#45678"). */
const WRAPPED_LINE_MIN = 60;
const WRAPPED_NUMBER_START = /^[#＃]?\d{3,9}\b/;

/**
 * Only the sender's own words (and subject) can mention an earlier inquiry to support: an end user in a
 * forwarded mail asking the partner "as I asked you last week" is not one.
 */
export function mentionsEarlierInquiry(ownText: string, subject: string, rules: Rules): boolean {
  const { cues, notToSupport } = rules.items.earlierInquiry;
  const sentences = structure(ownText).sentences;
  // "エンドユーザー様から以前ご相談があった件": someone asked the sender, not support; that sentence tells no inquiry
  const kept = sentences.filter((s) => !anyMatch(notToSupport, s));
  if (kept.length < sentences.length) return anyMatch(cues, subject) || kept.some((s) => anyMatch(cues, s));
  // also sentence by sentence: a mail client's wrap must not cut "先月…" from the verb it belongs to
  return anyMatch(cues, `${subject}\n${ownText}`) || sentences.some((s) => anyMatch(cues, s));
}

/**
 * A forwarded or quoted mail of the sender's side tells of an inquiry to support only where it names support: "We
 * actually raised this with Treasure Data directly a few weeks ago", "サポートの方に見ていただいた". Its "as I asked
 * you last week" is addressed to the partner, so the sender's own words stay the rule (mentionsEarlierInquiry).
 */
export function forwardedInquiryToSupport(sources: Source[], rules: Rules): boolean {
  const { cues, notToSupport, namesSupport } = rules.items.earlierInquiry;
  if (namesSupport.length === 0) return false;
  for (const s of sources) {
    if (s.isAttachment || s.where === 'subject') continue;
    for (const sentence of sentencesOf(s)) {
      if (anyMatch(notToSupport, sentence)) continue;
      if (anyMatch(namesSupport, sentence) && anyMatch(cues, sentence)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------- optional items

export function sampleDataFiles(attachments: MailAttachment[], rules: Rules): string[] {
  const sd = rules.items.sampleData;
  return attachments
    .filter((a) => a.filename && a.contentType !== 'message/rfc822')
    .filter((a) => {
      const name = a.filename!;
      const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
      if (!sd.extensions.includes(ext)) return false;
      return ext !== 'txt' || sd.txtNameHint.test(name);
    })
    .map((a) => a.filename!);
}

export function referenceDocs(sources: Source[], rules: Rules): string[] {
  const out: string[] = [];
  for (const s of sources) {
    if (s.isAttachment) continue;
    for (const re of rules.items.referenceDocs.patterns) for (const m of allMatches(re, s.text)) out.push(m[0]);
  }
  return unique(out);
}
