import addressparser from 'nodemailer/lib/addressparser';
import type { InboundMail } from '../mail/types.ts';
import { headerView } from './header-view.ts';
import { MAX_FROM_LENGTH } from '../limits.ts';

/**
 * Is the From of this mail one plain address? Several From headers, several addresses
 * in one, group syntax, or a From the parser could not read make the sender ambiguous:
 * mailauth then evaluates no From at all (DMARC comes back `none` even under p=reject),
 * and whichever address we picked could be a third party the mail was forged for.
 * Such mail is recorded and never answered. Pure.
 */
export function ambiguousSender(mail: Pick<InboundMail, 'headers'>): string[] {
  const values = headerView(mail).all('from');
  if (values.length === 0) return [];
  if (values.length > 1) return ['multiple From headers'];
  const value = values[0]!;
  if (value.length > MAX_FROM_LENGTH) return ['over-long From header'];
  let parsed: ReturnType<typeof addressparser>;
  try {
    parsed = addressparser(value);
  } catch {
    return ['unreadable From header'];
  }
  const reasons: string[] = [];
  if (parsed.some((e) => 'group' in e && Array.isArray(e.group))) reasons.push('group syntax in From');
  const addresses = parsed.flatMap((e) => ('group' in e && Array.isArray(e.group) ? e.group : [e])).filter((a) => a.address);
  if (addresses.length > 1) reasons.push('several From addresses');
  return reasons;
}

/** What authentication says of the sender, and what that allows. */
export interface SenderTrust {
  /** Reasons the From is ambiguous; empty when it is one plain address. */
  ambiguous: string[];
  /** SPF or DKIM passed in alignment with the From domain (DMARC pass): the domain is the sender's. */
  authenticated: boolean;
  /** The verdict as stored: an ambiguous From is a DMARC permerror (RFC 7489 6.6.1), never a soft `none`. */
  stored: { dmarc: string; spf: string; dkim: string } | null;
  /** Flags for the ticket message, e.g. `sender:several From addresses`. */
  flags: string[];
}

export function senderTrust(
  mail: Pick<InboundMail, 'headers'>,
  auth: { dmarc: string; spf: string; dkim: string } | null,
): SenderTrust {
  const ambiguous = ambiguousSender(mail);
  const stored = auth ? { dmarc: ambiguous.length > 0 ? 'permerror' : auth.dmarc, spf: auth.spf, dkim: auth.dkim } : null;
  return {
    ambiguous,
    authenticated: ambiguous.length === 0 && auth?.dmarc === 'pass',
    stored,
    flags: ambiguous.map((r) => `sender:${r}`),
  };
}
