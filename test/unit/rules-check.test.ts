import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runRulesCheck } from '../../src/cli/rules.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of config/ and templates/ to break. */
function copy(): { rulesDir: string; templatesDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'intake-rules-check-'));
  made.push(root);
  cpSync(join(repoRoot, 'config'), join(root, 'config'), { recursive: true });
  cpSync(join(repoRoot, 'templates'), join(root, 'templates'), { recursive: true });
  return { rulesDir: join(root, 'config'), templatesDir: join(root, 'templates') };
}

function edit(file: string, from: string, to: string): number {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(from);
  expect(at, `${from} in ${file}`).toBeGreaterThanOrEqual(0);
  writeFileSync(file, text.slice(0, at) + to + text.slice(at + from.length));
  return text.slice(0, at).split('\n').length;
}

function run(args: string[], dirs: { rulesDir: string; templatesDir: string }): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runRulesCheck(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, dirs);
  return { code, out, err };
}

describe('intake rules check', () => {
  it('passes the shipped rules and templates', () => {
    const r = run(['check'], copy());
    expect(r.out.at(-1)).toMatch(/^rules and templates valid/);
    expect(r.code).toBe(0);
  });

  it('names file and line of a typo in a key, a bad regex and an unknown category in a template', () => {
    const dirs = copy();
    const channels = join(dirs.rulesDir, 'rules/channels.yaml');
    const typoLine = edit(channels, 'threshold: 2', 'threshhold: 2');
    const items = join(dirs.rulesDir, 'rules/items.yaml');
    const regexLine = edit(items, "    - '(?<!\\b(?:ad|ads|", "    - '((?<!\\b(?:ad|ads|");
    const categories = join(dirs.rulesDir, 'rules/categories.yaml');
    const cueLine = edit(categories, "{re: '", "{re: '(");
    const safety = join(dirs.rulesDir, 'safety.yaml');
    const safetyLine = edit(safety, "    - '^\\s*returned mail\\s*:'", "    - '^\\s*returned mail\\s*:['");
    const texts = join(dirs.templatesDir, 'en/texts.yaml');
    const categoryLine = edit(texts, '  general_it:', '  general_itt:');

    const r = run(['check'], dirs);
    expect(r.code).toBe(1);
    const text = r.out.join('\n');
    expect(text).toContain(`${channels}:${typoLine}: threshhold: `);
    expect(text).toMatch(new RegExp(`${escape(items)}:${regexLine}: accountId\\.patterns\\.0: invalid regular expression`));
    // A cue is a pattern or {re, weight}: the problem is named inside the form it nearly matched.
    expect(text).toMatch(new RegExp(`${escape(categories)}:${cueLine}: [a-z_.]+\\.cues\\.0\\.re: invalid regular expression`));
    expect(text).toMatch(new RegExp(`${escape(safety)}:${safetyLine}: bounce\\.subjects\\.2: invalid regular expression`));
    expect(text).toContain(`${texts}:${categoryLine}: outOfScope.general_itt: `);
    expect(r.out.at(-1)).toMatch(/^\d+ problem\(s\)/);
  });

  it('expands a {{list}} from vocabulary.yaml into every pattern that names it, and names an unknown list', () => {
    const dirs = copy();
    const vocabulary = join(dirs.rulesDir, 'rules/vocabulary.yaml');
    edit(vocabulary, '  - hubspot\n', '  - hubspot\n  - acme crm\n');
    const categories = join(dirs.rulesDir, 'rules/categories.yaml');
    const line = edit(categories, '{{integrationTargets}}', '{{integrationTarget}}');
    const r = run(['check'], dirs);
    expect(r.code).toBe(1);
    expect(r.out.join('\n')).toMatch(new RegExp(`${escape(categories)}:${line}: [a-z_.]+\\.cues\\.\\d+\\.re: unknown list \\{\\{integrationTarget\\}\\}`));
  });

  it('rejects bad usage with exit code 2', () => {
    expect(run([], copy()).code).toBe(2);
    expect(run(['lint'], copy()).code).toBe(2);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
