import type { InboundMail } from '../mail/types.ts';
import { addressOf, localPart, type HeaderView } from './header-view.ts';
import type { BouncePhrases } from './safety-rules.ts';
import { BOUNCE_SCAN } from '../limits.ts';

/**
 * Bounce evidence in two strengths. A strong signal alone makes a mail a
 * bounce; weak ones only count together, because each also occurs in
 * ordinary automated mail (RFC 3834 auto-replies use an empty return path,
 * newsletters come from no-reply addresses).
 */
export interface BounceSignals {
  strong: string[];
  weak: string[];
}

/** A subject that starts a reply or forward: a human passing a bounce on, not the bounce itself. */
// (the blanks around the optional counter are one run or two separated by it: adjacent optional runs were quadratic)
const REPLY_OR_FORWARD = /^\s*(?:re|fwd?|aw|wg|sv|vs|tr|rv|antw|返信|転送)\s*(?:\[\d+\]\s*)?[:：]/i;

/** fml and similar list servers answer a post with an error report instead of a DSN. */
const LIST_SERVER_ERROR = /\b(are not (a )?member|loop alert|not a member|rejected|error)\b/i;

const DAEMON_LOCAL = /^(mailer-daemon|mail-daemon|mailerdaemon|mdaemon)$/i;
const POSTMASTER_LOCAL = /^(postmaster|poostmaster)$/i;
const NOREPLY_LOCAL = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?([-+_.].*)?|.*[-+_.]bounces?)$/i;

/** `phrases`: the subjects and body lines of config/safety.yaml. */
export function detectBounceSignals(view: HeaderView, mail: InboundMail, subject: string, from: string, phrases: BouncePhrases): BounceSignals {
  const strong: string[] = [];
  const weak: string[] = [];

  const contentType = (view.first('content-type') ?? '').toLowerCase();
  if (/multipart\/report/.test(contentType) && /report-type\s*=\s*"?delivery-status/.test(contentType)) {
    strong.push('dsn: multipart/report');
  } else if (/^\s*message\/(global-)?delivery-status/.test(contentType)) {
    strong.push('dsn: message/delivery-status');
  } else if (mail.attachments.some((a) => /^message\/(global-)?delivery-status/.test(a.contentType))) {
    strong.push('dsn: delivery-status part');
  } else if (/multipart\/report/.test(contentType) && !/report-type/.test(contentType)) {
    // A report whose report-type was lost (truncated header) is still a report;
    // ARF and MDN announce themselves through their parts.
    if (!mail.attachments.some((a) => /feedback-report|disposition-notification/.test(a.contentType))) {
      strong.push('dsn: multipart/report');
    }
  }

  if (view.has('x-failed-recipients')) strong.push('x-failed-recipients');

  const fromLocal = localPart(from);
  if (DAEMON_LOCAL.test(fromLocal)) strong.push('from: mailer-daemon');
  else if (POSTMASTER_LOCAL.test(fromLocal)) weak.push('from: postmaster');
  else if (NOREPLY_LOCAL.test(fromLocal)) weak.push('from: no-reply');

  const returnPaths = view.all('return-path').map(addressOf);
  if (returnPaths.some((rp) => DAEMON_LOCAL.test(localPart(rp)))) strong.push('return-path: mailer-daemon');
  else if (returnPaths.some((rp) => rp === '')) weak.push('return-path: empty');

  const replyOrForward = REPLY_OR_FORWARD.test(subject);
  if (!replyOrForward && phrases.subjects.some((re) => re.test(subject))) strong.push('subject: delivery failure');
  else if (!replyOrForward && phrases.weakSubjects.some((re) => re.test(subject))) weak.push('subject: delivery failure');

  if (view.has('x-mlserver') && /\bfml\b/i.test(view.first('x-mlserver') ?? '') && LIST_SERVER_ERROR.test(subject)) {
    strong.push('list-server: error report');
  }

  const body = mail.text.slice(0, BOUNCE_SCAN.phraseChars);
  if (!replyOrForward && phrases.bodyPhrases.some((re) => re.test(body))) weak.push('body: delivery failure');
  if (mail.attachments.some((a) => a.contentType === 'message/rfc822' || /rfc822-headers/.test(a.contentType))) {
    weak.push('returned message attached');
  }
  return { strong, weak };
}

const IDENTITY = new Set(['from: postmaster', 'from: no-reply', 'return-path: empty']);

