import { Worker, type ConnectionOptions } from 'bullmq';
import { QUEUE, bullPrefix, cappedBackoff, type OutboundJobData } from '../src/queue/queues.ts';
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
    settings: { backoffStrategy: cappedBackoff },
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
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
