import { createHash } from 'node:crypto';
import { decodeHTML } from 'entities';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { collapseSourceSpace, renderTables } from './html-layout.ts';
import { imageSize } from './image-size.ts';
import { digestBinaryParts, type DigestedMail, type PartDigest } from './part-digest.ts';
import { decodeAttachmentText, decodeUndeclaredJis } from './text-decode.ts';
import type { InboundMail, MailAddress, MailAttachment } from './types.ts';
import { MAX_NESTED_MAIL_DEPTH, PARSER_LIMITS, TEXT_LIMITS } from '../limits.ts';

/** A plain-text part this short may be a stub that only points at the HTML part. */
const STUB_TEXT_CHARS = 300;
/** How much of the plain-text part's start a rendering of the HTML must hold for the two to be one text. */
const STUB_PROBE_CHARS = 40;

/**
 * The plain-text part is a stub when it is short, the HTML part says more, and the HTML's text does not hold the
 * plain part's opening words: then it is not a rendering of the same mail ("[This message was composed in HTML…]").
 */
function isStubOf(text: string, fromHtml: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, '');
  const plain = squash(text);
  if (plain.length > STUB_TEXT_CHARS) return false;
  const rendered = squash(fromHtml);
  return rendered.length > plain.length && !rendered.includes(plain.slice(0, STUB_PROBE_CHARS));
}

// (also a key or certificate file, where a private key pasted by mistake hides: "td_saml_new.pem", application/x-pem-file)
// (and a template of one: Embulk's "config.yml.liquid", a Jinja ".j2"; a browser's HAR export, JSON, often sent as
// application/octet-stream: its request headers can carry the console session's bearer token)
const TEXT_ATTACHMENT = /\.(txt|log|json|ya?ml|csv|tsv|xml|conf|cfg|ini|properties|sql|py|rb|sh|dig|js|ts|java|pem|key|crt|cer|env|toml|tf|md|liquid|j2|jinja2?|erb|tmpl|har|ps1|bat|cmd|bash|zsh|ipynb|jsonl|ndjson|hcl|r|go|kt|scala|php)$/i;
const TEXT_APPLICATION = /^application\/(?:json|x-yaml|yaml|xml|x-pem-file|x-x509-ca-cert|pkcs8|x-sh|sql|x-sql|javascript)$/i;

/**
 * mailparser's options, which it also passes to its MIME splitter (so the part digest's splitter
 * gets them too). textAsHtml, linkified text and html-to-text are never used and cost more than
 * the parse itself.
 */
const PARSER_OPTIONS = {
  skipImageLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipHtmlToText: true,
  maxHtmlLengthToParse: PARSER_LIMITS.htmlChars,
} as const;

export interface ParseOptions {
  /** Mail larger than this has its binary parts digested before mailparser reads it (PARSER_LIMITS.digestPartsAboveBytes). */
  digestPartsAboveBytes?: number;
}

/** Parses raw RFC 5322 bytes. Never throws for bad input: what cannot be read is reported in parseWarnings. */
export async function parseMail(raw: Buffer, opts: ParseOptions = {}): Promise<InboundMail> {
  try {
    return await parseMailAt(raw, 0, opts.digestPartsAboveBytes ?? PARSER_LIMITS.digestPartsAboveBytes);
  } catch (err) {
    // Last line of defence: parseMail must never throw, whatever the bytes.
    return emptyMail(raw, `parse-crash: ${(err as Error).message}`);
  }
}

interface MimeReading {
  parsed: ParsedMail | null;
  attachments: MailAttachment[];
  warnings: string[];
}

/**
 * mailparser's reading of `input` (the mail, or the mail with its binary parts digested) and the
 * attachments from it. Null when a digested reading is not the one the whole mail gives: a part
 * taken for binary that mailparser reads as text (a name its MIME table maps to text/*), a token
 * not found among the attachments, or a parse error; the caller then reads the whole mail.
 */
