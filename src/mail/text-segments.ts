/**
 * Who wrote which line of a mail. The reading rules: the sender's own text, mail they forward and
 * quotes of their own earlier mail count; support's text (auto-replies included), attribution lines,
 * quoted headers and signatures do not.
 */
import { markInlineAnswers, markPutOffHeadings, readAnswers } from './answers.ts';

export interface ReadingRules {
  /** A form field answered with nothing ("経緯: 特になし"), and such an answer on its own ("TBD", "see attached"). */
  notAnswered: { field: RegExp; value: RegExp; note: RegExp | null; formHint: RegExp | null };
  supportAuthors: RegExp[];
  supportMarkers: RegExp[];
  ownQuoteMarkers: RegExp[];
  attributionLines: RegExp[];
  headerLines: { from: RegExp; other: RegExp; dated: RegExp };
  quoteLeadIns: RegExp[];
  /** The sender says how their inline answers in support's text start ('my answers start with "KV:"'); group 1 = the marker. */
  inlineAnswerMarker: RegExp | null;
  /** The sender says they answered inside support's text without naming a marker ('下記に青字で回答いたします'). */
  answeredInline: RegExp | null;
  /** How an answer written under a question starts ("⇒", "A:", "【回答】"): not part of the value. */
  answerLead: RegExp | null;
  /** Examples support gives inside a question are not its label: "(e.g. Account ID: 10101)", "（例：10101）". */
  examples: { inQuestion: RegExp };
  /** A help desk's comment header in a forwarded notification: the author's line, then the stamp of the post. */
  commentHeaders?: { author: RegExp; stamp: RegExp } | null;
  signature: {
    separators: RegExp;
    contactLines: RegExp;
    closings: RegExp;
    notSignature: RegExp;
    maxLines: number;
    mobileFooters: RegExp;
    /** "P.S.", "追伸": what follows is content again, even after a closing or a signature. */
    postscript?: RegExp;
  };
}

export type LineRole =
  /** The sender's own, unquoted text. */
  | 'own'
  /** Forwarded mail or quoted earlier mail of the sender's side: counts as provided. */
  | 'passed-on'
  /** Written by support: never counts. */
  | 'support'
  /** Attribution lines, quoted headers: metadata. */
  | 'meta'
  | 'signature';

export interface ReadLine {
  text: string;
  role: LineRole;
  depth: number;
}

/** A one-line answer the sender wrote right under a question quoted from support's mail ("> - Account ID (e.g. …)" / "61390"). */
export interface InlineAnswer {
  /** The quoted question, examples removed: it labels the answer. */
  question: string;
  /** The sender's line, as written. */
  answer: string;
  /** What the line answers, without its item number ("1. 71240 / US" answers "71240 / US"). */
  value: string;
}

export interface ReadText {
  lines: ReadLine[];
  inlineAnswers: InlineAnswer[];
  /** The sender's own unquoted text, signatures removed. */
  own: string;
  /** Everything that counts as provided, in order (own + passed-on). */
  counted: string;
}

type Author = 'sender' | 'other' | 'support';

const QUOTE_PREFIX = /^((?:[ \t]*>)+)[ \t]?/;
/** The first line of an attribution that the mail client wrapped ("On Tue, Mar 3, 2026 at 9:00 AM Ken <"). */
const WRAPPED_ATTRIBUTION_START = /^(?:On\s.{6,}|\d{4}[年/-]\s*\d{1,2}[月/-].{0,80}|Le\s.{6,}|Am\s.{6,})$/i;

const IMAGE_PLACEHOLDER = /^\[(?:cid:[^\]\s]{1,200}|image:[^\]\n]{0,200})\]$/i;

/** A signature block is never longer than this (a longer "signature" is content after a divider). */
const MAX_SIGNATURE_LINES = 16;

