import type { Redis } from 'ioredis';
import { IntakeError } from '../util/errors.ts';
import { RETENTION, budgetKeys } from '../store/keys.ts';

export interface ReplyBudgetOptions {
  /** QUEUE_PREFIX; keys live under `{prefix}:budget:` (one hash tag, so the script runs on Redis Cluster too). */
  prefix: string;
  /** Automatic replies one sender address may get in any 24 hours. */
  maxPerSender: number;
  /** Automatic replies one ticket may get in its lifetime. */
  maxPerTicket: number;
  /** Automatic replies of the whole service in any 60 minutes (AUTOREPLY_MAX_PER_HOUR); unlimited when absent. */
  maxPerHour?: number;
  clock?: () => Date;
}

export type TakeResult = { ok: true } | { ok: false; reason: 'sender_limit' | 'ticket_limit' | 'hourly_limit' };

const SENDER_WINDOW_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const TICKET_TTL_MS = RETENTION.budgetTicketMs;

/**
 * Check-and-take in one step, so two workers cannot both take the last slot.
 * KEYS[1] sender zset (replyKey -> time), KEYS[2] ticket set (replyKey), KEYS[3] service zset (replyKey -> time).
 * A replyKey already taken answers ok again and takes nothing: a retried job
 * must not use up a second slot.
 */
const TAKE_SCRIPT = `
local senderKey, ticketKey = KEYS[1], KEYS[2]
local hourKey = KEYS[3]
local now, windowMs, maxSender, maxTicket, ticketTtl, replyKey, maxHour, hourMs =
  tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
if redis.call('ZSCORE', senderKey, replyKey) or redis.call('SISMEMBER', ticketKey, replyKey) == 1 then
  return 'ok'
end
redis.call('ZREMRANGEBYSCORE', hourKey, '-inf', now - hourMs)
if maxHour >= 0 and redis.call('ZCARD', hourKey) >= maxHour then
  return 'hourly_limit'
end
redis.call('ZREMRANGEBYSCORE', senderKey, '-inf', now - windowMs)
if redis.call('ZCARD', senderKey) >= maxSender then
  return 'sender_limit'
end
if redis.call('SCARD', ticketKey) >= maxTicket then
  return 'ticket_limit'
end
redis.call('ZADD', senderKey, now, replyKey)
redis.call('PEXPIRE', senderKey, windowMs)
redis.call('SADD', ticketKey, replyKey)
redis.call('PEXPIRE', ticketKey, ticketTtl)
redis.call('ZADD', hourKey, now, replyKey)
redis.call('PEXPIRE', hourKey, hourMs)
return 'ok'
`;

/**
 * Caps automatic replies per sender (sliding 24 h) and per ticket, so a
 * loop that slips past the header rules (an autoresponder that marks
 * nothing) costs at most a few mails, like FreeScout's and Zammad's limits.
 */
export class ReplyBudget {
  private readonly redis: Redis;
  private readonly opts: Required<ReplyBudgetOptions>;

  constructor(redis: Redis, opts: ReplyBudgetOptions) {
    for (const key of ['maxPerSender', 'maxPerTicket', 'maxPerHour'] as const) {
      if (key === 'maxPerHour' && opts.maxPerHour === undefined) continue;
      if (!Number.isInteger(opts[key]) || opts[key]! < 0) {
        throw new IntakeError('EBADCONFIG', `ReplyBudget ${key} must be a whole number >= 0`, { [key]: opts[key] });
      }
    }
    this.redis = redis;
    this.opts = { clock: () => new Date(), maxPerHour: -1, ...opts };
  }

  /** Atomically takes one reply slot for (sender, ticket) or says why not. Idempotent per replyKey. */
  async take(p: { sender: string; ticket: number; replyKey: string }): Promise<TakeResult> {
    const sender = p.sender.trim().toLowerCase();
    if (!sender || !p.replyKey) {
      throw new IntakeError('EBUDGETARGS', 'ReplyBudget.take needs a sender and a replyKey', { ...p });
    }
    const keys = budgetKeys(this.opts.prefix, sender, p.ticket);
    let answer: unknown;
    try {
      answer = await this.redis.eval(
        TAKE_SCRIPT,
        3,
        keys.sender,
        keys.ticket,
        keys.hour,
        this.opts.clock().getTime(),
        SENDER_WINDOW_MS,
        this.opts.maxPerSender,
        this.opts.maxPerTicket,
        TICKET_TTL_MS,
        p.replyKey,
        this.opts.maxPerHour,
        HOUR_MS,
      );
    } catch (err) {
      throw new IntakeError('EBUDGETREDIS', `reply budget check failed: ${(err as Error).message}`, { ...keys }, { cause: err });
    }
    if (answer === 'ok') return { ok: true };
    if (answer === 'sender_limit' || answer === 'ticket_limit' || answer === 'hourly_limit') return { ok: false, reason: answer };
    throw new IntakeError('EBUDGETREDIS', `unexpected reply-budget answer ${String(answer)}`, { ...keys });
  }
}
