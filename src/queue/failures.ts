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

export async function recordFailure(redis: Redis, prefix: string, r: Omit<FailureRecord, 'at'>): Promise<void> {
  const rec: FailureRecord = { ...r, at: new Date().toISOString() };
  await redis.hset(failuresKey(prefix), failureField(r), JSON.stringify(rec));
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
