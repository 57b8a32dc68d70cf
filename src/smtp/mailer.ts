import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SmtpConfig } from '../config/env.ts';
import { IntakeError } from '../util/errors.ts';
import type { ComposedReply } from '../reply/compose.ts';

/** What the reply composer produces; the mailer turns it into bytes and sends them. */
export type ReplyMessage = ComposedReply;

/**
 * Builds the reply's raw bytes once; they travel in the outbound job, so a retry
 * re-sends identical bytes and the copy kept in Sent is exactly what was sent.
 */
export async function buildRawReply(reply: ReplyMessage, date: Date): Promise<Buffer> {
  const composer = new MailComposer({
    from: reply.from,
    to: reply.to,
    ...(reply.cc && reply.cc.length > 0 ? { cc: reply.cc } : {}),
    subject: reply.subject,
    text: reply.text,
    html: reply.html,
    messageId: `<${reply.messageId}>`,
    // An inbound Message-ID unfit to copy (over-long, malformed) leaves In-Reply-To out.
    ...(reply.inReplyTo ? { inReplyTo: `<${reply.inReplyTo}>` } : {}),
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
   * Sends `raw`. `beforeCommit` runs after the server accepted DATA and the body was
   * handed over, and before the final "." that makes the server commit it: the server
   * never holds a message for which beforeCommit has not completed.
   */
  send(envelope: { from: string; to: string; cc?: string[] }, raw: Buffer, beforeCommit?: () => Promise<void>): Promise<{ response: string }>;
  verify(): Promise<void>;
  close(): void;
}

/** Connections kept open to the SMTP server; the receiver's greeting is paid once per connection (field notes). */
export const SMTP_POOL_SIZE = 3;
const POOL_SIZE = SMTP_POOL_SIZE;
/** A connection is replaced after this many messages, as nodemailer's pool does. */
const MESSAGES_PER_CONNECTION = 200;

interface PooledConnection {
  conn: SMTPConnection;
  sent: number;
  dead: boolean;
}

/**
 * A small pool of nodemailer SMTPConnections. nodemailer's pooled transport reads
 * the message stream ahead, before MAIL FROM; SMTPConnection pulls it only after
 * the server's 354, which is what lets the "sent" record sit right before the ".".
 */
export function createMailer(cfg: SmtpConfig): Mailer {
  const idle: PooledConnection[] = [];
  const waiting: ((c: PooledConnection | null) => void)[] = [];
  let open = 0;
  let closed = false;

  const connect = async (): Promise<PooledConnection> => {
    const conn = new SMTPConnection({
      host: cfg.host,
      port: cfg.port,
      secure: cfg.secure,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // STARTTLS is used when offered; its certificate is verified unless SMTP_TLS_INSECURE=true.
      tls: { rejectUnauthorized: !cfg.tlsInsecure },
    });
    const pooled: PooledConnection = { conn, sent: 0, dead: false };
    conn.on('error', () => (pooled.dead = true));
    conn.on('end', () => (pooled.dead = true));
    // SMTPConnection calls the connect callback only on success; a refused or dropped
    // connection is reported through 'error'/'end' alone, and would leave the send hanging.
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      const onEnd = () => reject(new Error('connection closed before the SMTP greeting'));
      conn.once('error', onError);
      conn.once('end', onEnd);
      conn.connect((err?: Error | null) => {
        conn.off('error', onError);
        conn.off('end', onEnd);
        if (err) reject(err);
        else resolve();
      });
    });
    if (cfg.user) {
      await new Promise<void>((resolve, reject) =>
        conn.login({ user: cfg.user!, pass: cfg.pass ?? '' }, (err?: Error | null) => (err ? reject(err) : resolve())),
      );
    }
    return pooled;
  };

  const acquire = async (): Promise<PooledConnection> => {
    while (idle.length > 0) {
      const c = idle.pop()!;
      if (!c.dead) return c;
      open -= 1;
    }
    if (open < POOL_SIZE) {
      open += 1;
      try {
        return await connect();
      } catch (err) {
        open -= 1;
        throw err;
      }
    }
    const next = await new Promise<PooledConnection | null>((resolve) => waiting.push(resolve));
    return next ?? acquire();
  };

  const release = (c: PooledConnection, healthy: boolean): void => {
    if (!healthy || c.dead || closed || c.sent >= MESSAGES_PER_CONNECTION) {
      open -= 1;
      if (healthy && !c.dead) c.conn.quit();
      else c.conn.close();
      waiting.shift()?.(null);
      return;
    }
    const waiter = waiting.shift();
    if (waiter) waiter(c);
    else idle.push(c);
  };

  const fail = (err: unknown, envelope: { to: string }): IntakeError =>
    new IntakeError('ESMTPSEND', `SMTP send to ${envelope.to} failed: ${(err as Error).message}`, {
      host: cfg.host,
      port: cfg.port,
      smtpCode: (err as { responseCode?: number }).responseCode,
    }, { cause: err });

  return {
    async send(envelope, raw, beforeCommit) {
      let c: PooledConnection;
      try {
        c = await acquire();
      } catch (err) {
        throw fail(err, envelope);
      }
      try {
        const info = await new Promise<{ response?: string }>((resolve, reject) =>
          c.conn.send(
            { from: envelope.from, to: [envelope.to, ...(envelope.cc ?? [])] },
            beforeCommit ? gatedStream(raw, beforeCommit) : raw,
            (err: Error | null, result: { response?: string }) => (err ? reject(err) : resolve(result)),
          ),
        );
        c.sent += 1;
        release(c, true);
        return { response: String(info.response ?? '') };
      } catch (err) {
        // After a failed transaction the connection's state is unknown: never reuse it.
        release(c, false);
        throw fail(err, envelope);
      }
    },
    async verify() {
      try {
        const c = await connect();
        c.conn.quit();
      } catch (err) {
        throw new IntakeError('ESMTPCONNECT', `SMTP ${cfg.host}:${cfg.port} did not accept us: ${(err as Error).message}`, {
          host: cfg.host,
          port: cfg.port,
        }, { cause: err });
      }
    },
    close() {
      closed = true;
      for (const c of idle.splice(0)) c.conn.quit();
      for (const w of waiting.splice(0)) w(null);
    },
  };
}

/**
 * The message as a stream that ends only once `beforeCommit` resolves. The SMTP
 * connection writes the terminating "." when its source ends, so nothing the server
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
