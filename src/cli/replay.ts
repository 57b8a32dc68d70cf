import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/env.ts';
import { createRedis, inboundJobOptions, openQueues, type InboundJobData, type MailOrigin } from '../queue/queues.ts';
import { inboundJobId, rawKey as rawKeyOf, shortHash } from '../store/keys.ts';
import type { Io } from './io.ts';
import { IntakeError } from '../util/errors.ts';

function expand(args: string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    const st = statSync(arg, { throwIfNoEntry: false });
    if (!st) throw new IntakeError('EUSAGE', `no such file or directory: ${arg}`);
    if (st.isDirectory()) {
      for (const name of readdirSync(arg).sort()) {
        if (name.endsWith('.eml')) files.push(path.join(arg, name));
      }
    } else files.push(arg);
  }
  return files;
}

/** Enqueues files as if they had arrived; the same file twice is enqueued once (content-addressed job id). */
export async function runReplay(args: string[], config: AppConfig, io: Io): Promise<number> {
  const files = expand(args.filter((a) => !a.startsWith('--')));
  if (files.length === 0) throw new IntakeError('EUSAGE', 'give .eml files or directories to replay');
  const redis = createRedis(config.redisUrl);
  const queues = openQueues(redis, config.queuePrefix);
  try {
    let added = 0;
    for (const file of files) {
      const raw = readFileSync(file);
      const origin: MailOrigin = { kind: 'replay', file: path.resolve(file) };
      const jobId = inboundJobId(origin, shortHash(raw));
      const rawKey = rawKeyOf(config.queuePrefix, jobId);
      await redis.set(rawKey, raw, 'PX', config.rawRetentionMs);
      const data: InboundJobData = { origin, rawKey, size: raw.length, oversize: false, receivedAt: new Date().toISOString() };
      await queues.inbound.add('mail', data, inboundJobOptions(jobId, config.jobAttempts));
      io.stdout(`queued ${file} (${jobId})`);
      added += 1;
    }
    io.stdout(`${added} file(s) queued; a running "intake worker" or "intake run" processes them.`);
    return 0;
  } finally {
    await queues.close();
    await redis.quit();
  }
}
