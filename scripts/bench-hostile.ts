// `npm run bench:hostile`: parse + analyse time of crafted worst-case mails, one at a time, one core.
// Figures, not a test (test/unit/redos.test.ts and the wild-corpus test hold the bounds as behaviour).
// Each shape is a body of about 1 MB built to stress one reading: pipe and column tables, rule lines,
// timestamps, wrapped tickets, key blocks, quote lead-ins, label lines, long unbroken words, Japanese
// without punctuation, nested lists, HTML tables, and .txt attachments read as prose. The body is cut
// before analysis (src/limits.ts), so every shape should take tens of milliseconds, not seconds.
//
//   npm run bench:hostile [-- --mb 1] [-- --repeat 3]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../src/analysis/analyse.ts';
import { loadRules } from '../src/analysis/rules.ts';
import { parseMail } from '../src/mail/parse.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const mb = opt('--mb', 1);
const repeat = opt('--repeat', 3);
const SIZE = Math.round(mb * 1024 * 1024);

/** `unit` repeated to about SIZE characters. */
const fill = (unit: string, size = SIZE): string => unit.repeat(Math.max(1, Math.ceil(size / unit.length))).slice(0, size);

const SHAPES: Record<string, () => string> = {
  'pipe table': () => '| Account ID | Job ID | Status |\n|---|---|---|\n' + fill('| 12345 | 1234567890 | failed |\n'),
  'pipe cells, no newlines': () => fill('| a '),
  'column table under dashes': () => 'Account ID   Job ID       Status\n-----------  -----------  ------\n' + fill('12345        1234567890   failed\n'),
  'columns set apart by spaces': () => '日時（日本時間）  Session ID   結果\n' + fill('3/16 03:00        398519943    失敗\n'),
  'rule lines': () => fill('━━━━━━━━━━━━━━━━\n----------------\n'),
  'timestamped lines': () => fill('2024-03-05 12:00:01 JST job 1234567890 failed with error\n'),
  'wrapped ticket words': () => fill('ticket\n#12345 ticket\nnumber 12345 case\n'),
  'key blocks': () => fill('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7v1234567890abcdefABCDEF+/abcdefghijklmnop\n'),
  'quote lead-ins': () => fill('Quoting the relevant part of your reply:\n> Account ID: 12345\n'),
  'label lines': () => fill('Account ID:\nJob ID:\nError:\n'),
  'one unbroken word': () => fill('a'),
  'digits': () => fill('1234567890'),
  'Japanese, no punctuation': () => fill('アカウントのジョブが失敗しておりますので調査をお願いしたく存じます'),
  'Japanese sentences': () => fill('アカウントID 12345 のジョブが失敗しました。以前は成功していました。'),
  'English sentences': () => fill('The job 1234567890 failed again yesterday at 10:00 and we tried to rerun it twice. '),
  'nested list items': () => fill('  1. item\n    - sub item with account 12345\n      * deeper\n'),
  'answers between quoted questions': () => 'On Mon, TD Support <support@td-support.example.com> wrote:\n' + fill('> - Account ID (e.g. Account ID: 10101)\n\n61390\n\n'),
  'inline answer markers': () => 'my answers start with "KV:"\n' + fill('> question?\nKV: answer 12345\n'),
  'clock times': () => fill('10:00 11:00 12:00 PT ET '),
  'URLs': () => fill('https://console.treasuredata.com/app/jobs/1234567890?x=' + 'a'.repeat(50) + ' '),
  'secret look-alikes': () => fill('apikey=12345/abcdef0123456789abcdef0123456789abcdef01 password: hunter2 AKIAABCDEFGHIJKLMNOP '),
  'stack trace': () => fill('    at com.example.Foo.bar(Foo.java:123)\n'),
  'blank lines': () => fill('\n \n'),
};

function eml(body: string, attachments: string[] = []): Buffer {
  const head = ['From: Partner <p@partner.example.com>', 'To: support@td-support.example.com', 'Subject: hostile', 'Message-ID: <h@partner.example.com>', 'MIME-Version: 1.0'];
  if (attachments.length === 0) {
    return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', body].join('\r\n'));
  }
  const b = 'BOUNDARY-hostile';
  const parts = [`--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`];
  attachments.forEach((a, i) => parts.push(`--${b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename="issue${i}.txt"\r\n\r\n${a}`));
  return Buffer.from([...head, `Content-Type: multipart/mixed; boundary="${b}"`, '', ...parts, `--${b}--`, ''].join('\r\n'));
}

const rules = loadRules(path.join(repo, 'config'));
const cases: [string, Buffer][] = Object.entries(SHAPES).map(([name, make]) => [name, eml(make())]);
cases.push(['HTML table', Buffer.from(eml('x').toString().replace('text/plain', 'text/html').replace(/\r\n\r\nx$/, '\r\n\r\n' + '<table>' + fill('<tr><td><b>Account ID</b></td><td>12345</td></tr>') + '</table>'))]);
cases.push(['four 100 KB .txt attachments', eml('Please see the attached issue sheets.', Array.from({ length: 4 }, () => fill('The job 1234567890 failed again. We tried to rerun it. ', 100 * 1024)))]);

console.log(`${cases.length} crafted mails of about ${mb} MB each; parse + analyse, best of ${repeat} runs, one core`);
let worst = 0;
for (const [name, raw] of cases) {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    analyse(await parseMail(raw), rules);
    best = Math.min(best, performance.now() - t);
  }
  worst = Math.max(worst, best);
  console.log(`  ${name.padEnd(32)} ${(raw.length / 1024 / 1024).toFixed(2)} MB  ${best.toFixed(0).padStart(6)} ms`);
}
console.log(`worst: ${worst.toFixed(0)} ms`);
