/**
 * Plain-text tables as a person reads them: each cell under its column's header. Two layouts are common in
 * partner mail: pipe tables ("|実行日|Session ID|結果|" then "|11/29|64360447|成功|") and columns aligned with
 * spaces under a rule of dashes ("Client   Account ID   Site" / "------   ----------   ----"). A cell's value
 * then means what its header says, though no label stands beside it on its line.
 */
export interface TableCell {
  header: string;
  value: string;
  /** Offset of the value in the text (for the evidence line). */
  pos: number;
}

const PIPE_ROW = /^\s*\|(?:[^|\n]*\|){2,}\s*$/;
const PIPE_RULE = /^[\s|:\-=+]+$/;
/** The border of a table drawn with '+' corners ("+------+------+"), above, between and below its rows. */
const BORDER_RULE = /^\s*\+[-=+]{3,}\+\s*$/;
const DASH_RULE = /^\s*-{2,}(?:[ \t]+-{2,})+\s*$/;
/** Tables in mail are small; a longer run of rows is pasted data, read no further. */
const MAX_ROWS = 200;

export interface TableOptions {
  /** The text is a CSV file (an attachment): its first line names the columns of the comma-separated rows below. */
  csv?: boolean;
}

export function textTableCells(text: string, opts: TableOptions = {}): TableCell[] {
  if (!opts.csv && !text.includes('|') && !text.includes('--') && !text.includes('  ') && !text.includes('\t')) return [];
  const lines = text.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const out: TableCell[] = [];
  if (opts.csv) {
    readCsvTable(lines, starts, out);
    return out;
  }
  for (let i = 0; i < lines.length; i++) {
    if (PIPE_ROW.test(lines[i]!)) i = readPipeTable(lines, starts, i, out);
    else if (INNER_PIPE_ROW.test(lines[i]!)) i = readInnerPipeTable(lines, starts, i, out);
    else if (i > 0 && DASH_RULE.test(lines[i]!) && lines[i - 1]!.trim() !== '') i = readColumnTable(lines, starts, i, out);
    else if (GAP.test(lines[i]!)) i = readSpacedTable(lines, starts, i, out);
  }
  return out;
}

/** A line that reads as a row of a plain-text table: three or more cells set apart by runs of spaces, tabs or pipes. */
export function isTableRow(line: string): boolean {
  return line.split(/ {2,}|\t+|\|/).filter((c) => c.trim() !== '').length >= 3;
}

/** Columns set apart by two or more spaces (or a tab), with no rule under the header. */
const GAP = /\S(?: {2,}|\t+)\S/;
const CELL_SPLIT = / {2,}|\t+/;
/** A header cell names a column: a few words, not a value ("3/16 03:00", "398519943"). */
const HEADER_CELL = /^(?=.*[A-Za-z\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}])[^\d]{1,30}$/u;

/** A row pasted from a spreadsheet: one tab between cells, an empty cell two tabs or a trailing tab. */
const TAB_ROW = /^[^\t\n]*\t/;

/** The line without the spaces after its last cell, its tabs kept (a trailing tab is an empty cell). */
function withoutTrailingBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\r')) end--;
  return line.slice(0, end);
}

function spacedCells(line: string, lineStart: number, tabbed = false): { text: string; pos: number }[] {
  const cells: { text: string; pos: number }[] = [];
  const lead = line.length - line.trimStart().length;
  let at = lead;
  const parts = tabbed ? withoutTrailingBlanks(line.trimStart()).split('\t') : line.trim().split(CELL_SPLIT);
  for (const part of parts) {
    const pos = line.indexOf(part, at);
    cells.push({ text: part, pos: lineStart + pos });
    at = pos + part.length;
  }
  return cells;
}

/**
 * Reads a table whose header is line `first` and whose columns are set apart by runs of spaces
 * ("日時（日本時間）  Session ID   結果" / "3/17 03:00        398812007    失敗"): cells are taken in order,
 * since full-width text breaks the alignment. At least three columns, every row with as many cells
 * as the header; otherwise nothing is read and scanning goes on from the next line.
 */
