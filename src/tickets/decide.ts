import type { Ticket } from './types.ts';

/**
 * Where one new inbound mail belongs, decided from what the store already holds.
 * Pure: the service loads the candidate tickets, this decides, the service writes.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface MailFacts {
  /** The one From address, or null when the mail has none, several, or a From the checks call ambiguous. */
  sender: string | null;
  /** False when DMARC failed or the From is ambiguous: the address may be forged, so it proves no belonging. */
  senderVerified: boolean;
  /** True only when DMARC passed for the From domain: then the domain is proven and may stand for its organisation. */
  domainAuthenticated?: boolean;
  /** A bounce of our own mail: never answered, so it may join the ticket its headers name (it learns nothing). */
  bounce?: boolean;
  /** Account IDs the mail states (digits). Proves nothing about who writes: only narrows links. */
  accounts: string[];
  /** Job and session IDs the mail names (`job:N`, `session:N`). */
  targetIds: string[];
  /**
   * Tickets found through In-Reply-To / References (our signed IDs, or any Message-ID a ticket has seen),
   * most relevant first. Several tickets may have seen one Message-ID: anyone can cite any ID.
   */
  headerTickets: number[];
  /** Tickets named by our own signed reply Message-IDs in the headers (unforgeable, unlike a looked-up ID). */
  signedTickets?: number[];
  /** Verified reference tokens from the body, then subject tags. */
  tokenTickets: number[];
  tagTickets: number[];
  /** Ticket numbers named in the text (Analysis.referencedTickets). */
  namedTickets: number[];
  /** Tickets sharing a job/session ID with the mail (from the target index). */
  targetTickets: number[];
}

export interface DecideContext {
  now: Date;
  windowDays: number;
  tickets: ReadonlyMap<number, Ticket>;
  publicDomains: readonly string[];
}

export type Placement =
  | { decision: 'follow_up'; ticket: number; citedTickets: number[]; untrustedReference: string | null }
  | { decision: 'linked'; linkedTo: number; citedTickets: number[]; untrustedReference: string | null }
  | { decision: 'new'; citedTickets: number[]; untrustedReference: string | null };

/** Inside the window means last activity strictly less than `windowDays` ago, so a window of 0 holds nothing. */
export function isWithinWindow(ticket: Pick<Ticket, 'lastActivityAt'>, now: Date, windowDays: number): boolean {
  const age = now.getTime() - Date.parse(ticket.lastActivityAt);
  return age < windowDays * DAY_MS;
}

export function windowStart(now: Date, windowDays: number): number {
  return now.getTime() - windowDays * DAY_MS;
}

export function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase() : null;
}

/**
 * Every address that wrote on the ticket or was answered on it. A message whose From may be
 * forged (DMARC fail, several From addresses) makes nobody a participant: else a forger could
 * enrol a victim's address, or the victim could read a stranger's ticket.
 */
export function participants(ticket: Ticket): Set<string> {
  const out = new Set<string>();
  for (const m of ticket.messages) {
    if (m.from && m.auth?.dmarc !== 'fail' && !m.flags.some((f) => f.startsWith(UNTRUSTED_SENDER_FLAG))) out.add(m.from.toLowerCase());
  }
  for (const r of ticket.replies) if (r.to) out.add(r.to.toLowerCase());
  return out;
}

/** Flag prefix of a message whose From is ambiguous (several addresses, several From headers, group syntax). */
export const UNTRUSTED_SENDER_FLAG = 'sender:';

/**
 * May this mail join the ticket, or be told anything about it? Only when its sender is a
 * participant (wrote on it, or was answered on it), or writes from the same organisation's
 * domain and DMARC proved that domain (never a free-mail domain). An Account ID, a ticket
 * number, a subject tag or a Message-ID are all known to, or guessable by, strangers: alone
 * they prove nothing.
 */
