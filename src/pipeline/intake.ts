import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { loadRaw, readInbound } from './read-mail.ts';
import type { InboundMail } from '../mail/types.ts';
import { classifyInbound } from '../safety/classify.ts';
import { replyAllowedByAuth, type AuthVerdict } from '../safety/auth.ts';
import {
  acknowledgementState,
  chooseReplyKind,
  composeReply,
  saysSolved,
  type AcknowledgementState,
  type ReplyContext,
  type ReplyKind,
} from '../reply/compose.ts';
import type { Analysis } from '../analysis/types.ts';
import { combineAnalyses } from '../tickets/combine.ts';
import { isActivity } from '../tickets/document.ts';
import { makeReferenceToken, makeReplyMessageId } from '../tickets/reply-id.ts';
import { isUsableMessageId, keptReferences } from '../tickets/thread-ids.ts';
import { withText } from '../tickets/document.ts';
import { redactSecrets } from '../analysis/secrets.ts';
import { senderTrust } from '../safety/sender.ts';
import type { IngestOutcome } from '../tickets/service.ts';
import { buildRawReply } from '../smtp/mailer.ts';
import {
  appKey,
  finalizeJobId,
  finalizeJobOptions,
  outboundJobId,
  outboundJobOptions,
  shortHash,
  type FinalizeJobData,
  type InboundJobData,
  type OutboundJobData,
} from '../queue/queues.ts';
import type { PipelineDeps } from './deps.ts';
import { isReplySent } from './send-claim.ts';

export interface IntakeResult {
  ticket: number;
  decision: string;
  /** Set when a reply was handed to the outbound queue; the mail is moved once it is sent. */
  outboundJobId?: string;
  noReplyReason?: string;
}

export function sentKey(prefix: string, replyIdentity: string): string {
  return appKey(prefix, 'sent', shortHash(replyIdentity));
}

/**
 * What "this mail was answered" is keyed by: its Message-ID and its sender. The same mail
 * delivered twice is one identity; a stranger who sends a partner's Message-ID first does
 * not use up the partner's reply.
 */
export function replyIdentity(mail: Pick<InboundMail, 'messageId' | 'from'>): string {
  return mail.from ? `${mail.messageId}\n${mail.from.address.toLowerCase()}` : mail.messageId;
}

/**
 * One inbound mail: parse → classify → analyse → ticket → reply decision.
 * Every step is safe to repeat: the ticket write is keyed by Message-ID, the reply
 * job id and the reply's Message-ID derive from the inbound Message-ID, and a
 * reply already sent is recorded before the mail leaves the inbox.
 */
export async function processInbound(job: Job<InboundJobData>, deps: PipelineDeps): Promise<IntakeResult> {
  const result = await processInboundOnce(job, deps);
  deps.metrics({ type: 'processed', outcome: outcomeLabel(result) });
  return result;
}

/**
 * The outcome label of intake_mails_processed_total: a handful of values, never free text
 * (a label value per reason would make a series per mail).
 */
export function outcomeLabel(result: IntakeResult): string {
  if (result.outboundJobId) return 'reply_queued';
  const reason = result.noReplyReason ?? '';
  if (reason === 'already answered') return 'already_answered';
  if (reason === 'duplicate delivery') return 'duplicate';
  if (reason === 'sender_limit' || reason === 'ticket_limit') return 'reply_limited';
  if (reason.startsWith('dmarc')) return 'sender_not_verified';
  return 'not_answered';
}

