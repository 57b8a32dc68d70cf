import type { InboundMail } from '../mail/types.ts';
import { detectAutomation } from './automated.ts';
import { detectBounceSignals, extractBounceOrigin, isBounce, machineIdentity } from './bounce.ts';
import { addressOf, headerView } from './header-view.ts';
import type { BouncePhrases } from './safety-rules.ts';

export type InboundKind = 'human' | 'automated' | 'bounce';

export interface InboundClassification {
  kind: InboundKind;
  /** Every signal found, bounce signals first, e.g. `dsn: multipart/report`, `auto-submitted: auto-replied`, `x-loop: ours`. */
  reasons: string[];
  /** What a bounce returns (ticket from the returned X-Intake-Ticket header); null unless kind is `bounce`. */
  bounceOf: { messageIds: string[]; ticket: number | null } | null;
}

export interface ClassifyOptions {
  /** Our own address: mail from it, or with it in X-Loop, is our own mail coming back. */
  supportAddress: string | null;
  /** The raw bytes, when at hand: lets a bounce be matched even when broken MIME hid the returned message from the parser. */
  raw?: Buffer;
  /** Bounce subjects and body phrases (config/safety.yaml). */
  bounce: BouncePhrases;
}

/**
 * Decides whether a mail may get an automatic reply at all (RFC 3834 and
 * the header rules of Zammad, osTicket, FreeScout and RT). Bounces are
 * detected first, because many carry Auto-Submitted too and must be
 * matched to their ticket rather than filed as auto-replies. Pure.
 */
export function classifyInbound(mail: InboundMail, opts: ClassifyOptions): InboundClassification {
  const view = headerView(mail);
  const subject = mail.subject || view.first('subject') || '';
  const from = mail.from?.address || addressOf(view.first('from') ?? '');

  const automation = detectAutomation(view, mail, { subject, from, supportAddress: opts.supportAddress });
  const bounce = detectBounceSignals(view, mail, subject, from, opts.bounce);

  if (isBounce(bounce, automation)) {
    return {
      kind: 'bounce',
      reasons: unique([...bounce.strong, ...bounce.weak, ...automation.reasons]),
      bounceOf: extractBounceOrigin(mail, opts.raw),
    };
  }
  // A no-reply sender or an empty return path is still evidence of a machine; a subject is not.
  const reasons = unique([...automation.reasons, ...machineIdentity(bounce)]);
  return { kind: reasons.length > 0 ? 'automated' : 'human', reasons, bounceOf: null };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
