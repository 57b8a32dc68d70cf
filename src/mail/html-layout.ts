/**
 * The layout of an HTML body as a reader sees it, before tags are dropped: whitespace in the source is
 * one space (a browser shows a line break only for <br>, blocks and <pre>), and a table reads row by
 * row with each value next to its label. Without this, a label cell and its value cell written on two
 * source lines ("<td>Account ID</td>\n<td>7788</td>") became two unrelated lines of text.
 */

const PRE_OPEN = /<pre\b/gi;
const PRE_CLOSE = /<\/pre\s*>/gi;
const SPACE_RUN = /\s+/g;

/** Source whitespace collapsed to one space, except inside <pre>. Linear: one pass over the text. */
export function collapseSourceSpace(html: string): string {
  const parts: string[] = [];
  let from = 0;
  PRE_OPEN.lastIndex = 0;
  for (let m = PRE_OPEN.exec(html); m; m = PRE_OPEN.exec(html)) {
    parts.push(html.slice(from, m.index).replace(SPACE_RUN, ' '));
    PRE_CLOSE.lastIndex = m.index;
    const end = PRE_CLOSE.exec(html);
    if (!end) {
      from = m.index;
      break;
    }
    parts.push(html.slice(m.index, end.index + end[0].length));
    from = end.index + end[0].length;
    PRE_OPEN.lastIndex = from;
  }
  parts.push(html.slice(from).replace(SPACE_RUN, ' '));
  return parts.join('');
}

const TABLE_OPEN = /<table\b[^<>]*>/gi;
const TABLE_CLOSE = /<\/table\s*>/gi;
const ROW_OPEN = /<tr\b[^<>]*>/i;
const CELL_OPEN = /<(t[dh])\b[^<>]*>/gi;
const TAG = /<[^<>]*>/g;
/** A label cell: short, not a sentence, not a number or URL. */
const LABEL_CELL = /^[^\d\s][^:：。.!?！？]{0,38}[:：]?$/u;
// (full-width digits too: a Japanese mail writes "９９０１２" in a value cell, which no column name holds)
const HAS_DIGITS = /[\d０-９]{3,}/;

interface Cell {
  header: boolean;
  text: string;
}

/**
 * Tables as text rows. A row of a label cell and a value cell reads "Label: value"; a table whose first
 * row is a header row (<th> cells, or with three or more columns a first row of names above rows
 * with numbers) reads each data row as "Name: value" pairs. Other rows keep their cells apart with
 * tabs. Nested tables are left to the generic conversion.
 */
export function renderTables(html: string): string {
  if (!/<table/i.test(html)) return html;
  const parts: string[] = [];
  let from = 0;
  TABLE_OPEN.lastIndex = 0;
  for (let m = TABLE_OPEN.exec(html); m; m = TABLE_OPEN.exec(html)) {
    TABLE_CLOSE.lastIndex = m.index + m[0].length;
    const end = TABLE_CLOSE.exec(html);
    if (!end) break;
    const inner = html.slice(m.index + m[0].length, end.index);
    // a table inside this one: leave the whole block to the generic conversion
    if (/<table\b/i.test(inner)) {
      TABLE_OPEN.lastIndex = m.index + m[0].length;
      continue;
    }
    parts.push(html.slice(from, m.index), '\n', tableText(inner), '\n');
    from = end.index + end[0].length;
    TABLE_OPEN.lastIndex = from;
  }
  parts.push(html.slice(from));
  return parts.join('');
}

function tableText(inner: string): string {
  const rows = inner
    .split(ROW_OPEN)
    .map(cellsOf)
    .filter((r) => r.length > 0);
  if (rows.length === 0) return '';
  const head = rows[0]!;
  const body = rows.slice(1);
  // Two columns whose rows are all "label | value" under a header of column names ("Item | Value",
  // 「項目 | 内容」): the rows are the facts, the header names only the columns.
  const keyValueUnderHeader =
    head.length === 2 &&
    body.length > 0 &&
    head.every(isColumnName) &&
    body.every((r) => r.length === 2 && LABEL_CELL.test(r[0]!.text));
  if (keyValueUnderHeader) return body.map((r) => (r[1]!.text ? `${withColon(r[0]!.text)} ${r[1]!.text}` : r[0]!.text)).join('\n');
  const headerRow =
    body.length > 0 &&
    head.length >= 2 &&
    head.every(isColumnName) &&
    ((head.every((c) => c.header) && body.every((r) => r.some((c) => !c.header))) ||
      (head.length >= 3 && !rows.some((r) => r.some((c) => c.header)) && body.some((r) => r.some((c) => HAS_DIGITS.test(c.text)))));
  if (headerRow) {
    return body
      .map((r) => r.map((c, i) => (head[i] && c.text ? `${withColon(head[i]!.text)} ${c.text}` : c.text)).join('\t'))
      .join('\n');
  }
  return rows
    .map((r) => (r.length === 2 && LABEL_CELL.test(r[0]!.text) && r[1]!.text ? `${withColon(r[0]!.text)} ${r[1]!.text}` : r.map((c) => c.text).join('\t')))
    .join('\n');
}

/** A cell that can name a column: not empty, no number, no link or address ("画面 | https://console…/app/sources" is a row). */
function isColumnName(c: Cell): boolean {
  return c.text !== '' && !HAS_DIGITS.test(c.text) && !/:\/\/|@/.test(c.text);
}

function withColon(label: string): string {
  return /[:：]$/.test(label) ? label : `${label}:`;
}

function cellsOf(rowHtml: string): Cell[] {
  const cells: Cell[] = [];
  const opens = [...rowHtml.matchAll(CELL_OPEN)];
  opens.forEach((o, i) => {
    const start = o.index + o[0].length;
    const stop = i + 1 < opens.length ? opens[i + 1]!.index : rowHtml.length;
    const text = rowHtml
      .slice(start, stop)
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(TAG, '')
      .replace(SPACE_RUN, ' ')
      .trim();
    cells.push({ header: o[1]!.toLowerCase() === 'th', text });
  });
  return cells;
}
