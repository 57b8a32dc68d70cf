import { Worker as ThreadWorker } from 'node:worker_threads';
import { DelayedError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { AppConfig } from '../config/env.ts';
import type { Logger } from '../util/logger.ts';
import { WORKER_LOCKS, cappedBackoff, type OutboundJobData } from '../queue/queues.ts';
import { QUEUE, bullPrefix } from '../store/keys.ts';
import { sendReply } from './outbound.ts';
import { finalize } from './intake.ts';
import type { PipelineDeps } from './deps.ts';
import type { Mailer } from '../smtp/mailer.ts';
import { SendGate } from '../smtp/send-gate.ts';
import type { MetricEvent } from '../ops/metrics.ts';
import { IntakeError } from '../util/errors.ts';
import { threadScript } from '../util/thread-script.ts';

/** Wait before a job whose send another sender holds is looked at again. */
const BUSY_RETRY_MS = 5_000;
/** Young generation of the outbound thread (V8's default lets it grow to 32 MB). */
const OUTBOUND_YOUNG_GENERATION_MB = 12;

export interface OutboundWorker {
  worker: Worker<OutboundJobData>;
  gate: SendGate;
}

/**
 * The `outbound` queue: sends replies, retrying with capped backoff while SMTP is down.
 * SMTP refusing the service itself (ESMTPREFUSED) pauses the worker through the SendGate;
 * the job goes back to the delayed set without spending an attempt, so it never fails for it.
 */
export function startOutboundWorker(
  deps: PipelineDeps,
  mailer: Mailer,
  connection: ConnectionOptions,
  onSendingPaused: (reason: string | null) => void = () => undefined,
): OutboundWorker {
  let worker: Worker<OutboundJobData> | null = null;
  const gate = new SendGate({
    pause: async () => worker?.pause(true),
    resume: async () => worker?.resume(),
    verify: () => mailer.verify(),
    onChange: (reason) => {
      deps.metrics({ type: 'send_paused', paused: reason !== null });
      onSendingPaused(reason);
    },
    logger: deps.logger.child({ component: 'sender' }),
  });
  const process = async (job: Job<OutboundJobData>, token?: string): Promise<void> => {
    try {
      await sendReply(job, deps, mailer);
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

/** What the outbound thread tells the main thread besides 'ready'/'stopped'. */
export type OutboundThreadMessage = { type: 'metric'; event: MetricEvent } | { type: 'sending'; pausedReason: string | null };

export interface OutboundThread {
  /** Why sending is paused (SMTP refuses the service), or null. */
  pausedReason(): string | null;
  stop(): Promise<void>;
  /** Ends the thread at once, whatever it is doing (a shutdown past its drain deadline). */
  terminate(): Promise<void>;
}

/** Runs the outbound worker in its own thread (see outbound-thread.ts); resolves once it is consuming. */
export async function startOutboundThread(
  config: AppConfig,
  logger: Logger,
  onMetric: (event: MetricEvent) => void = () => undefined,
): Promise<OutboundThread> {
  const { file, options } = threadScript(new URL('../../workers/outbound-thread.ts', import.meta.url), { config });
  // Replies are small: a young generation of V8's default size would only hold garbage (about 30 MB).
  const thread = new ThreadWorker(file, { ...options, resourceLimits: { maxYoungGenerationSizeMb: OUTBOUND_YOUNG_GENERATION_MB } });
  let exited = false;
  let paused: string | null = null;
  const exit = new Promise<void>((resolve) => thread.once('exit', () => ((exited = true), resolve())));
  thread.on('error', (err) => logger.error('outbound thread failed', { err }));
  thread.on('message', (m: unknown) => {
    if (!m || typeof m !== 'object') return;
    const msg = m as OutboundThreadMessage;
    if (msg.type === 'metric') onMetric(msg.event);
    else if (msg.type === 'sending') paused = msg.pausedReason;
  });
  await new Promise<void>((resolve, reject) => {
    const onReady = (m: unknown) => {
      if (typeof m !== 'string') return;
      thread.off('message', onReady);
      if (m === 'ready') resolve();
      else reject(new Error(`outbound thread said ${m}`));
    };
    thread.on('message', onReady);
    thread.once('error', reject);
  });
  return {
    pausedReason: () => (exited ? 'the outbound thread has exited' : paused),
    async stop() {
      if (exited) return;
      thread.postMessage('stop');
      await Promise.race([
        new Promise<void>((r) => {
          const onStopped = (m: unknown) => m === 'stopped' && (thread.off('message', onStopped), r());
          thread.on('message', onStopped);
        }),
        exit,
      ]);
      await thread.terminate();
    },
    async terminate() {
      await thread.terminate();
    },
  };
}
