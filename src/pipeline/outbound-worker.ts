import { DelayedError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { WORKER_LOCKS, cappedBackoff, type OutboundJobData } from '../queue/queues.ts';
import { QUEUE, bullPrefix } from '../store/keys.ts';
import { sendReply } from './outbound.ts';
import { finalize } from './intake.ts';
import type { PipelineDeps } from './deps.ts';
import type { ReplySender } from '../smtp/reply-sender.ts';
import { SendGate } from '../smtp/send-gate.ts';
import { IntakeError } from '../util/errors.ts';

/** Wait before a job whose send another sender holds is looked at again. */
const BUSY_RETRY_MS = 5_000;

export interface OutboundWorker {
  worker: Worker<OutboundJobData>;
  gate: SendGate;
}

/**
 * The `outbound` queue: sends replies (through `sender`, in the service the sender thread),
 * retrying with capped backoff while SMTP is down.
 * SMTP refusing the service itself (ESMTPREFUSED) pauses the worker through the SendGate;
 * the job goes back to the delayed set without spending an attempt, so it never fails for it.
 */
export function startOutboundWorker(
  deps: PipelineDeps,
  sender: ReplySender,
  connection: ConnectionOptions,
  onSendingPaused: (reason: string | null) => void = () => undefined,
): OutboundWorker {
  let worker: Worker<OutboundJobData> | null = null;
  const gate = new SendGate({
    pause: async () => worker?.pause(true),
    resume: async () => worker?.resume(),
    verify: () => sender.verify(),
    onChange: (reason) => {
      deps.metrics({ type: 'send_paused', paused: reason !== null });
      onSendingPaused(reason);
    },
    logger: deps.logger.child({ component: 'sender' }),
  });
  const process = async (job: Job<OutboundJobData>, token?: string): Promise<void> => {
    try {
      await sendReply(job, deps, sender);
      gate.succeeded();
    } catch (err) {
      const code = err instanceof IntakeError ? err.code : null;
      if (code === 'ESMTPREFUSED' || code === 'ESENDBUSY') {
        if (code === 'ESMTPREFUSED') {
          const auth = (err as IntakeError).context.stage?.toString().startsWith('AUTH') || /authentication/i.test((err as Error).message);
          await gate.close((err as Error).message, auth || (err as IntakeError).context.stage === 'CONN');
        }
        await job.moveToDelayed(Date.now() + (code === 'ESMTPREFUSED' ? gate.retryDelayMs : BUSY_RETRY_MS), token);
        throw new DelayedError();
      }
      throw err;
    }
  };
  worker = new Worker<OutboundJobData>(QUEUE.outbound, process, {
    connection,
    prefix: bullPrefix(deps.config.queuePrefix),
    concurrency: 4,
    ...WORKER_LOCKS,
    settings: { backoffStrategy: cappedBackoff },
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
    const ids = { jobId: job.data.inboundJobId ?? null, replyJobId: job.id, messageId: job.data.inboundMessageId };
    deps.logger.warn('reply send failed', { ...ids, attempt: job.attemptsMade, final, err });
    if (final) {
      deps.metrics({ type: 'failed', stage: 'sending' });
      finalize(deps, job.data, job.data.inboundMessageId, null, `reply could not be sent: ${err.message}`).catch((e) =>
        deps.logger.error('could not queue the move to the failed mailbox (the poller will retry)', { ...ids, err: e }),
      );
    }
  });
  worker.on('error', (err) => deps.logger.warn('outbound worker error', { err }));
  return { worker, gate };
}
