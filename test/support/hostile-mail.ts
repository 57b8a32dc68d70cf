/**
 * A hostile-mail corpus of our own, generated (no files kept): one mail per class of input that
 * made parsing or analysis super-linear or memory-hungry (issue 8). Each class is produced in
 * several shapes and sizes, so a defence must hold for the class, not for one string.
 */
export interface HostileMail {
  name: string;
  raw: Buffer;
}

function build(n: number, opts: { subject: string; body: string; html?: boolean; from?: string }): Buffer {
  const from = opts.from ?? `attacker${n}@hostile${n}.example`;
  const head = [
    `From: Sender ${n} <${from}>`,
    'To: support@intake.test',
    `Subject: =?UTF-8?B?${Buffer.from(opts.subject).toString('base64')}?=`,
    `Message-ID: <hostile-${n}-${Date.now()}@hostile.example>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    `Content-Type: ${opts.html ? 'text/html' : 'text/plain'}; charset=utf-8`,
    'Content-Transfer-Encoding: 8bit',
  ].join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${opts.body.replace(/\r?\n/g, '\r\n')}\r\n`);
}

const rep = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));

/** Labels the checker looks for, each followed by a long run of blanks and no value. */
const LABELS = ['Job ID', 'ジョブ', 'session', 'attempt', 'エラー', 'ticket', 'チケット番号', 'status code', 'Account ID', 'tel', 'From:'];

/** The corpus; `scale` 1 is a few hundred KB per mail (a few MB for the large classes). */
export function hostileMails(scale = 1): HostileMail[] {
  const k = (kb: number) => Math.round(kb * 1024 * scale);
  const list: { name: string; subject: string; body: string; html?: boolean }[] = [
    // Exponential backtracking once: a command line with a long repeated option.
    { name: 'repeated command-line option', subject: 'td command fails', body: `td${rep(' -h', 400)} x\n` },
    { name: 'repeated option with values', subject: 'td query', body: `td ${rep('-w td -x ', k(40))}\n` },
    // Quadratic: a label and then a long run of blanks.
    ...LABELS.map((label, i) => ({
      name: `label "${label}" then blanks`,
      subject: `question ${i}`,
      body: `${label}${rep(i % 2 ? ' ' : '\t', k(100))}\n${label}${rep(' \n', k(20))}end\n`,
    })),
    { name: 'run of one punctuation character', subject: 'punctuation', body: `${rep('!', k(200))}${rep('-', k(100))}${rep('/', k(50))}x\n` },
    { name: 'many blank lines', subject: 'blank lines', body: `Error:${rep('\n', k(300))}x` },
    { name: 'runs of a. and a@', subject: 'dots', body: `${rep('a.', k(100))}\u0000\n${rep('a@', k(100))}\u0000\n` },
    { name: 'repeated clock times', subject: 'times', body: `${rep('12:34 ', k(100))}\n${rep('10:00:00 JST ', k(50))}\n` },
    { name: 'repeated quotes', subject: 'quotes', body: `${rep('「', k(100))}\n${rep('"', k(50))}\n${rep('“a', k(50))}\n` },
    { name: 'one long line', subject: 'one line', body: rep('word ', k(2_000)) },
    { name: 'large text mail', subject: 'large log', body: rep('2024-01-01 12:00:00 INFO a line of an ordinary log file\n', k(8_000)) },
    // HTML converted before any limit applied.
    { name: 'comment storm', subject: 'html comments', html: true, body: `<html><body>${rep('<!--', k(300))}</body></html>` },
    {
      name: 'nested blockquotes',
      subject: 'html quotes',
      html: true,
      body: `<html><body>${rep('<blockquote>', k(130))}deep${rep('</blockquote>', k(130))}<p>Job ID 12345678</p></body></html>`,
    },
    { name: 'unclosed tags', subject: 'html tags', html: true, body: `<html><body>${rep('<li', k(200))}${rep('<style', k(50))}</body></html>` },
  ];
  // Subject with a long run of blanks after a reply prefix (the subject is read on the main thread).
  list.push({ name: 'subject prefix then blanks', subject: `Re${' '.repeat(20_000)}x`, body: 'hello\n' });
  return list.map((m, i) => ({ name: m.name, raw: build(900 + i, m) }));
}
