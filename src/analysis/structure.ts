import { displayWidth } from '../mail/text.ts';

/**
 * The structural reading every item uses: the sender's text as lines with a role each, and the prose
 * as sentences. A person reads a mail this way: a pasted stack trace is material, not an account of
 * events; "Job ID: 123" is a label with its value; a sentence wrapped by the mail client is one
 * sentence; a question in the prose is what the sender asks.
 */

export type LineKind =
  /** Running text the sender wrote. */
  | 'prose'
  /** "Label: value" (a form or table row) or a heading ending in a colon. */
  | 'label'
  /** A list item ("- ...", "1. ...", "・..."): read like a sentence of its own. */
  | 'item'
  /** Pasted log, error output or stack trace. */
  | 'log'
  /** Config, code or a shell command. */
  | 'code'
  | 'blank';

export interface StructLine {
  text: string;
  kind: LineKind;
  /** For `label` lines: the label and its value (the value may be empty: it then sits on the next line). */
  label?: string;
  value?: string;
}

export interface Structure {
  lines: StructLine[];
  /** Prose and list items as sentences (wrapped lines joined), and label rows whole; logs and code are not. */
  sentences: string[];
}

// A log or trace line: timestamps, log levels, stack frames, tracebacks, exception class names at the start.
// (a logger's line may name its thread first: "[main] INFO  c.t.client.TDHttpClient - Sending request: GET …")
const LOG_LINE =
  /^\s*(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d|(?:\[[\w .-]{1,40}\][^\S\n]+)?\[?(?:ERROR|WARN|WARNING|INFO|DEBUG|FATAL|TRACE)\]?[\s:]|at [\w$.<>]+\(|Traceback \(most recent|File "[^"\n]+", line \d|Caused by:|[\w$]+(?:\.[\w$]+)+(?:Exception|Error)\b)/;
// Code / config / a command: indentation, shell prompts, braces, YAML keys in snake_case, operators of digdag; a
// command traced by the shell ("+ td query -w …" in a cron mail from a script run with set -x).
const CODE_LINE =
  /^(?: {2,}|\t)\S|^\s*(?:\$|>>>|PS [A-Z]:\\[^>\n]{0,80}>|[A-Z]:\\[^>\n]{0,80}>)\s|^\s*[\w.-]+>:|^\s*[a-z][a-z0-9]*(?:_[a-z0-9]+)+\s*:(?:\s|$)|^\s*(?:SELECT|INSERT|WITH|FROM|WHERE|CREATE|UPDATE|DELETE)\b|^\s*(?:\+{1,3}\s+)?(?:curl|td|embulk|digdag|python3?|java|pip|npm)\s+-{0,2}\w/;
// A line that ends as a Japanese sentence is prose even when it starts with a command: "td wf start でも試しましたが
// 同じく失敗しました（12/3 16:40 JST 頃）。" tells what was tried; code and shell output do not end in ました/です.
const JA_SENTENCE_END = /(?:ました|ます|です|でした|ません|ください|ている|ていた)(?:[（(][^)）\n]{0,80}[)）])?[。！？]?\s*$/u;
// A label: a short name, then a colon (ASCII after NFKC). Prose sentences rarely start with a short name and a colon.
const LABEL_LINE = /^\s*(?:[-*・•●■◆▶>]\s*)?([^:\n]{1,32}):(.*)$/;
// "1.11月27日(金)6:00の…", "１．2026/06/01 10:00頃…": a Japanese numbered item may start with a date right after its dot
// (not a decimal)
const ITEM_LINE = /^\s*(?:[-*・•●■◆▶]|\d{1,2}[.)](?!\d)|\d{1,2}\.(?=\d{1,2}(?:月|\/\d)|\d{4}[/年-]\d{1,2})|[①-⑳]|\(\d{1,2}\))\s*\S/;
const RULE_LINE = /^[-=_~*#+.・─━═—\u2500-\u257f]{3,}$/u;
const PIPE_TABLE_ROW = /^\|(?:[^|\n]*\|){2,}$/;
const URL_ONLY = /^\s*<?https?:\/\/\S+>?\s*$/;
// A line ending in a brace or semicolon is code, unless it reads as a sentence: English prose uses ';' too
// ("We use a workflow to load the orders into the raw table;"), code and SQL rarely have mostly plain words.
const CODE_END = /[{};]\s*$/;
const PLAIN_WORD = /^[a-z]+[,.]?$/;
// A word of running text or a number, with the punctuation prose puts around it ("Debian 12)", "(402098115)", "->").
const TEXT_WORD = /^[A-Za-z][a-z']*[,.;:)]?$|^\(?\d+\)?[,.;:)]?$|^->$|^→$/;

/** The share of the words that read as running text (0..1): prose is mostly such words, code and logs are not. */
function wordShare(words: string[]): number {
  return words.length === 0 ? 0 : words.filter((w) => TEXT_WORD.test(w)).length / words.length;
}

const STAMP = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?(?:\.\d+)?\s*(?:[A-Z]{2,5}\b|[+-]\d{2}:?\d{2}|Z)?/;

/**
 * "2026-12-03 21:00  last successful session (402098115)": a timeline the sender wrote, not a log line. A log
 * line carries a level, a thread or a class after its stamp; a timeline entry plain words.
 */
function isTimelineEntry(t: string): boolean {
  const m = STAMP.exec(t);
  if (!m) return false;
  const rest = t.slice(m[0].length).trim();
  if (rest === '' || /^[[(<{]|\b(?:ERROR|WARN|WARNING|INFO|DEBUG|FATAL|TRACE)\b|(?<![\w$])[\w$]+\.[\w$]+\.[\w$]+|[{}=;]/.test(rest)) return false;
  const words = rest.split(/\s+/);
  return words.length >= 3 && wordShare(words) * 3 >= 2;
}

// "  - Called from a shell script started by cron every night at 23:00": a list indented under its lead-in is a
// list, not code, when its text reads as words (a YAML list "  - td>: x.sql" or "  - name: foo" does not)
// (also lettered sub-items of a numbered section: "6. History" / "   a. The load ran without error every night until 20 May.")
const INDENTED_ITEM = /^(?: {1,8}|\t{1,2})(?:[-*・•●■]|\d{1,2}[.)]|[a-h][.)]|\([a-h1-9]\))\s+\S/;
const ITEM_MARK = /^(?:[-*・•●■]|\d{1,2}[.)]|[a-h][.)]|\([a-h1-9]\))\s+/;
// A sentence set in under a section's heading ("2. Objective" / "   POS transactions … are loaded every night so that …"):
// a whole sentence of running words, which code, logs and pasted messages rarely are.
// (not a message with its label or code before a colon: "   Activation failed: Column … Please rerun the workflow.")
const INDENTED_SENTENCE = /^(?: {2,8}|\t{1,2})[A-Z](?![^:\n]{0,40}:\s)[^\n]*[a-z0-9)][.]$/;
const MIN_SENTENCE_WORDS = 8;

