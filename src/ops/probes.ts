import type { Redis } from 'ioredis';
import type { Probe } from './readiness.ts';

/** Redis is ready when its connection is up and it answers PING. */
export function redisProbe(redis: Redis): Probe {
  return async () => {
    if (redis.status !== 'ready') return `connection ${redis.status}`;
    const answer = await redis.ping();
    return answer === 'PONG' ? null : `PING answered ${answer}`;
  };
}

/**
 * SMTP is ready when the sender is not paused by a refusal and the server accepts a session
 * (connect, EHLO, AUTH) now. The session check is cached briefly: probes every second
 * must not open a connection each.
 */
export function smtpProbe(opts: { pausedReason: () => string | null; verify: () => Promise<void>; cacheMs?: number }): Probe {
  const cacheMs = opts.cacheMs ?? 3_000;
  let last: { at: number; reason: string | null } | null = null;
  let running: Promise<string | null> | null = null;
  return async () => {
    const paused = opts.pausedReason();
    if (paused) return `sending paused: ${paused}`;
    if (last && Date.now() - last.at < cacheMs) return last.reason;
    running ??= opts.verify().then(
      () => null,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    ).then((reason) => {
      last = { at: Date.now(), reason };
      running = null;
      return reason;
    });
    return running;
  };
}
