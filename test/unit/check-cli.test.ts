import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ITEM_KEYS } from '../../src/analysis/types.ts';
import { runCheck } from '../../src/cli/check.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const dev = resolve(repoRoot, '../shared/corpus/dev');
const opts = { rulesDir: resolve(repoRoot, 'config'), templatesDir: resolve(repoRoot, 'templates') };

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCheck(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, opts);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('intake check', () => {
  it('--json prints one line per file with every item key', async () => {
    const file = join(dev, '002-s3-export-access-denied.eml');
    const { code, out } = await run(['--json', file]);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const obj = JSON.parse(lines[0]!);
    expect(obj.file).toBe(file);
    expect(Object.keys(obj.items)).toEqual([...ITEM_KEYS]);
    expect(obj.items.account_id).toEqual({ present: true, values: ['23581'] });
    expect(obj).toMatchObject({ language: 'ja', category: 'error', channel: 'console', missing: [], secrets: [], referenced_tickets: [] });
  });

  it('--json says per item whether it is required (issue 15), keeping `missing` as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-required-'));
    const file = join(dir, 'short.eml');
    writeFileSync(
      file,
      'From: "Doyle, Chris" <chris@agency.example>\r\nTo: support@intake.test\r\nSubject: export fails\r\nMessage-ID: <r1@agency.example>\r\n\r\nThe export fails with an error since 10:30. Account ID: 10101\r\n',
    );
    const obj = JSON.parse((await run(['--json', file])).out.trim());
    expect(Object.keys(obj.items_required)).toEqual([...ITEM_KEYS]);
    expect(obj.items_required).toMatchObject({ account_id: true, site: true, target_id: true, goal: false, history: false, timezone: false, reference_docs: false });
    expect(obj.missing).toEqual(expect.arrayContaining(['site', 'goal', 'timezone']));
    expect(obj.missing_required).toEqual(obj.missing.filter((k: string) => obj.items_required[k]));
    expect(obj.missing_required).not.toContain('goal');
    expect(obj.items.timezone).toEqual({ present: false, values: ['10:30'] });
  });

  it('the reply preview greets the issue\'s three senders correctly and groups required before helpful', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-names-'));
    const names: [string, string][] = [
      ['=?UTF-8?B?' + Buffer.from('株式会社エービーシー 佐藤様').toString('base64') + '?=', '株式会社エービーシー 佐藤 様\n'],
      ['"\'Priya Raghunathan\' via Partner Support"', 'Dear Priya Raghunathan,\n'],
      ['"Doyle, Chris"', 'Dear Chris Doyle,\n'],
    ];
    for (const [i, [name, greeting]] of names.entries()) {
      const file = join(dir, `n${i}.eml`);
      const body = i === 0 ? 'エクスポートでエラーが発生しています。' : 'The export fails with an error.';
      writeFileSync(file, `From: ${name} <p${i}@partner.example>\r\nTo: support@intake.test\r\nSubject: export\r\nMessage-ID: <n${i}@partner.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`);
      const { out } = await run([file]);
      const reply = out.slice(out.indexOf('-- reply that would be sent --'));
      expect(reply).toContain(`\n\n${greeting}`);
      expect(reply).not.toMatch(/様\s*様|via Partner|Doyle, Chris/);
      const needs = i === 0 ? '調査を開始するにあたり' : 'To start the investigation, we need';
      const helps = i === 0 ? 'より早く解決できます' : 'would also help us answer sooner';
      expect(reply.indexOf(needs)).toBeGreaterThan(0);
      expect(reply.indexOf(helps)).toBeGreaterThan(reply.indexOf(needs));
    }
  });

  it('reports secrets by kind only', async () => {
    const { out } = await run(['--json', join(dev, '011-curl-issue-job-401-api-key.eml')]);
    const obj = JSON.parse(out.trim());
    expect(obj.secrets).toEqual([{ kind: 'td_api_key' }]);
    expect(out).not.toContain('b82fc9496a33');
  });

  it('takes images recurring across one sender\'s files as logos', async () => {
    // 016 has the Northwind logo inline plus a real screenshot; with 013 and 035 the logo recurs.
    const files = ['013-reply-request-778899-owner-change.eml', '016-sftp-export-auth-eu01.eml', '035-object-listing-table-inventory.eml'].map((f) => join(dev, f));
    const { out } = await run(['--json', ...files]);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[1].items.screenshot.values).toEqual(['job_1887766554.jpg']);
  });

  it('reports bad files on stderr, analyses the rest and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    const junk = join(dir, 'junk.eml');
    writeFileSync(junk, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]));
    const good = join(dev, '001-minimal-help.eml');
    const { code, out, err } = await run(['--json', join(dir, 'missing.eml'), dir, junk, good]);
    expect(code).toBe(1);
    expect(err).toMatch(/missing\.eml: no such file/);
    expect(err).toMatch(/is a directory/);
    expect(err).toMatch(/junk\.eml: not a mail/);
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it('without --json prints a readable report', async () => {
    const { code, out } = await run([join(dev, '017-minimal-job-failing-since-yesterday.eml')]);
    expect(code).toBe(0);
    expect(out).toMatch(/missing: +account_id, site, goal, method, target_id, error_message, timezone/);
  });

  it('rejects unknown options', async () => {
    const { code, err } = await run(['--bogus', 'x.eml']);
    expect(code).toBe(2);
    expect(err).toMatch(/usage/);
  });
});
