import { Worker, type ConnectionOptions } from 'bullmq';
import { WORKER_LOCKS, type InboundJobData } from '../queue/queues.ts';
import { QUEUE, bullPrefix } from '../store/keys.ts';
import { processInbound, finalize, type IntakeResult } from './intake.ts';
import type { PipelineDeps } from './deps.ts';
import { headerMessageId } from '../mail/header-id.ts';
import { ByteBudget } from '../util/byte-budget.ts';
import { HEADER_SCAN_BYTES, IN_FLIGHT_MAIL_BYTES, IN_FLIGHT_SMALL_MAIL_BYTES } from '../limits.ts';

/** The head of the raw mail is enough for its Message-ID; bounded, since the mail is hostile. */
async function messageIdOf(deps: PipelineDeps, rawKey: string): Promise<string | null> {
  const head = await deps.redis.getrangeBuffer(rawKey, 0, HEADER_SCAN_BYTES - 1).catch(() => null);
  return head && head.length > 0 ? headerMessageId(head) : null;
}

/** The `inbound` queue: one job per mail. A mail that fails every attempt goes to FAILED_MAILBOX with the reason. */
export function startIntakeWorker(deps: PipelineDeps, connection: ConnectionOptions): Worker<InboundJobData, IntakeResult> {
  const budget = new ByteBudget(IN_FLIGHT_MAIL_BYTES, IN_FLIGHT_SMALL_MAIL_BYTES);
  const worker = new Worker<InboundJobData, IntakeResult>(QUEUE.inbound, (job) => budget.run(job.data.size, () => processInbound(job, deps)), {
    connection,
    prefix: bullPrefix(deps.config.queuePrefix),
    concurrency: deps.config.workerConcurrency,
    ...WORKER_LOCKS,
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    void (async () => {
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
      // The mail may not have parsed: its Message-ID comes from the raw header, so the line can be followed.
      const messageId = await messageIdOf(deps, job.data.rawKey);
      deps.logger.warn('mail processing failed', { jobId: job.id, messageId, attempt: job.attemptsMade, final, err });
      if (final) {
        deps.metrics({ type: 'failed', stage: 'processing' });
        await finalize(deps, job.data, messageId, null, `processing failed: ${err.message}`).catch((e) =>
          deps.logger.error('could not queue the move to the failed mailbox (the poller will retry)', { jobId: job.id, messageId, err: e }),
        );
      }
    })();
  });
  worker.on('error', (err) => deps.logger.warn('intake worker error', { err }));
  return worker;
}
