import type { AppConfig } from '../config/env.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { inProcessReader, prepareInbound } from '../pipeline/prepare.ts';
import { noReplyReason } from '../reply/decision.ts';
import { senderTrust } from '../safety/sender.ts';
import { buildDeps } from '../pipeline/deps.ts';
import { saysSolved } from '../reply/reply-rules.ts';
import { SOLVED_FLAG } from '../tickets/document.ts';
import { ImapMailSource } from '../tickets/imap-source.ts';
import { reindex, type MailSource, type PreparedInbound, type ReindexReport } from '../tickets/reindex.ts';
import { IntakeError } from '../util/errors.ts';

/**
 * Turns one stored inbound mail into what the intake worker ingested: the same prepare (parse,
 * logo memory, analysis, classification, bounce threading), here in-process. A mail we answered
 * keeps its ticket from the Sent copy, so its sender verdict is not needed; an unanswered human
 * mail is verified again, as a DMARC failure decides whether its From proves belonging to a ticket.
 */
export function replayPreparer(deps: Pick<PipelineDeps, 'config' | 'rules' | 'safety' | 'tickets' | 'verifySender' | 'templates'>) {
  const reader = inProcessReader(deps.rules);
  return async (raw: Buffer, ctx: { size: number; answered: boolean }): Promise<PreparedInbound> => {
    const { mail, analysis, classification, returnedIds } = await prepareInbound(raw, {
      reader,
      recurringImages: (m) => (m.from ? deps.tickets.imageHashesFor(m.from.address) : new Set<string>()),
      supportAddress: deps.config.supportAddress,
      bounce: deps.safety.bounce,
    });
    const oversize = ctx.size > deps.config.maxMailBytes;
    const verdict = classification.kind === 'human' && !ctx.answered ? await deps.verifySender(raw) : null;
    const trust = senderTrust(mail, verdict ? { dmarc: verdict.dmarc, spf: verdict.spf, dkim: verdict.dkim } : null);
    const sender = { classification, sender: mail.from?.address ?? null, ambiguous: trust.ambiguous, auth: verdict };
    return {
      mail,
      analysis,
      returnedIds,
      replyAllowed: ctx.answered || noReplyReason(sender) === null,
      auth: trust.stored,
      senderAmbiguous: trust.ambiguous.length > 0,
      flags: [
        ...classification.reasons.map((r) => `${classification.kind}:${r}`),
        ...trust.flags,
        ...(oversize ? ['oversize'] : []),
        ...mail.parseWarnings.map((w) => `parse:${w}`),
        ...(classification.kind === 'human' && saysSolved(analysis.senderText, deps.templates.rules) ? [SOLVED_FLAG] : []),
        'reindexed',
      ],
    };
  };
}

/** `intake reindex`: rebuilds the ticket store from PROCESSED, FAILED and SENT mailboxes. Stop the service first. */
export async function runReindex(config: AppConfig, opts: { source?: MailSource } = {}): Promise<number> {
  const imap = config.imap;
  if (!imap && !opts.source) throw new IntakeError('EBADCONFIG', 'intake reindex needs IMAP_HOST, IMAP_PORT, IMAP_USER and IMAP_PASS');
  const source =
    opts.source ??
    new ImapMailSource({
      host: imap!.host,
      port: imap!.port,
      user: imap!.user,
      pass: imap!.pass,
      secure: imap!.secure,
      tlsInsecure: imap!.tlsInsecure,
      mailboxes: [config.mailboxes.processed, config.mailboxes.failed, config.mailboxes.sent],
      readWhole: [config.mailboxes.sent],
      maxBytes: config.maxMailBytes,
    });
  const deps = await buildDeps(config);
  const log = deps.logger.child({ command: 'reindex' });
  try {
    const started = Date.now();
    const report: ReindexReport = await reindex(source, deps.tickets, {
      sentMailbox: config.mailboxes.sent,
      signingKey: deps.signingKey,
      prepare: replayPreparer(deps),
      log: (msg, ctx) => log.warn(msg, ctx),
    });
    log.info('ticket store rebuilt', { ...report, ms: Date.now() - started });
    process.stdout.write(
      `reindexed ${report.inbound} mail(s) and ${report.replies} reply(ies) into ${report.tickets} ticket(s); next ticket number ${report.highest + 1}\n`,
    );
    if (report.failed > 0) {
      process.stderr.write(`${report.failed} mail(s) could not be replayed; see the log lines above\n`);
      return 1;
    }
    return 0;
  } finally {
    await deps.queues.close().catch(() => undefined);
    await deps.redis.quit().catch(() => undefined);
  }
}
