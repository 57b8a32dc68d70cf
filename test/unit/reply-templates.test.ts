import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/reply/compose.ts';

const dirs: string[] = [];
function copyTemplates(): string {
  const dir = mkdtempSync(join(tmpdir(), 'intake-templates-'));
  dirs.push(dir);
  cpSync('templates', dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function edit(dir: string, file: string, change: (s: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

function loadError(dir: string): { code: string; message: string; context: Record<string, unknown> } {
  try {
    loadTemplates(dir);
  } catch (err) {
    return err as { code: string; message: string; context: Record<string, unknown> };
  }
  throw new Error('loadTemplates did not throw');
}

describe('loadTemplates', () => {
  it('loads the shipped templates', () => {
    const set = loadTemplates('templates');
    expect(Object.keys(set.languages).sort()).toEqual(['en', 'ja']);
    expect(set.languages.ja.kinds.missing_items.text).toContain('{{> missing}}');
  });

  const broken: [string, string, (dir: string) => void, RegExp][] = [
    ['a missing kind template', 'en/complete.html', (d) => unlinkSync(join(d, 'en/complete.html')), /file is missing/],
    ['a missing partial file', 'ja/_footer.txt', (d) => unlinkSync(join(d, 'ja/_footer.txt')), /file is missing/],
    ['an item without text', 'ja/items.yaml', (d) => edit(d, 'ja/items.yaml', (s) => s.replace(/^timezone:[\s\S]*?(?=^related_ticket:)/m, '')), /timezone/],
    ['an unknown item key', 'en/items.yaml', (d) => edit(d, 'en/items.yaml', (s) => `${s}\naccount_name:\n  label: x\n  what: x\n  why: x\n  example: x\n`), /account_name/],
    ['an empty why', 'en/items.yaml', (d) => edit(d, 'en/items.yaml', (s) => s.replace(/^  why: .*$/m, '  why: ""')), /why/],
    ['a missing out-of-scope category', 'ja/texts.yaml', (d) => edit(d, 'ja/texts.yaml', (s) => s.replace(/^  general_it:[\s\S]*$/m, '')), /general_it/],
    ['a missing secret kind', 'en/texts.yaml', (d) => edit(d, 'en/texts.yaml', (s) => s.replace(/^  password: .*$/m, '')), /password/],
    ['a javascript: link', 'en/texts.yaml', (d) => edit(d, 'en/texts.yaml', (s) => s.replace('https://www.embulk.org/', 'javascript:alert(1)')), /url/],
    ['an unknown time zone', 'ja/texts.yaml', (d) => edit(d, 'ja/texts.yaml', (s) => s.replace('Asia/Tokyo', 'Asia/Nowhere')), /time zone/],
    ['broken YAML', 'ja/items.yaml', (d) => edit(d, 'ja/items.yaml', (s) => `${s}\n  : : [\n`), /YAML/],
    ['an unclosed section', 'en/out_of_scope.txt', (d) => edit(d, 'en/out_of_scope.txt', (s) => s.replace('{{/outOfScope}}', '')), /Mustache/],
    ['an unknown partial', 'ja/complete.html', (d) => edit(d, 'ja/complete.html', (s) => s.replace('{{> notes}}', '{{> note}}')), /unknown partial "note"/],
  ];
  for (const [name, file, breakIt, message] of broken) {
    it(`rejects ${name}, naming ${file}`, () => {
      const dir = copyTemplates();
      breakIt(dir);
      const err = loadError(dir);
      expect(err.code).toBe('EBADTEMPLATES');
      expect(err.context.file).toBe(join(dir, file));
      expect(err.message).toContain(file);
      expect(err.message).toMatch(message);
    });
  }
});
