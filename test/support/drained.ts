import { createRedis, openQueues, type Queues } from '../../src/queue/queues.ts';
import { countMessages, type ImapTarget } from './imap-helpers.ts';

/** Jobs of the three queues still to run (waiting, running, delayed for a retry). */
export async function pendingJobs(queues: Queues): Promise<number> {
  let n = 0;
  for (const q of [queues.inbound, queues.outbound, queues.finalize]) {
    const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    n += Object.values(counts).reduce((a, b) => a + b, 0);
  }
  return n;
}

/**
 * Resolves once the service has nothing left to do: the inbox is empty and no queue holds a
 * job still to run. A mail leaves the inbox only through its finalize job, after its reply
 * was sent and recorded, and a job of a killed process stays `active` until it is taken up
 * again: so from here on nothing more is sent, and an absence check need not sleep.
 */
export async function waitForDrained(
  env: Record<string, string>,
  mailbox: ImapTarget,
  opts: { inbox?: string; timeoutMs?: number } = {},
): Promise<void> {
  const inbox = opts.inbox ?? 'INBOX';
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const redis = createRedis(env.REDIS_URL!);
  const queues = openQueues(redis, env.QUEUE_PREFIX!);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const jobs = await pendingJobs(queues);
      const left = await countMessages(mailbox, inbox);
      if (jobs === 0 && left === 0) return;
      if (Date.now() > deadline) throw new Error(`not drained after ${timeoutMs} ms: ${left} mail(s) in ${inbox}, ${jobs} job(s) to run`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await queues.close();
    await redis.quit().catch(() => undefined);
  }
}