export function readSegments(text: string, rules: ReadingRules): ReadText {
  const raw = text.split('\n');
  const lines: ReadLine[] = [];
  // Author of the text at each quote depth; unset depths inherit (see authorAt).
  const authorAt: (Author | undefined)[] = ['sender'];
  // Author each quote depth had when the text went back above it: an inline reply interleaves its answers with
  // the quoted mail, and the next '>' block at that depth continues the same quoted mail (no attribution of its own).
  const resumeAt: (Author | undefined)[] = [];
  let headerBlockOpen = false;
  let headerBlockDepth = 0;
  let headerAuthor: Author = 'other';
  let prevDepth = 0;

  for (let i = 0; i < raw.length; i++) {
    const full = raw[i]!;
    const m = QUOTE_PREFIX.exec(full);
    const depth = m ? (m[1]!.match(/>/g)?.length ?? 0) : 0;
    const body = m ? full.slice(m[0].length) : full;
    const trimmed = body.trim();
    // where a mail client drew an inline image ("[cid:image001.png@01DCF8D1.6B0E2C40]", Gmail's "[image: shot.png]"):
    // the picture, not text the sender wrote (the image itself is read as an attachment)
    if (IMAGE_PLACEHOLDER.test(trimmed)) {
      lines.push({ text: body, role: 'meta', depth });
      continue;
    }

    if (depth > prevDepth) {
      // Entering a deeper quote: forget what deeper levels had before.
      authorAt.length = Math.min(authorAt.length, depth + 1);
      for (let d = prevDepth + 1; d <= depth; d++) authorAt[d] ??= resumeAt[d] ?? inherit(authorAt, d);
    } else if (depth < prevDepth) {
      for (let d = depth + 1; d <= prevDepth; d++) resumeAt[d] = authorAt[d] ?? resumeAt[d];
      authorAt.length = depth + 1;
    }
    prevDepth = depth;

    // Outlook-style header block of a quoted / forwarded mail.
    if (headerBlockOpen && depth === headerBlockDepth) {
      const fromMatch = rules.headerLines.from.exec(trimmed);
      if (fromMatch) {
        headerAuthor = authorOf(fromMatch[1] ?? '', rules);
        lines.push({ text: body, role: 'meta', depth });
        continue;
      }
      if (rules.headerLines.other.test(trimmed) || (trimmed !== '' && /^\s/.test(body) && lines.at(-1)?.role === 'meta')) {
        lines.push({ text: body, role: 'meta', depth });
        continue;
      }
      if (trimmed === '') {
        lines.push({ text: body, role: 'meta', depth });
        // the block ends at its first blank line; its author owns what follows at this depth, or, when the mail
        // below it is quoted with '>' (answers typed between its lines), only that quote
        headerBlockOpen = false;
        if (nextIsDeeper(raw, i, depth)) {
          authorAt[depth + 1] = headerAuthor;
          authorAt.length = depth + 2;
          resumeAt.length = depth + 1;
        } else {
          authorAt[depth] = headerAuthor;
          authorAt.length = depth + 1;
        }
        continue;
      }
      headerBlockOpen = false;
      authorAt[depth] = headerAuthor;
      authorAt.length = depth + 1;
    }

    // "Quoting the relevant part of your reply:" above a '>' quote: that quote is support's
    if (trimmed !== '' && rules.quoteLeadIns.some((re) => re.test(trimmed)) && nextIsDeeper(raw, i, depth)) {
      lines.push({ text: body, role: 'meta', depth });
      authorAt[depth + 1] = 'support';
      authorAt.length = depth + 2;
      resumeAt.length = depth + 1;
      continue;
    }
    if (trimmed !== '' && rules.attributionLines.some((re) => re.test(trimmed))) {
      // A long "On <date> <name> <address> wrote:" is often wrapped: its first half is metadata too.
      const prev = lines.at(-1);
      const wrappedStart = prev && prev.depth === depth && prev.role !== 'meta' && WRAPPED_ATTRIBUTION_START.test(prev.text.trim());
      if (wrappedStart) prev.role = 'meta';
      const author = authorOf(wrappedStart ? `${prev.text} ${trimmed}` : trimmed, rules);
      lines.push({ text: body, role: 'meta', depth });
      // A separator ("--- Original Message ---") is followed by a header block naming the author.
      if (/^-{2,}|^begin forwarded/i.test(trimmed)) {
        headerBlockOpen = true;
        headerBlockDepth = depth;
        headerAuthor = author === 'support' ? 'support' : 'other';
      } else {
        // "On ... X wrote:": X wrote the quote below and, when top-posted, the rest at this depth.
        authorAt[depth + 1] = author;
        authorAt.length = depth + 2;
        resumeAt.length = depth + 1;
        if (!nextIsDeeper(raw, i, depth)) authorAt[depth] = author;
      }
      continue;
    }
    if (trimmed !== '' && rules.headerLines.from.test(trimmed) && looksLikeHeaderBlock(raw, i, rules)) {
      headerBlockOpen = true;
      headerBlockDepth = depth;
      headerAuthor = authorOf(rules.headerLines.from.exec(trimmed)?.[1] ?? '', rules);
      lines.push({ text: body, role: 'meta', depth });
      continue;
    }
    const current = authorAt[depth] ?? inherit(authorAt, depth);
    if (current === 'support' && rules.ownQuoteMarkers.some((re) => re.test(trimmed))) {
      // Support quoting the sender's original inquiry: what follows is the sender's again.
      authorAt[depth] = 'sender';
      lines.push({ text: body, role: 'meta', depth });
      continue;
    }
    lines.push({ text: body, role: roleOf(current, depth), depth });
  }

  markSupportBlocks(lines, rules);
  markRequotedSupportLines(lines);
  markCommentHeaders(lines, rules);
  markThreadComments(lines, rules);
  markSignatures(lines, rules);
  markInlineAnswers(lines, rules);
  markEmptyFormFields(lines, rules);
  markPutOffHeadings(lines, rules);
  const own = lines.filter((l) => l.role === 'own').map((l) => l.text).join('\n');
  const counted = lines
    .filter((l) => l.role === 'own' || l.role === 'passed-on')
    .map((l) => l.text)
    .join('\n');
  return { lines, own, counted, inlineAnswers: readAnswers(lines, rules) };
}

