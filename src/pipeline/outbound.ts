import { UnrecoverableError, type Job } from 'bullmq';
import { IntakeError } from '../util/errors.ts';
import type { ReplySender } from '../smtp/reply-sender.ts';
import type { OutboundJobData } from '../queue/queues.ts';
import { classifySmtpFailure } from '../smtp/refusal.ts';
import { finalize } from './intake.ts';
import { sentKey } from '../store/keys.ts';
import type { PipelineDeps } from './deps.ts';
import { claimSend, releaseSend } from './send-claim.ts';

/**
 * Sends one reply at most once, whatever path leads here (a retry, `intake replay`,
 * `intake failed retry`, a second worker, a stalled job redone): the send is claimed
 * atomically first (send-claim.ts), and the claim becomes the "sent" record, acknowledged
 * by Redis, after the body is on the wire and before the final "." that lets the SMTP
 * server commit the message. A crash before the "." leaves the server nothing to deliver
 * (the claim expires and a retry sends); after it, the record is there and nothing is sent
 * again. What remains: a crash in the instant between Redis's acknowledgement and the "."
 * (the reply is then not sent), or a server that rejects the message at "." after this
 * process died (likewise). A refusal seen by a live process gives the claim up.
 *
 * A refusal that is the system's fault, not the mail's (SMTP AUTH refused, our sender or
 * relaying refused), is thrown as ESMTPREFUSED: the outbound worker pauses sending and
 * puts the job back, so the mail waits instead of going to FAILED_MAILBOX.
 */
export async function sendReply(job: Job<OutboundJobData>, deps: PipelineDeps, sender: ReplySender): Promise<void> {
  const d = job.data;
  const log = deps.logger.child({ jobId: d.inboundJobId ?? null, replyJobId: job.id, messageId: d.inboundMessageId, ticket: d.ticket });
  const key = sentKey(deps.config.queuePrefix, d.replyIdentity ?? d.inboundMessageId);
  const raw = Buffer.from(d.raw, 'base64');
  const claim = await claimSend(deps.redis, key, String(job.id));
  let sentByUs = false;
  if (claim.kind === 'busy') {
    // Another sender holds the claim right now (or died holding it: it expires). Come back later.
    throw new IntakeError('ESENDBUSY', 'another sender is sending this reply; retrying later', { messageId: d.inboundMessageId });
  }
  if (claim.kind === 'claimed') {
    const record = { messageId: d.messageId, ticket: d.ticket, at: deps.clock().toISOString(), replyJob: job.id };
    try {
      // The record is kept as long as the ticket: a mail retried within that time is never answered twice.
      await sender.send(d.envelope, raw, { key, owner: claim.owner, record, keepMs: deps.config.ticketRetentionDays * 24 * 3600 * 1000 });
    } catch (err) {
      // Refused, or the connection broke before the server's answer: not delivered as far as we can tell.
      await releaseSend(deps.redis, key, claim.owner, record);
      const failure = classifySmtpFailure(err);
      if (failure.fault === 'system') {
        throw new IntakeError('ESMTPREFUSED', failure.reason, { smtpCode: failure.smtpCode, stage: failure.stage }, { cause: err });
      }
      // A 5xx about this reply is the server's final word: an hour of retries changes nothing,
      // so the mail goes to FAILED_MAILBOX now, with the reason, for `intake failed retry`.
      if (failure.fault === 'mail') {
        throw Object.assign(new UnrecoverableError((err as Error).message), { code: 'ESMTPREJECTED', smtpCode: failure.smtpCode });
      }
      throw err;
    }
    sentByUs = true;
    const latency = d.receivedAt ? (deps.clock().getTime() - new Date(d.receivedAt).getTime()) / 1000 : null;
    deps.metrics({ type: 'reply_sent', kind: d.kind, latencySeconds: latency !== null && Number.isFinite(latency) ? latency : null });
    log.info('reply sent', { kind: d.kind, to: d.envelope.to });
  } else {
    log.info('reply already sent, not sending again');
  }
  await deps.tickets.recordReply(d.ticket, {
    messageId: d.messageId,
    inReplyTo: d.inReplyTo,
    kind: d.kind,
    to: d.envelope.to,
    sentAt: deps.clock(),
  });
  // The Sent copy goes with the move of the mail whose send it was; the copy of a mail
  // answered through another path (a second delivery) adds no second copy to Sent.
  const ours = sentByUs || (await sentBy(deps, key)) === job.id;
  await finalize(deps, d, d.inboundMessageId, ours ? d.raw : null);
}

async function sentBy(deps: PipelineDeps, key: string): Promise<string | null> {
  const value = await deps.redis.get(key);
  try {
    return value ? ((JSON.parse(value) as { replyJob?: string }).replyJob ?? null) : null;
  } catch {
    return null;
  }
}
