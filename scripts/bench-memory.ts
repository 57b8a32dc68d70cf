// Peak memory (RSS of the whole process, analysis threads included) while several large mails are
// parsed and analysed at once in the analysis pool, as the service does: npm run bench:memory [-- --mails N]
// A measurement, not a timed test: the figure goes into the README's "Bounds" section.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnalysisPool } from '../src/pipeline/analysis-pool.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const mailsIdx = args.indexOf('--mails');
const count = mailsIdx >= 0 ? Number(args[mailsIdx + 1]) : 6;
const MB = 1024 * 1024;

function mail(n: number, contentType: string, body: string): Buffer {
  const head = `From: big${n}@example.com\r\nTo: support@intake.test\r\nSubject: large ${n}\r\nMessage-ID: <big-${n}@example.com>\r\nContent-Type: ${contentType}; charset=utf-8\r\n\r\n`;
  return Buffer.from(head + body);
}

const rep = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));
const kinds = [
  (n: number) => mail(n, 'text/plain', rep('2024-01-01 12:00:00 INFO an ordinary line of a pasted log\r\n', 24 * MB)),
  (n: number) => mail(n, 'text/html', `<html><body>${rep('<blockquote>', 12 * MB)}x${rep('</blockquote>', 12 * MB)}</body></html>`),
  (n: number) => mail(n, 'text/plain', rep('word ', 24 * MB)),
];

const pool = new AnalysisPool({ timeoutMs: 5_000, threads: 2, heapMb: 512, rulesDir: path.join(repo, 'config') });
await pool.ready();
const base = process.memoryUsage().rss;
let peak = base;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const start = Date.now();
const outcomes = await Promise.all(
  Array.from({ length: count }, async (_, i) => {
    const raw = kinds[i % kinds.length]!(i);
    const t = Date.now();
    try {
      const parsed = await pool.parse(raw);
      await pool.analyse(parsed, []);
      return `${(raw.length / MB).toFixed(0)} MB ${['text', 'nested html', 'one line'][i % kinds.length]}: read in ${Date.now() - t} ms`;
    } catch (err) {
      return `${(raw.length / MB).toFixed(0)} MB ${['text', 'nested html', 'one line'][i % kinds.length]}: stopped (${(err as Error).message}) after ${Date.now() - t} ms`;
    }
  }),
);
clearInterval(sampler);
await pool.close();
for (const o of outcomes) console.log(o);
console.log(`${count} large mails in flight, 2 analysis threads: peak RSS ${(peak / MB).toFixed(0)} MB (idle ${(base / MB).toFixed(0)} MB), ${Date.now() - start} ms`);
