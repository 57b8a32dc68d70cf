import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The exactly-once bookkeeping of a reply, in one Redis key per inbound Message-ID
 * (`sentKey`). Its value is either
 * - a claim `{"state":"sending","owner":...}` with a TTL: one sender has taken the send and
 *   is talking to SMTP. Taken with SET NX, so of any number of paths (a retry, a replay,
 *   `intake failed retry`, a second worker, a stalled job redone) exactly one sends;
 * - the record `{"state":"sent",...}` (or, written before claims existed, a record without
 *   `state`), kept for good: the reply went out.
 * The claim becomes the record right before the final "." (see sendReply); only the owner
 * can do that or give the claim up, so a sender that lost its claim sends nothing.
 */
export type ClaimResult = { kind: 'claimed'; owner: string } | { kind: 'sent' } | { kind: 'busy'; owner: string };

/** Longer than a send can take (connection, greeting and socket timeouts are 10 + 10 + 30 s). */
export const CLAIM_TTL_MS = 120_000;

const COMMIT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

function claimValue(owner: string): string {
  return JSON.stringify({ state: 'sending', owner });
}

function parse(value: string): { state?: string; owner?: string } {
  try {
    const v = JSON.parse(value) as unknown;
    return v && typeof v === 'object' ? (v as { state?: string; owner?: string }) : {};
  } catch {
    return {};
  }
}

export async function claimSend(redis: Redis, key: string, ttlMs = CLAIM_TTL_MS): Promise<ClaimResult> {
  const owner = randomBytes(12).toString('hex');
  const ok = await redis.set(key, claimValue(owner), 'PX', ttlMs, 'NX');
  if (ok === 'OK') return { kind: 'claimed', owner };
  const current = await redis.get(key);
  if (current === null) return claimSend(redis, key, ttlMs); // expired in between: try again
  const v = parse(current);
  if (v.state === 'sending') return { kind: 'busy', owner: v.owner ?? '' };
  return { kind: 'sent' };
}

/** Turns our claim into the permanent "sent" record; false when the claim is no longer ours. */
export async function commitSend(redis: Redis, key: string, owner: string, record: Record<string, unknown>): Promise<boolean> {
  const done = await redis.eval(COMMIT, 1, key, claimValue(owner), JSON.stringify({ state: 'sent', ...record }));
  return done === 1;
}

/** Gives the claim up after a send that did not happen, so a retry can claim it. */
export async function releaseSend(redis: Redis, key: string, owner: string): Promise<void> {
  await redis.eval(RELEASE, 1, key, claimValue(owner));
}

/** True once the reply is recorded as sent (a claim in flight is not a sent reply). */
export async function isReplySent(redis: Redis, key: string): Promise<boolean> {
  const value = await redis.get(key);
  return value !== null && parse(value).state !== 'sending';
}