function readsAsProse(t: string): boolean {
  // a call ("load(", "td_run(") is code; a clock time before a bracket ("04:30(JST)") is not
  if (/^[\w.-]+>?:(?:\s|$)|[=;{}<>$`]|[A-Za-z_]\(/.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < 4 && !/[\u3040-\u30ff\u4e00-\u9fff]/.test(t)) return false;
  return wordShare(words) * 2 >= 1 || /[\u3040-\u30ff]{2}/.test(t);
}

// "td query keeps returning 401 since we rotated keys yday. tried 3x": a sentence that starts with the command's name
// tells what happened; a command line has options, paths and quoted SQL among its words
const COMMAND_NAME_FIRST = /^(?:curl|td|embulk|digdag|python3?|java|pip|npm)\s+[a-z]/;

function toldInWords(t: string): boolean {
  if (!COMMAND_NAME_FIRST.test(t)) return false;
  const words = t.split(/\s+/);
  // (a sentence the client wrapped has no end on this line: "td query from our cron box keeps failing every night since Monday, the")
  return (words.length >= 8 || (words.length >= 6 && /[a-z][.!?](?:\s|$)/.test(t))) && wordShare(words) >= 0.8;
}

function endsLikeCode(text: string): boolean {
  if (!CODE_END.test(text)) return false;
  if (/[=(){}<>]/.test(text)) return true;
  const words = text.trim().split(/\s+/);
  return words.length < 6 || words.filter((w) => PLAIN_WORD.test(w)).length * 2 < words.length;
}

const PEM_ARMOUR = /^-----(?:BEGIN|END) [A-Z0-9 ]{1,40}-----$/;
const BASE64_LINE = /^(?=[^\s]*\d)(?=[^\s]*[a-z])(?=[^\s]*[A-Z])[A-Za-z0-9+/]{40,}={0,2}$/;

export function lineKind(text: string): Pick<StructLine, 'kind' | 'label' | 'value'> {
  const t = text.trim();
  // a rule ("━━━━", "-----", "＝＝＝") separates like a blank line
  if (t === '' || RULE_LINE.test(t)) return { kind: 'blank' };
  // a PEM armour line or a line of base64 (a pasted certificate or key) is data, not running text nor a list item
  if (PEM_ARMOUR.test(t) || BASE64_LINE.test(t)) return { kind: 'code' };
  // a row of a pipe table is a row of values, read with its header (text-table.ts), not running text
  if (PIPE_TABLE_ROW.test(t)) return { kind: 'label', label: '', value: t };
  if (LOG_LINE.test(text)) return isTimelineEntry(t) ? { kind: 'item' } : { kind: 'log' };
  if (INDENTED_ITEM.test(text) && readsAsProse(t.replace(ITEM_MARK, ''))) return { kind: 'item' };
  if (INDENTED_SENTENCE.test(text) && t.split(/\s+/).length >= MIN_SENTENCE_WORDS && readsAsProse(t)) return { kind: 'prose' };
  const m = LABEL_LINE.exec(text);
  // an indented form row with a Japanese label ("  やりたいこと:米国子会社の…") is a label, not config: config keys are ASCII
  if (m && /^(?: {1,8}|\t{1,2})\S/.test(text) && /[\u3040-\u30ff\u4e00-\u9fff]/.test(m[1]!) && m[1]!.trim().length <= 20) {
    return { kind: 'label', label: m[1]!.trim(), value: m[2]!.trim() };
  }
  if ((CODE_LINE.test(text) && !JA_SENTENCE_END.test(text) && !toldInWords(t)) || endsLikeCode(text)) return { kind: 'code' };
  // "https://..." is no label; a label has at most four words
  // the colon of a clock time ("毎朝 6:00 の実行") makes no label
  if (m && !(/\d$/.test(m[1]!) && /^\d{2}/.test(m[2]!)) && /[A-Za-z\u3040-\u9fff]/.test(m[1]!) && !/^https?$/i.test(m[1]!.trim()) && m[1]!.trim().split(/\s+/).length <= 4 && !/[。.!?]$/.test(m[1]!.trim())) {
    return { kind: 'label', label: m[1]!.trim(), value: m[2]!.trim() };
  }
  if (ITEM_LINE.test(text)) return { kind: 'item' };
  if (URL_ONLY.test(text)) return { kind: 'label', label: '', value: t };
  return { kind: 'prose' };
}

const SENTENCE_END = /(?<=[。！？!?])\s*|(?<=[a-z0-9)"'”][.])\s+(?=[A-Z0-9"“(])/u;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;

// The body and the sender's own text are often the same string: read it once.
let last: { text: string; result: Structure } | null = null;

/** Splits the text into lines with roles and the prose into sentences. Pure and linear in the text size. */
/** The paragraphs of a text: runs of lines between blank lines. */
export function paragraphs(text: string): string[] {
  return text.split(/\n[^\S\n]*\n/);
}

export function structure(text: string): Structure {
  if (last !== null && last.text === text) return last.result;
  const result = readStructure(text);
  last = { text, result };
  return result;
}

function readStructure(text: string): Structure {
  const lines: StructLine[] = text.split('\n').map((t) => ({ text: t, ...lineKind(t) }));
  const sentences: string[] = [];
  // The statement being read: running prose, or an item or label row that wrapped lines may continue. Kept as
  // pieces: reading the last character of a string grown line by line would flatten it on every line (quadratic).
  let parts: string[] = [];
  let last = '';
  let openKind: 'prose' | 'item' | 'label' | null = null;
  // a wrapped sentence is joined: Japanese without a space, Latin text with one
  const append = (t: string) => {
    if (parts.length > 0 && !(CJK.test(last) && CJK.test(t[0] ?? ''))) parts.push(' ');
    parts.push(t);
    if (t !== '') last = t.slice(-1);
  };
  const flush = () => {
    const open = parts.join('').trim();
    if (open) {
      // a form row reads as one statement ("Last successful job: 1845221733"); prose and items as sentences
      if (openKind === 'label') sentences.push(open);
      else for (const s of splitSentences(open)) sentences.push(s);
    }
    parts = [];
    last = '';
    openKind = null;
  };
  let prev: StructLine | null = null;
  for (const l of lines) {
    const t = l.text.trim();
    if (openKind !== null && prev !== null && continuesWrapped(prev.text, l, openKind)) {
      append(t);
      prev = l;
      continue;
    }
    if (l.kind === 'prose') {
      if (openKind !== 'prose') flush();
      append(t);
      openKind = 'prose';
    } else {
      flush();
      if (l.kind === 'item' || l.kind === 'label') {
        append(t);
        openKind = l.kind;
      }
    }
    prev = l;
  }
  flush();
  return { lines, sentences };
}


// A mail client wraps running text near its width (60-78 columns), so a line cut mid-sentence is long.
const WRAPPED_WIDTH = 55;
const STATEMENT_END = /[.。!?！？:：;]\s*$/;
const INDENTED = /^(?: {2,8}|\t)\S/;
const ALIGNED = /^(?: {2,40}|\t{1,5})\S/;
const CODE_MARK = /[=;{}<>$]|\w\(|^\S+\(/;

/**
 * Whether a line that reads as a label, code or a plain line on its own is the rest of the statement above,
 * cut there by the client's wrap: "…a US retailer, Account" + "ID: 60412, console environment us01. Their
 * daily KPI script (pytd," is one sentence, and so is "- Env: runs in a container (slim, so" + "  Debian 12)
 * on an Ubuntu VM." The line above is long and stops mid-sentence; a new row, a log line, an item or code
 * never continues it.
 */
function continuesWrapped(above: string, line: StructLine, openKind: 'prose' | 'item' | 'label'): boolean {
  if (line.kind === 'blank' || line.kind === 'log' || line.kind === 'item') return false;
  if (STATEMENT_END.test(above) || displayWidth(above) < WRAPPED_WIDTH) return false;
  const t = line.text.trim();
  if (line.kind === 'prose') return openKind !== 'prose';
  // one form row after another is two rows, however long
  if (line.kind === 'label') {
    if (openKind === 'label') return false;
    // a Japanese sentence cut after a particle goes on in Japanese ("…のセッションも" / "　同様に失敗しました(Session ID:…)。"),
    // whatever colon follows later in the line
    if (CJK.test(above.slice(-1)) && CJK.test(t[0] ?? '')) return true;
    return displayWidth(line.text) >= WRAPPED_WIDTH && !INDENTED.test(line.text);
  }
  // code only by its indentation: a wrapped item's second line aligned under its text, or a form row's value
  // aligned under the value ("What they want : hourly load … so" / "                 that the segments stay current")
  const indented = openKind === 'label' ? ALIGNED.test(line.text) : INDENTED.test(line.text);
  if (!indented || CODE_MARK.test(t) || endsLikeCode(t)) return false;
  const rest = lineKind(t).kind;
  if (rest !== 'prose' && rest !== 'label') return false;
  return wordShare(t.split(/\s+/)) * 2 >= 1;
}

export function splitSentences(paragraph: string): string[] {
  return paragraph
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
