/**
 * Evidence as the sender wrote it. The analysis reads normalised text (NFKC, wrapped lines joined,
 * quote markers removed); staff and partners must see the exact words of the decoded mail. A located
 * string is always a slice of one of the decoded texts, so it is found there verbatim.
 */

interface View {
  text: string;
  /** The text's visible characters, NFKC-normalised, whitespace and quote markers dropped. */
  squeezed: string;
  /** For each character of `squeezed`: the start and end offset of its source character in `text`. */
  from: number[];
  to: number[];
}

/** Skipped when matching: whitespace, and emphasis marks the analysis drops around labels. */
const WS = /[\s*]/;

function normalizeChar(c: string): string {
  if (c.charCodeAt(0) < 0x80) return c;
  return c
    .normalize('NFKC')
    .replace(/[\u2010-\u2014\u2212\uff0d]/g, '-')
    .replace(/\u00a0/g, ' ')
    .replace(/\u200b|\ufeff/g, '');
}

export function squeeze(s: string): string {
  let out = '';
  for (const c of s) {
    if (WS.test(c)) continue;
    out += normalizeChar(c).replace(/[\s*]+/g, '');
  }
  return out;
}

function buildView(text: string): View {
  let squeezed = '';
  const from: number[] = [];
  const to: number[] = [];
  let lineStart = true;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const c = String.fromCodePoint(cp);
    const next = i + c.length;
    if (c === '\n') lineStart = true;
    else if (lineStart && (c === '>' || c === ' ' || c === '\t')) {
      // quote markers of a quoted line ("> > text"): not part of what the sender wrote
    } else {
      lineStart = false;
      if (!WS.test(c)) {
        for (const n of normalizeChar(c)) {
          if (WS.test(n)) continue;
          squeezed += n;
          from.push(i);
          to.push(next);
        }
      }
    }
    i = next;
  }
  return { text, squeezed, from, to };
}

export class EvidenceLocator {
  private views: View[] | null = null;

  constructor(private readonly texts: string[]) {}

  /** The decoded text that reads as `normalized` (whitespace aside), or null when the mail has none. */
  locate(normalized: string): string | null {
    const wanted = normalized.trim();
    if (!wanted) return null;
    for (const t of this.texts) if (t.includes(wanted)) return wanted;
    const key = squeeze(wanted);
    if (!key) return null;
    this.views ??= this.texts.map(buildView);
    for (const v of this.views) {
      const k = v.squeezed.indexOf(key);
      if (k >= 0) return v.text.slice(v.from[k]!, v.to[k + key.length - 1]!);
    }
    return null;
  }
}
