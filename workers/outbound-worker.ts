import { Worker as ThreadWorker } from 'node:worker_threads';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { AppConfig } from '../src/config/env.ts';
import type { Logger } from '../src/util/logger.ts';
import { QUEUE, WORKER_LOCKS, bullPrefix, cappedBackoff, type OutboundJobData } from '../src/queue/queues.ts';
import { sendReply } from '../src/pipeline/outbound.ts';
import { finalize } from '../src/pipeline/intake.ts';
import type { PipelineDeps } from '../src/pipeline/deps.ts';
import type { Mailer } from '../src/smtp/mailer.ts';

/** The `outbound` queue: sends replies, retrying with capped backoff while SMTP is down. */
export function startOutboundWorker(deps: PipelineDeps, mailer: Mailer, connection: ConnectionOptions): Worker<OutboundJobData> {
  const worker = new Worker<OutboundJobData>(QUEUE.outbound, (job) => sendReply(job, deps, mailer), {
    connection,
    prefix: bullPrefix(deps.config.queuePrefix),
    concurrency: 4,
    ...WORKER_LOCKS,
    settings: { backoffStrategy: cappedBackoff },
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
    deps.logger.warn('reply send failed', { jobId: job.id, attempt: job.attemptsMade, final, err });
    if (final) {
      finalize(deps, job.data, job.data.inboundMessageId, null, `reply could not be sent: ${err.message}`).catch((e) =>
        deps.logger.error('could not queue the move to the failed mailbox (the poller will retry)', { jobId: job.id, err: e }),
      );
    }
  });
  worker.on('error', (err) => deps.logger.warn('outbound worker error', { err }));
  return worker;
}

/** Runs the outbound worker in its own thread (see outbound-thread.ts); resolves once it is consuming. */
export async function startOutboundThread(config: AppConfig, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const thread = new ThreadWorker(new URL('./thread-boot.js', import.meta.url), {
    workerData: { entry: new URL('./outbound-thread.ts', import.meta.url).href, config },
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => thread.once('exit', () => ((exited = true), resolve())));
  thread.on('error', (err) => logger.error('outbound thread failed', { err }));
  await new Promise<void>((resolve, reject) => {
    thread.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(`outbound thread said ${String(m)}`))));
    thread.once('error', reject);
  });
  return {
    async stop() {
      if (exited) return;
      thread.postMessage('stop');
      await Promise.race([new Promise((r) => thread.once('message', r)), exit]);
      await thread.terminate();
    },
  };
}
