import { UnrecoverableError, type Job } from 'bullmq';
import { IntakeError } from '../util/errors.ts';
import type { Mailer } from '../smtp/mailer.ts';
import type { OutboundJobData } from '../queue/queues.ts';
import { finalize, sentKey } from './intake.ts';
import type { PipelineDeps } from './deps.ts';

/**
 * Sends one reply at most once: the "sent" record is checked first and written
 * right after the server's 250. The only window for a duplicate is a crash between
 * those two (milliseconds); the reply's Message-ID is deterministic, so mail
 * clients collapse such a duplicate.
 */
export async function sendReply(job: Job<OutboundJobData>, deps: PipelineDeps, mailer: Mailer): Promise<void> {
  const d = job.data;
  const key = sentKey(deps.config.queuePrefix, d.inboundMessageId);
  const raw = Buffer.from(d.raw, 'base64');
  if (!(await deps.redis.exists(key))) {
    try {
      await mailer.send(d.envelope, raw);
    } catch (err) {
      // A 5xx is the server's final word on this reply: an hour of retries changes nothing,
      // so the mail goes to FAILED_MAILBOX now, with the reason, for `intake failed retry`.
      if (isPermanentSmtpFailure(err)) throw new UnrecoverableError((err as Error).message);
      throw err;
    }
    await deps.redis.set(key, JSON.stringify({ messageId: d.messageId, ticket: d.ticket, at: deps.clock().toISOString() }));
    deps.logger.info('reply sent', { ticket: d.ticket, kind: d.kind, to: d.envelope.to });
  }
  await deps.tickets.recordReply(d.ticket, {
    messageId: d.messageId,
    inReplyTo: d.inReplyTo,
    kind: d.kind,
    to: d.envelope.to,
    sentAt: deps.clock(),
  });
  await finalize(deps, d, d.inboundMessageId, d.raw);
}

function isPermanentSmtpFailure(err: unknown): boolean {
  const code = err instanceof IntakeError ? err.context.smtpCode : undefined;
  return typeof code === 'number' && code >= 500 && code < 600;
}
