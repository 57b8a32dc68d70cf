// Throughput of the checker on one core: npm run bench [-- DIR] [--seconds N] [--sources]
// Uses the ordinary 5-60 KB mails of the dev corpus (default ../shared/corpus/dev) and reports
// parse+analyse and analyse-alone rates. A measurement, not a timed test.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as AnalyseModule from '../src/analysis/analyse.ts';
import type * as RulesModule from '../src/analysis/rules.ts';
import type * as ParseModule from '../src/mail/parse.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const secIdx = args.indexOf('--seconds');
const seconds = secIdx >= 0 ? Number(args[secIdx + 1]) : 3;
const dir = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '--seconds') ?? path.resolve(repo, '../shared/corpus/dev');

// The code as the service runs it: the compiled build (bin/build.js) that `intake run` loads; `--sources`
// measures the sources through tsx instead (the same figure within this machine's noise, 2026-12-05).
const useSources = args.includes('--sources');
const buildModule = '../bin/build.js';
const { compiledModule } = (await import(buildModule)) as { compiledModule(src: string): string | null };
async function load<T>(src: string): Promise<{ mod: T; compiled: boolean }> {
  const url = useSources ? null : compiledModule(src);
  return { mod: (await import(url ?? `../${src}`)) as T, compiled: url !== null };
}
const { mod: analyseModule, compiled } = await load<typeof AnalyseModule>('src/analysis/analyse.ts');
const { analyse } = analyseModule;
const { loadRules } = (await load<typeof RulesModule>('src/analysis/rules.ts')).mod;
const { parseMail } = (await load<typeof ParseModule>('src/mail/parse.ts')).mod;

const rules = loadRules(path.join(repo, 'config'));
// .eml files anywhere under DIR (the wild corpus keeps them in one folder per source suite)
const all = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.eml'))
  .map((f) => readFileSync(path.join(dir, f)));
if (all.length === 0) {
  console.error(`bench: no .eml files under ${dir}`);
  process.exit(2);
}
// Ordinary mails: 5-60 KB; fall back to everything when the folder has none in that range.
const sized = all.filter((b) => b.length >= 5 * 1024 && b.length <= 60 * 1024);
const raws = sized.length > 0 ? sized : all;
const parsed = await Promise.all(raws.map((r) => parseMail(r)));
const kb = raws.reduce((s, r) => s + r.length, 0) / raws.length / 1024;

async function measure(label: string, once: (i: number) => Promise<unknown> | unknown): Promise<void> {
  // Warm-up (JIT, regex caches) for a second, not a fixed count: a long-running service runs
  // optimised code, and 3 passes over a dozen mails left the first figure measured cold.
  const warm = process.hrtime.bigint() + 1_000_000_000n;
  for (let i = 0; process.hrtime.bigint() < warm || i < raws.length; i++) await once(i % raws.length);
  let n = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < end) {
    await once(n % raws.length);
    n++;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  // CPU time of the process (GC helper threads included, so it errs low): on a shared machine the
  // wall-clock rate moves with what else runs, the rate per CPU-second much less.
  const cpu = process.cpuUsage(cpuStart);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${label.padEnd(16)} ${(n / secs).toFixed(0).padStart(6)} mails/s  (${n} in ${secs.toFixed(2)} s; ${(n / cpuSecs).toFixed(0)} per CPU-second)`,
  );
}

console.log(
  `${raws.length} mails from ${path.relative(process.cwd(), dir) || dir}, mean ${kb.toFixed(1)} KB, one core (single event loop), ${compiled ? 'compiled build, as the service runs it' : 'sources through tsx'}`,
);
await measure('parse+analyse', async (i) => analyse(await parseMail(raws[i]!), rules));
await measure('analyse alone', (i) => analyse(parsed[i]!, rules));
await measure('parse alone', (i) => parseMail(raws[i]!));
