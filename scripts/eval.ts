// Scores the checker against labelled corpora: npm run eval [-- DIR... ] [--verbose] [--range A-B]
// DIR holds *.eml and labels.json (see ../shared/corpus/README.md). Default: ../shared/corpus/dev.
// --range A-B scores only the files whose leading number is in A..B (e.g. a blind part of a corpus).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../src/analysis/analyse.ts';
import { recurringImagesPerMail } from '../src/analysis/recurring.ts';
import { loadRules } from '../src/analysis/rules.ts';
import { REQUIRED_ITEM_KEYS, type Analysis } from '../src/analysis/types.ts';
import { parseMail } from '../src/mail/parse.ts';

interface Label {
  language: string;
  category: string;
  channel: string;
  items: Record<string, unknown>;
  secrets: string[];
  referenced_tickets: string[];
  missing: string[];
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const rangeArg = args.find((a) => a.startsWith('--range='))?.slice('--range='.length) ?? (args.includes('--range') ? args[args.indexOf('--range') + 1] : undefined);
const range = rangeArg ? /^(\d+)-(\d+)$/.exec(rangeArg) : null;
if (rangeArg && !range) throw new Error(`--range wants A-B, got ${rangeArg}`);
const inRange = (file: string): boolean => {
  if (!range) return true;
  const n = Number(/^\d+/.exec(file)?.[0] ?? NaN);
  return n >= Number(range[1]) && n <= Number(range[2]);
};
const dirs = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--range');
if (dirs.length === 0) dirs.push(path.resolve(repo, '../shared/corpus/dev'));
const rules = loadRules(path.join(repo, 'config'));

let overallExact = 0;
let overallTotal = 0;
for (const dir of dirs) {
  const labelsPath = path.join(dir, 'labels.json');
  if (!existsSync(labelsPath)) {
    console.error(`${dir}: no labels.json`);
    process.exitCode = 1;
    continue;
  }
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as Record<string, Label>;
  // Recurring images (logos) are judged across the whole folder, as `check` would see it; --range only
  // limits which files are scored.
  const all = Object.keys(labels).filter((f) => existsSync(path.join(dir, f))).sort();
  const allMails = await Promise.all(all.map((f) => parseMail(readFileSync(path.join(dir, f)))));
  const allRecurring = recurringImagesPerMail(allMails);
  const picked = all.map((f, i) => ({ f, i })).filter(({ f }) => inRange(f));
  const files = picked.map((p) => p.f);
  const mails = picked.map((p) => allMails[p.i]!);
  const recurring = picked.map((p) => allRecurring[p.i]!);
  const stats = {
    exact: 0, category: 0, channel: 0, language: 0, tickets: 0,
    values: { account_id: 0, site: 0, os: 0, target_id: 0 } as Record<string, number>,
    falseMissing: Object.fromEntries(REQUIRED_ITEM_KEYS.map((k) => [k, 0])) as Record<string, number>,
    missedMissing: Object.fromEntries(REQUIRED_ITEM_KEYS.map((k) => [k, 0])) as Record<string, number>,
    secretTp: 0, secretFp: 0, secretFn: 0,
  };
  const problems: string[] = [];
  files.forEach((file, i) => {
    const label = labels[file]!;
    const a: Analysis = analyse(mails[i]!, rules, { recurringImageHashes: recurring[i] });
    const diffs: string[] = [];
    const exact = JSON.stringify(a.missing) === JSON.stringify(label.missing);
    if (exact) stats.exact++;
    for (const k of a.missing) if (!label.missing.includes(k)) { stats.falseMissing[k]!++; diffs.push(`false missing ${k}`); }
    for (const k of label.missing) if (!(a.missing as string[]).includes(k)) { stats.missedMissing[k]!++; diffs.push(`missed missing ${k}`); }
    const cmp = (name: string, got: unknown, want: unknown) => {
      const ok = JSON.stringify(got) === JSON.stringify(want);
      if (!ok) diffs.push(`${name}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
      return ok ? 1 : 0;
    };
    stats.category += cmp('category', a.category, label.category);
    stats.channel += cmp('channel', a.channel, label.channel);
    stats.language += cmp('language', a.language, label.language);
    stats.tickets += cmp('referenced_tickets', a.referencedTickets, label.referenced_tickets);
    for (const k of ['account_id', 'site', 'os'] as const) {
      stats.values[k]! += cmp(k, a.items[k].values[0] ?? null, label.items[k] ?? null);
    }
    stats.values.target_id! += cmp('target_id', a.items.target_id.values, label.items.target_id ?? []);
    for (const [k, want] of Object.entries(label.items)) {
      if (typeof want !== 'boolean') continue;
      const got = a.items[k as keyof Analysis['items']]?.present;
      if (got !== want) diffs.push(`(item ${k}: got ${got} want ${want})`);
    }
    const got = new Set(a.secrets.map((s) => s.kind as string));
    const want = new Set(label.secrets);
    for (const s of got) if (want.has(s)) stats.secretTp++; else { stats.secretFp++; diffs.push(`false secret ${s}`); }
    for (const s of want) if (!got.has(s)) { stats.secretFn++; diffs.push(`missed secret ${s}`); }
    if (diffs.length > 0) problems.push(`${file}${exact ? '' : ' [MISSING WRONG]'}\n    ${diffs.join('\n    ')}`);
  });
  const n = files.length;
  const pct = (x: number) => `${x}/${n} (${((100 * x) / Math.max(1, n)).toFixed(1)}%)`;
  console.log(`\n== ${path.relative(process.cwd(), dir) || dir}: ${n} labelled mails`);
  if (verbose) for (const p of problems) console.log(p);
  console.log('\nper item        false-missing  missed-missing');
  for (const k of REQUIRED_ITEM_KEYS) console.log(`  ${k.padEnd(15)} ${String(stats.falseMissing[k]).padStart(6)} ${String(stats.missedMissing[k]).padStart(14)}`);
  console.log(`\ncategory        ${pct(stats.category)}`);
  console.log(`channel         ${pct(stats.channel)}`);
  console.log(`language        ${pct(stats.language)}`);
  for (const k of ['account_id', 'site', 'os', 'target_id']) console.log(`${k.padEnd(16)}${pct(stats.values[k]!)}`);
  console.log(`tickets         ${pct(stats.tickets)}`);
  const prec = stats.secretTp / Math.max(1, stats.secretTp + stats.secretFp);
  const rec = stats.secretTp / Math.max(1, stats.secretTp + stats.secretFn);
  console.log(`secrets         precision ${(100 * prec).toFixed(1)}%  recall ${(100 * rec).toFixed(1)}%  (tp ${stats.secretTp}, fp ${stats.secretFp}, fn ${stats.secretFn})`);
  console.log(`exact missing: ${pct(stats.exact)}`);
  overallExact += stats.exact;
  overallTotal += n;
}
if (dirs.length > 1) console.log(`\nexact missing overall: ${overallExact}/${overallTotal} (${((100 * overallExact) / Math.max(1, overallTotal)).toFixed(1)}%)`);
