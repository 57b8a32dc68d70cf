import { detectLanguage, normalizeText } from '../mail/text.ts';
import { readSegments, type ReadLine } from '../mail/text-segments.ts';
import type { InboundMail, MailAttachment } from '../mail/types.ts';
import type { ExampleReadings, Rules } from './rules.ts';
import type { Language } from './types.ts';

/** One piece of text the sender provided, with where it came from. */
export interface Source {
  /** `subject`, `body`, or an attachment's file name. */
  where: string;
  text: string;
  /** Attachments (logs, configs) are material, not prose: clock times there need no zone. */
  isAttachment: boolean;
  /** For a text put together by the reading (inline answers labelled by their question): line -> the sender's line to cite. */
  cites?: Map<string, string>;
  /** There, the [start, end) spans of support's questions: they label the answers, a value inside one is support's. */
  labels?: [number, number][];
}

/** What the analysis reads from one mail. */
export interface MailReading {
  language: Language;
  subject: string;
  /** The sender's own unquoted text. */
  own: string;
  /** Body text that counts as provided (own + forwarded + quoted own), normalised. */
  counted: string;
  lines: ReadLine[];
  /** subject, counted body, text attachments: in this order. */
  sources: Source[];
  /** Text of every part incl. support's quotes, for secret detection (secrets anywhere must be flagged). */
  everything: Source[];
}

export function readMail(mail: InboundMail, rules: Rules): MailReading {
  const subject = normalizeText(mail.subject ?? '');
  const body = withoutTemplateHints(undecorate(normalizeText(mail.text ?? '')), rules.reading.examples);
  const seg = readSegments(body, rules.reading);
  const sources: Source[] = [];
  if (subject.trim()) sources.push({ where: 'subject', text: subject, isAttachment: false });
  sources.push({ where: 'body', text: seg.counted, isAttachment: false });
  if (seg.inlineAnswers.length > 0) {
    // "question: answer", so a bare value reads with its label; evidence cites the sender's line
    // (an arrow, "A:" or "【回答】" before the answer only points at it: "→2116042275")
    const lead = rules.reading.answerLead;
    const cites = new Map<string, string>();
    const labels: [number, number][] = [];
    let at = 0;
    for (const a of seg.inlineAnswers) {
      const line = `${a.question}: ${lead ? a.value.replace(lead, '') : a.value}`;
      if (cites.has(line)) continue;
      cites.set(line, a.answer);
      labels.push([at, at + a.question.length]);
      at += line.length + 1;
    }
    sources.push({ where: 'inline answers', text: [...cites.keys()].join('\n'), isAttachment: false, cites, labels });
  }
  const everything: Source[] = [{ where: 'body', text: body, isAttachment: false }];
  for (const a of mail.attachments) {
    if (a.text === null) continue;
    const name = a.filename ?? a.contentType;
    const text = normalizeText(a.text, { rejoin: a.contentType === 'message/rfc822' });
    everything.push({ where: name, text, isAttachment: true });
    if (a.contentType === 'message/rfc822') {
      // A forwarded mail: its text is read like a body (its own quotes of support excluded).
      const inner = readSegments(text, rules.reading);
      sources.push({ where: name, text: inner.counted, isAttachment: false });
    } else if (isReadableAttachment(a)) {
      sources.push({ where: name, text, isAttachment: true });
    }
  }
  const own = stripCode(seg.own);
  const counted = stripCode(seg.counted);
  // a one-line addendum mixing both scripts takes the language of the sender's quoted mail or of the subject
  const language =
    detectLanguage(own, true) ?? detectLanguage(counted, true) ?? detectLanguage(`${subject}\n${own}`, true) ?? detectLanguage(own) ?? detectLanguage(counted) ?? detectLanguage(subject) ?? 'en';
  return { language, subject, own: seg.own, counted: seg.counted, lines: seg.lines, sources, everything };
}

function isReadableAttachment(a: MailAttachment): boolean {
  return !a.contentType.startsWith('image/');
}

/** Code, logs and URLs say nothing about the sender's language. */
function stripCode(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^\s{2,}\S/.test(l) && !/[{};]\s*$/.test(l))
    .join('\n')
    .replace(/https?:\/\/\S+/g, '');
}

/** A template's hint inside a label is support's example, not the sender's value: read "Job ID（例：123）：…" as "Job ID：…". */
function withoutTemplateHints(text: string, examples: ExampleReadings): string {
  return examples.marker.test(text) ? text.replace(examples.inLabel, '') : text;
}

/**
 * Where the reading dropped a template's hint: [start, end) offsets in `text`. The evidence locator skips them,
 * so a label line read without its hint is still cited as the sender wrote it, hint included.
 */
export function templateHintSpans(text: string, examples: ExampleReadings): [number, number][] {
  if (!examples.marker.test(text)) return [];
  return [...text.matchAll(examples.inLabel)].map((m) => [m.index, m.index + m[0].length]);
}

// "*TD Account ID:* 39260", "**Session ID**: 97310458" (tracker templates, Markdown): the label without its emphasis.
const DECORATED_LABEL = /^([ \t>]*(?:[-・] )?)[*_]{1,2}([^*_:\n]{1,40}?)(?:[*_]{1,2}:|:[*_]{1,2})(?=\s|$)/gm;

/** Emphasis marks around a label are decoration: read "*Account ID:* 1" as "Account ID: 1". */
export function undecorate(text: string): string {
  return text.includes('*') || text.includes('_') ? text.replace(DECORATED_LABEL, '$1$2:') : text;
}
