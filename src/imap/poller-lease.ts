import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { ImapConfig } from '../config/env.ts';
import { pollerLeaseKey } from '../store/keys.ts';
import type { Logger } from '../util/logger.ts';

/** What the lease starts and stops: a fresh poller each time this process becomes active. */
export interface LeasedPoller {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type PollerRole = 'active' | 'standby';

export interface PollerLeaseOptions {
  redis: Redis;
  queuePrefix: string;
  imap: ImapConfig;
  leaseMs: number;
  logger: Logger;
  createPoller(): LeasedPoller;
  onRoleChange?: (role: PollerRole) => void;
}

/** Renew (or, on standby, try to take) the lease this often: three chances before it lapses. */
const RENEW_FRACTION = 3;
/** A standby looks at least this often, so a takeover follows the lease's expiry closely. */
const MAX_STANDBY_INTERVAL_MS = 1_000;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** Takes a free lease, or our own back (still ours after a Redis blip that made us stand down). */
const ACQUIRE = `
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if v == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * Makes one process of all `intake run` / `intake poller` on a mailbox the active poller.
 * The holder of a Redis key (set when absent, with an expiry) polls and renews it every third of the lease;
 * the others stand by, trying to take it, and the first to find it gone (its holder died,
 * or stopped and released it) starts polling. A holder that cannot renew in time (Redis
 * unreachable, the key taken over) stops polling before its lease could have lapsed, so two
 * pollers never run on purpose; were they ever to overlap, nothing is fetched or answered
 * twice anyway (job ids per UID, tickets per Message-ID, the send claim).
 */
export class PollerLease {
  readonly key: string;
  private readonly token = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  private role: PollerRole = 'standby';
  private poller: LeasedPoller | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Until when our lease is surely ours (the last successful renewal's start + the lease). */
  private heldUntil = 0;
  private ticking: Promise<void> = Promise.resolve();
  private starting: Promise<void> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly opts: PollerLeaseOptions) {
    this.key = pollerLeaseKey(opts.queuePrefix, opts.imap);
    this.log = opts.logger.child({ component: 'poller-lease' });
  }

  get currentRole(): PollerRole {
    return this.role;
  }

  /** Takes part: becomes active at once if nobody holds the lease, else stands by. */
  async start(): Promise<void> {
    await this.tick();
    if (this.role === 'standby') this.log.info('another process polls this mailbox; standing by', { key: this.key });
    this.schedule();
    // As before leases: an active poller's start resolves once its IMAP session is up.
    await this.starting;
  }

  /** Stops polling (if active) and gives the lease up, so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking.catch(() => undefined);
    await this.deactivate('shutdown');
    await this.opts.redis.eval(RELEASE, 1, this.key, this.token).catch(() => undefined);
  }

  private interval(): number {
    const renew = Math.floor(this.opts.leaseMs / RENEW_FRACTION);
    return this.role === 'active' ? renew : Math.min(renew, MAX_STANDBY_INTERVAL_MS);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule());
    }, this.interval());
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    try {
      if (this.role === 'active') {
        const renewed = await this.opts.redis.eval(RENEW, 1, this.key, this.token, String(this.opts.leaseMs));
        if (renewed === 1) {
          this.heldUntil = started + this.opts.leaseMs;
          return;
        }
        this.log.warn('poller lease lost to another process; standing by', { key: this.key });
        await this.deactivate('lease lost');
        return;
      }
      const taken = await this.opts.redis.eval(ACQUIRE, 1, this.key, this.token, String(this.opts.leaseMs));
      if (taken === 1) {
        this.heldUntil = started + this.opts.leaseMs;
        await this.activate();
      }
    } catch (err) {
      // Redis unreachable: keep polling only while the lease surely still runs (a margin of one renewal).
      if (this.role === 'active' && Date.now() + this.interval() >= this.heldUntil) {
        this.log.warn('cannot renew the poller lease; stopping polling before it lapses', { err, key: this.key });
        await this.deactivate('lease not renewable');
      } else {
        this.log.debug('poller lease check failed', { err });
      }
    }
  }

  private async activate(): Promise<void> {
    this.role = 'active';
    this.log.info('this process is now the active poller', { key: this.key, leaseMs: this.opts.leaseMs });
    this.opts.onRoleChange?.('active');
    const poller = this.opts.createPoller();
    this.poller = poller;
    // Not awaited here: start() waits for the IMAP session, which may take long; renewals go on meanwhile.
    this.starting = poller.start().catch((err: unknown) => this.log.error('poller failed to start', { err }));
  }

  private async deactivate(why: string): Promise<void> {
    if (this.role !== 'active') return;
    this.role = 'standby';
    const poller = this.poller;
    this.poller = null;
    this.opts.onRoleChange?.('standby');
    if (poller) {
      await poller.stop().catch((err: unknown) => this.log.warn('poller stop failed', { err }));
      this.log.info('stopped polling', { why });
    }
  }
}