export function senderBelongsTo(ticket: Ticket, mail: MailFacts, publicDomains: readonly string[]): boolean {
  const sender = mail.sender?.toLowerCase() ?? null;
  if (!sender || !mail.senderVerified) return false;
  if (participants(ticket).has(sender)) return true;
  if (!mail.domainAuthenticated) return false;
  const domain = domainOf(sender);
  return domain !== null && domain === ticket.organisation && !publicDomains.includes(domain);
}

/** A ticket the mail names by number belongs to another account when both accounts are known and differ. */
function otherAccount(ticket: Ticket, mail: MailFacts): boolean {
  return ticket.accountId !== null && mail.accounts.length > 0 && !mail.accounts.includes(ticket.accountId);
}

export function decidePlacement(mail: MailFacts, ctx: DecideContext): Placement {
  const cited: number[] = [];
  let untrusted: string | null = null;
  const cite = (n: number): void => {
    if (!cited.includes(n)) cited.push(n);
  };
  const distrust = (n: number): void => {
    untrusted ??= String(n);
  };
  const inWindow = (t: Ticket): boolean => isWithinWindow(t, ctx.now, ctx.windowDays);
  const belongs = (t: Ticket): boolean => senderBelongsTo(t, mail, ctx.publicDomains);

  // 1. Headers: a Message-ID the ticket has seen. Anyone can cite one (or plant one first), so
  //    it counts only for the ticket's own people; a stranger's mail is not told it matched.
  //    A bounce is never answered, so it may rejoin the ticket whose signed reply it returns.
  for (const n of mail.headerTickets) {
    const t = ctx.tickets.get(n);
    if (!t) continue;
    if (!belongs(t) && !(mail.bounce && (mail.signedTickets ?? []).includes(n))) continue;
    if (inWindow(t)) return { decision: 'follow_up', ticket: t.number, citedTickets: cited, untrustedReference: null };
    if (belongs(t)) cite(t.number);
  }

  // 2. Body token, then subject tag: visible text, so only trusted from the ticket's own people.
  //    A stranger gets a new ticket; the number it named is echoed back, nothing of the ticket.
  for (const n of [...mail.tokenTickets, ...mail.tagTickets]) {
    const t = ctx.tickets.get(n);
    if (!t || !belongs(t)) {
      distrust(n);
      continue;
    }
    if (inWindow(t)) return { decision: 'follow_up', ticket: n, citedTickets: cited, untrustedReference: untrusted };
    cite(n);
  }

  // 3. A new mail naming a ticket of its own people within the window: point the sender there.
  let linkTo: number | null = null;
  const handled = new Set([...mail.tokenTickets, ...mail.tagTickets, ...mail.headerTickets]);
  for (const n of mail.namedTickets) {
    if (handled.has(n)) continue;
    const t = ctx.tickets.get(n);
    if (!t || otherAccount(t, mail) || !belongs(t)) {
      distrust(n);
      continue;
    }
    if (inWindow(t) && linkTo === null) linkTo = n;
    else if (n !== linkTo) cite(n);
  }

  // 4. Same account, a shared job/session ID and the same people: the same investigation.
  if (linkTo === null && mail.accounts.length > 0) {
    const candidates = mail.targetTickets
      .map((n) => ctx.tickets.get(n))
      .filter((t): t is Ticket => t !== undefined)
      .filter((t) => t.accountId !== null && mail.accounts.includes(t.accountId))
      .filter((t) => t.targetIds.some((id) => mail.targetIds.includes(id)))
      .filter(belongs)
      .filter(inWindow)
      .sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt));
    if (candidates[0]) linkTo = candidates[0].number;
  }

  if (linkTo !== null) {
    return {
      decision: 'linked',
      linkedTo: linkTo,
      citedTickets: cited.filter((n) => n !== linkTo),
      untrustedReference: untrusted,
    };
  }
  return { decision: 'new', citedTickets: cited, untrustedReference: untrusted };
}