/** The weak signals that say a machine sent the mail (as opposed to what the mail talks about). */
export function machineIdentity(s: BounceSignals): string[] {
  return s.weak.filter((w) => IDENTITY.has(w));
}

/**
 * Decides from the signals. Weak evidence counts only when it says both who
 * sent the mail (a postmaster or no-reply sender, a null return path) and
 * what it is (a failure subject or body, the returned message attached):
 * a partner may well write "配信エラー" above "送信できませんでした", but not
 * from a null return path. An empty return path alone is a bounce too,
 * unless the mail says it is an auto-reply, MDN or ARF report, which RFC
 * 3834/8098/5965 also send with a null return path.
 */
export function isBounce(s: BounceSignals, otherAutomation: { autoReply: boolean; report: boolean }): boolean {
  if (s.strong.length > 0) return true;
  if (otherAutomation.report) return false;
  const identity = machineIdentity(s);
  const content = s.weak.filter((w) => !IDENTITY.has(w));
  if (otherAutomation.autoReply) {
    // An out-of-office note from a no-reply address is not a bounce unless it talks like one.
    return identity.length > 0 && content.some((c) => c !== 'returned message attached');
  }
  if (identity.length > 0 && content.length > 0) return true;
  if (identity.length >= 2) return true;
  return identity.length === 1 && identity[0] === 'return-path: empty';
}

/** What a bounce returns: the message ids and ticket of the mail that did not arrive. */
export interface BounceOrigin {
  messageIds: string[];
  ticket: number | null;
}

/**
 * Reads the returned message. Sources in order: the header blocks of
 * message/rfc822 and rfc822-headers parts as the parser gave them, the raw
 * bytes below the top-level header block (when given: broken MIME can hide
 * the returned message from the parser, and a parsed message/rfc822 part may
 * be rendered without its Message-ID), then the body text (carriers and
 * qmail paste the original headers inline, sometimes indented).
 */
export function extractBounceOrigin(mail: InboundMail, raw?: Buffer): BounceOrigin {
  const sources: string[] = [];
  for (const a of mail.attachments) {
    if (a.text && /^(message\/rfc822|text\/rfc822-headers|message\/rfc822-headers|message\/global|message\/global-headers)/.test(a.contentType)) {
      sources.push(headerBlock(a.text));
    }
  }
  if (raw) sources.push(bodyOf(raw));
  sources.push(mail.text.slice(0, BOUNCE_SCAN.textChars));
  return scanSources(sources, mail.messageId);
}

function scanSources(sources: string[], ownMessageId: string): BounceOrigin {
  const ownId = ownMessageId.toLowerCase();
  const ids: string[] = [];
  let ticket: number | null = null;
  for (const text of sources) {
    for (const id of findHeaderIds(text)) {
      if (id.toLowerCase() !== ownId && !ids.includes(id)) ids.push(id);
    }
    if (ticket === null) ticket = findTicket(text);
  }
  return { messageIds: ids, ticket };
}

/** The raw bytes after the top-level header block, any line-end style, as text. */
function bodyOf(raw: Buffer): string {
  const s = raw.subarray(0, BOUNCE_SCAN.rawBytes).toString('latin1');
  const m = /\r?\n\r?\n|\r\r/.exec(s);
  return m ? s.slice(m.index + m[0].length).replace(/\r\n?/g, '\n') : '';
}

/** The header block of an attached message (up to the first blank line). */
function headerBlock(text: string): string {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? text.slice(0, m.index) : text;
}

const ID_HEADER = /^[ \t>]*(message-id|in-reply-to)[ \t]*:[ \t]*((?:<[^<>\s]+>[ \t]*)+|[^\s<>]+@[^\s<>]+)/gim;

function findHeaderIds(text: string): string[] {
  const out: { kind: string; id: string }[] = [];
  for (const m of text.matchAll(ID_HEADER)) {
    const kind = m[1]!.toLowerCase();
    const value = m[2]!;
    const ids = value.includes('<') ? [...value.matchAll(/<([^<>\s]+)>/g)].map((x) => x[1]!) : [value.trim()];
    for (const id of ids) if (id.includes('@')) out.push({ kind, id });
  }
  // Message-IDs first: that is the mail that bounced; In-Reply-To points further back.
  return [...out.filter((x) => x.kind === 'message-id'), ...out.filter((x) => x.kind !== 'message-id')].map((x) => x.id);
}

function findTicket(text: string): number | null {
  const m = /^[ \t>]*x-intake-ticket[ \t]*:[ \t]*\D{0,8}?(\d{1,15})\b/im.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}