async function processInboundOnce(job: Job<InboundJobData>, deps: PipelineDeps): Promise<IntakeResult> {
  const d = job.data;
  const { config, redis, queues } = deps;
  const raw = await loadRaw(redis, d.rawKey, d.size);
  if (!raw) throw new UnrecoverableError(`raw mail missing from Redis (${d.rawKey})`);
  if (job.attemptsMade === 0) deps.metrics({ type: 'received' });

  const started = performance.now();
  if (!deps.analysisPool) throw new Error('processInbound needs the analysis pool');
  const read = await readInbound(raw, d.rawKey, deps, deps.analysisPool);
  const mail = read.mail;
  const classification = classifyInbound(mail, { supportAddress: config.supportAddress, raw });
  if (classification.bounceOf) {
    // A bounce threads to the ticket it returns from through the returned message's ids.
    mail.references = [...mail.references, ...classification.bounceOf.messageIds];
  }
  const auth: AuthVerdict | null = classification.kind === 'human' ? await deps.verifySender(raw) : null;
  const sender = mail.from?.address ?? null;
  const analysis = read.analysis;
  deps.metrics({ type: 'analysis', seconds: (performance.now() - started) / 1000 });
  if (job.attemptsMade === 0 && classification.kind === 'human') {
    for (const item of analysis.missing) deps.metrics({ type: 'missing', item });
  }

  const trust = senderTrust(mail, auth ? { dmarc: auth.dmarc, spf: auth.spf, dkim: auth.dkim } : null);
  const noReplyReason = whyNoReply(mail, classification.kind, classification.reasons, auth, trust.ambiguous);
  const flags = [
    ...classification.reasons.map((r) => `${classification.kind}:${r}`),
    ...trust.flags,
    ...(d.oversize ? ['oversize'] : []),
    ...(read.unread ? [`unread:${read.unread}`] : []),
    ...mail.parseWarnings.map((w) => `parse:${w}`),
    // Read on follow-ups only: the ticket is then marked solved (src/tickets/document.ts).
    ...(classification.kind === 'human' && saysSolved(analysis.senderText, deps.templates.rules) ? [SOLVED_FLAG] : []),
  ];
  const outcome = await deps.tickets.ingest({
    mail,
    analysis,
    receivedAt: new Date(d.receivedAt),
    replyAllowed: noReplyReason === null,
    auth: trust.stored,
    flags,
    senderAmbiguous: trust.ambiguous.length > 0,
  });
  const ticket = outcome.ticket.number;
  const log = deps.logger.child({ jobId: job.id, messageId: mail.messageId, ticket });

  const identity = replyIdentity(mail);
  if (await isReplySent(redis, sentKey(config.queuePrefix, identity))) {
    log.info('already answered, recorded without a second reply');
    await finalize(deps, d, mail.messageId, null);
    return { ticket, decision: outcome.decision, noReplyReason: 'already answered' };
  }
  if (noReplyReason) {
    log.info('recorded without reply', { reason: noReplyReason });
    await finalize(deps, d, mail.messageId, null);
    return { ticket, decision: outcome.decision, noReplyReason };
  }
  const plan = read.unread ? UNREAD_PLAN : decideReply(mail, outcome, deps);
  if (!plan) {
    // Already acknowledged and nothing changed since: one line once is enough, never the same text twice.
    log.info('recorded without reply', { reason: 'already acknowledged' });
    await finalize(deps, d, mail.messageId, null);
    return { ticket, decision: outcome.decision, noReplyReason: 'already acknowledged' };
  }
  const slot = await deps.budget.take({ sender: sender!, ticket, replyKey: identity });
  if (!slot.ok) {
    log.warn('reply limit reached, recorded without reply', { reason: slot.reason });
    await finalize(deps, d, mail.messageId, null);
    return { ticket, decision: outcome.decision, noReplyReason: slot.reason };
  }

  const out = await planReply(mail, analysis, outcome, plan, d, deps);
  out.inboundJobId = job.id;
  const id = outboundJobId(identity);
  const existing = await queues.outbound.getJob(id);
  const state = existing ? await existing.getState() : 'unknown';
  if (existing && state !== 'failed' && !sameOrigin(existing.data, d)) {
    // The same Message-ID delivered again while its reply is on its way: one reply for both copies.
    await finalize(deps, d, mail.messageId, null);
    return { ticket, decision: outcome.decision, noReplyReason: 'duplicate delivery' };
  }
  const jobId = state === 'failed' ? `${id}-${Date.now()}` : id;
  await queues.outbound.add('reply', out, outboundJobOptions(jobId));
  // Two copies processed at once can both pass the check above; the add keeps the first,
  // and the reply job finalizes only its own copy, so the other one finalizes itself here.
  const stored = await queues.outbound.getJob(jobId);
  if (stored && !sameOrigin(stored.data, d)) {
    await finalize(deps, d, mail.messageId, null);
    return { ticket, decision: outcome.decision, noReplyReason: 'duplicate delivery' };
  }
  log.info('reply queued', { kind: out.kind, decision: outcome.decision });
  return { ticket, decision: outcome.decision, outboundJobId: jobId };
}

