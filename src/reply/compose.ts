import Mustache from 'mustache';
import {
  IN_SCOPE_CATEGORIES,
  REQUIRED_ITEM_KEYS,
  SECRET_KINDS,
  type Category,
  type Channel,
  type Language,
  type RequiredItemKey,
  type SecretKind,
} from '../analysis/types.ts';
import type { MailAddress } from '../mail/types.ts';
import { IntakeError } from '../util/errors.ts';
import { greetingName } from './names.ts';
import { splitByKind } from './reply-rules.ts';
import { oneLine, replySubject } from './subject.ts';
import { acknowledgementState, type AcknowledgementState } from './decision.ts';
import type { ItemText, LanguagePack, OutOfScopeText, ReplyKind, TemplateSet, TextBlock } from './templates.ts';
import { MAX_REPLY_REFERENCES } from '../limits.ts';

export { loadTemplates, REPLY_KINDS, OUT_OF_SCOPE_CATEGORIES } from './templates.ts';
export type { ReplyKind, TemplateSet, OutOfScopeCategory } from './templates.ts';
export { replySubject } from './subject.ts';
export { greetingName } from './names.ts';
export { loadReplyRules, saysSolved, splitByKind, type ReplyRules, type ItemKind } from './reply-rules.ts';
export { acknowledgementState, chooseReplyKind, type AcknowledgementState } from './decision.ts';

export interface ReplyContext {
  kind: ReplyKind;
  language: Language;
  ticketNumber: number;
  category: Category;
  channel: Channel;
  missing: RequiredItemKey[];
  secrets: SecretKind[];
  inbound: { messageId: string; subject: string; from: MailAddress; references: string[] };
  relatedTicket?: { number: number; subject: string; createdAt: Date } | null;
  /** A ticket number the sender named that did not match this account (sender text, shown escaped). */
  untrustedReference?: string | null;
  /** Older tickets recorded as references on this one. */
  citedTickets?: number[];
  oversize?: { limitMb: number } | null;
  /** Values the checker found for missing items, to name them (timezone: the clock times without a zone). */
  itemValues?: Partial<Record<RequiredItemKey, string[]>>;
  /** The team an out-of-scope inquiry is handed to, copied (Cc) on the reply; its address is named in the text. */
  handOff?: { address: string } | null;
  /** The sender's own text (secrets redacted), quoted for the team in Cc, who did not get the inquiry. */
  inquiryText?: string | null;
  /** For `acknowledged`: the ticket's state the one line reports. */
  acknowledgement?: AcknowledgementState | null;
  /** e.g. "[ref:…]"; repeated in the body for clients that drop headers. */
  referenceToken: string;
  /** The reply's own Message-ID, without angle brackets, made by the caller. */
  messageId: string;
  support: { address: string; name: string };
}

export interface ComposedReply {
  from: string;
  to: string;
  /** Further recipients (a team the inquiry is handed to); empty for most replies. */
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  /** Message-IDs here are bare (no angle brackets); nodemailer adds them. */
  messageId: string;
  inReplyTo: string;
  references: string[];
  headers: Record<string, string>;
}

const MISSING_KINDS: readonly ReplyKind[] = ['missing_items', 'follow_up_missing'];
const COMPLETE_KINDS: readonly ReplyKind[] = ['complete', 'follow_up_complete'];

function badContext(message: string, ctx: ReplyContext): never {
  throw new IntakeError('EREPLYCONTEXT', message, {
    kind: ctx.kind,
    category: ctx.category,
    missing: ctx.missing,
    ticketNumber: ctx.ticketNumber,
  });
}

/** Missing keys in the spec's table order, each once, whatever order the caller passed. */
function orderedMissing(missing: readonly RequiredItemKey[]): RequiredItemKey[] {
  const wanted = new Set(missing);
  return REQUIRED_ITEM_KEYS.filter((k) => wanted.has(k));
}

function checkContext(ctx: ReplyContext, missing: RequiredItemKey[]): void {
  const inScope = IN_SCOPE_CATEGORIES.includes(ctx.category);
  if (ctx.kind === 'out_of_scope' && inScope) badContext(`category ${ctx.category} is in scope; no out-of-scope text`, ctx);
  if ((MISSING_KINDS.includes(ctx.kind) || COMPLETE_KINDS.includes(ctx.kind)) && !inScope) {
    badContext(`category ${ctx.category} is out of scope; use the out_of_scope reply`, ctx);
  }
  if (MISSING_KINDS.includes(ctx.kind) && missing.length === 0) badContext(`${ctx.kind} reply without missing items`, ctx);
  if (COMPLETE_KINDS.includes(ctx.kind) && missing.length > 0) badContext(`${ctx.kind} reply while items are missing`, ctx);
  if (ctx.kind === 'related_ticket' && !ctx.relatedTicket) badContext('related_ticket reply without relatedTicket', ctx);
}

