import { ImapFlow } from 'imapflow';
import type { ImapConfig } from '../config/env.ts';

export interface ImapClientOptions {
  /**
   * Quiet time before imapflow starts IDLE on its own (its default is 15 s, during
   * which the server tells the session nothing about new mail).
   */
  autoIdleDelayMs?: number;
}

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
export async function ensureMailboxes(client: ImapFlow, paths: string[]): Promise<void> {
  const existing = new Set((await client.list()).map((m) => m.path));
  for (const path of paths) {
    if (!existing.has(path)) await client.mailboxCreate(path);
  }
}
