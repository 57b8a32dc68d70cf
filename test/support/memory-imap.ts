import { EventEmitter } from 'node:events';
import type { FetchMessageObject, FetchQueryObject, SearchObject } from 'imapflow';
import type { ImapConfig } from '../../src/config/env.ts';
import type { ImapConnector, ImapSession } from '../../src/imap/connect.ts';

/** One message in a mailbox of the MemoryImap. */
export interface StoredMessage {
  uid: number;
  raw: Buffer;
  flags: string[];
  internalDate: Date;
}

/** A move the finalizer made, in order, for assertions. */
export interface RecordedMove {
  from: string;
  to: string;
  uids: number[];
  messageIds: (string | null)[];
}

interface Box {
  uidValidity: bigint;
  uidNext: number;
  messages: StoredMessage[];
}

/**
 * An IMAP server in memory for the pipeline tier (test/pipeline): the part of IMAP the poller
 * and the finalizer use (src/imap/connect.ts ImapSession), with UIDs, UIDVALIDITY, UID MOVE,
 * APPEND with flags, and an `exists` event to every session that has the mailbox selected,
 * as IDLE would. Records what the service did: moves, appends (the copies in Sent).
 * `connector` is what MailboxPoller takes as its `connect` option.
 */
export class MemoryImap {
  private readonly boxes = new Map<string, Box>();
  private readonly sessions = new Set<MemorySession>();
  readonly moves: RecordedMove[] = [];
  readonly appends: { mailbox: string; raw: Buffer; flags: string[] }[] = [];

  constructor(readonly inbox = 'INBOX') {
    this.box(inbox);
  }

  readonly connector: ImapConnector = (_cfg: ImapConfig) => new MemorySession(this);

  /** Delivers a mail to the inbox (as an MTA would); returns its UID. */
  deliver(raw: Buffer, mailbox = this.inbox): number {
    const uid = this.store(mailbox, raw, []);
    for (const s of this.sessions) if (s.selected === mailbox) s.emit('exists', { path: mailbox });
    return uid;
  }

  messages(mailbox: string): StoredMessage[] {
    return [...(this.boxes.get(mailbox)?.messages ?? [])];
  }

  count(mailbox: string): number {
    return this.boxes.get(mailbox)?.messages.length ?? 0;
  }

  /** @internal */ box(path: string): Box {
    let b = this.boxes.get(path);
    if (!b) {
      b = { uidValidity: BigInt(1_000 + this.boxes.size), uidNext: 1, messages: [] };
      this.boxes.set(path, b);
    }
    return b;
  }

  /** @internal */ has(path: string): boolean {
    return this.boxes.has(path);
  }

  /** @internal */ paths(): string[] {
    return [...this.boxes.keys()];
  }

  /** @internal */ store(path: string, raw: Buffer, flags: string[]): number {
    const b = this.box(path);
    const uid = b.uidNext++;
    b.messages.push({ uid, raw, flags, internalDate: new Date() });
    return uid;
  }

  /** @internal */ open(s: MemorySession): void {
    this.sessions.add(s);
  }

  /** @internal */ closeSession(s: MemorySession): void {
    this.sessions.delete(s);
  }
}

/** UIDs of a UID set such as "3,5:7". */
function uidSet(range: string): Set<number> {
  const out = new Set<number>();
  for (const part of range.split(',')) {
    const [a, b] = part.split(':').map(Number);
    for (let u = a!; u <= (b ?? a!); u++) out.add(u);
  }
  return out;
}

function headerValue(raw: Buffer, name: string): string | null {
  const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? m[1]!.replace(/\r?\n[ \t]/g, ' ').trim() : null;
}

class MemorySession extends EventEmitter implements ImapSession {
  usable = false;
  selected: string | null = null;
  private lockChain: Promise<void> = Promise.resolve();

  constructor(private readonly server: MemoryImap) {
    super();
  }

  get mailbox(): { uidValidity: bigint } | false {
    return this.selected ? { uidValidity: this.server.box(this.selected).uidValidity } : false;
  }

  async connect(): Promise<void> {
    this.usable = true;
    this.server.open(this);
  }

  async logout(): Promise<void> {
    this.close();
  }

  close(): void {
    if (!this.usable) return;
    this.usable = false;
    this.server.closeSession(this);
    this.emit('close');
  }

  async list(): Promise<{ path: string }[]> {
    return this.server.paths().map((path) => ({ path }));
  }

  async mailboxCreate(path: string): Promise<unknown> {
    this.server.box(path);
    return { path, created: true };
  }

  async mailboxOpen(path: string): Promise<{ uidValidity: bigint; exists: number }> {
    this.selected = path;
    const b = this.server.box(path);
    return { uidValidity: b.uidValidity, exists: b.messages.length };
  }

  /** One lock at a time per session, as imapflow queues them; selects the mailbox. */
  async getMailboxLock(path: string): Promise<{ release(): void }> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const before = this.lockChain;
    this.lockChain = before.then(() => held);
    await before;
    this.selected = path;
    return { release };
  }

  async noop(): Promise<void> {}

  private current(): Box {
    if (!this.selected) throw new Error('no mailbox selected');
    return this.server.box(this.selected);
  }

  async search(query: SearchObject, _options: { uid: true }): Promise<number[]> {
    const msgs = this.current().messages;
    if (query.all) return msgs.map((m) => m.uid);
    const wanted = (query.header as Record<string, string> | undefined)?.['message-id'];
    if (wanted !== undefined) return msgs.filter((m) => (headerValue(m.raw, 'message-id') ?? '').includes(wanted)).map((m) => m.uid);
    throw new Error(`MemoryImap: search ${JSON.stringify(query)} not supported`);
  }

  async fetchAll(range: string, query: FetchQueryObject, _options: { uid: true }): Promise<Pick<FetchMessageObject, 'uid' | 'size' | 'source' | 'internalDate'>[]> {
    const uids = uidSet(range);
    return this.current()
      .messages.filter((m) => uids.has(m.uid))
      .map((m) => {
        const out: Pick<FetchMessageObject, 'uid' | 'size' | 'source' | 'internalDate'> = { uid: m.uid };
        if (query.size) out.size = m.raw.length;
        if (query.internalDate) out.internalDate = m.internalDate;
        if (query.source === true) out.source = m.raw;
        else if (query.source && typeof query.source === 'object') {
          const start = query.source.start ?? 0;
          out.source = m.raw.subarray(start, query.source.maxLength !== undefined ? start + query.source.maxLength : undefined);
        }
        return out;
      });
  }

  async append(path: string, content: Buffer, flags: string[] = []): Promise<unknown> {
    if (!this.server.has(path)) return false;
    const uid = this.server.store(path, Buffer.from(content), flags);
    this.server.appends.push({ mailbox: path, raw: Buffer.from(content), flags });
    return { destination: path, uid };
  }

  async messageMove(range: string, destination: string, _options: { uid: true }): Promise<unknown> {
    if (!this.server.has(destination)) return false;
    const from = this.current();
    const uids = uidSet(range);
    const moving = from.messages.filter((m) => uids.has(m.uid));
    // A UID already moved is simply not found: OK with nothing moved, as Dovecot answers.
    if (moving.length === 0) return { path: this.selected, destination };
    from.messages = from.messages.filter((m) => !uids.has(m.uid));
    for (const m of moving) this.server.store(destination, m.raw, m.flags);
    this.server.moves.push({
      from: this.selected!,
      to: destination,
      uids: moving.map((m) => m.uid),
      messageIds: moving.map((m) => headerValue(m.raw, 'message-id')),
    });
    return { path: this.selected, destination };
  }
}