/** A form's field label alone on its line: "History (steps before the problem, what you tried):" */
const FIELD_LABEL = /^[^\S\n]*[^:：\n]{2,120}[:：][^\S\n]*$/;
// A form's field in brackets, with no colon: "【経緯】" alone, "【参考資料】https://…" with its value
const BRACKET_LABEL = /^[^\S\n]*【[^】\n]{1,40}】[^\S\n]*$/;
const BRACKET_ROW = /^[^\S\n]*【[^】\n]{1,40}】[^\S\n]*\S/;
// The mark a form sets before each of its fields: "■経緯：", "【エラー内容】", "● Job ID:"
const FIELD_MARK = /^[^\S\n]*([■□●○◆◇▼▶【])/;
// A form row with its value: a label of at most four words, then the value on the same line ("Execution method:
// Audience Studio"); not a URL, nor a clock time ("- May 18 14:00  last successful session"), nor pasted error text
// ("Task failed with unexpected error: …")
const SHORT_FIELD_LABEL = /^[^\S\n]*[^:：\n,.、。]{2,40}[:：][^\S\n]*$/;
const FORM_ROW = /^[^\S\n]*(?:[-*・•●■][^\S\n]*)?(?!https?:)[^\s:：]+(?:[^\S\n][^\s:：]+){0,3}(?<!\d)[:：][^\S\n]*\S/;
// A sentence that ends by leading into what follows is no form's label: "…any more. Could you please:" above a
// numbered list, "Please do the following:"
// (read only on a line FIELD_LABEL took, which has one colon, at its end)
const SENTENCE_BREAK = /[a-z]{2}\.[^\S\n]+[A-Z]/;
const ASKS_BELOW = /\b(?:[Pp]lease|[Kk]indly|[Ff]ollowing|[Aa]s follows)[^\S\n]*[:：]/;
const leadsIn = (line: string): boolean => SENTENCE_BREAK.test(line) || ASKS_BELOW.test(line);

/**
 * Fields a form left empty: a label whose next non-blank line is another label (or nothing). The label's
 * words ("what you tried", "Related ticket number (if any)") are the form's, not the sender's.
 */