/**
 * Who gets no reply: machines, mail without a sender, a From that is ambiguous (several
 * addresses or headers, group syntax: whichever we picked could be a forged third party),
 * and mail whose DMARC verdict is fail (the From is forged, by the domain owner's own word).
 */
function whyNoReply(mail: InboundMail, kind: string, reasons: string[], auth: AuthVerdict | null, ambiguous: string[]): string | null {
  if (kind !== 'human') return `${kind}: ${reasons.join('; ')}`;
  if (!mail.from) return 'no sender address';
  if (ambiguous.length > 0) return `ambiguous sender: ${ambiguous.join('; ')}`;
  if (auth && !replyAllowedByAuth(auth, 'no_reply')) return `dmarc ${auth.dmarc}`;
  return null;
}

function sameOrigin(a: OutboundJobData, b: InboundJobData): boolean {
  return JSON.stringify(a.origin) === JSON.stringify(b.origin);
}

export const SOLVED_FLAG = 'solved';

interface ReplyPlan {
  kind: ReplyKind;
  acknowledgement: AcknowledgementState | null;
}

/** A mail nobody could read automatically gets no verdict on its content, only the promise of a person. */
const UNREAD_PLAN: ReplyPlan = { kind: 'unread', acknowledgement: null };

/** The ticket as it stood before this mail (null for its first mail): what the follow-up changed. */
function previousState(outcome: IngestOutcome, messageId: string, deps: PipelineDeps): Analysis | null {
  const index = outcome.ticket.messages.findIndex((m) => m.messageId === messageId);
  if (index <= 0) return null;
  return combineAnalyses(
    outcome.ticket.messages.slice(0, index).map(withText),
    deps.rules,
  );
}

/**
 * Which reply the mail gets, from the ticket's state before and after it; null when the ticket was
 * already acknowledged and the mail changes nothing. Identical on a retry (derived from the stored ticket).
 */
function decideReply(mail: InboundMail, outcome: IngestOutcome, deps: PipelineDeps): ReplyPlan | null {
  const decision = outcome.decision === 'duplicate' ? rederiveDecision(outcome, mail.messageId) : outcome.decision;
  const combined = outcome.combined;
  if (decision === 'linked' && outcome.relatedTicket) return { kind: 'related_ticket', acknowledgement: null };
  const followUp = decision === 'follow_up';
  const message = outcome.ticket.messages.find((m) => m.messageId === mail.messageId);
  const solved = followUp && (message?.flags.includes(SOLVED_FLAG) ?? false);
  const previous = followUp ? previousState(outcome, mail.messageId, deps) : null;
  const kind = chooseReplyKind({
    category: combined.category,
    missing: combined.missing,
    followUp,
    related: false,
    previous: previous ? { category: previous.category, missing: previous.missing } : null,
    solved,
    itemKinds: deps.templates.rules.itemKinds,
  });
  if (kind !== 'acknowledged') return { kind, acknowledgement: null };
  const state = acknowledgementState({ category: combined.category, missing: combined.missing, solved, itemKinds: deps.templates.rules.itemKinds });
  const before = outcome.ticket.replies.filter((r) => r.inReplyTo !== mail.messageId).at(-1);
  // A mail after "solved" reopens the ticket: that is news, so it is acknowledged even after an acknowledgement.
  const index = outcome.ticket.messages.findIndex((m) => m.messageId === mail.messageId);
  const reopens = outcome.ticket.messages.slice(0, Math.max(index, 0)).filter(isActivity).at(-1)?.flags.includes(SOLVED_FLAG) ?? false;
  if (state !== 'solved' && !reopens && before?.kind === 'acknowledged') return null;
  return { kind, acknowledgement: state };
}

