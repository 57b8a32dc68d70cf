import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SmtpConfig } from '../config/env.ts';
import { IntakeError } from '../util/errors.ts';

/** What the reply composer produces; the mailer turns it into bytes and sends them. */
export interface ReplyMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
  headers: Record<string, string>;
}

/**
 * Builds the reply's raw bytes once; they travel in the outbound job, so a retry
 * re-sends identical bytes and the copy kept in Sent is exactly what was sent.
 */
export async function buildRawReply(reply: ReplyMessage, date: Date): Promise<Buffer> {
  const composer = new MailComposer({
    from: reply.from,
    to: reply.to,
    subject: reply.subject,
    text: reply.text,
    html: reply.html,
    messageId: `<${reply.messageId}>`,
    inReplyTo: `<${reply.inReplyTo}>`,
    references: reply.references.map((r) => `<${r}>`).join(' '),
    headers: reply.headers,
    date,
    textEncoding: 'quoted-printable',
  });
  const node = composer.compile();
  return await new Promise<Buffer>((resolve, reject) => {
    node.build((err: Error | null, message: Buffer) => (err ? reject(err) : resolve(message)));
  });
}

export interface Mailer {
  /**
   * Sends `raw`. `beforeCommit` runs after the message body is written and before the
   * final "." that makes the server commit it: the server never holds a message for
   * which beforeCommit has not completed.
   */
  send(envelope: { from: string; to: string }, raw: Buffer, beforeCommit?: () => Promise<void>): Promise<{ response: string }>;
  verify(): Promise<void>;
  close(): void;
}

/** Pooled SMTP transport: the receiver's greeting is paid once per connection, not per mail (field notes). */
export function createMailer(cfg: SmtpConfig): Mailer {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    maxMessages: 500,
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: cfg.user ? { user: cfg.user, pass: cfg.pass ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Loopback development servers have no certificate; STARTTLS is still used when offered.
    tls: { rejectUnauthorized: false },
  });
  return {
    async send(envelope, raw, beforeCommit) {
      try {
        const info = await transport.sendMail({ envelope, raw: beforeCommit ? gatedStream(raw, beforeCommit) : raw });
        return { response: String(info.response ?? '') };
      } catch (err) {
        throw new IntakeError('ESMTPSEND', `SMTP send to ${envelope.to} failed: ${(err as Error).message}`, {
          host: cfg.host,
          port: cfg.port,
          smtpCode: (err as { responseCode?: number }).responseCode,
        }, { cause: err });
      }
    },
    async verify() {
      try {
        await transport.verify();
      } catch (err) {
        throw new IntakeError('ESMTPCONNECT', `SMTP ${cfg.host}:${cfg.port} did not accept us: ${(err as Error).message}`, {
          host: cfg.host,
          port: cfg.port,
        }, { cause: err });
      }
    },
    close() {
      transport.close();
    },
  };
}

/**
 * The message as a stream that ends only once `beforeCommit` resolves. The SMTP
 * client writes the terminating "." when its source ends, so nothing the server
 * could commit leaves this process before the hook is done. A crash before the
 * "." makes the server drop the unfinished message.
 */
function gatedStream(raw: Buffer, beforeCommit: () => Promise<void>): Readable {
  let pushed = false;
  return new Readable({
    read() {
      if (!pushed) {
        pushed = true;
        this.push(raw);
        return;
      }
      beforeCommit().then(
        () => this.push(null),
        (err: Error) => this.destroy(err),
      );
    },
  });
}
