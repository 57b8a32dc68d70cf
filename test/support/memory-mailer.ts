import { simpleParser, type ParsedMail } from 'mailparser';
import type { Mailer } from '../../src/smtp/mailer.ts';

export interface SentMail {
  envelope: { from: string; to: string; cc?: string[] };
  raw: Buffer;
  /** The X-Intake-* and threading headers, lower-cased names. */
  headers: Record<string, string>;
}

/** An error as nodemailer reports a dropped connection: classified transient, so the job is retried. */
export function connectionDropped(): Error {
  return Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION', command: 'CONN' });
}

/**
 * The SMTP edge in memory for the pipeline tier: records every reply the outbound worker
 * commits, and honours the Mailer contract that `beforeCommit` (the "sent" record) completes
 * before the message counts as sent. `failNext(n)` makes the next n sends fail like a dropped
 * connection, before anything is committed.
 */
export class MemoryMailer implements Mailer {
  readonly sent: SentMail[] = [];
  attempts = 0;
  private failures = 0;
  private failWith: () => Error = connectionDropped;

  failNext(n: number, error: () => Error = connectionDropped): void {
    this.failures = n;
    this.failWith = error;
  }

  async send(envelope: SentMail['envelope'], raw: Buffer, beforeCommit?: () => Promise<void>): Promise<{ response: string }> {
    this.attempts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw this.failWith();
    }
    await beforeCommit?.();
    this.sent.push({ envelope, raw, headers: headersOf(raw) });
    return { response: '250 OK: queued in memory' };
  }

  async verify(): Promise<void> {}

  close(): void {}

  /** Replies sent to an address, in order. */
  to(address: string): SentMail[] {
    return this.sent.filter((m) => m.envelope.to === address);
  }

  parse(mail: SentMail): Promise<ParsedMail> {
    return simpleParser(mail.raw);
  }
}

function headersOf(raw: Buffer): Record<string, string> {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
  const out: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] ??= line.slice(i + 1).trim();
  }
  return out;
}
