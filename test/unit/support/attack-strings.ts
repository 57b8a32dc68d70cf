/**
 * Long inputs that make backtracking regexes super-linear: runs of one character or
 * of a short unit, and labels followed by long runs of blanks. Derived from the pattern
 * itself where that helps (its literal words as labels), so a new rule is attacked too.
 */
export interface AttackString {
  name: string;
  text: string;
}

const UNITS = [
  ' ', '\t', '\n', '\r\n', ' \n', '\u3000', 'a', '0', 'a.', 'a@', 'a-', '1.', '12:34 ', '12:34:56 ', '-', '--x ', ' -h', ' --opt=1',
  'td -h ', 'a ', 'あ', 'エラー', '「', '」', '"', 'Error: ', 'ERROR ', '> ', '>\n', 'http://a', '/a', 'a=', '&a=1', '#1 ',
];
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** The literal words of a pattern (3+ letters or any run of non-ASCII letters), used as labels. */
export function labelsOf(source: string): string[] {
  const words = source.replace(/\\[a-zA-Z]/g, ' ').match(/[A-Za-z]{3,}|[^\x00-\x7f]{2,}/g) ?? [];
  return [...new Set(words)].slice(0, 12);
}

export function attackStrings(length: number, source = ''): AttackString[] {
  const out: AttackString[] = [];
  // Each run also ends in a character nothing expects, so patterns anchored at the end must fail after scanning it.
  for (const u of UNITS) {
    out.push({ name: `run of ${JSON.stringify(u)}`, text: repeatTo(u, length) });
    out.push({ name: `run of ${JSON.stringify(u)}, then NUL`, text: `${repeatTo(u, length)}\u0000` });
  }
  for (const c of PUNCTUATION) {
    out.push({ name: `run of ${JSON.stringify(c)}`, text: repeatTo(c, length) });
    out.push({ name: `run of ${JSON.stringify(c)}, then NUL`, text: `${repeatTo(c, length)}\u0000` });
  }
  for (const label of labelsOf(source)) {
    for (const blank of [' ', '\t', '\n', ' \n']) {
      out.push({ name: `${JSON.stringify(label)} then ${JSON.stringify(blank)}s`, text: label + repeatTo(blank, length) });
    }
    out.push({ name: `${JSON.stringify(label)} repeated`, text: repeatTo(`${label} `, length) });
    out.push({ name: `${JSON.stringify(label)} repeated, no blank`, text: repeatTo(label, length) });
  }
  return out;
}
