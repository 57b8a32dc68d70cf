import { oneField, terminalSafe } from '../util/terminal.ts';
import type { AppConfig } from '../config/env.ts';
import { createRedis } from '../queue/queues.ts';
import { clearFailures, listFailures } from '../queue/failures.ts';
import { createImapClient } from '../imap/connect.ts';
import { IntakeError } from '../util/errors.ts';
import type { Io } from './main.ts';

/**
 * `failed list` shows what is in FAILED_MAILBOX and why; `failed retry` moves mail
 * back to IMAP_MAILBOX, where the poller picks it up again (processing is idempotent
 * by Message-ID, so a mail whose ticket exists only gets its missing reply).
 */
export async function runFailed(args: string[], config: AppConfig, rawIo: Io): Promise<number> {
  // Message-IDs and reasons come from mail: no escape sequence reaches the terminal.
  const io = terminalSafe(rawIo);
  const [sub, ...rest] = args;
  const json = rest.includes('--json');
  const redis = createRedis(config.redisUrl);
  try {
    if (sub === 'list') {
      const records = await listFailures(redis, config.queuePrefix);
      const inMailbox = await countFailedMailbox(config);
      if (json) io.stdout(JSON.stringify({ mailbox: config.mailboxes.failed, messages: inMailbox, failures: records }));
      else {
        io.stdout(`${config.mailboxes.failed}: ${inMailbox} message(s)`);
        for (const r of records) io.stdout(`${r.at}  ${oneField(r.messageId ?? '(no Message-ID)')}  ${oneField(r.reason, 500)}`);
      }
      return 0;
    }
    if (sub === 'retry') {
      const ids = rest.filter((a) => !a.startsWith('--'));
      const all = rest.includes('--all');
      if (!all && ids.length === 0) throw new IntakeError('EUSAGE', 'give --all or the Message-IDs to retry');
      const moved = await moveBack(config, all ? 'all' : ids);
      await clearFailures(redis, config.queuePrefix, all ? 'all' : ids);
      io.stdout(`${moved} message(s) moved back to ${config.mailboxes.inbox}`);
      return 0;
    }
    throw new IntakeError('EUSAGE', 'usage: intake failed list [--json] | intake failed retry (--all | MESSAGE-ID...)');
  } finally {
    redis.disconnect();
  }
}

async function countFailedMailbox(config: AppConfig): Promise<number> {
  const client = createImapClient(config.imap!);
  await client.connect();
  try {
    const st = await client.status(config.mailboxes.failed, { messages: true }).catch(() => false as const);
    return st ? st.messages ?? 0 : 0;
  } finally {
    await client.logout();
  }
}

async function moveBack(config: AppConfig, ids: string[] | 'all'): Promise<number> {
  const client = createImapClient(config.imap!);
  await client.connect();
  try {
    const lock = await client.getMailboxLock(config.mailboxes.failed);
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
      await client.messageMove(uids.join(','), config.mailboxes.inbox, { uid: true });
      return uids.length;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
