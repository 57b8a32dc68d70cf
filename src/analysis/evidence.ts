/**
 * Evidence as the sender wrote it. The analysis reads normalised text (NFKC, wrapped lines joined,
 * quote markers removed); staff and partners must see the exact words of the decoded mail. A located
 * string is always a slice of one of the decoded texts, so it is found there verbatim (with any template hint the
 * reading dropped inside it).
 */

import { asciiLookalikes } from '../mail/text.ts';
import { templateHintSpans } from './reading.ts';
import type { ExampleReadings } from './rules.ts';

interface View {
  text: string;
  /** The text's visible characters, NFKC-normalised, whitespace and quote markers dropped. */
  squeezed: string;
  /** For each UTF-16 unit of `squeezed`: the start and end offset of its source character in `text`. */
  from: Int32Array;
  to: Int32Array;
}

/** Skipped when matching: whitespace, and emphasis marks the analysis drops around labels. */
const WS = /[\s*]/;

function normalizeChar(c: string): string {
  if (c.charCodeAt(0) < 0x80) return c;
  return asciiLookalikes(c.normalize('NFKC'));
}

export function squeeze(s: string): string {
  let out = '';
  for (const c of s) {
    if (WS.test(c)) continue;
    out += normalizeChar(c).replace(/[\s*]+/g, '');
  }
  return out;
}

function isSkipped(code: number): boolean {
  // whitespace (ASCII and the common Unicode spaces) and '*'
  return code === 0x20 || code === 0x2a || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

function buildView(text: string, hints: [number, number][]): View {
  const chars: string[] = [];
  const from = new Int32Array(text.length * 2 + 1);
  const to = new Int32Array(text.length * 2 + 1);
  let n = 0;
  let lineStart = true;
  let i = 0;
  // a template's hint the reading dropped ("Job ID（例：123）："): skipped like whitespace, so the line is found
  let hint = 0;
  while (i < text.length) {
    while (hint < hints.length && hints[hint]![1] <= i) hint++;
    if (hint < hints.length && hints[hint]![0] === i) {
      i = hints[hint]![1];
      continue;
    }
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      lineStart = true;
      i++;
      continue;
    }
    // quote markers of a quoted line ("> > text"): not part of what the sender wrote
    if (lineStart && (code === 0x3e || code === 0x20 || code === 0x09)) {
      i++;
      continue;
    }
    lineStart = false;
    if (code < 0x80) {
      if (!isSkipped(code)) {
        chars.push(text[i]!);
        from[n] = i;
        to[n++] = i + 1;
      }
      i++;
      continue;
    }
    const c = String.fromCodePoint(text.codePointAt(i)!);
    const next = i + c.length;
    for (const ch of normalizeChar(c)) {
      if (isSkipped(ch.charCodeAt(0)) || WS.test(ch)) continue;
      chars.push(ch);
      // one entry per UTF-16 unit, so that indexes into the joined string line up
      for (let u = 0; u < ch.length && n < from.length; u++) {
        from[n] = i;
        to[n++] = next;
      }
    }
    i = next;
  }
  return { text, squeezed: chars.join(''), from, to };
}

export class EvidenceLocator {
  /** Built on first need, one per text: most evidence is found verbatim without them. */
  private readonly views: (View | undefined)[] = [];

  /**
   * @param texts the mail's decoded texts (subject, body, attachments)
   * @param hintsDroppedIn the texts the reading read without their template hints (the body), and how it found them
   */
  constructor(
    private readonly texts: string[],
    private readonly hintsDroppedIn: { texts: ReadonlySet<number>; examples: ExampleReadings } | null = null,
  ) {}

  /** The template hints the reading dropped from text `i` ("Job ID（例：123）："): skipped like whitespace. */
  private droppedHints(i: number): [number, number][] {
    const dropped = this.hintsDroppedIn;
    return dropped?.texts.has(i) ? templateHintSpans(this.texts[i]!, dropped.examples) : [];
  }

  /** The decoded text that reads as `normalized` (whitespace aside), or null when the mail has none. */
  locate(normalized: string): string | null {
    const wanted = normalized.trim();
    if (!wanted) return null;
    for (const t of this.texts) if (t.includes(wanted)) return wanted;
    const key = squeeze(wanted);
    if (!key) return null;
    for (let i = 0; i < this.texts.length; i++) {
      if (this.texts[i] === '') continue;
      const v = (this.views[i] ??= buildView(this.texts[i]!, this.droppedHints(i)));
      const k = v.squeezed.indexOf(key);
      if (k >= 0) return v.text.slice(v.from[k]!, v.to[k + key.length - 1]!);
    }
    return null;
  }
}
