import { oneField, terminalSafe } from '../util/terminal.ts';
import type { AppConfig } from '../config/env.ts';
import { createRedis } from '../queue/queues.ts';
import { FailedMail } from '../imap/failed-mailbox.ts';
import { IntakeError } from '../util/errors.ts';
import type { Io } from './io.ts';

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
  const failed = new FailedMail({ imap: config.imap!, redis, queuePrefix: config.queuePrefix, mailboxes: config.mailboxes });
  try {
    if (sub === 'list') {
      const listed = await failed.list();
      if (json) io.stdout(JSON.stringify(listed));
      else {
        io.stdout(`${listed.mailbox}: ${listed.messages} message(s)`);
        for (const r of listed.failures) io.stdout(`${r.at}  ${oneField(r.messageId ?? '(no Message-ID)')}  ${oneField(r.reason, 500)}`);
      }
      return 0;
    }
    if (sub === 'retry') {
      const ids = rest.filter((a) => !a.startsWith('--'));
      const all = rest.includes('--all');
      if (!all && ids.length === 0) throw new IntakeError('EUSAGE', 'give --all or the Message-IDs to retry');
      const moved = await failed.retry(all ? 'all' : ids);
      io.stdout(`${moved} message(s) moved back to ${config.mailboxes.inbox}`);
      return 0;
    }
    throw new IntakeError('EUSAGE', 'usage: intake failed list [--json] | intake failed retry (--all | MESSAGE-ID...)');
  } finally {
    redis.disconnect();
  }
}
