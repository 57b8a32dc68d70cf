import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { prepareInbound } from './prepare.ts';
import { redisAnalysisStops, withRaw } from './read-mail.ts';
import type { InboundMail } from '../mail/types.ts';
import type { AuthVerdict } from '../safety/auth.ts';
import { composeReply, saysSolved, type ReplyContext } from '../reply/compose.ts';
import {
  DUPLICATE_DELIVERY,
  decideReply,
  noReplyReason,
  type PlacementFacts,
  type QueuedReply,
  type ReplyDecision,
  type ReplyFacts,
  type ReplyPlan,
  type SenderFacts,
  type NoReplyCause,
} from '../reply/decision.ts';
import type { Analysis } from '../analysis/types.ts';
import { combineAnalyses } from '../tickets/combine.ts';
import { SOLVED_FLAG, withText } from '../tickets/document.ts';
import { makeReferenceToken, makeReplyMessageId } from '../tickets/reply-id.ts';
import { isUsableMessageId, keptReferences } from '../tickets/thread-ids.ts';
import { redactSecrets } from '../analysis/secrets.ts';
import { senderTrust } from '../safety/sender.ts';
import type { IngestOutcome } from '../tickets/service.ts';
import { buildRawReply } from '../smtp/mailer.ts';
import { finalizeJobId, outboundJobId, sentKey } from '../store/keys.ts';
import {
  finalizeJobOptions,
  outboundJobOptions,
  type FinalizeJobData,
  type InboundJobData,
  type OutboundJobData,
} from '../queue/queues.ts';
import type { PipelineDeps } from './deps.ts';
import { isReplySent } from './send-claim.ts';
import type { Logger } from '../util/logger.ts';

export interface IntakeResult {
  ticket: number;
  decision: string;
  /** Set when a reply was handed to the outbound queue; the mail is moved once it is sent. */
  outboundJobId?: string;
  noReplyReason?: string;
  /** Why no reply, as the decision classed it; the metrics label comes from this, not from reason text. */
  noReplyCause?: NoReplyCause;
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
 * One inbound mail: prepare (parse → analyse → classify) → ticket → reply decision → apply.
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
  switch (result.noReplyCause) {
    case 'already_answered':
      return 'already_answered';
    case 'duplicate_delivery':
      return 'duplicate';
    case 'reply_limit':
      return 'reply_limited';
    default:
      return (result.noReplyReason ?? '').startsWith('dmarc') ? 'sender_not_verified' : 'not_answered';
  }
}

/** prepare → load the facts → decide (src/reply/decision.ts, pure) → apply (I/O only). */
async function processInboundOnce(job: Job<InboundJobData>, deps: PipelineDeps): Promise<IntakeResult> {
  const d = job.data;
  const { config, redis } = deps;
  const reader = deps.analysisPool;
  if (!reader) throw new Error('processInbound needs the analysis pool');
  // The raw bytes are needed for the parse, the bounce scan and sender authentication, and not after.
  const read = await withRaw(redis, d.rawKey, d.size, async (raw) => {
    if (job.attemptsMade === 0) deps.metrics({ type: 'received' });
    const started = performance.now();
    const prepared = await prepareInbound(raw, {
      reader,
      recurringImages: (m) => (m.from ? deps.tickets.imageHashesFor(m.from.address) : new Set<string>()),
      supportAddress: config.supportAddress,
      bounce: deps.safety.bounce,
      timeoutMs: config.analysis.timeoutMs,
      stops: redisAnalysisStops(deps, d.rawKey),
    });
    const auth: AuthVerdict | null = prepared.classification.kind === 'human' ? await deps.verifySender(raw) : null;
    return { prepared, auth, started };
  });
  if (!read) throw new UnrecoverableError(`raw mail missing from Redis (${d.rawKey})`);
  const { prepared, auth, started } = read;
  const { mail, analysis, classification } = prepared;
  deps.metrics({ type: 'analysis', seconds: (performance.now() - started) / 1000 });
  if (job.attemptsMade === 0 && classification.kind === 'human') {
    for (const item of analysis.missing) deps.metrics({ type: 'missing', item });
  }

  const trust = senderTrust(mail, auth ? { dmarc: auth.dmarc, spf: auth.spf, dkim: auth.dkim } : null);
  const sender: SenderFacts = { classification, sender: mail.from?.address ?? null, ambiguous: trust.ambiguous, auth };
  const flags = [
    ...classification.reasons.map((r) => `${classification.kind}:${r}`),
    ...trust.flags,
    ...(d.oversize ? ['oversize'] : []),
    ...(prepared.unread ? [`unread:${prepared.unread}`] : []),
    ...mail.parseWarnings.map((w) => `parse:${w}`),
    // Read on follow-ups only: the ticket is then marked solved (src/tickets/document.ts).
    ...(classification.kind === 'human' && saysSolved(analysis.senderText, deps.templates.rules) ? [SOLVED_FLAG] : []),
  ];
  const outcome = await deps.tickets.ingest({
    mail,
    analysis,
    receivedAt: new Date(d.receivedAt),
    replyAllowed: noReplyReason(sender) === null,
    auth: trust.stored,
    flags,
    senderAmbiguous: trust.ambiguous.length > 0,
    returnedIds: prepared.returnedIds,
  });
  const ticket = outcome.ticket.number;
  const identity = replyIdentity(mail);

  let facts: ReplyFacts = {
    ...sender,
    alreadySent: await isReplySent(redis, sentKey(config.queuePrefix, identity)),
    unread: prepared.unread,
    placement: placementFacts(outcome, mail.messageId, deps.rules),
    itemKinds: deps.templates.rules.itemKinds,
  };
  let decision = decideReply(facts);
  while (decision.action === 'load') {
    facts =
      decision.fact === 'budget'
        ? { ...facts, budget: await deps.budget.take({ sender: mail.from!.address, ticket, replyKey: identity }) }
        : { ...facts, queued: await queuedReply(deps, identity, d) };
    decision = decideReply(facts);
  }
  const log = deps.logger.child({ jobId: job.id, messageId: mail.messageId, ticket });
  return applyDecision(decision, { job, deps, log, mail, analysis, outcome, identity });
}

