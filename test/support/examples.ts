import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './service-process.ts';

export interface ExampleMail {
  file: string;
  /** CRLF line ends, as IMAP APPEND requires; the files in git use LF. */
  raw: Buffer;
  messageId: string | null;
}

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The sample inquiries of `examples/`, in file name order. */
export function loadExamples(dir = EXAMPLES_DIR): ExampleMail[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((file) => {
      const raw = toCrlf(readFileSync(path.join(dir, file)));
      return { file, raw, messageId: headerMessageId(raw) };
    });
}

export function toCrlf(raw: Buffer): Buffer {
  // Byte-wise, so ISO-2022-JP and 8-bit bodies pass through untouched.
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x0a && (i === 0 || raw[i - 1] !== 0x0d)) out.push(0x0d);
    out.push(b);
  }
  return Buffer.from(out);
}

function headerMessageId(raw: Buffer): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  const m = /^message-id:\s*<([^>\r\n]+)>/im.exec(head);
  return m?.[1] ?? null;
}
