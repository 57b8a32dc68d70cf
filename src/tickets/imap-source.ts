import { ImapFlow } from 'imapflow';
import { IntakeError } from '../util/errors.ts';
import type { MailSource, SourceMessage } from './reindex.ts';

export interface ImapSourceOptions {
  host: string;
  port: number;
  user: string;
  pass: string;
  secure: boolean;
  /** Read in this order; a mailbox that does not exist is skipped. */
  mailboxes: string[];
  /** Mail larger than this is read only up to `headBytes`, as the poller did when it arrived. */
  maxBytes?: number;
  headBytes?: number;
}

const DEFAULT_HEAD_BYTES = 256 * 1024;
/** UIDs fetched per FETCH command, so memory per round trip stays bounded. */
const FETCH_BATCH = 200;

/** Reads every message of the service's mailboxes over IMAP, for `intake reindex`. */
export class ImapMailSource implements MailSource {
  constructor(private readonly opts: ImapSourceOptions) {}

  async *messages(): AsyncIterable<SourceMessage> {
    const client = new ImapFlow({
      host: this.opts.host,
      port: this.opts.port,
      secure: this.opts.secure,
      auth: { user: this.opts.user, pass: this.opts.pass },
      logger: false,
      // Development servers on loopback use self-signed certificates.
      tls: { rejectUnauthorized: false },
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
    });
    // Without a listener an 'error' event would crash the process; commands still reject.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (err) {
      throw new IntakeError('EIMAP', `Could not log in to ${this.opts.host}:${this.opts.port} for reindex`, { host: this.opts.host, port: this.opts.port }, { cause: err });
    }
    try {
      const existing = new Set((await client.list()).filter((m) => !m.flags.has('\\NonExistent')).map((m) => m.path));
      for (const mailbox of this.opts.mailboxes) {
        if (!existing.has(mailbox)) continue;
        yield* this.readMailbox(client, mailbox);
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  private async *readMailbox(client: ImapFlow, mailbox: string): AsyncIterable<SourceMessage> {
    const lock = await client.getMailboxLock(mailbox, { readOnly: true });
    try {
      if (client.mailbox && client.mailbox.exists === 0) return;
      const all = await client.fetchAll('1:*', { uid: true, size: true }, { uid: true });
      const maxBytes = this.opts.maxBytes ?? Number.POSITIVE_INFINITY;
      const uids = all.map((m) => ({ uid: m.uid, size: m.size ?? 0 }));
      for (let i = 0; i < uids.length; i += FETCH_BATCH) {
        const batch = uids.slice(i, i + FETCH_BATCH);
        const whole = batch.filter((m) => m.size <= maxBytes).map((m) => m.uid);
        const heads = batch.filter((m) => m.size > maxBytes);
        if (whole.length > 0) {
          for (const m of await client.fetchAll(whole.join(','), { uid: true, source: true, internalDate: true }, { uid: true })) {
            if (m.source) yield { raw: m.source, mailbox, internalDate: toDate(m.internalDate), size: m.source.length };
          }
        }
        for (const h of heads) {
          const [m] = await client.fetchAll(
            String(h.uid),
            { uid: true, source: { start: 0, maxLength: this.opts.headBytes ?? DEFAULT_HEAD_BYTES }, internalDate: true },
            { uid: true },
          );
          if (m?.source) yield { raw: m.source, mailbox, internalDate: toDate(m.internalDate), size: h.size };
        }
      }
    } finally {
      lock.release();
    }
  }
}

function toDate(v: Date | string | undefined): Date {
  const d = v instanceof Date ? v : new Date(v ?? 0);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}
