import type { Redis } from 'ioredis';
import type { MailOrigin } from './queues.ts';
import { failuresKey } from '../store/keys.ts';

/** A mail that ended in FAILED_MAILBOX, and why: what `intake failed list` shows operators. */
export interface FailureRecord {
  messageId: string | null;
  reason: string;
  origin: MailOrigin;
  at: string;
}

function failureField(r: { messageId: string | null; origin: MailOrigin }): string {
  return r.messageId ?? (r.origin.kind === 'imap' ? `uid-${r.origin.uidValidity}-${r.origin.uid}` : `file-${r.origin.file}`);
}

/**
 * `retentionMs` (TICKET_RETENTION_DAYS): the list expires that long after its last record, like the
 * tickets the failures belong to; the mails themselves stay in FAILED_MAILBOX.
 */
export async function recordFailure(redis: Redis, prefix: string, r: Omit<FailureRecord, 'at'>, retentionMs?: number): Promise<void> {
  const rec: FailureRecord = { ...r, at: new Date().toISOString() };
  const key = failuresKey(prefix);
  if (!retentionMs) {
    await redis.hset(key, failureField(r), JSON.stringify(rec));
    return;
  }
  await redis.multi().hset(key, failureField(r), JSON.stringify(rec)).pexpire(key, Math.floor(retentionMs)).exec();
}

export async function listFailures(redis: Redis, prefix: string): Promise<FailureRecord[]> {
  const all = await redis.hgetall(failuresKey(prefix));
  return Object.values(all)
    .map((v) => JSON.parse(v) as FailureRecord)
    .sort((a, b) => a.at.localeCompare(b.at));
}

export async function clearFailures(redis: Redis, prefix: string, messageIds: (string | null)[] | 'all'): Promise<void> {
  if (messageIds === 'all') {
    await redis.del(failuresKey(prefix));
    return;
  }
  const fields = messageIds.filter((m): m is string => Boolean(m));
  if (fields.length > 0) await redis.hdel(failuresKey(prefix), ...fields);
}