async function readMime(input: Buffer, depth: number, digestAbove: number, digested: DigestedMail | null): Promise<MimeReading | null> {
  const warnings: string[] = [];
  let parsed: ParsedMail | null = null;
  try {
    parsed = await simpleParser(input, PARSER_OPTIONS);
  } catch (err) {
    if (digested) return null;
    warnings.push(`parse-error: ${(err as Error).message}`);
  }
  const attachments: MailAttachment[] = [];
  let tokens = 0;
  for (const a of parsed?.attachments ?? []) {
    const digest = digested && a.content ? digested.digestOf(a.content) : undefined;
    if (digest) tokens++;
    const attachment = toAttachment(a, digest);
    if (digest && (attachment.text !== null || isRfc822(a))) return null;
    attachments.push(attachment);
    if (isRfc822(a) && a.content && depth < MAX_NESTED_MAIL_DEPTH) {
      // A forwarded mail attached whole: its text and images are the sender's material too.
      const inner = await parseMailAt(a.content, depth + 1, digestAbove);
      attachment.text = forwardedText(inner);
      for (const nested of inner.attachments) attachments.push(nested);
    }
  }
  if (digested && tokens !== digested.digests.length) return null;
  return { parsed, attachments, warnings };
}

async function parseMailAt(raw: Buffer, depth: number, digestAbove: number): Promise<InboundMail> {
  // A big mail is mostly attachments: mailparser would decode each whole (a 20 MB mail cost it
  // 60-100 MB); their size, hash and image size are all the analysis reads of them.
  const digested = raw.length > digestAbove ? await digestBinaryParts(raw, PARSER_OPTIONS, isTextLike) : null;
  const reading = (digested && (await readMime(digested.raw, depth, digestAbove, digested))) || (await readMime(raw, depth, digestAbove, null))!;
  const { parsed, attachments, warnings } = reading;
  const headers = readHeaderLines(parsed?.headerLines ?? []);
  let text = parsed?.text ?? '';
  const html = typeof parsed?.html === 'string' ? parsed.html : null;
  // the HTML the analysis reads (and the mail keeps): a huge HTML part is read from its head
  const htmlRead = html && html.length > TEXT_LIMITS.htmlChars ? html.slice(0, TEXT_LIMITS.htmlChars) : html;
  let textFromHtml = false;
  if (htmlRead && (!text.trim() || text.length <= 2 * STUB_TEXT_CHARS)) {
    if (htmlRead !== html) warnings.push('html-capped');
    const fromHtml = htmlToText(htmlRead);
    // a plain-text part that only says to read the HTML one ("[This message was composed in HTML. Please use an
    // HTML-capable mail client to read it.]"), in whatever words: the HTML part holds the mail
    if (!text.trim() || isStubOf(text, fromHtml)) {
      if (text.trim()) warnings.push('text-part-stub');
      text = fromHtml;
      textFromHtml = true;
    }
  }
  if (!text.trim() && !hasBodyAttachment(attachments)) {
    const fallback = rawBodyFallback(raw);
    if (fallback.trim()) {
      text = fallback;
      warnings.push('raw-body-fallback');
    }
  }
  const capped = capText(text, TEXT_LIMITS.bodyChars);
  if (capped !== text) warnings.push('text-capped');
  text = capped;
  // (capped again: the addresses written in must not take the text past its limits)
  if (htmlRead && !textFromHtml) text = capText(withLinkTargets(text, htmlRead), TEXT_LIMITS.bodyChars);
  const decoded = decodeUndeclaredJis(text);
  if (decoded !== text) {
    text = decoded;
    warnings.push('undeclared-iso-2022-jp');
  }
  capAttachmentTexts(attachments, warnings);
  const rawId = cleanId(parsed?.messageId ?? '');
  const messageId = rawId || syntheticMessageId(raw);
  return {
    messageId,
    messageIdSynthetic: !rawId,
    inReplyTo: idList(parsed?.inReplyTo),
    references: idList(parsed?.references),
    subject: decodeUndeclaredJis((parsed?.subject ?? '').slice(0, TEXT_LIMITS.subjectChars)),
    from: firstAddress(parsed?.from),
    replyTo: addresses(parsed?.replyTo),
    to: addresses(parsed?.to),
    cc: addresses(parsed?.cc),
    date: parsed?.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    headers,
    text,
    html: htmlRead,
    attachments,
    rawSize: raw.length,
    parseWarnings: warnings,
  };
}