function markEmptyFormFields(lines: ReadLine[], rules: ReadingRules): void {
  const counts = (l: ReadLine) => l.role === 'own' || l.role === 'passed-on';
  const at = lines.flatMap((l, n) => (counts(l) && l.text.trim() !== '' ? [n] : []));
  const shown = at.map((n) => lines[n]!);
  const kinds = shown.map((l) =>
    (FIELD_LABEL.test(l.text) && !leadsIn(l.text)) || BRACKET_LABEL.test(l.text) ? 'label' : FORM_ROW.test(l.text) || BRACKET_ROW.test(l.text) ? 'row' : 'text',
  );
  const indent = (l: ReadLine) => /^[^\S\n]*/.exec(l.text)![0].length;
  shown.forEach((l, i) => {
    const next = i + 1 < shown.length && shown[i + 1]!.role === l.role ? kinds[i + 1] : undefined;
    const prev = i > 0 && shown[i - 1]!.role === l.role ? kinds[i - 1] : undefined;
    // the next field's label, alone or with its value, inside one block of form rows ("Inquiry type: Spec" / "What
    // you want to achieve:" / "Execution method: Console"). A lead-in sentence ("The run created job 2490017733,
    // which ended with this:"), a label above pasted lines set in ("   SYNTAX_ERROR: line 3:6: …") or a heading
    // set apart by blank lines ("Run history (all times IST):") is no empty field.
    const inBlock = i > 0 && i + 1 < shown.length && at[i]! - at[i - 1]! === 1 && at[i + 1]! - at[i]! === 1;
    const nextRowIsField = next === 'row' && (prev === 'row' || prev === 'label') && inBlock && SHORT_FIELD_LABEL.test(l.text) && indent(shown[i + 1]!) <= indent(l);
    // (or, blank lines between, the next field marked as this one is: "■経緯：" above "■参考にしたドキュメント：https://…")
    const mark = FIELD_MARK.exec(l.text)?.[1];
    const sameMark = next === 'row' && mark !== undefined && mark === FIELD_MARK.exec(shown[i + 1]!.text)?.[1];
    const empty = i + 1 === shown.length || next === 'label' || nextRowIsField || sameMark;
    if (kinds[i] === 'label' && empty) l.role = 'meta';
    // a field answered with "none" is empty too: "経緯: 特になし", "History: N/A", "アカウントID: 確認中"
    else if (rules.notAnswered.field.test(l.text) || rules.notAnswered.formHint?.test(l.text)) l.role = 'meta';
    // or still holding the sender's note to fill it in: "エラーメッセージ：【Job画面からコピーして貼る】", "経緯：" above "（高橋さんに確認中）"
    else if (kinds[i] !== 'text' && isNoteForLater(valueAfterLabel(l.text), rules)) l.role = 'meta';
    else if (kinds[i] === 'label' && next === 'text' && isNoteForLater(shown[i + 1]!.text, rules)) {
      l.role = 'meta';
      shown[i + 1]!.role = 'meta';
    }
  });
}

// A value wholly in brackets; what it says is read by the rules' notes.
const BRACKETED = /^[^\S\n]*[(（【\[［<＜]([^()（）【】\[\]［］<>＜＞\n]{1,80})[)）】\]］>＞][.。]?[^\S\n]*$/;

function isNoteForLater(value: string, rules: ReadingRules): boolean {
  const note = rules.notAnswered.note;
  if (!note) return false;
  const inner = BRACKETED.exec(value)?.[1];
  return inner !== undefined && note.test(inner);
}

function valueAfterLabel(line: string): string {
  const colon = line.search(/[:：]/);
  return colon < 0 ? '' : line.slice(colon + 1);
}

function roleOf(author: Author, depth: number): LineRole {
  if (author === 'support') return 'support';
  return author === 'sender' && depth === 0 ? 'own' : 'passed-on';
}

/** A depth nobody claimed: quoted inside support's text it is the sender's earlier mail; else the parent's author. */
function inherit(authorAt: (Author | undefined)[], depth: number): Author {
  for (let d = depth - 1; d >= 0; d--) {
    const a = authorAt[d];
    if (a === 'support') return 'sender';
    if (a) return a === 'sender' ? 'other' : a;
  }
  return 'other';
}

function authorOf(s: string, rules: ReadingRules): Author {
  return rules.supportAuthors.some((re) => re.test(s)) ? 'support' : 'other';
}

function nextIsDeeper(raw: string[], i: number, depth: number): boolean {
  for (let j = i + 1; j < raw.length && j < i + 4; j++) {
    const line = raw[j]!;
    if (line.trim() === '') continue;
    const m = QUOTE_PREFIX.exec(line);
    const d = m ? (m[1]!.match(/>/g)?.length ?? 0) : 0;
    return d > depth;
  }
  return false;
}

/**
 * "From: x" starts a quoted header block only when header lines follow right after and one of them dates
 * or names the mail (Sent:/Date:/Subject:): "from: old owner / to: new owner" in a change request is content.
 */
function looksLikeHeaderBlock(raw: string[], i: number, rules: ReadingRules): boolean {
  let header = false;
  for (let j = i + 1; j < raw.length && j <= i + 5; j++) {
    const t = raw[j]!.replace(QUOTE_PREFIX, '').trim();
    if (t === '' || !rules.headerLines.other.test(t)) break;
    if (rules.headerLines.dated.test(t)) header = true;
  }
  return header;
}

