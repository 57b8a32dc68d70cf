/**
 * Text as a person reads it: full-width digits and punctuation as ASCII (NFKC), one line-end style,
 * and IDs / URLs that a mail client wrapped across lines joined again.
 */
export function normalizeText(text: string, opts: { rejoin?: boolean } = {}): string {
  const normalized = asciiLookalikes(text.replace(/\r\n?/g, '\n').normalize('NFKC'));
  // Attachments (logs, configs) are not wrapped by a mail client: their line breaks are real.
  return opts.rejoin === false ? normalized : rejoinWrapped(normalized);
}

/**
 * What NFKC leaves that senders use as ASCII: dashes and minus signs, no-break spaces, zero-width marks, and the
 * characters of a table drawn with box lines ("│ＡＩＤ　│１０２３４　│", "├──┼──┤" read as "|AID|10234|", "+--+--+").
 * The evidence locator maps characters with the same function, so what it cites is found in the mail.
 */
export function asciiLookalikes(text: string): string {
  // one pass with a lookup: this runs on every mail's text and, in the evidence locator, on every non-ASCII character
  return text.replace(LOOKALIKE, (c) => LOOKALIKE_AS[c] ?? '');
}

const LOOKALIKE =
  /[\u2010-\u2014\u2212\uff0d\u00a0\u2500\u2501\u2550\u2502\u2503\u2551\u250c\u2510\u2514\u2518\u251c\u2524\u252c\u2534\u253c\u2554\u2557\u255a\u255d\u2560\u2563\u2566\u2569\u256c\u200b\ufeff]/g;
const LOOKALIKE_AS: Record<string, string> = {
  ...Object.fromEntries([...'\u2010\u2011\u2012\u2013\u2014\u2212\uff0d\u2500\u2501\u2550'].map((c) => [c, '-'])),
  ...Object.fromEntries([...'\u2502\u2503\u2551'].map((c) => [c, '|'])),
  ...Object.fromEntries([...'\u250c\u2510\u2514\u2518\u251c\u2524\u252c\u2534\u253c\u2554\u2557\u255a\u255d\u2560\u2563\u2566\u2569\u256c'].map((c) => [c, '+'])),
  '\u00a0': ' ',
  // zero-width space and byte-order mark: dropped (no entry)
};

