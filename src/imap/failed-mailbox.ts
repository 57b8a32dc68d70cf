import type { Redis } from 'ioredis';
import type { ImapConfig } from '../config/env.ts';
import { clearFailures, listFailures, type FailureRecord } from '../queue/failures.ts';
import { createImapClient } from './connect.ts';

/**
 * FAILED_MAILBOX and the reasons recorded for it: what `intake failed` and the console's
 * failed-mail page show, and the retry both offer. Retrying moves the mail back to
 * IMAP_MAILBOX, where the poller picks it up again (processing is idempotent by
 * Message-ID, so a mail whose ticket exists only gets its missing reply).
 */
export interface FailedMailOptions {
  imap: ImapConfig;
  redis: Redis;
  queuePrefix: string;
  mailboxes: { inbox: string; failed: string };
}

export interface FailedMailList {
  mailbox: string;
  /** Messages in FAILED_MAILBOX now. */
  messages: number;
  failures: FailureRecord[];
}

export class FailedMail {
  constructor(private readonly options: FailedMailOptions) {}

  get mailboxes(): { inbox: string; failed: string } {
    return this.options.mailboxes;
  }

  async list(): Promise<FailedMailList> {
    const [failures, messages] = await Promise.all([
      listFailures(this.options.redis, this.options.queuePrefix),
      this.countFailedMailbox(),
    ]);
    return { mailbox: this.options.mailboxes.failed, messages, failures };
  }

  /** Moves the given mails (by Message-ID) or all of them back to the inbox; returns how many moved. */
  async retry(ids: string[] | 'all'): Promise<number> {
    const moved = await this.moveBack(ids);
    await clearFailures(this.options.redis, this.options.queuePrefix, ids);
    return moved;
  }

  private async countFailedMailbox(): Promise<number> {
    const client = createImapClient(this.options.imap);
    await client.connect();
    try {
      const st = await client.status(this.options.mailboxes.failed, { messages: true }).catch(() => false as const);
      return st ? st.messages ?? 0 : 0;
    } finally {
      await client.logout();
    }
  }

  private async moveBack(ids: string[] | 'all'): Promise<number> {
    const client = createImapClient(this.options.imap);
    await client.connect();
    try {
      const lock = await client.getMailboxLock(this.options.mailboxes.failed);
      try {
        let uids: number[] = [];
        if (ids === 'all') uids = ((await client.search({ all: true }, { uid: true })) || []) as number[];
        else {
          for (const id of ids) {
            const found = (await client.search({ header: { 'message-id': id } }, { uid: true })) || [];
            uids.push(...(found as number[]));
          }
        }
        if (uids.length === 0) return 0;
        await client.messageMove(uids.join(','), this.options.mailboxes.inbox, { uid: true });
        return uids.length;
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }
}