function readSpacedTable(lines: string[], starts: number[], first: number, out: TableCell[]): number {
  // a sheet's rows keep their empty cells ("1893300121<TAB>2026-06-07 23:30<TAB>success<TAB>"): read them by tabs
  const tabbed = TAB_ROW.test(lines[first]!) && !/ {2,}/.test(lines[first]!.trim());
  const header = spacedCells(lines[first]!, starts[first]!, tabbed).map((c) => c.text);
  if (header.length < 3 || !header.every((h) => HEADER_CELL.test(h))) return first;
  const cells: TableCell[] = [];
  let i = first + 1;
  for (; i < lines.length && i - first <= MAX_ROWS && lines[i]!.trim() !== ''; i++) {
    const row = spacedCells(lines[i]!, starts[i]!, tabbed);
    if (tabbed ? row.length < 2 || row.length > header.length : row.length !== header.length) break;
    row.forEach((c, k) => {
      if (c.text.trim() !== '') cells.push({ header: header[k]!, value: c.text, pos: c.pos });
    });
  }
  if (i - first < 2) return first;
  out.push(...cells);
  return i - 1;
}

const NUMBERING_HEADER = /^(?:no\.?|#|番号|項番|№)$/i;

/** The cells between a row's pipes ("| AID | 31457 |"): what lies before the first and after the last is no cell. */
function pipeCells(line: string, lineStart: number): { text: string; pos: number }[] {
  return splitCells(line, lineStart).slice(1, -1);
}

/** Reads the pipe table whose first row is line `first`; returns the index of its last row. */
function readPipeTable(lines: string[], starts: number[], first: number, out: TableCell[]): number {
  const header = pipeCells(lines[first]!, starts[first]!).map((c) => c.text);
  // a two-column table is often a form ("| 項目 | 内容 |", "| AID | 31457 |"): its rows read as label and value too;
  // so is one with a numbering column before them ("| No | ご質問の項目 | 回答 |")
  const form = header.length === 2 || (header.length === 3 && NUMBERING_HEADER.test(header[0]!));
  const at = header.length - 2;
  let i = first + 1;
  for (; i < lines.length && i - first <= MAX_ROWS && (PIPE_ROW.test(lines[i]!) || BORDER_RULE.test(lines[i]!)); i++) {
    // (a '+' border is a rule too: PIPE_RULE takes it)
    if (PIPE_RULE.test(lines[i]!)) continue;
    const cells = pipeCells(lines[i]!, starts[i]!);
    cells.forEach((c, k) => {
      if (header[k] && c.text) out.push({ header: header[k]!, value: c.text, pos: c.pos });
    });
    const label = cells[at];
    const value = cells[at + 1];
    if (form && label?.text && value?.text) out.push({ header: label.text, value: value.text, pos: value.pos });
  }
  return i - 1;
}

/** A CSV field: quoted (with "" inside) or bare. */
const CSV_FIELD = /"((?:[^"\n]|"")*)"|([^,\n]*)/y;

function csvCells(line: string, lineStart: number): { text: string; pos: number }[] | null {
  const cells: { text: string; pos: number }[] = [];
  let at = 0;
  for (;;) {
    CSV_FIELD.lastIndex = at;
    const m = CSV_FIELD.exec(line);
    if (!m) return null;
    const quoted = m[1] !== undefined;
    const raw = quoted ? m[1]! : m[2]!;
    const lead = quoted ? 1 : raw.length - raw.trimStart().length;
    cells.push({ text: quoted ? raw.replace(/""/g, '"').trim() : raw.trim(), pos: lineStart + at + lead });
    at += m[0].length;
    if (at >= line.length) return cells;
    if (line[at] !== ',') return null;
    at++;
  }
}

/**
 * A CSV file's rows under its header line ("customer_name,td_account_id,console_environment" /
 * "\"Ferrovie Lago S.r.l.\",39075,production-eu01"): each value under its column's name, read with spaces for '_'.
 */