/** The first `max` characters and TEXT_LIMITS.lines lines, every line cut at TEXT_LIMITS.lineChars. Returns `s` itself when nothing was cut. */
/** The Message-ID of a mail that has none: derived from its bytes, so the same mail gets the same ID again. */
export function syntheticMessageId(raw: Buffer): string {
  return `sha256-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@intake.invalid`;
}

export function capText(s: string, max: number): string {
  let out = s.length > max ? s.slice(0, max) : s;
  if (out.length > TEXT_LIMITS.lineChars || out.length > TEXT_LIMITS.lines) {
    let long = false;
    let lines = out.split('\n');
    if (lines.length > TEXT_LIMITS.lines) {
      lines = lines.slice(0, TEXT_LIMITS.lines);
      long = true;
    }
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.length > TEXT_LIMITS.lineChars) {
        lines[i] = lines[i]!.slice(0, TEXT_LIMITS.lineChars);
        long = true;
      }
    }
    if (long) out = lines.join('\n');
  }
  return out;
}

/** Each text attachment is capped, and all of them together: later ones beyond the total are not read. */
function capAttachmentTexts(attachments: MailAttachment[], warnings: string[]): void {
  let budget: number = TEXT_LIMITS.attachmentTotalChars;
  let cut = false;
  for (const a of attachments) {
    if (a.text === null) continue;
    const capped = capText(a.text, Math.min(TEXT_LIMITS.attachmentChars, budget));
    if (capped !== a.text) cut = true;
    a.text = capped;
    budget = Math.max(0, budget - capped.length);
  }
  if (cut) warnings.push('attachment-text-capped');
}

function emptyMail(raw: Buffer, warning: string): InboundMail {
  return blankMail({
    messageId: syntheticMessageId(raw),
    text: decodeUndeclaredJis(capText(rawBodyFallback(raw), TEXT_LIMITS.bodyChars)),
    rawSize: raw.length,
    parseWarnings: [warning, 'raw-body-fallback'],
  });
}

/** A mail with nothing read: no headers, no text; `fields` fill in what is known. */
export function blankMail(fields: Partial<InboundMail> = {}): InboundMail {
  return {
    messageId: '',
    messageIdSynthetic: true,
    inReplyTo: [],
    references: [],
    subject: '',
    from: null,
    replyTo: [],
    to: [],
    cc: [],
    date: null,
    headers: new Map(),
    text: '',
    html: null,
    attachments: [],
    rawSize: 0,
    parseWarnings: [],
    ...fields,
  };
}

function isRfc822(a: Attachment): boolean {
  return (a.contentType || '').toLowerCase() === 'message/rfc822';
}

/** A text or forwarded-mail attachment can carry the whole body (e.g. a bare forward). */
function hasBodyAttachment(attachments: MailAttachment[]): boolean {
  return attachments.some((a) => a.text !== null || a.contentType.startsWith('image/'));
}

/** The forwarded mail as a person reads it: a short header block, then its text. */
function forwardedText(inner: InboundMail): string {
  const head = [
    '---------- Forwarded message ---------',
    inner.from ? `From: ${inner.from.name} <${inner.from.address}>` : '',
    inner.subject ? `Subject: ${inner.subject}` : '',
  ].filter(Boolean);
  return `${head.join('\n')}\n\n${inner.text}`;
}

function readHeaderLines(lines: readonly { key: string; line: string }[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    const name = key.toLowerCase();
    const list = map.get(name);
    if (list) list.push(value);
    else map.set(name, [value]);
  }
  return map;
}

