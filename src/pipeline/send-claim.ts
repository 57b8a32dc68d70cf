import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RETENTION } from '../store/keys.ts';

/**
 * The exactly-once bookkeeping of a reply, in one Redis key per inbound Message-ID
 * (`sentKey` in src/store/keys.ts). Its value is either
 * - a claim `{"state":"sending","owner":...}` with a TTL: one sender has taken the send and
 *   is talking to SMTP. Taken with SET NX, so of any number of paths (a retry, a replay,
 *   `intake failed retry`, a second worker, a stalled job redone) exactly one sends;
 * - the record `{"state":"sent",...}` (or, written before claims existed, a record without
 *   `state`), kept as long as tickets (TICKET_RETENTION_DAYS): the reply went out.
 * The claim becomes the record right before the final "." (see sendReply); only the owner
 * can do that or give the claim up, so a sender that lost its claim sends nothing.
 *
 * The claim names the BullMQ job that took it. The same job finding its own claim means the
 * process that held it died (or stalled past its lock) mid-send: BullMQ gave the job to us
 * only after that lock expired. It takes the claim over with a new owner token at once (the
 * old sender, should it still be alive, can no longer commit), instead of waiting out the TTL.
 */
export type ClaimResult = { kind: 'claimed'; owner: string } | { kind: 'sent' } | { kind: 'busy'; job: string };

const CLAIM_TTL_MS: number = RETENTION.sendClaimMs;

/** Returns '' when the claim was taken (or taken over from the same job), else the current value. */
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v then
  local ok, d = pcall(cjson.decode, v)
  if ok and type(d) == 'table' and d.state == 'sending' and d.job == ARGV[3] then v = false end
end
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ''
end
return v`;

const COMMIT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and (v == ARGV[1] or v == ARGV[2]) then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** The owner token is the claim's identity: compare-and-set scripts match the whole value. */
function claimValue(owner: string): string {
  return JSON.stringify({ state: 'sending', owner: owner.slice(0, 24), job: owner.slice(25) });
}

function parse(value: string): { state?: string; job?: string } {
  try {
    const v = JSON.parse(value) as unknown;
    return v && typeof v === 'object' ? (v as { state?: string; job?: string }) : {};
  } catch {
    return {};
  }
}

/** `job`: the BullMQ job sending (its id), so a redo of the same job can take its dead claim over. */
export async function claimSend(redis: Redis, key: string, job: string, ttlMs = CLAIM_TTL_MS): Promise<ClaimResult> {
  const owner = `${randomBytes(12).toString('hex')}:${job}`;
  const answer = (await redis.eval(CLAIM, 1, key, claimValue(owner), String(ttlMs), job)) as string;
  if (answer === '') return { kind: 'claimed', owner };
  const v = parse(answer);
  if (v.state === 'sending') return { kind: 'busy', job: v.job ?? '' };
  return { kind: 'sent' };
}

/** Turns our claim into the permanent "sent" record; false when the claim is no longer ours. */
/** The permanent record as stored; it names the claim's owner, so only that sender can withdraw it. */
function sentValue(owner: string, record: Record<string, unknown>): string {
  return JSON.stringify({ state: 'sent', ...record, owner: owner.slice(0, 24) });
}

export async function commitSend(redis: Redis, key: string, owner: string, record: Record<string, unknown>, keepMs: number): Promise<boolean> {
  const done = await redis.eval(COMMIT, 1, key, claimValue(owner), sentValue(owner, record), String(Math.max(1, Math.floor(keepMs))));
  return done === 1;
}

/**
 * Gives the claim up after a send that did not happen, so a retry can claim it: our claim,
 * or our own record when the server refused the message at the final "." after we committed.
 */
export async function releaseSend(redis: Redis, key: string, owner: string, record: Record<string, unknown>): Promise<void> {
  await redis.eval(RELEASE, 1, key, claimValue(owner), sentValue(owner, record));
}

/** True once the reply is recorded as sent (a claim in flight is not a sent reply). */
export async function isReplySent(redis: Redis, key: string): Promise<boolean> {
  const value = await redis.get(key);
  return value !== null && parse(value).state !== 'sending';
}
