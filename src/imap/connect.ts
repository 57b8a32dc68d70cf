import { ImapFlow, type FetchMessageObject, type FetchQueryObject, type SearchObject } from 'imapflow';
import type { ImapConfig } from '../config/env.ts';

export interface ImapClientOptions {
  /**
   * Quiet time before imapflow starts IDLE on its own (its default is 15 s, during
   * which the server tells the session nothing about new mail).
   */
  autoIdleDelayMs?: number;
}

/**
 * The part of an IMAP session (imapflow's ImapFlow) the poller and the finalizer use. Named so
 * the pipeline can run against an in-memory mailbox in tests (test/support/memory-imap.ts).
 */
export interface ImapSession {
  readonly usable: boolean;
  /** The selected mailbox, or false. */
  readonly mailbox: { uidValidity: bigint } | false;
  on(event: 'error' | 'close' | 'exists', listener: (...args: any[]) => void): unknown;
  connect(): Promise<void>;
  logout(): Promise<void>;
  close(): void;
  list(): Promise<{ path: string }[]>;
  mailboxCreate(path: string): Promise<unknown>;
  mailboxOpen(path: string): Promise<{ uidValidity: bigint; exists: number }>;
  getMailboxLock(path: string): Promise<{ release(): void }>;
  noop(): Promise<void>;
  search(query: SearchObject, options: { uid: true }): Promise<number[] | false | undefined>;
  fetchAll(range: string, query: FetchQueryObject, options: { uid: true }): Promise<Pick<FetchMessageObject, 'uid' | 'size' | 'source' | 'internalDate'>[]>;
  append(path: string, content: Buffer, flags?: string[]): Promise<unknown>;
  messageMove(range: string, destination: string, options: { uid: true }): Promise<unknown>;
}

/** Opens a session (not yet connected); createImapClient in the service. */
export type ImapConnector = (cfg: ImapConfig, opts?: ImapClientOptions) => ImapSession;

export function createImapClient(cfg: ImapConfig, opts: ImapClientOptions = {}): ImapFlow {
  return new ImapFlow({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: { user: cfg.user, pass: cfg.pass },
    logger: false,
    // Certificates are verified; IMAP_TLS_INSECURE=true is for self-signed development servers only.
    tls: { rejectUnauthorized: !cfg.tlsInsecure },
    // Servers without IDLE are polled by the poller's own timer; NOOP keeps the session alive meanwhile.
    missingIdleCommand: 'NOOP',
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 5 * 60_000,
    ...(opts.autoIdleDelayMs !== undefined ? { autoIdleDelay: opts.autoIdleDelayMs } : {}),
  });
}

/** Creates each mailbox the service writes to; an existing one is fine. */
export async function ensureMailboxes(client: ImapSession, paths: string[]): Promise<void> {
  const existing = new Set((await client.list()).map((m) => m.path));
  for (const path of paths) {
    if (!existing.has(path)) await client.mailboxCreate(path);
  }
}