/** Named or typed like a text file: decoded and read as text. */
function isTextLike(contentType: string, filename: string | null): boolean {
  return contentType.startsWith('text/') || contentType === 'message/rfc822' || TEXT_APPLICATION.test(contentType) || TEXT_ATTACHMENT.test(filename ?? '');
}

/** `digest` stands for the content when the part was digested before parsing (its content is then a token). */
function toAttachment(a: Attachment, digest: PartDigest | undefined): MailAttachment {
  const content = a.content ?? Buffer.alloc(0);
  const contentType = (a.contentType || 'application/octet-stream').toLowerCase();
  const isText = isTextLike(contentType, a.filename ?? null);
  return {
    filename: a.filename ?? null,
    contentType,
    size: digest ? digest.size : (a.size ?? content.length),
    sha256: digest ? digest.sha256 : createHash('sha256').update(content).digest('hex'),
    contentId: a.contentId ? cleanId(a.contentId) : null,
    inline: a.contentDisposition === 'inline' || Boolean(a.related),
    text: isText && content.length <= PARSER_LIMITS.textAttachmentBytes ? decodeAttachmentText(content, charsetOf(a)) : null,
    image: contentType.startsWith('image/') ? (digest ? digest.image : imageSize(content)) : null,
  };
}

/** The charset the part's Content-Type declares, if any. */
function charsetOf(a: Attachment): string | null {
  const ct = a.headers?.get('content-type') as { params?: Record<string, string> } | string | undefined;
  const charset = typeof ct === 'object' ? ct?.params?.charset : undefined;
  return typeof charset === 'string' && charset.length <= 40 ? charset : null;
}

function cleanId(id: string): string {
  return id.trim().replace(/^<|>$/g, '').trim();
}

function idList(v: string | string[] | undefined): string[] {
  if (!v) return [];
  const list = Array.isArray(v) ? v : v.split(/\s+/);
  return list.map(cleanId).filter(Boolean);
}

function addresses(v: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!v) return [];
  const out: MailAddress[] = [];
  for (const obj of Array.isArray(v) ? v : [v]) {
    for (const entry of obj.value ?? []) {
      if (entry.address) out.push({ address: entry.address.toLowerCase(), name: entry.name ?? '' });
      for (const member of entry.group ?? []) {
        if (member.address) out.push({ address: member.address.toLowerCase(), name: member.name ?? '' });
      }
    }
  }
  return out;
}

function firstAddress(v: AddressObject | AddressObject[] | undefined): MailAddress | null {
  return addresses(v)[0] ?? null;
}

/**
 * HTML to text as a reader sees it: source whitespace is one space, tables read row by row (label:
 * value), block elements become line breaks, list items "- ", and <blockquote> content gets "> " per
 * level, so a quoted reply in an HTML-only mail stays a quote.
 */
