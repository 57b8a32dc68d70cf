import { ImapFlow } from 'imapflow';
import { IntakeError } from '../util/errors.ts';
import type { MailSource, SourceMessage } from './reindex.ts';
import { OVERSIZE_HEAD_BYTES, REINDEX_FETCH_BATCH } from '../limits.ts';

export interface ImapSourceOptions {
  host: string;
  port: number;
  user: string;
  pass: string;
  secure: boolean;
  /** Accept any certificate (IMAP_TLS_INSECURE, self-signed development servers only). */
  tlsInsecure?: boolean;
  /** Read in this order; a mailbox that does not exist is skipped. */
  mailboxes: string[];
  /**
   * Mailboxes read whole at once (our replies: small, and all needed first). Mail in the
   * others is listed by its headers and read one at a time when replayed, so a large
   * mailbox is never held in memory. Without it every mailbox is read whole.
   */
  readWhole?: string[];
  /** Mail larger than this is read only up to `headBytes`, as the poller did when it arrived. */
  maxBytes?: number;
  headBytes?: number;
}

/** Reads every message of the service's mailboxes over IMAP, for `intake reindex`. One session, closed by close(). */
export class ImapMailSource implements MailSource {
  private client: ImapFlow | null = null;

  constructor(private readonly opts: ImapSourceOptions) {}

  async *messages(): AsyncIterable<SourceMessage> {
    const client = await this.connect();
    const existing = new Set((await client.list()).filter((m) => !m.flags.has('\\NonExistent')).map((m) => m.path));
    for (const mailbox of this.opts.mailboxes) {
      if (!existing.has(mailbox)) continue;
      const whole = !this.opts.readWhole || this.opts.readWhole.includes(mailbox);
      yield* this.readMailbox(client, mailbox, whole);
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client) return this.client;
    const client = new ImapFlow({
      host: this.opts.host,
      port: this.opts.port,
      secure: this.opts.secure,
      auth: { user: this.opts.user, pass: this.opts.pass },
      logger: false,
      // Certificates are verified unless IMAP_TLS_INSECURE=true.
      tls: { rejectUnauthorized: !this.opts.tlsInsecure },
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
    });
    // Without a listener an 'error' event would crash the process; commands still reject.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (err) {
      throw new IntakeError(
        'EIMAP',
        `Could not log in to ${this.opts.host}:${this.opts.port} for reindex`,
        { host: this.opts.host, port: this.opts.port },
        { cause: err },
      );
    }
    this.client = client;
    return client;
  }

  private async *readMailbox(client: ImapFlow, mailbox: string, whole: boolean): AsyncIterable<SourceMessage> {
    const lock = await client.getMailboxLock(mailbox, { readOnly: true });
    const out: SourceMessage[] = [];
    try {
      if (client.mailbox && client.mailbox.exists === 0) return;
      const listed = await client.fetchAll('1:*', { uid: true, size: true, internalDate: true, ...(whole ? {} : { headers: true }) }, { uid: true });
      if (!whole) {
        for (const m of listed) {
          const size = m.size ?? 0;
          out.push({
            raw: m.headers ?? Buffer.alloc(0),
            mailbox,
            internalDate: toDate(m.internalDate),
            size,
            load: () => this.readOne(mailbox, m.uid, size),
          });
        }
      } else {
        for (let i = 0; i < listed.length; i += REINDEX_FETCH_BATCH) {
          const uids = listed.slice(i, i + REINDEX_FETCH_BATCH).map((m) => m.uid);
          for (const m of await client.fetchAll(uids.join(','), { uid: true, source: true, internalDate: true }, { uid: true })) {
            if (m.source) out.push({ raw: m.source, mailbox, internalDate: toDate(m.internalDate), size: m.source.length });
          }
        }
      }
    } finally {
      lock.release();
    }
    // Yielded after the lock is released: the consumer may call load(), which takes the lock itself.
    yield* out;
  }

  private async readOne(mailbox: string, uid: number, size: number): Promise<Buffer> {
    const client = await this.connect();
    const lock = await client.getMailboxLock(mailbox, { readOnly: true });
    try {
      const head = size > (this.opts.maxBytes ?? Number.POSITIVE_INFINITY);
      const source = head ? { start: 0, maxLength: this.opts.headBytes ?? OVERSIZE_HEAD_BYTES } : true;
      const m = await client.fetchOne(String(uid), { uid: true, source }, { uid: true });
      if (!m || !m.source) throw new IntakeError('EIMAP', `Message UID ${uid} vanished from ${mailbox} during reindex`, { mailbox, uid });
      return m.source;
    } finally {
      lock.release();
    }
  }
}

function toDate(v: Date | string | undefined): Date {
  const d = v instanceof Date ? v : new Date(v ?? 0);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}