// A line that ends inside a URL or a long number and was cut at the client's wrap width.
const URL_TAIL = /(?<![^\s<>"'「」])(?:(?!https?:\/\/)[^\s<>"'「」])*(https?:\/\/[^\s<>"'「」]*[^\s<>"'「」.,;:!?)\]])$/;
const URL_CONTINUATION = /^(?=([A-Za-z0-9\-._~%/?#[\]@!$&'()*+,;=]+))\1(.*)$/;
const WRAP_MIN_WIDTH = 60;
const URL_ALONE = /^[> ]*<?https?:\/\/\S+$/;

/** Joins URLs and digit runs that a mail client broke at its wrap width. */
export function rejoinWrapped(text: string): string {
  if (!text.includes('http') && !/\d\n\d/.test(text)) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    while (i + 1 < lines.length) {
      const next = lines[i + 1]!;
      const prefix = /^[> ]*/.exec(line)?.[0] ?? '';
      const nextPrefix = /^[> ]*/.exec(next)?.[0] ?? '';
      if (prefix.replace(/ /g, '') !== nextPrefix.replace(/ /g, '')) break;
      const nextBody = next.slice(nextPrefix.length);
      if (nextBody.length === 0 || /^\s/.test(nextBody)) break;
      // A URL cut right after a '/' with the rest of its path alone on the next line ("…/ps/10234/se/" +
      // "55871/edit") is one URL at any width: a path does not stop at a slash to start a bare token.
      const slashCut = line.endsWith('/');
      // URL_TAIL tries every word start of the line: most long lines hold no URL at all.
      const urlTail = line.includes('http') && (slashCut || /\d$/.test(line) || URL_ALONE.test(line) || displayWidth(line) >= WRAP_MIN_WIDTH) ? URL_TAIL.exec(line) : null;
      const cont = urlTail ? URL_CONTINUATION.exec(nextBody) : null;
      // An ID in a URL's path cut in two, the rest of the path alone on the next line ("…/app/ps/30" + "512/config"):
      // one URL at any width
      if (urlTail && cont && cont[2] === '' && /\/\d+$/.test(urlTail[1]!) && /^\d+(?:[/?#][\w%./?#=&-]*)?$/.test(cont[1]!)) {
        line += nextBody;
        i++;
        continue;
      }
      // A URL alone on its line, cut inside a path word with the rest of the path alone on the next line ("https://console
      // …/app/workflows/sess" + "ions/3318842207"): one URL at any width (a word after a URL has no slash or digits)
      if (urlTail && cont && cont[2] === '' && URL_ALONE.test(line) && /[/?=&#]/.test(cont[1]!) && /\d/.test(cont[1]!) && !/^https?:/.test(cont[1]!)) {
        line += nextBody;
        i++;
        continue;
      }
      if (!slashCut && displayWidth(line) < WRAP_MIN_WIDTH) break;
      // (or its last segment, an ID alone: "…/workflows/sessions/" + "50882731")
      if (slashCut && urlTail && cont && cont[2] === '' && (/^[\w%-]+\//.test(cont[1]!) || /^\d{4,}$/.test(cont[1]!)) && !/^https?:/.test(cont[1]!)) {
        line += nextBody;
        i++;
        continue;
      }
      if (displayWidth(line) < WRAP_MIN_WIDTH) break;
      // A URL whose continuation looks like more path (has / ? = & or %), not a new word, nor a list bullet ("- error: …").
      // A hyphen alone makes no path of a word that more text follows: "…/app/jobs/2299410385" above "Re-run job: 2299433120".
      const pathLike = cont ? (cont[2] === '' ? /[/?=&%#_-]|\d/ : /[/?=&%#_]|\d/).test(cont[1]!) : false;
      if (urlTail && cont && pathLike && /[A-Za-z0-9]/.test(cont[1]!) && !/^https?:/.test(cont[1]!)) {
        line += nextBody;
        i++;
        continue;
      }
      // A long number cut in two: the next line starts with the rest of the digits and nothing else word-like.
      if (/(?<!\d)\d{3,}$/.test(line) && /^\d+(?=$|[\s,)、。）]|[\u3040-\u30ff\u4e00-\u9fff])/.test(nextBody)) {
        line += nextBody;
        i++;
        continue;
      }
      break;
    }
    out.push(line);
  }
  return out.join('\n');
}

const WIDE_CHAR = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;
const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

/**
 * Columns a line takes in a mail client: CJK and full-width characters take two, every other
 * character (code point) one. Counted with two global matches, not a test per character: this
 * runs for most lines of every mail and was a tenth of an analysis thread's time.
 */
export function displayWidth(line: string): number {
  const codePoints = line.length - (line.match(SURROGATE_PAIR)?.length ?? 0);
  return codePoints + (line.match(WIDE_CHAR)?.length ?? 0);
}

/** Japanese script characters (kana, kanji, Japanese punctuation). */
const JA_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f]/g;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** Below this many Japanese characters, a text with Latin words in it reads as English: a name in a signature is no language. */
const MIN_JA_CHARS = 10;

/**
 * `ja` when the text is mostly Japanese. Code and logs inflate the Latin count, so kana/kanji weigh more.
 * With `onlyWhenSure`, null for a text that mixes both scripts and is too short to tell ("追記です job id
 * 2213300456 (今朝のぶん)"): the caller then reads a longer text of the same sender.
 */
export function detectLanguage(text: string, onlyWhenSure = false): 'ja' | 'en' | null {
  const ja = text.match(JA_CHAR)?.length ?? 0;
  const words = text.match(LATIN_WORD)?.length ?? 0;
  if (ja === 0 && words === 0) return null;
  if (onlyWhenSure && ja > 0 && ja < MIN_JA_CHARS && words > 0 && words < MIN_JA_CHARS) return null;
  return ja >= MIN_JA_CHARS && ja * 2 >= words ? 'ja' : ja > 0 && words === 0 ? 'ja' : 'en';
}
