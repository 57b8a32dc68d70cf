import { Worker, type ConnectionOptions } from 'bullmq';
import { QUEUE, WORKER_LOCKS, bullPrefix, type InboundJobData } from '../src/queue/queues.ts';
import { processInbound, finalize, type IntakeResult } from '../src/pipeline/intake.ts';
import type { PipelineDeps } from '../src/pipeline/deps.ts';

/** The `inbound` queue: one job per mail. A mail that fails every attempt goes to FAILED_MAILBOX with the reason. */
export function startIntakeWorker(deps: PipelineDeps, connection: ConnectionOptions): Worker<InboundJobData, IntakeResult> {
  const worker = new Worker<InboundJobData, IntakeResult>(QUEUE.inbound, (job) => processInbound(job, deps), {
    connection,
    prefix: bullPrefix(deps.config.queuePrefix),
    concurrency: deps.config.workerConcurrency,
    ...WORKER_LOCKS,
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
    deps.logger.warn('mail processing failed', { jobId: job.id, attempt: job.attemptsMade, final, err });
    if (final) {
      deps.metrics({ type: 'failed', stage: 'processing' });
      finalize(deps, job.data, null, null, `processing failed: ${err.message}`).catch((e) =>
        deps.logger.error('could not queue the move to the failed mailbox (the poller will retry)', { jobId: job.id, err: e }),
      );
    }
  });
  worker.on('error', (err) => deps.logger.warn('intake worker error', { err }));
  return worker;
}
