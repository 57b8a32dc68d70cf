import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalysisPool, AnalysisStoppedError } from '../../src/pipeline/analysis-pool.ts';
import { htmlToText, parseMail } from '../../src/mail/parse.ts';
import { TEXT_LIMITS } from '../../src/limits.ts';

const rulesDir = path.resolve(import.meta.dirname, '../../config');
const mail = (body: string, headers = 'Content-Type: text/plain; charset=utf-8') =>
  Buffer.from(`From: a@example.com\r\nTo: support@intake.test\r\nSubject: test\r\nMessage-ID: <p1@example.com>\r\n${headers}\r\n\r\n${body}`);

describe('AnalysisPool', () => {
  const pool = new AnalysisPool({ timeoutMs: 2_000, threads: 1, heapMb: 256, rulesDir });
  afterAll(() => pool.close());

  it('parses and analyses in a thread', async () => {
    const parsed = await pool.parse(mail('Account ID: 12345\nJob ID 98765432 failed with Error: boom'));
    expect(parsed.messageId).toBe('p1@example.com');
    expect(parsed.headers).toBeInstanceOf(Map);
    const analysis = await pool.analyse(parsed, []);
    expect(analysis.items.account_id.values).toContain('12345');
  }, 60_000);

  it('stops a task that runs past its limit, and keeps serving', async () => {
    // A test-only op would need a hook in the thread; a tiny limit on a large parse stands in for a runaway.
    const big = mail('x '.repeat(2_000_000));
    const err = await pool.parse(big, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AnalysisStoppedError);
    expect((err as AnalysisStoppedError).reason).toBe('timeout');
    const next = await pool.parse(mail('hello'));
    expect(next.text.trim()).toBe('hello');
  }, 60_000);
});

describe('text limits', () => {
  it('caps body text and each line', async () => {
    const long = `${'a'.repeat(TEXT_LIMITS.lineChars * 3)}\n${'b\n'.repeat(TEXT_LIMITS.bodyChars)}`;
    const parsed = await parseMail(mail(long));
    expect(parsed.text.length).toBeLessThanOrEqual(TEXT_LIMITS.bodyChars);
    expect(Math.max(...parsed.text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(TEXT_LIMITS.lineChars);
    expect(parsed.parseWarnings).toContain('text-capped');
  });

  it('converts hostile HTML in bounded output and linear passes', () => {
    const nested = '<blockquote>'.repeat(5_000) + 'deep' + '</blockquote>'.repeat(5_000);
    const text = htmlToText(nested);
    expect(text.length).toBeLessThan(100);
    expect(text).toContain('> deep');
    expect(htmlToText('<!--'.repeat(50_000) + 'x')).toBe('');
    expect(htmlToText('a<!-- c -->b<style>p{}</style>c<script>1')).toBe('abc');
    expect(htmlToText('<li'.repeat(50_000))).toBeDefined();
  });
});