export function htmlToText(html: string): string {
  const QUOTE_OPEN = '\u0001';
  const QUOTE_CLOSE = '\u0002';
  const flat = renderTables(collapseSourceSpace(dropRawTextElements(dropComments(html))))
    // a link's address read with its text, as a mail client's plain part writes it ("journey canvas [https://…]"):
    // the sender gave that URL though only its words show (bounded, one tag and plain text: linear)
    .replace(LINK, (m, _q: string, href: string, label: string) => (label.includes(href) || href.startsWith('mailto:') ? m : `${m} [${href}]`))
    .replace(/<blockquote\b[^<>]*>/gi, `\n${QUOTE_OPEN}\n`)
    .replace(/<\/blockquote>/gi, `\n${QUOTE_CLOSE}\n`)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^<>]*>/gi, '\n- ')
    .replace(/<\/(p|div|li|tr|h[1-6]|pre|table|ul|ol)>/gi, '\n')
    .replace(/<(p|div|tr|h[1-6]|pre|table)\b[^<>]*>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^<>]+>/g, '');
  const text = decodeEntities(flat);
  const out: string[] = [];
  let depth = 0;
  let lastBlank = false;
  for (const line of text.split('\n')) {
    if (line === QUOTE_OPEN) {
      depth++;
      continue;
    }
    if (line === QUOTE_CLOSE) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    const clean = line.replace(/(?<![ \t])[ \t]+$/, '');
    // Runs of blank lines (thousands of empty nested quotes) collapse to one.
    if (clean === '' && lastBlank) continue;
    lastBlank = clean === '';
    // Nested quotes 1,000 deep would repeat ">" on every line: the text grows with depth × lines.
    out.push(depth > 0 ? `${'>'.repeat(Math.min(depth, TEXT_LIMITS.quoteDepth))} ${clean}` : clean);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** At most this many links of the HTML part are carried into its plain-text alternative. */
const MAX_LINK_TARGETS = 50;

/**
 * A link's address the plain-text alternative dropped (Apple Mail writes only the link's words): written after the
 * words' first occurrence, as other clients write it ("こちらのセグメント [https://…]"). The reader of the mail sees the
 * link, so the sender gave that URL.
 */
function withLinkTargets(text: string, html: string): string {
  let out = text;
  let n = 0;
  for (const m of html.matchAll(LINK)) {
    if (++n > MAX_LINK_TARGETS) break;
    const href = decodeEntities(m[2]!);
    const label = decodeEntities(m[3]!).replace(/\s+/g, ' ').trim();
    if (label.length < 2 || label.includes(href) || out.includes(href)) continue;
    const at = out.indexOf(label);
    if (at < 0) continue;
    const end = at + label.length;
    out = `${out.slice(0, end)} [${href}]${out.slice(end)}`;
  }
  return out;
}

const LINK = /<a\b[^<>]{0,400}?\bhref\s*=\s*(["'])(https?:\/\/[^"'<>\s]{1,2000})\1[^<>]{0,400}>([^<]{0,300})<\/a>/gi;

/** `<!-- ... -->` removed in one pass; an unclosed comment runs to the end, as in a browser. */
function dropComments(html: string): string {
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const open = html.indexOf('<!--', from);
    if (open < 0) break;
    parts.push(html.slice(from, open));
    const close = html.indexOf('-->', open + 4);
    if (close < 0) return parts.join('');
    from = close + 3;
  }
  parts.push(html.slice(from));
  return parts.join('');
}

const RAW_TEXT_OPEN = /<(style|script|head|title)\b/gi;

/** `<style>`, `<script>`, `<head>`, `<title>` and their content removed in one pass; an unclosed one runs to the end. */
function dropRawTextElements(html: string): string {
  const parts: string[] = [];
  let from = 0;
  RAW_TEXT_OPEN.lastIndex = 0;
  for (let m = RAW_TEXT_OPEN.exec(html); m; m = RAW_TEXT_OPEN.exec(html)) {
    parts.push(html.slice(from, m.index));
    const close = new RegExp(`</${m[1]}\\s*>`, 'gi');
    close.lastIndex = m.index + m[0].length;
    const end = close.exec(html);
    if (!end) return parts.join('');
    from = end.index + end[0].length;
    RAW_TEXT_OPEN.lastIndex = from;
  }
  parts.push(html.slice(from));
  return parts.join('');
}

/**
 * Character references as a browser decodes them (every named one of HTML, "&rsquo;", "&bull;", "&rarr;", and the
 * legacy ones written without ';'), by the `entities` package: a hand-kept table knew eight. A no-break space reads as
 * a space.
 */
function decodeEntities(s: string): string {
  return decodeHTML(s).replace(/\u00a0/g, ' ');
}

/** The bytes after the first blank line (any line-end style), as latin1-safe UTF-8 text. */
function rawBodyFallback(raw: Buffer): string {
  const s = raw.toString('utf8');
  const m = /\r?\n\r?\n|\r\r/.exec(s);
  const body = m ? s.slice(m.index + m[0].length) : s.includes('\n') ? '' : s.replace(/\r/g, '\n');
  return body.slice(0, PARSER_LIMITS.rawBodyFallbackChars);
}
