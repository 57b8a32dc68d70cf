import type { Ticket } from './types.ts';

/**
 * Where one new inbound mail belongs, decided from what the store already holds.
 * Pure: the service loads the candidate tickets, this decides, the service writes.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Free-mail domains: sharing one says nothing about belonging to the same organisation. */
export const DEFAULT_PUBLIC_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.jp',
  'outlook.com',
  'outlook.jp',
  'hotmail.com',
  'hotmail.co.jp',
  'live.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'protonmail.com',
  'proton.me',
  'gmx.com',
  'gmx.de',
  'mail.ru',
  'yandex.ru',
  'qq.com',
  '163.com',
  'naver.com',
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'softbank.ne.jp',
  'i.softbank.jp',
];

export interface MailFacts {
  sender: string | null;
  /** False when DMARC failed: the From address may be forged, so it proves no belonging. */
  senderVerified: boolean;
  /** Account IDs the mail states (digits). */
  accounts: string[];
  /** Job and session IDs the mail names (`job:N`, `session:N`). */
  targetIds: string[];
  /** First ticket found through In-Reply-To / References (our signed IDs or any Message-ID a ticket has seen). */
  headerTicket: number | null;
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
 * May this sender attach mail to the ticket by naming it (tag, token, number)? Only its
 * requester, anyone who already wrote on it, their organisation (unless a free-mail
 * domain), or a mail that states the ticket's account. Stops the "follow-up hijack".
 */
export function senderBelongsTo(ticket: Ticket, mail: MailFacts, publicDomains: readonly string[]): boolean {
  const sender = mail.sender?.toLowerCase() ?? null;
  if (sender && mail.senderVerified) {
    const writers = new Set([ticket.sender, ...ticket.messages.map((m) => m.from)].filter(Boolean));
    if (writers.has(sender)) return true;
    const domain = domainOf(sender);
    if (domain && domain === ticket.organisation && !publicDomains.includes(domain)) return true;
  }
  return ticket.accountId !== null && mail.accounts.includes(ticket.accountId);
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

  // 1. Headers: a Message-ID we or the partner used on the ticket. Unguessable, so no sender check.
  if (mail.headerTicket !== null) {
    const t = ctx.tickets.get(mail.headerTicket);
    if (t && inWindow(t)) {
      return { decision: 'follow_up', ticket: t.number, citedTickets: cited, untrustedReference: null };
    }
    if (t) cite(t.number);
  }

  // 2. Body token, then subject tag: visible text, so only trusted from the ticket's own people.
  for (const n of [...mail.tokenTickets, ...mail.tagTickets]) {
    const t = ctx.tickets.get(n);
    if (!t) {
      distrust(n);
      continue;
    }
    if (!senderBelongsTo(t, mail, ctx.publicDomains)) {
      distrust(n);
      cite(n);
      continue;
    }
    if (inWindow(t)) return { decision: 'follow_up', ticket: n, citedTickets: cited, untrustedReference: untrusted };
    cite(n);
  }

  // 3. A new mail naming a ticket of the same account within the window: point the sender there.
  let linkTo: number | null = null;
  const handled = new Set([...mail.tokenTickets, ...mail.tagTickets, ...(mail.headerTicket ? [mail.headerTicket] : [])]);
  for (const n of mail.namedTickets) {
    if (handled.has(n)) continue;
    const t = ctx.tickets.get(n);
    if (!t || otherAccount(t, mail) || !senderBelongsTo(t, mail, ctx.publicDomains)) {
      distrust(n);
      continue;
    }
    if (inWindow(t) && linkTo === null) linkTo = n;
    else if (n !== linkTo) cite(n);
  }

  // 4. Same account and a shared job/session ID: the same investigation, unless already linked by number.
  if (linkTo === null && mail.accounts.length > 0) {
    const candidates = mail.targetTickets
      .map((n) => ctx.tickets.get(n))
      .filter((t): t is Ticket => t !== undefined)
      .filter((t) => t.accountId !== null && mail.accounts.includes(t.accountId))
      .filter((t) => t.targetIds.some((id) => mail.targetIds.includes(id)))
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
