import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { loadRules } from '../../../src/analysis/rules.ts';
import { loadSafetyRules } from '../../../src/safety/safety-rules.ts';
import { unionsOf } from '../../../src/analysis/items.ts';

/** One regular expression the service runs on mail text, and where it comes from. */
export interface RegexEntry {
  source: string;
  flags: string;
  origin: string;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * Every RegExp reachable from the loaded rules (config/rules/*.yaml as compiled, word lists
 * included), plus the union regexes the checker builds from each list of them; and
 * config/safety.yaml's bounce phrases, which run one by one on a subject or body (never as a union).
 */
export function ruleRegexes(rulesDir = path.join(ROOT, 'config')): RegexEntry[] {
  const rules = loadRules(rulesDir);
  const out: RegexEntry[] = [];
  const seen = new Set<unknown>();
  let unions = true;
  const walk = (v: unknown, at: string): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof RegExp) {
      out.push({ source: v.source, flags: v.flags, origin: `rules:${at}` });
      return;
    }
    if (Array.isArray(v)) {
      if (unions && v.length > 1 && v.every((x) => x instanceof RegExp)) {
        for (const u of unionsOf(v as RegExp[])) out.push({ source: u.source, flags: u.flags, origin: `rules:${at} (union)` });
      }
      v.forEach((x, i) => walk(x, `${at}[${i}]`));
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
  };
  walk(rules, '');
  unions = false;
  walk({ safety: loadSafetyRules(rulesDir) }, '');
  return dedupe(out);
}

/** Every regular-expression literal in the service's own code (src/, workers/, bin/). */
export function codeRegexes(dirs = ['src', 'workers']): RegexEntry[] {
  const out: RegexEntry[] = [];
  for (const dir of dirs) {
    for (const file of tsFiles(path.join(ROOT, dir))) {
      const rel = path.relative(ROOT, file);
      const ast = parseAst(readFileSync(file, 'utf8'), { lang: 'ts' }, rel);
      const walk = (node: unknown): void => {
        if (node === null || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach(walk);
        const n = node as { type?: string; regex?: { pattern: string; flags: string }; start?: number };
        if (n.type === 'Literal' && n.regex) out.push({ source: n.regex.pattern, flags: n.regex.flags, origin: `${rel}@${n.start}` });
        for (const k of Object.keys(n)) if (k !== 'parent') walk((n as Record<string, unknown>)[k]);
      };
      walk(ast);
    }
  }
  return dedupe(out);
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (/\.(ts|js)$/.test(name)) out.push(p);
  }
  return out;
}

function dedupe(list: RegexEntry[]): RegexEntry[] {
  const byKey = new Map<string, RegexEntry>();
  for (const e of list) {
    const key = `/${e.source}/${e.flags}`;
    if (!byKey.has(key)) byKey.set(key, e);
  }
  return [...byKey.values()];
}