/** The facts of where the mail landed, as decideReply reads them. */
function placementFacts(outcome: IngestOutcome, messageId: string, rules: PipelineDeps['rules']): PlacementFacts {
  return {
    messageId,
    decision: outcome.decision,
    ticket: outcome.ticket,
    combined: outcome.combined,
    hasRelatedTicket: outcome.relatedTicket !== null,
    previous: () => previousState(outcome, messageId, rules),
  };
}

/** The reply job already queued under this mail's reply id, if any. */
async function queuedReply(deps: PipelineDeps, identity: string, d: InboundJobData): Promise<QueuedReply | null> {
  const existing = await deps.queues.outbound.getJob(outboundJobId(identity));
  if (!existing) return null;
  return { state: await existing.getState(), sameOrigin: sameOrigin(existing.data, d) };
}

interface ApplyContext {
  job: Job<InboundJobData>;
  deps: PipelineDeps;
  log: Logger;
  mail: InboundMail;
  analysis: Analysis;
  outcome: IngestOutcome;
  identity: string;
}

/** Carries the decision out: finalize the mail now, or compose the reply and queue it. I/O only. */
async function applyDecision(decision: Exclude<ReplyDecision, { action: 'load' }>, c: ApplyContext): Promise<IntakeResult> {
  const { job, deps, log, mail, outcome } = c;
  const d = job.data;
  const base = { ticket: outcome.ticket.number, decision: outcome.decision };
  if (decision.action === 'none') {
    if (decision.cause === 'already_answered') log.info('already answered, recorded without a second reply');
    else if (decision.cause === 'reply_limit') log.warn('reply limit reached, recorded without reply', { reason: decision.reason });
    else if (decision.cause !== 'duplicate_delivery') log.info('recorded without reply', { reason: decision.reason });
    await finalize(deps, d, mail.messageId, null);
    return { ...base, noReplyReason: decision.reason, noReplyCause: decision.cause };
  }
  const out = await composeReplyJob(mail, c.analysis, outcome, decision.plan, d, deps);
  out.inboundJobId = job.id;
  const id = outboundJobId(c.identity);
  const jobId = decision.replacesFailed ? `${id}-${Date.now()}` : id;
  await deps.queues.outbound.add('reply', out, outboundJobOptions(jobId));
  // Two copies processed at once can both find no job queued; the add keeps the first,
  // and the reply job finalizes only its own copy, so the other one finalizes itself here.
  const stored = await deps.queues.outbound.getJob(jobId);
  if (stored && !sameOrigin(stored.data, d)) {
    await finalize(deps, d, mail.messageId, null);
    return { ...base, noReplyReason: DUPLICATE_DELIVERY, noReplyCause: 'duplicate_delivery' };
  }
  log.info('reply queued', { kind: out.kind, decision: outcome.decision });
  return { ...base, outboundJobId: jobId };
}

function sameOrigin(a: OutboundJobData, b: InboundJobData): boolean {
  return JSON.stringify(a.origin) === JSON.stringify(b.origin);
}

/** The ticket as it stood before this mail (null for its first mail): what the follow-up changed. */
function previousState(outcome: IngestOutcome, messageId: string, rules: PipelineDeps['rules']): Analysis | null {
  const index = outcome.ticket.messages.findIndex((m) => m.messageId === messageId);
  if (index <= 0) return null;
  return combineAnalyses(outcome.ticket.messages.slice(0, index).map(withText), rules);
}

/** The reply job for the decided plan, composed from the ticket as it now stands; identical on a retry. */
async function composeReplyJob(
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
