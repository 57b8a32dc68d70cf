import { UnrecoverableError, type Job } from 'bullmq';
import { IntakeError } from '../util/errors.ts';
import type { Mailer } from '../smtp/mailer.ts';
import type { OutboundJobData } from '../queue/queues.ts';
import { finalize, sentKey } from './intake.ts';
import type { PipelineDeps } from './deps.ts';

/**
 * Sends one reply at most once. The "sent" record is written, and acknowledged by
 * Redis, after the body is on the wire and before the final "." that lets the SMTP
 * server commit the message. A crash before the "." leaves the server nothing to
 * deliver; after it, the record is already there, so a retry does not send again.
 * What remains: a crash in the instant between Redis's acknowledgement and the "."
 * (the reply is then not sent), or a server that rejects the message at "." after
 * this process died (likewise). A rejection seen by a live process removes the
 * record, and the send is retried.
 */
export async function sendReply(job: Job<OutboundJobData>, deps: PipelineDeps, mailer: Mailer): Promise<void> {
  const d = job.data;
  const key = sentKey(deps.config.queuePrefix, d.replyIdentity ?? d.inboundMessageId);
  const raw = Buffer.from(d.raw, 'base64');
  if (!(await deps.redis.exists(key))) {
    const record = JSON.stringify({ messageId: d.messageId, ticket: d.ticket, at: deps.clock().toISOString() });
    try {
      await mailer.send(d.envelope, raw, async () => {
        // Kept as long as the ticket: a mail retried within that time is never answered twice.
        await deps.redis.set(key, record, 'PX', deps.config.ticketRetentionDays * 24 * 3600 * 1000);
      });
    } catch (err) {
      // Refused, or the connection broke before the server's answer: not delivered as far as we can tell.
      await deps.redis.del(key);
      // A 5xx is the server's final word on this reply: an hour of retries changes nothing,
      // so the mail goes to FAILED_MAILBOX now, with the reason, for `intake failed retry`.
      if (isPermanentSmtpFailure(err)) throw new UnrecoverableError((err as Error).message);
      throw err;
    }
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
  if (!(err instanceof IntakeError)) return false;
  const code = err.context.smtpCode;
  // EENVELOPE: nodemailer refused the address itself (e.g. "test1@local>"), before any server saw it.
  return (typeof code === 'number' && code >= 500 && code < 600) || (err.cause as { code?: string } | undefined)?.code === 'EENVELOPE';
}
