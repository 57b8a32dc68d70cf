import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ITEM_KEYS } from '../../src/analysis/types.ts';
import { runCheck } from '../../src/cli/check.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
// The project's own labelled fixtures: the test runs the same on a fresh clone.
const holdout = resolve(repoRoot, 'test/fixtures/holdout');
const holdout2 = resolve(repoRoot, 'test/fixtures/holdout2');
const labelOf = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'))[file];
const opts = { rulesDir: resolve(repoRoot, 'config'), templatesDir: resolve(repoRoot, 'templates') };

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCheck(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, opts);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** CRC-32 of PNG chunks (zlib.crc32 needs Node 20.15; the project supports 20.12). */
function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c;
}

/** A valid PNG of the given size (one grey level), so the reader sees its real dimensions. */
function png(width: number, height: number, shade: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  const row = Buffer.alloc(width + 1, shade);
  row[0] = 0; // filter: none
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** A plain-text inquiry with PNG attachments, written to DIR; returns its path. */
function mailWithImages(dir: string, file: string, from: string, images: [string, Buffer][]): string {
  const boundary = 'b-' + file;
  const parts = [
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe export job fails, see the attached screen.\r\n`,
    ...images.map(
      ([name, bytes]) =>
        `--${boundary}\r\nContent-Type: image/png; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\n` +
        `Content-Transfer-Encoding: base64\r\n\r\n${bytes.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`,
    ),
  ];
  const raw = [
    `From: ${from}`,
    'To: support@intake.test',
    `Subject: Export fails (${file})`,
    `Message-ID: <${file}@northwind.example>`,
    'Date: Mon, 02 Mar 2026 10:00:00 +0900',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    parts.join('') + `--${boundary}--\r\n`,
  ].join('\r\n');
  const target = join(dir, file);
  writeFileSync(target, raw);
  return target;
}

describe('intake check', () => {
  it('--json prints one line per file with every item key', async () => {
    const name = 'h01-ja-gcs-export-403-complete.eml';
    const file = join(holdout, name);
    const label = labelOf(holdout, name);
    const { code, out } = await run(['--json', file]);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const obj = JSON.parse(lines[0]!);
    expect(obj.file).toBe(file);
    expect(Object.keys(obj.items)).toEqual([...ITEM_KEYS]);
    expect(obj.items.account_id).toMatchObject({ present: true, values: [label.items.account_id] });
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
    expect(obj.items.timezone).toMatchObject({ present: false, values: ['10:30'] });
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
    const { out } = await run(['--json', join(holdout, 'h04-en-curl-td1-key-amazon-linux.eml')]);
    const obj = JSON.parse(out.trim());
    expect(obj.secrets).toEqual([{ kind: 'td_api_key' }]);
    expect(out).not.toContain('4f1c9a7be20d');
  });

  it('takes images recurring across one sender\'s files as logos', async () => {
    // Three mails of one company carry the same logo; the second also has a real screenshot.
    const dir = mkdtempSync(join(tmpdir(), 'check-logo-'));
    const logo = png(800, 300, 1); // large enough for a screenshot: only its recurrence marks it a logo
    const shot = png(1280, 720, 2);
    const files = [
      mailWithImages(dir, 'a.eml', 'ken@northwind.example', [['northwind.png', logo]]),
      mailWithImages(dir, 'b.eml', 'aya@northwind.example', [['northwind.png', logo], ['job_1887766554.png', shot]]),
      mailWithImages(dir, 'c.eml', 'ken@northwind.example', [['northwind.png', logo]]),
    ];
    const { out } = await run(['--json', ...files]);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[1].items.screenshot.values).toEqual(['job_1887766554.png']);
    expect(lines[0].items.screenshot.present).toBe(false);
  });

  it('reports bad files on stderr, analyses the rest and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    const junk = join(dir, 'junk.eml');
    writeFileSync(junk, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]));
    const good = join(holdout, 'h01-ja-gcs-export-403-complete.eml');
    const { code, out, err } = await run(['--json', join(dir, 'missing.eml'), dir, junk, good]);
    expect(code).toBe(1);
    expect(err).toMatch(/missing\.eml: no such file/);
    expect(err).toMatch(/is a directory/);
    expect(err).toMatch(/junk\.eml: not a mail/);
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it('without --json prints a readable report', async () => {
    const name = 'x15-ja-minimal-since-yesterday.eml';
    const { code, out } = await run([join(holdout2, name)]);
    expect(code).toBe(0);
    const missing: string[] = labelOf(holdout2, name).missing;
    expect(out).toMatch(new RegExp(`missing: +${missing.join(', ')}`));
  });

  it('--json gives per item the exact decoded text that made it present, and the main ask', async () => {
    // Full-width digits and colon, a sentence wrapped by the mail client, a quoted line of the sender's own.
    const dir = mkdtempSync(join(tmpdir(), 'check-evidence-'));
    const body = [
      'TDサポート様',
      '',
      'アカウントID：１２３４５（東京リージョン）のワークフローが昨日から毎回失敗しています。',
      'Session ID: 418820377',
      '',
      'S3へ毎朝データをエクスポートして店舗レポートに使っているのですが、',
      '今朝も同じエラーで止まりました。原因を調べていただけますでしょうか。',
      '',
      'よろしくお願いいたします。',
    ].join('\r\n');
    const file = join(dir, 'ja.eml');
    writeFileSync(
      file,
      `From: ken@northwind.example\r\nTo: support@intake.test\r\nSubject: WF failing\r\nMessage-ID: <ev1@northwind.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n`,
    );
    const { code, out } = await run(['--json', file]);
    expect(code).toBe(0);
    const obj = JSON.parse(out.trim());
    const squeeze = (x: string) => x.replace(/\s+/g, '');
    expect(obj.items.account_id.values).toEqual(['12345']);
    // the sender's own full-width text, not its normalised reading
    expect(obj.items.account_id.evidence).toEqual(['アカウントID：１２３４５（東京リージョン）のワークフローが昨日から毎回失敗しています。']);
    expect(obj.items.target_id.evidence).toEqual(['Session ID: 418820377']);
    expect(obj.items.goal.evidence.length).toBeGreaterThan(0);
    expect(obj.main_ask).toBe('原因を調べていただけますでしょうか。');
    for (const [key, item] of Object.entries(obj.items) as [string, { present: boolean; evidence: string[] }][]) {
      if (!item.present) expect(item.evidence, key).toEqual([]);
      for (const e of item.evidence) expect(squeeze(body), `${key}: ${e}`).toContain(squeeze(e));
    }
  });

  it('never repeats a credential in the evidence', async () => {
    const { out } = await run(['--json', join(holdout, 'h04-en-curl-td1-key-amazon-linux.eml')]);
    const obj = JSON.parse(out.trim());
    expect(obj.items.command.present).toBe(true);
    expect(out).not.toContain('4f1c9a7be20d');
  });

  it('--explain prints the evidence under each item and the main ask', async () => {
    const { code, out } = await run(['--explain', join(holdout, 'h01-ja-gcs-export-403-complete.eml')]);
    expect(code).toBe(0);
    // the value is normalised, the evidence is the sender's own full-width text
    expect(out).toMatch(/account_id +yes +24680\n +↳ アカウントID：２４６８０\n/);
    expect(out).toMatch(/^main ask: +\S/m);
    expect(out).not.toMatch(/reply that would be sent/);
  });

  it('rejects unknown options', async () => {
    const { code, err } = await run(['--bogus', 'x.eml']);
    expect(code).toBe(2);
    expect(err).toMatch(/usage/);
  });
});