/** Quoted lines shorter than this are too common ("Thanks,", "> 1.") to tell who wrote them by their wording. */
const MIN_REQUOTED_CHARS = 8;

/**
 * A quoted line that support's own mail, quoted further down, holds word for word is support's: an answer typed
 * inline quotes pieces of support's questions above their attribution line ("> （例：Account ID: 10101,
 * production-us01）" above "2026/06/09 16:48、Treasure Data Support <…> のメール:").
 */
function markRequotedSupportLines(lines: ReadLine[]): void {
  const said = new Set<string>();
  for (const l of lines) {
    const t = l.text.trim();
    if (l.role === 'support' && t.length >= MIN_REQUOTED_CHARS) said.add(t);
  }
  if (said.size === 0) return;
  for (const l of lines) if (l.depth > 0 && l.role === 'passed-on' && said.has(l.text.trim())) l.role = 'support';
}

/** A quoted or forwarded block that carries support's wording (an auto-reply quoted bare) is support's. */
function markSupportBlocks(lines: ReadLine[], rules: ReadingRules): void {
  let start = 0;
  while (start < lines.length) {
    const { depth, role } = lines[start]!;
    let end = start;
    while (end + 1 < lines.length && lines[end + 1]!.depth === depth && lines[end + 1]!.role === role) end++;
    if (role === 'passed-on') {
      const text = lines
        .slice(start, end + 1)
        .map((l) => l.text)
        .join('\n');
      if (rules.supportMarkers.some((re) => re.test(text)) || signedBySupport(lines, start, end, rules)) {
        for (let k = start; k <= end; k++) lines[k]!.role = 'support';
      }
    }
    start = end + 1;
  }
}

/** The block ends with support's name on a line of its own ("トレジャーデータ サポート", "Treasure Data Support Team"). */
function signedBySupport(lines: ReadLine[], start: number, end: number, rules: ReadingRules): boolean {
  let last = end;
  while (last > start && lines[last]!.text.trim() === '') last--;
  const text = lines[last]!.text.trim();
  return text.length <= 40 && authorOf(text, rules) === 'support' && !/@/.test(text);
}

/**
 * A comment header of a forwarded ticket notification ("Tan Wei Ming (Tidewater Foods)" / "May 14, 2026, 10:11") is
 * attribution: when a comment was posted, not an event the sender tells.
 */
function markCommentHeaders(lines: ReadLine[], rules: ReadingRules): void {
  const h = rules.commentHeaders;
  if (!h) return;
  for (let i = 1; i < lines.length; i++) {
    const stamp = lines[i]!;
    if ((stamp.role !== 'own' && stamp.role !== 'passed-on') || !h.stamp.test(stamp.text)) continue;
    let a = i - 1;
    if (lines[a]!.text.trim() === '' && a > 0) a--;
    const author = lines[a]!;
    if (author.depth !== stamp.depth || author.role !== stamp.role || !h.author.test(author.text)) continue;
    author.role = 'meta';
    stamp.role = 'meta';
  }
}

/** A comment's author line in a help desk's thread: a name, perhaps with its company or team in brackets. */
const COMMENT_AUTHOR = /^[^\S\n]*[^\s:：。.!?？！、,][^:：。!?？！、\n]{0,40}$/;

/**
 * A help desk's thread quoted in support's mail ("##- このメールに返信する場合は、この行より上に入力してください -##", then
 * each comment under its author's name and stamp: "高橋 真理子" / "2026年6月15日 11:20 (GMT+09:00)"). A comment whose author
 * is not support is the sender's side's earlier mail nested in support's text: it counts, up to the next comment.
 */
function markThreadComments(lines: ReadLine[], rules: ReadingRules): void {
  const h = rules.commentHeaders;
  if (!h) return;
  let comment: { depth: number; bySupport: boolean } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.role !== 'support') {
      if (l.role !== 'meta' || l.depth !== comment?.depth) comment = null;
      continue;
    }
    if (COMMENT_AUTHOR.test(l.text) && !h.stamp.test(l.text)) {
      let j = i + 1;
      if (j < lines.length && lines[j]!.text.trim() === '') j++;
      const stamp = lines[j];
      if (stamp && stamp.role === 'support' && stamp.depth === l.depth && h.stamp.test(stamp.text)) {
        comment = { depth: l.depth, bySupport: rules.supportAuthors.some((re) => re.test(l.text)) };
        l.role = 'meta';
        stamp.role = 'meta';
        i = j;
        continue;
      }
    }
    if (comment && !comment.bySupport && l.depth === comment.depth) l.role = 'passed-on';
  }
}