function readCsvTable(lines: string[], starts: number[], out: TableCell[]): void {
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return;
  const header = csvCells(lines[first]!.replace(/\r$/, ''), starts[first]!)?.map((c) => c.text.replace(/[_-]+/g, ' ').trim());
  if (!header || header.length < 2) return;
  for (let i = first + 1; i < lines.length && i - first <= MAX_ROWS; i++) {
    const row = csvCells(lines[i]!.replace(/\r$/, ''), starts[i]!);
    if (!row || row.length !== header.length) continue;
    row.forEach((c, k) => {
      if (header[k] && c.text) out.push({ header: header[k]!, value: c.text, pos: c.pos });
    });
  }
}

/** A row of a table drawn with pipes between its cells only ("  アカウントID         | 60254"). */
const INNER_PIPE_ROW = /^[^\S\n]*[^|\s][^|\n]*(?:\|[^|\n]*)+$/;
/** Its rules: "---------------------+------------". */
const INNER_PIPE_RULE = /^[^\S\n]*[-=]{3}[-=+|\s]*$/;
/** Fewer rows than this are a line of prose with a pipe in it ("Export | Import"), not a table. */
const MIN_INNER_PIPE_ROWS = 3;

/** Every piece of a line between pipes, trimmed, with where its text starts in the whole text. */
function splitCells(line: string, lineStart: number): { text: string; pos: number }[] {
  const cells: { text: string; pos: number }[] = [];
  let at = 0;
  for (const raw of line.split('|')) {
    const lead = raw.length - raw.trimStart().length;
    cells.push({ text: raw.trim(), pos: lineStart + at + lead });
    at += raw.length + 1;
  }
  return cells;
}

/**
 * Reads a table whose cells are set apart by pipes with none at the ends ("項目 | 内容" / "アカウントID | 60254"),
 * from its first row `first`; returns the index of its last line. A two-column table is a form: each row is a
 * label and its value. A row whose first cell is empty continues the value above and is not read again.
 */
function readInnerPipeTable(lines: string[], starts: number[], first: number, out: TableCell[]): number {
  let last = first;
  let rows = 0;
  for (let i = first; i < lines.length && i - first <= MAX_ROWS; i++) {
    if (INNER_PIPE_ROW.test(lines[i]!)) rows++;
    else if (!INNER_PIPE_RULE.test(lines[i]!)) break;
    last = i;
  }
  if (rows < MIN_INNER_PIPE_ROWS) return first;
  const header = splitCells(lines[first]!, starts[first]!).map((c) => c.text);
  const form = header.length === 2;
  for (let i = first + 1; i <= last; i++) {
    if (!INNER_PIPE_ROW.test(lines[i]!)) continue;
    const cells = splitCells(lines[i]!, starts[i]!);
    if (cells[0]!.text === '') continue;
    cells.forEach((c, k) => {
      if (header[k] && c.text) out.push({ header: header[k]!, value: c.text, pos: c.pos });
    });
    if (form && cells[1]?.text) out.push({ header: cells[0]!.text, value: cells[1].text, pos: cells[1].pos });
  }
  return last;
}

/** Reads the column table whose dash rule is line `rule` (its header is the line above); returns its last row. */
function readColumnTable(lines: string[], starts: number[], rule: number, out: TableCell[]): number {
  const columns: { from: number; to: number }[] = [];
  for (const m of lines[rule]!.matchAll(/-{2,}/g)) columns.push({ from: m.index, to: m.index + m[0].length });
  // a column's text may run past its dashes up to where the next column starts
  const spans = columns.map((c, k) => ({ from: c.from, to: columns[k + 1]?.from ?? Number.MAX_SAFE_INTEGER }));
  const headerLine = lines[rule - 1]!;
  const header = spans.map((s) => headerLine.slice(s.from, s.to).trim());
  let i = rule + 1;
  for (; i < lines.length && i - rule <= MAX_ROWS && lines[i]!.trim() !== ''; i++) {
    const line = lines[i]!;
    spans.forEach((s, k) => {
      const raw = line.slice(s.from, s.to);
      const value = raw.trim();
      if (header[k] && value) out.push({ header: header[k]!, value, pos: starts[i]! + s.from + (raw.length - raw.trimStart().length) });
    });
  }
  return i - 1;
}
