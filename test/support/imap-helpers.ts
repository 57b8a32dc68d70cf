import { ImapFlow } from 'imapflow';

/** Where to log in; a DovecotInstance is one. */
export interface ImapTarget {
  host: string;
  port: number;
  user: string;
  pass: string;
}

export interface ListedMessage {
  uid: number;
  raw: Buffer;
  /** The header block as sent, for quick `includes()` checks. */
  headers: string;
  flags: Set<string>;
}

/** A connected client with logging off and auto-IDLE off, so helpers never race an IDLE. */
export async function connectImap(target: ImapTarget, options: { autoIdle?: boolean } = {}): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: false,
    auth: { user: target.user, pass: target.pass },
    logger: false,
    disableAutoIdle: !(options.autoIdle ?? false),
    // Tests talk to loopback servers; a hung one should fail a test quickly, not after minutes.
    connectionTimeout: 10_000,
  });
  // An 'error' event without a listener would crash the test process; connect() and commands still reject.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Opens one connection for `fn` and always logs out. */
export async function withImap<T>(target: ImapTarget, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connectImap(target);
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Creates the mailbox (and its parents) unless it exists. */
export async function ensureMailbox(target: ImapTarget, mailbox: string): Promise<void> {
  await withImap(target, (client) => ensureOn(client, mailbox));
}

async function ensureOn(client: ImapFlow, mailbox: string): Promise<void> {
  if (mailbox.toUpperCase() === 'INBOX') return;
  const existing = await client.list();
  if (existing.some((m) => m.path === mailbox && !m.flags.has('\\NonExistent'))) return;
  await client.mailboxCreate(mailbox);
}

/** Appends one message and returns its UID in that mailbox (UIDPLUS). */
export async function appendMail(
  target: ImapTarget,
  mailbox: string,
  raw: Buffer | string,
  flags: string[] = [],
): Promise<number | null> {
  return withImap(target, async (client) => {
    await ensureOn(client, mailbox);
    const res = await client.append(mailbox, raw, flags);
    return res ? (res.uid ?? null) : null;
  });
}

/** Appends many messages over one connection, in order; returns their UIDs. */
export async function appendMany(
  target: ImapTarget,
  mailbox: string,
  raws: Iterable<Buffer | string>,
  flags: string[] = [],
): Promise<(number | null)[]> {
  return withImap(target, async (client) => {
    await ensureOn(client, mailbox);
    const uids: (number | null)[] = [];
    for (const raw of raws) {
      const res = await client.append(mailbox, raw, flags);
      uids.push(res ? (res.uid ?? null) : null);
    }
    return uids;
  });
}

/** Number of messages in the mailbox; 0 when it does not exist (yet). */
export async function countMessages(target: ImapTarget, mailbox: string): Promise<number> {
  return withImap(target, async (client) => {
    try {
      const status = await client.status(mailbox, { messages: true });
      return status ? (status.messages ?? 0) : 0;
    } catch (err) {
      if (isNonexistent(err)) return 0;
      throw err;
    }
  });
}

/** Every message of the mailbox with its raw source, in UID order; [] when it does not exist. */
export async function listMessages(target: ImapTarget, mailbox: string): Promise<ListedMessage[]> {
  return withImap(target, async (client) => {
    let lock;
    try {
      lock = await client.getMailboxLock(mailbox, { readOnly: true });
    } catch (err) {
      if (isNonexistent(err)) return [];
      throw err;
    }
    try {
      const exists = client.mailbox ? client.mailbox.exists : 0;
      if (exists === 0) return [];
      const messages = await client.fetchAll('1:*', { uid: true, source: true, headers: true, flags: true });
      return messages
        .map((m) => ({
          uid: m.uid,
          raw: m.source ?? Buffer.alloc(0),
          headers: m.headers?.toString('utf8') ?? '',
          flags: m.flags ?? new Set<string>(),
        }))
        .sort((a, b) => a.uid - b.uid);
    } finally {
      lock.release();
    }
  });
}

/**
 * Polls until the mailbox holds at least `count` messages. For tests that
 * watch the service move mail; polling is fine here, the service is what must IDLE.
 */
export async function waitForCount(
  target: ImapTarget,
  mailbox: string,
  count: number,
  timeoutMs = 15_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = await countMessages(target, mailbox);
    if (last >= count) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`mailbox ${mailbox} has ${last} of ${count} messages after ${timeoutMs} ms`);
}

function isNonexistent(err: unknown): boolean {
  const e = err as { serverResponseCode?: string; responseText?: string; message?: string } | null;
  const text = `${e?.serverResponseCode ?? ''} ${e?.responseText ?? ''} ${e?.message ?? ''}`;
  return /NONEXISTENT|doesn't exist|does not exist|not exist/i.test(text);
}