/** Derives the reply from the ticket as it now stands; identical on a retry. */
async function planReply(
  mail: InboundMail,
  analysis: Analysis,
  outcome: IngestOutcome,
  plan: ReplyPlan,
  d: InboundJobData,
  deps: PipelineDeps,
): Promise<OutboundJobData> {
  const { config } = deps;
  const support = { address: config.supportAddress!, name: config.supportName };
  const ticket = outcome.ticket.number;
  const combined = outcome.combined;
  const kind = plan.kind;
  const messageId = makeReplyMessageId({
    ticket,
    inboundMessageId: mail.messageId,
    key: deps.signingKey,
    domain: support.address.split('@')[1] ?? 'intake.invalid',
  });
  const ctx: ReplyContext = {
    kind,
    language: combined.language,
    ticketNumber: ticket,
    category: combined.category,
    channel: combined.channel,
    missing: combined.missing,
    // Only what this mail carried: the warning belongs to the reply to the mail that exposed it.
    secrets: [...new Set(analysis.secrets.map((s) => s.kind))],
    // Secrets in the Subject or the display name are never echoed (nor kept in Sent), and only
    // well-formed, bounded Message-IDs are copied into In-Reply-To and References.
    inbound: {
      messageId: isUsableMessageId(mail.messageId) ? mail.messageId : '',
      subject: redactSecrets(mail.subject),
      from: { address: mail.from!.address, name: redactSecrets(mail.from!.name ?? '') },
      references: keptReferences(mail.references),
    },
    relatedTicket: outcome.relatedTicket
      ? { number: outcome.relatedTicket.number, subject: outcome.relatedTicket.subject, createdAt: outcome.relatedTicket.createdAt }
      : null,
    untrustedReference: outcome.untrustedReference,
    citedTickets: outcome.citedTickets,
    oversize: d.oversize ? { limitMb: Math.round(config.maxMailBytes / 1024 / 1024) } : null,
    itemValues: { timezone: combined.items.timezone?.values ?? [] },
    acknowledgement: plan.acknowledgement,
    // The guideline hands contract matters to Customer Success: copy them when an address is configured.
    handOff: combined.category === 'contract' && config.customerSuccessAddress ? { address: config.customerSuccessAddress } : null,
    inquiryText: analysis.senderText,
    referenceToken: makeReferenceToken(ticket, deps.signingKey),
    messageId,
    support,
  };
  const reply = composeReply(ctx, deps.templates);
  const raw = await buildRawReply(reply, deps.clock());
  return {
    origin: d.origin,
    rawKey: d.rawKey,
    inboundMessageId: mail.messageId,
    replyIdentity: replyIdentity(mail),
    ticket,
    kind,
    envelope: { from: support.address, to: mail.from!.address, ...(reply.cc && reply.cc.length > 0 ? { cc: reply.cc } : {}) },
    messageId: reply.messageId,
    inReplyTo: reply.inReplyTo,
    raw: raw.toString('base64'),
    receivedAt: d.receivedAt,
  };
}

/** After a crash between the ticket write and the reply job, the retry sees 'duplicate': read the decision off the ticket. */
function rederiveDecision(outcome: IngestOutcome, messageId: string): 'new' | 'follow_up' | 'linked' {
  const t = outcome.ticket;
  const first = t.messages[0]?.messageId;
  if (first && first !== messageId) return 'follow_up';
  return t.linkedTo != null ? 'linked' : 'new';
}

export async function finalize(
  deps: PipelineDeps,
  inbound: Pick<InboundJobData, 'origin' | 'rawKey'>,
  messageId: string | null,
  replyRaw: string | null,
  failure: string | null = null,
): Promise<void> {
  const data: FinalizeJobData = {
    origin: inbound.origin,
    messageId,
    target: failure ? 'failed' : 'processed',
    reason: failure,
    replyRaw,
    rawKey: inbound.rawKey,
  };
  await deps.queues.finalize.add('finalize', data, finalizeJobOptions(finalizeJobId(inbound.origin, inbound.rawKey)));
}
