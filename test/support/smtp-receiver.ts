import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerEnvelope } from 'smtp-server';
import { IntakeError } from '../../src/util/errors.ts';
import { freePort } from './ports.ts';

export interface ReceivedMail {
  raw: Buffer;
  parsed: ParsedMail;
  envelope: { mailFrom: string | null; rcptTo: string[] };
  receivedAt: Date;
  /** AUTH user of the session, when the client logged in. */
  authUser: string | null;
}

export interface SmtpReceiverOptions {
  port?: number;
}

/** An SMTP server inside the test process that keeps every mail it accepts. */
export interface SmtpReceiver {
  host: '127.0.0.1';
  port: number;
  /** Every accepted mail, in arrival order. Tests may clear it with `messages.length = 0`. */
  messages: ReceivedMail[];
  /** Resolves with the first `count` mails once that many have arrived; rejects after timeoutMs. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /**
   * Answers the next `count` DATA commands with this SMTP error instead of accepting,
   * e.g. 451 (temporary, the sender should retry) or 550 (permanent).
   */
  failNext(count: number, responseCode?: number, message?: string): void;
  /** While on, every AUTH is refused with 535 5.7.8 (a wrong SMTP password, as the client sees it). */
  refuseAuth(on: boolean): void;
  /** While on, every RCPT TO is refused with 554 5.7.1 "Relay access denied" (a relay that refuses us). */
  refuseRelay(on: boolean): void;
  /** AUTH attempts seen, refused ones included. */
  readonly authAttempts: number;
  /** Closes the listener and drops open connections at once (an outage, as a client sees it). */
  stop(): Promise<void>;
  /** Listens again on the same port after `stop()`; messages are kept. */
  start(): Promise<void>;
}

export async function startSmtpReceiver(opts: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let failures: { remaining: number; responseCode: number; message: string } | null = null;
  let authRefused = false;
  let relayRefused = false;
  let authAttempts = 0;
  let server: SMTPServer | null = null;
  let port = opts.port ?? (await freePort());

  const notify = (): void => {
    for (const w of waiters) w();
  };

  const createServer = (): SMTPServer =>
    new SMTPServer({
      // There is no DNS here: a reverse lookup per connection would stall every delivery.
      disableReverseLookup: true,
      authOptional: true,
      allowInsecureAuth: true,
      hideSTARTTLS: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // A stopped receiver must look down at once, not after the default 30 s grace period.
      closeTimeout: 50,
      onAuth(auth, _session, callback) {
        authAttempts++;
        if (authRefused) {
          callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
          return;
        }
        callback(null, { user: auth.username ?? 'anonymous' });
      },
      onRcptTo(_address, _session, callback) {
        if (relayRefused) {
          callback(Object.assign(new Error('5.7.1 Relay access denied'), { responseCode: 554 }));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', (err: Error) => callback(err));
        stream.on('end', () => {
          if (failures !== null && failures.remaining > 0) {
            failures.remaining--;
            const err = Object.assign(new Error(failures.message), { responseCode: failures.responseCode });
            if (failures.remaining === 0) failures = null;
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((parsed) => {
              messages.push({
                raw,
                parsed,
                envelope: toEnvelope(session.envelope),
                receivedAt: new Date(),
                authUser: typeof session.user === 'string' ? session.user : null,
              });
              callback(null);
              notify();
            })
            .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
        });
      },
    });

  const start = async (): Promise<void> => {
    if (server !== null) return;
    const s = createServer();
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.server.off('error', reject);
        resolve();
      });
    });
    // Errors of single client connections (resets while stopping) are not test failures.
    s.on('error', () => {});
    server = s;
  };

  const stop = async (): Promise<void> => {
    const s = server;
    server = null;
    if (s === null) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      // Pooled clients keep idle connections open; end them now rather than after closeTimeout.
      for (const connection of s.connections) connection.close();
    });
  };

  if (opts.port === undefined) {
    // Retry with a fresh port if someone grabbed the free one first.
    for (let attempt = 1; ; attempt++) {
      try {
        await start();
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        port = await freePort();
      }
    }
  } else {
    await start();
  }

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    messages,
    waitFor(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (messages.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new IntakeError(
              'ETIMEOUT',
              `SMTP receiver got ${messages.length} of ${count} mails within ${timeoutMs} ms` +
                (messages.length ? `; subjects: ${messages.map((m) => JSON.stringify(m.parsed.subject)).join(', ')}` : ''),
              { expected: count, received: messages.length },
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    failNext(count, responseCode = 451, message = 'Temporary failure injected by the test') {
      failures = count > 0 ? { remaining: count, responseCode, message } : null;
    },
    refuseAuth(on) {
      authRefused = on;
    },
    refuseRelay(on) {
      relayRefused = on;
    },
    get authAttempts() {
      return authAttempts;
    },
    stop,
    start,
  };
}

function toEnvelope(envelope: SMTPServerEnvelope): ReceivedMail['envelope'] {
  return {
    mailFrom: envelope.mailFrom === false ? null : envelope.mailFrom.address,
    rcptTo: envelope.rcptTo.map((r) => r.address),
  };
}