/**
 * Signatures: a separator line followed by contact lines, everything after a closing phrase (bounded),
 * mobile footers, and any single contact line (phone, postal code, business hours).
 */
function markSignatures(lines: ReadLine[], rules: ReadingRules): void {
  const sig = rules.signature;
  const counts = (l: ReadLine) => l.role === 'own' || l.role === 'passed-on';
  // proseAfter[i]: running text of the same author follows line i
  const proseAfter: boolean[] = new Array(lines.length).fill(false);
  for (let i = lines.length - 2; i >= 0; i--) {
    const next = lines[i + 1]!;
    proseAfter[i] = (next.role === lines[i]!.role && isProse(next, sig)) || (proseAfter[i + 1]! && next.role === lines[i]!.role);
  }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!counts(l)) continue;
    const t = l.text.trim();
    if (sig.mobileFooters.test(t)) {
      l.role = 'signature';
      continue;
    }
    if (sig.separators.test(t) && contactFollows(lines, i, sig)) {
      // the block runs to the end of this author's run, at most MAX_SIGNATURE_LINES lines
      let j = i + 1;
      while (j < lines.length && j - i < MAX_SIGNATURE_LINES && lines[j]!.role === l.role && lines[j]!.depth === l.depth && !isPostscript(lines[j]!, sig)) j++;
      // a divider above pasted settings ("URL: https://console...", "Job ID: ...") is no signature
      if (!lines.slice(i + 1, j).some((x) => sig.notSignature.test(x.text))) {
        for (let k = i; k < j; k++) lines[k]!.role = 'signature';
        i = j - 1;
        continue;
      }
    }
    if (sig.closings.test(t)) {
      // The closing line itself is content (it may hold a request); the lines after it up to the
      // next block of another author are the signature when they are few.
      let j = i + 1;
      while (j < lines.length && lines[j]!.role === l.role && lines[j]!.depth === l.depth && !sig.separators.test(lines[j]!.text.trim()) && !isPostscript(lines[j]!, sig)) j++;
      // a separator right after the closing starts the signature proper: take it with the block
      if (j < lines.length && lines[j]!.role === l.role && sig.separators.test(lines[j]!.text.trim())) {
        while (j < lines.length && lines[j]!.role === l.role && lines[j]!.depth === l.depth && !isPostscript(lines[j]!, sig)) j++;
      }
      const after = lines.slice(i + 1, j);
      if (after.length <= sig.maxLines && !after.some((x) => sig.notSignature.test(x.text))) {
        for (let k = i + 1; k < j; k++) lines[k]!.role = 'signature';
        i = j - 1;
      }
      continue;
    }
    // A lone contact line (company, phone) is signature only in the trailing block after the last
    // prose: "株式会社やまびこ食品様(アカウントID:8831、東京リージョン)で、" mid-body is the inquiry itself.
    if (sig.contactLines.test(t) && !sig.notSignature.test(t) && !proseAfter[i]) l.role = 'signature';
  }
}

function isPostscript(l: ReadLine, sig: ReadingRules['signature']): boolean {
  return sig.postscript?.test(l.text.trim()) ?? false;
}

/** Lines a reader takes as running text: a sentence, not a name, phone number or company line. */
function isProse(l: ReadLine, sig: ReadingRules['signature']): boolean {
  const t = l.text.trim();
  if (t === '' || sig.contactLines.test(t) || sig.closings.test(t)) return false;
  return (t.length >= 12 && /[。、.,!?！？]/.test(t)) || t.length >= 40;
}

/**
 * A separator starts a signature when contact lines follow it closely and no running text comes first: a rule
 * under a pasted block ("----------------") followed by "本日14時頃に実行しています。" and then the real signature
 * closes the paste; it does not make the sender's last sentences a signature.
 */
function contactFollows(lines: ReadLine[], i: number, sig: ReadingRules['signature']): boolean {
  for (let j = i + 1; j < lines.length && j <= i + 8; j++) {
    if (sig.contactLines.test(lines[j]!.text.trim())) return true;
    if (isProse(lines[j]!, sig)) return false;
  }
  return false;
}