/** `"Name" <address>`, quoted so commas or quotes in a display name cannot split it into two recipients. */
export function formatAddress(a: MailAddress): string {
  const name = oneLine(a.name ?? '');
  if (!name) return a.address;
  return `"${name.replace(/(["\\])/g, '\\$1')}" <${a.address}>`;
}

/** `YYYY-MM-DD HH:mm` in the language's display zone; the template writes the zone label. */
export function formatDate(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function threadReferences(inbound: ReplyContext['inbound']): string[] {
  const ids: string[] = [];
  for (const raw of [...inbound.references, inbound.messageId]) {
    const id = raw.trim().replace(/^<|>$/g, '');
    if (id && !ids.includes(id)) ids.push(id);
  }
  if (ids.length <= MAX_REPLY_REFERENCES) return ids;
  return [ids[0]!, ...ids.slice(ids.length - (MAX_REPLY_REFERENCES - 1))];
}

function blockView(block: TextBlock | undefined) {
  if (!block) return null;
  return { title: block.title ?? null, paragraphs: block.paragraphs, links: block.links, hasLinks: block.links.length > 0 };
}

/** Sender-provided text shown in a note: one line, and short, so a pasted essay cannot fill the reply. */
function shortSenderText(value: string, max = 120): string {
  const text = oneLine(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** An item's wording for this mail: the channel's variant over the base text, the category's over both. */
function itemView(key: RequiredItemKey, pack: LanguagePack, ctx: ReplyContext, number: number) {
  const base: ItemText = pack.items[key];
  const variants = base.variants as Record<string, Partial<ItemText> | undefined>;
  const merged = { ...base, ...(variants[ctx.channel] ?? {}), ...(variants[ctx.category] ?? {}) };
  const values = (ctx.itemValues?.[key] ?? []).map((v) => shortSenderText(v, 40)).slice(0, 5);
  const what = values.length > 0 && merged.whatWithValues ? merged.whatWithValues.replace('{values}', values.join(', ')) : merged.what;
  return { number, key, label: merged.label, what, why: merged.why, example: merged.example, note: merged.note ?? null };
}

function buildView(ctx: ReplyContext, templates: TemplateSet, pack: LanguagePack, missing: RequiredItemKey[]) {
  const { texts } = pack;
  const secretKinds = SECRET_KINDS.filter((k) => ctx.secrets.includes(k));
  const secrets = secretKinds.map((kind) => ({ kind, label: texts.secretKinds[kind], advice: texts.secretAdvice[kind] }));
  const citedNumbers = [...new Set(ctx.citedTickets ?? [])];
  const cited = citedNumbers.map((number, i) => ({ number, last: i === citedNumbers.length - 1 }));
  const untrusted = ctx.untrustedReference ? shortSenderText(ctx.untrustedReference) : null;
  const oversize = ctx.oversize ?? null;
  const related = ctx.relatedTicket
    ? {
        number: ctx.relatedTicket.number,
        subject: shortSenderText(ctx.relatedTicket.subject, 200),
        date: formatDate(ctx.relatedTicket.createdAt, texts.dates.timeZone),
        zone: texts.dates.label,
      }
    : null;
  const outOfScope = (texts.outOfScope as Partial<Record<Category, OutOfScopeText>>)[ctx.category];
  const handOff = handOffOf(ctx, templates);
  const next = outOfScope ? (handOff ? outOfScope.nextCopied!.replace('{address}', handOff.address) : outOfScope.next) : null;
  const inScope = texts.inScope[ctx.category];
  const split = splitByKind(missing, templates.rules.itemKinds);
  const required = split.required.map((key, i) => itemView(key, pack, ctx, i + 1));
  const helpful = split.helpful.map((key, i) => itemView(key, pack, ctx, required.length + i + 1));
  const ack =
    ctx.kind === 'acknowledged' ? (ctx.acknowledgement ?? acknowledgementState({ ...ctx, itemKinds: templates.rules.itemKinds })) : null;
  return {
    kind: ctx.kind,
    language: ctx.language,
    ticketNumber: ctx.ticketNumber,
    category: ctx.category,
    channel: ctx.channel,
    isRequest: ctx.category === 'request',
    isObjectListing: ctx.category === 'object_listing',
    subject: shortSenderText(ctx.inbound.subject, 200),
    recipientName: greetingName(ctx.inbound.from.name),
    support: ctx.support,
    missing: [...required, ...helpful],
    missingCount: missing.length,
    required,
    helpful,
    hasRequired: required.length > 0,
    hasHelpful: helpful.length > 0,
    // What an acknowledgement says is still awaited: what holds the investigation back, if anything does.
    missingLabels: (required.length > 0 ? required : helpful).map((m, i, all) => ({ label: m.label, last: i === all.length - 1 })),
    categoryLead: blockView(inScope?.lead),
    askRequired: inScope?.askRequired ?? null,
    // What happens next, stated only once nothing required is missing (request: the 3 business days).
    nextSteps: required.length === 0 ? blockView(inScope?.complete) : null,
    outOfScope: outOfScope ? { ...blockView(outOfScope)!, next } : null,
    handOff,
    inquiry: handOff && ctx.inquiryText ? quoteLines(ctx.inquiryText) : null,
    related,
    ack: ack ? { solved: ack === 'solved', complete: ack === 'complete', outOfScope: ack === 'out_of_scope', awaiting: ack === 'awaiting' } : null,
    secrets,
    hasSecrets: secrets.length > 0,
    untrustedReference: untrusted,
    citedTickets: cited,
    hasCitedTickets: cited.length > 0,
    oversize,
    hasNotes: secrets.length > 0 || untrusted !== null || cited.length > 0 || oversize !== null,
    referenceToken: ctx.referenceToken,
  };
}

/** The team copied on this reply, when the category is handed on and the text can say so. */
function handOffOf(ctx: ReplyContext, templates: TemplateSet): { address: string } | null {
  if (ctx.kind !== 'out_of_scope' || !ctx.handOff) return null;
  const block = (templates.languages[ctx.language]?.texts.outOfScope as Partial<Record<Category, OutOfScopeText>>)[ctx.category];
  return block?.nextCopied ? ctx.handOff : null;
}

/** The sender's text for the team in Cc: bounded, as quoted lines. */
function quoteLines(text: string, max = 4000): { line: string }[] {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => ({ line }));
}

/** Blank lines left by empty sections collapse; trailing blanks go; one final newline. */
function tidyText(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/(?<![ \t])[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

const plain = { escape: (value: unknown) => String(value) };

/** Renders one reply from the templates. Pure: same context and templates, same reply. */
export function composeReply(ctx: ReplyContext, templates: TemplateSet): ComposedReply {
  const pack = templates.languages[ctx.language];
  if (!pack) badContext(`no templates for language ${String(ctx.language)}`, ctx);
  const inScope = IN_SCOPE_CATEGORIES.includes(ctx.category);
  const missing = inScope ? orderedMissing(ctx.missing) : [];
  checkContext(ctx, missing);

  const view = buildView(ctx, templates, pack, missing);
  const template = pack.kinds[ctx.kind];
  const text = tidyText(Mustache.render(template.text, view, pack.partials.text, plain));
  const html = Mustache.render(template.html, view, pack.partials.html);

  const listsMissing = MISSING_KINDS.includes(ctx.kind);
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
    'X-Loop': ctx.support.address,
    'X-Intake-Ticket': String(ctx.ticketNumber),
    'X-Intake-Kind': ctx.kind,
    'X-Intake-Category': ctx.category,
    'X-Intake-Missing': listsMissing ? missing.join(',') : 'none',
  };
  if (ctx.kind === 'related_ticket' && ctx.relatedTicket) headers['X-Intake-Related'] = String(ctx.relatedTicket.number);

  return {
    from: formatAddress({ address: ctx.support.address, name: ctx.support.name }),
    to: formatAddress(ctx.inbound.from),
    cc: handOffOf(ctx, templates) ? [ctx.handOff!.address] : [],
    subject: replySubject(ctx.inbound.subject, ctx.ticketNumber),
    text,
    html,
    messageId: ctx.messageId,
    inReplyTo: ctx.inbound.messageId,
    references: threadReferences(ctx.inbound),
    headers,
  };
}
