// Generates the held-out corpus in test/fixtures/holdout/ (run: npx tsx scripts/make-holdout.ts).
// Mail written to the spec (/work/shared/spec/required-items.md), not to the dev
// files: new partners, IDs and scenarios. Deterministic: fixed dates, Message-IDs,
// boundaries and image bytes, so a rerun rewrites identical files.
//
// MIME is hand-rolled rather than built with nodemailer's MailComposer because
// the point is to imitate what particular clients emit (Outlook's boundaries,
// Becky!'s ISO-2022-JP, Thunderbird's format=flowed).
import Encoding from 'encoding-japanese';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import {
  REQUIRED_ITEM_KEYS,
  IN_SCOPE_CATEGORIES,
  type Category,
  type Channel,
  type RequiredItemKey,
  type SecretKind,
  type Site,
} from '../src/analysis/types.ts';

export type Charset = 'UTF-8' | 'ISO-2022-JP' | 'us-ascii';
export type Cte = '7bit' | '8bit' | 'quoted-printable' | 'base64';

export interface MimeNode {
  headers: [string, string][];
  body: string;
}

export function jis(text: string): string {
  const codes = Encoding.convert(Encoding.stringToCode(text), { to: 'JIS', from: 'UNICODE' });
  return Buffer.from(codes).toString('latin1');
}

function bytesOf(text: string, charset: Charset): Buffer {
  return charset === 'ISO-2022-JP' ? Buffer.from(jis(text), 'latin1') : Buffer.from(text, 'utf8');
}

/** RFC 2047 B-encoding, split into words of at most ~75 chars, folded onto continuation lines. */
export function ew(text: string, charset: Charset = 'UTF-8', lower = false): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const label = lower ? charset.toLowerCase() : charset;
  const words: string[] = [];
  let chunk = '';
  const max = charset === 'ISO-2022-JP' ? 36 : 45;
  for (const ch of Array.from(text)) {
    const next = chunk + ch;
    if (bytesOf(next, charset).length > max && chunk) {
      words.push(chunk);
      chunk = ch;
    } else chunk = next;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?${label}?B?${bytesOf(w, charset).toString('base64')}?=`).join('\n ');
}

export function addr(name: string, email: string, charset: Charset = 'UTF-8', lower = false): string {
  if (!name) return email;
  if (/^[\x20-\x7e]*$/.test(name)) return /[,.]/.test(name) ? `"${name}" <${email}>` : `${name} <${email}>`;
  return `${ew(name, charset, lower)}\n <${email}>`;
}

export function base64Lines(buf: Buffer, width = 76): string {
  const s = buf.toString('base64');
  const out: string[] = [];
  for (let i = 0; i < s.length; i += width) out.push(s.slice(i, i + width));
  return out.join('\n');
}

/** Quoted-printable over the UTF-8 (or given) bytes, soft-wrapped at 76 columns. */
export function qp(text: string, charset: Charset = 'UTF-8'): string {
  const lines = text.split('\n');
  return lines
    .map((line) => {
      const bytes = bytesOf(line, charset);
      const tokens: string[] = [];
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i]!;
        const last = i === bytes.length - 1;
        if ((b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last)) tokens.push(String.fromCharCode(b));
        else tokens.push('=' + b.toString(16).toUpperCase().padStart(2, '0'));
      }
      const out: string[] = [];
      let cur = '';
      for (const t of tokens) {
        if (cur.length + t.length > 75) {
          out.push(cur + '=');
          cur = '';
        }
        cur += t;
      }
      out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

/** format=flowed: long lines are soft-broken after a space, leaving the trailing space. */
export function flow(text: string, width = 72): string {
  return text
    .split('\n')
    .map((input) => {
      let line = input;
      // Space-stuffing (RFC 3676 4.4): a leading space, '>' or 'From ' would otherwise change meaning.
      if (/^( |From )/.test(line)) line = ' ' + line;
      if (line.length <= width) return line;
      const parts: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(' ', width);
        if (cut <= 0) break;
        parts.push(rest.slice(0, cut + 1));
        rest = rest.slice(cut + 1);
      }
      parts.push(rest);
      return parts.join('\n');
    })
    .join('\n');
}

export interface TextOpts {
  charset?: Charset;
  cte?: Cte;
  flowed?: boolean;
  quoteCharset?: boolean;
  lowerCharset?: boolean;
}

function encodeBody(text: string, charset: Charset, cte: Cte): string {
  if (cte === 'base64') return base64Lines(bytesOf(text, charset));
  if (cte === 'quoted-printable') return qp(text, charset);
  if (charset === 'ISO-2022-JP') return jis(text);
  return text;
}

export function textPart(text: string, o: TextOpts = {}): MimeNode {
  const charset = o.charset ?? 'UTF-8';
  const cte = o.cte ?? (charset === 'ISO-2022-JP' ? '7bit' : 'quoted-printable');
  const label = o.lowerCharset ? charset.toLowerCase() : charset;
  const cs = o.quoteCharset ? `"${label}"` : label;
  const body = o.flowed ? flow(text) : text;
  return {
    headers: [
      ['Content-Type', `text/plain; charset=${cs}${o.flowed ? '; format=flowed' : ''}`],
      ['Content-Transfer-Encoding', cte],
    ],
    body: encodeBody(body, charset, cte),
  };
}

export function htmlPart(html: string, o: TextOpts = {}): MimeNode {
  const charset = o.charset ?? 'UTF-8';
  const cte = o.cte ?? 'quoted-printable';
  const label = o.lowerCharset ? charset.toLowerCase() : charset;
  const cs = o.quoteCharset ? `"${label}"` : label;
  return {
    headers: [
      ['Content-Type', `text/html; charset=${cs}`],
      ['Content-Transfer-Encoding', cte],
    ],
    body: encodeBody(html, charset, cte),
  };
}

export interface FileOpts {
  inline?: boolean;
  cid?: string;
  /** Outlook/Gmail put a Content-Description or X-Attachment-Id; free extra headers. */
  extra?: [string, string][];
  nameCharset?: Charset;
  /** Text attachments: encode as 7bit/8bit text instead of base64. */
  asText?: boolean;
  size?: boolean;
}

export function filePart(name: string, type: string, content: Buffer | string, o: FileOpts = {}): MimeNode {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const encName = ew(name, o.nameCharset ?? 'UTF-8');
  const quoted = encName.includes('=?') ? `"${encName}"` : `"${name}"`;
  const headers: [string, string][] = [
    ['Content-Type', `${type}; name=${quoted}`],
    ['Content-Disposition', `${o.inline ? 'inline' : 'attachment'}; filename=${quoted}${o.size ? `; size=${buf.length}` : ''}`],
  ];
  if (o.cid) headers.push(['Content-ID', `<${o.cid}>`]);
  for (const h of o.extra ?? []) headers.push(h);
  if (o.asText) {
    headers.push(['Content-Transfer-Encoding', /^[\x00-\x7f]*$/.test(buf.toString('latin1')) ? '7bit' : '8bit']);
    return { headers, body: buf.toString('utf8').replace(/\n$/, '') };
  }
  headers.push(['Content-Transfer-Encoding', 'base64']);
  return { headers, body: base64Lines(buf) };
}

/** A forwarded message carried as message/rfc822. */
export function messagePart(raw: string, name?: string): MimeNode {
  const headers: [string, string][] = [['Content-Type', name ? `message/rfc822; name="${name}"` : 'message/rfc822']];
  headers.push(['Content-Disposition', name ? `attachment; filename="${name}"` : 'attachment']);
  return { headers, body: raw.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

export function multipart(
  subtype: string,
  boundary: string,
  parts: MimeNode[],
  o: { type?: string; preamble?: string; tabFold?: boolean } = {},
): MimeNode {
  const sep = o.tabFold ? ';\n\t' : '; ';
  const params = [`boundary="${boundary}"`];
  if (o.type) params.push(`type="${o.type}"`);
  const ct = `multipart/${subtype}${sep}${params.join(sep)}`;
  const lines: string[] = [];
  if (o.preamble) lines.push(o.preamble, '');
  for (const p of parts) {
    lines.push(`--${boundary}`);
    for (const [k, v] of p.headers) lines.push(`${k}: ${v}`);
    lines.push('', p.body);
  }
  lines.push(`--${boundary}--`, '');
  return { headers: [['Content-Type', ct]], body: lines.join('\n') };
}

/**
 * Joins top-level headers (in the order given; `$BODY` marks where the root
 * part's own Content-* headers go) with the root part. CRLF line ends, as on the wire.
 */
export function message(headers: [string, string][], root: MimeNode): string {
  const lines: string[] = [];
  let placed = false;
  for (const [k, v] of headers) {
    if (k === '$BODY') {
      for (const [hk, hv] of root.headers) lines.push(`${hk}: ${hv}`);
      placed = true;
    } else lines.push(v ? `${k}: ${v}` : `${k}:`);
  }
  if (!placed) for (const [hk, hv] of root.headers) lines.push(`${hk}: ${hv}`);
  lines.push('', root.body);
  let out = lines.join('\n');
  if (!out.endsWith('\n')) out += '\n';
  return out.replace(/\r?\n/g, '\r\n');
}

// ---------------------------------------------------------------- images

/** Small deterministic PRNG (mulberry32) so every run writes the same bytes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * An RGB PNG that looks like a UI at a glance: a header bar, panels, and
 * "text" rows of noise. `busy` (0..1) sets how much noise, hence file size.
 */
export function png(width: number, height: number, seed: number, busy = 0.3): Buffer {
  const rnd = prng(seed);
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  const bar = [Math.floor(rnd() * 80), Math.floor(60 + rnd() * 100), Math.floor(120 + rnd() * 120)];
  for (let y = 0; y < height; y++) {
    const o = y * row;
    raw[o] = 0;
    const header = y < height * 0.08;
    const textRow = !header && y % 18 > 5 && y % 18 < 14 && rnd() < busy * 2;
    for (let x = 0; x < width; x++) {
      const p = o + 1 + x * 3;
      let c: number[];
      if (header) c = bar;
      else if (x < width * 0.15) c = [238, 240, 244];
      else if (textRow && x > width * 0.2 && x < width * (0.4 + busy) && rnd() < 0.45) {
        const v = Math.floor(rnd() * 90);
        c = [v, v, v + 20];
      } else c = [255, 255, 255];
      raw[p] = c[0]!;
      raw[p + 1] = c[1]!;
      raw[p + 2] = c[2]!;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1x1 transparent GIF, the classic tracking pixel / spacer. */
export function gifPixel(): Buffer {
  return Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
}

/**
 * A valid baseline greyscale JPEG (JFIF) whose 8x8 blocks carry only a DC
 * value doing a random walk: decodes as a mottled grey photo. Minimal custom
 * Huffman tables: DC symbols {0,1}, AC symbol {EOB}.
 */
export function jpeg(width: number, height: number, seed: number): Buffer {
  const rnd = prng(seed);
  const seg = (marker: number, data: Buffer) => {
    const h = Buffer.alloc(4);
    h[0] = 0xff;
    h[1] = marker;
    h.writeUInt16BE(data.length + 2, 2);
    return Buffer.concat([h, data]);
  };
  const app0 = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 1, 0, 72, 0, 72, 0, 0]);
  const dqt = Buffer.alloc(65, 16);
  dqt[0] = 0;
  const sof = Buffer.alloc(9);
  sof[0] = 8;
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof[5] = 1;
  sof[6] = 1;
  sof[7] = 0x11;
  sof[8] = 0;
  const dcBits = Buffer.alloc(16);
  dcBits[1] = 2;
  const dht = Buffer.concat([
    Buffer.from([0x00]),
    dcBits,
    Buffer.from([0, 1]),
    Buffer.from([0x10, 1, ...new Array<number>(15).fill(0)]),
    Buffer.from([0x00]),
  ]);
  const sos = Buffer.from([1, 1, 0x00, 0, 63, 0]);
  const bytes: number[] = [];
  let acc = 0;
  let n = 0;
  const put = (bits: string) => {
    for (const b of bits) {
      acc = (acc << 1) | (b === '1' ? 1 : 0);
      n++;
      if (n === 8) {
        bytes.push(acc);
        if (acc === 0xff) bytes.push(0);
        acc = 0;
        n = 0;
      }
    }
  };
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  let dc = 0;
  for (let i = 0; i < blocks; i++) {
    const r = rnd();
    let diff = r < 0.3 ? 1 : r < 0.6 ? -1 : 0;
    if (Math.abs(dc + diff) > 4) diff = -diff;
    put(diff === 0 ? '00' : diff > 0 ? '011' : '010');
    dc += diff;
    put('0');
  }
  while (n !== 0) put('1');
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, app0),
    seg(0xdb, dqt),
    seg(0xc0, sof),
    seg(0xc4, dht),
    seg(0xda, sos),
    Buffer.from(bytes),
    Buffer.from([0xff, 0xd9]),
  ]);
}

// ---------------------------------------------------------------- clients

const SUPPORT = 'support@td-support.example.com';
const SUPPORT_JA = 'トレジャーデータ サポート';

export interface Person {
  name: string;
  email: string;
}

export interface Quote {
  /** Attribution line or Outlook header block, written by the client, not the sender. */
  attribution: string;
  text: string;
}

export interface MailSpec {
  from: Person;
  to?: Person[];
  cc?: Person[];
  subject: string;
  date: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  text: string;
  /** Quoted earlier mail under the new text. */
  quote?: Quote;
  /** Inline images referenced from the HTML body (logos, pasted screenshots). */
  inline?: { name: string; type: string; data: Buffer; cid: string; alt?: string; atEnd?: boolean }[];
  attachments?: MimeNode[];
  /** Boundary / id seed so every mail gets distinct but fixed boundaries. */
  seed: string;
}

const supportTo = (ja: boolean): Person => ({ name: ja ? SUPPORT_JA : 'TD Support', email: SUPPORT });

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function linkify(s: string): string {
  return esc(s).replace(/https?:\/\/[^\s<>"（）]+/g, (u) => `<a href="${u}">${u}</a>`);
}

function imgTag(i: NonNullable<MailSpec['inline']>[number], w?: number, h?: number): string {
  return `<img src="cid:${i.cid}"${w ? ` width="${w}" height="${h}"` : ''} alt="${esc(i.alt ?? i.name)}">`;
}

function hex(seed: string, len: number): string {
  let h = 2166136261;
  let out = '';
  let i = 0;
  while (out.length < len) {
    for (const c of seed + i) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
    i++;
  }
  return out.slice(0, len);
}

function hdrAddrList(list: Person[], charset: Charset, lower = false): string {
  return list.map((p) => addr(p.name, p.email, charset, lower)).join(',\n ');
}

function threadHeaders(m: MailSpec): [string, string][] {
  const h: [string, string][] = [];
  if (m.references?.length) h.push(['References', m.references.map((r) => `<${r}>`).join('\n ')]);
  if (m.inReplyTo) h.push(['In-Reply-To', `<${m.inReplyTo}>`]);
  return h;
}

/** Outlook desktop: multipart/alternative inside related (logo) inside mixed (attachments). */
export function outlook(m: MailSpec, o: { charset: Charset; lang: 'ja-JP' | 'en-US' | 'en-GB' }): string {
  const id = hex(m.seed, 32).toUpperCase();
  const b = (n: number) => `_00${n}_${id}_`;
  const plain = m.quote ? `${m.text}\n\n${m.quote.attribution}\n\n${m.quote.text}` : m.text;
  const bodyHtml = (t: string) =>
    t
      .split('\n')
      .map((l) => `<p class="MsoNormal">${l ? linkify(l) : '&nbsp;'}<o:p></o:p></p>`)
      .join('\n');
  const logos = (m.inline ?? []).map((i) => `<p class="MsoNormal">${imgTag(i)}<o:p></o:p></p>`).join('\n');
  const quoteHtml = m.quote
    ? `\n<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0mm 0mm 0mm">\n${bodyHtml(m.quote.attribution)}\n</div>\n${bodyHtml(m.quote.text)}`
    : '';
  const html = `<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${o.charset.toLowerCase()}">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
</head>
<body lang="${o.lang.slice(0, 2).toUpperCase()}" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">
<div class="WordSection1">
${bodyHtml(m.text)}
${logos}${quoteHtml}
</div>
</body>
</html>`;
  const cs = o.charset === 'ISO-2022-JP' ? 'ISO-2022-JP' : o.charset;
  const alt = multipart(
    'alternative',
    b(0),
    [
      textPart(plain, { charset: cs, cte: cs === 'ISO-2022-JP' ? '7bit' : 'quoted-printable', quoteCharset: true, lowerCharset: true }),
      htmlPart(html, { charset: cs, cte: 'quoted-printable', quoteCharset: true, lowerCharset: true }),
    ],
    { tabFold: true },
  );
  let root = alt;
  if (m.inline?.length) {
    root = multipart(
      'related',
      b(3),
      [alt, ...m.inline.map((i) => filePart(i.name, i.type, i.data, { inline: true, cid: i.cid, extra: [['Content-Description', i.name]], size: true }))],
      { type: 'multipart/alternative', tabFold: true },
    );
  }
  if (m.attachments?.length) root = multipart('mixed', b(4), [root, ...m.attachments], { tabFold: true });
  const topic = m.subject.replace(/^(RE|FW|Re|Fw|FWD?):\s*/i, '');
  const lower = true;
  const headers: [string, string][] = [
    ['From', addr(m.from.name, m.from.email, o.charset === 'us-ascii' ? 'UTF-8' : o.charset, lower)],
    ['To', hdrAddrList(m.to ?? [supportTo(o.lang === 'ja-JP')], o.charset === 'us-ascii' ? 'UTF-8' : o.charset, lower)],
  ];
  if (m.cc?.length) headers.push(['CC', hdrAddrList(m.cc, o.charset === 'us-ascii' ? 'UTF-8' : o.charset, lower)]);
  headers.push(
    ['Subject', ew(m.subject, o.charset === 'us-ascii' ? 'UTF-8' : o.charset, lower)],
    ['Thread-Topic', ew(topic, o.charset === 'us-ascii' ? 'UTF-8' : o.charset, lower)],
    ['Thread-Index', Buffer.from(hex(m.seed + 'ti', 44), 'hex').toString('base64')],
    ['Date', m.date],
    ['Message-ID', `<${m.messageId}>`],
    ...threadHeaders(m),
    ['Accept-Language', `${o.lang}, en-US`],
    ['Content-Language', o.lang],
    ['X-MS-Has-Attach', m.attachments?.length || m.inline?.length ? 'yes' : ''],
    ['X-MS-TNEF-Correlator', ''],
    ['$BODY', ''],
    ['MIME-Version', '1.0'],
  );
  return message(headers, root);
}

/** Gmail web: text/plain + text/html alternatives, "> " quoting, base64 for non-ASCII. */
export function gmail(m: MailSpec, o: { ja: boolean }): string {
  const id = hex(m.seed, 28);
  const b = (n: number) => `0000000000${n}${id.slice(n, n + 17)}`;
  const quoted = m.quote ? m.quote.text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n') : '';
  const plain = m.quote ? `${m.text}\n\n${m.quote.attribution}\n\n${quoted}` : m.text;
  const divs = (t: string) =>
    t
      .split('\n')
      .map((l) => (l ? `<div>${linkify(l)}</div>` : '<div><br></div>'))
      .join('');
  const imgs = (m.inline ?? []).map((i) => `<div>${imgTag(i)}<br></div>`).join('');
  const quoteHtml = m.quote
    ? `<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${esc(m.quote.attribution)}<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${m.quote.text.split('\n').map((l) => linkify(l)).join('<br>')}</blockquote></div>`
    : '';
  const html = `<div dir="ltr">${divs(m.text)}${imgs}</div>${quoteHtml}\n`;
  const cte: Cte = o.ja ? 'base64' : 'quoted-printable';
  const alt = multipart('alternative', b(1), [
    textPart(plain, { charset: 'UTF-8', cte, quoteCharset: true }),
    htmlPart(html, { charset: 'UTF-8', cte, quoteCharset: true }),
  ]);
  let root = alt;
  if (m.inline?.length) {
    root = multipart('related', b(2), [
      alt,
      ...m.inline.map((i) =>
        filePart(i.name, i.type, i.data, { inline: true, cid: i.cid, extra: [['X-Attachment-Id', i.cid.split('@')[0]!]] }),
      ),
    ]);
  }
  if (m.attachments?.length) root = multipart('mixed', b(3), [root, ...m.attachments]);
  const headers: [string, string][] = [['MIME-Version', '1.0'], ...threadHeaders(m)];
  headers.push(
    ['From', addr(m.from.name, m.from.email)],
    ['Date', m.date],
    ['Message-ID', `<${m.messageId}>`],
    ['Subject', ew(m.subject)],
    ['To', hdrAddrList(m.to ?? [supportTo(o.ja)], 'UTF-8')],
  );
  if (m.cc?.length) headers.push(['Cc', hdrAddrList(m.cc, 'UTF-8')]);
  return message(headers, root);
}

/** Thunderbird: plain text only, format=flowed, 8bit UTF-8 (or ISO-2022-JP for older Japanese setups). */
export function thunderbird(m: MailSpec, o: { charset: 'UTF-8' | 'ISO-2022-JP'; lang: string; version?: string }): string {
  const quoted = m.quote ? m.quote.text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n') : '';
  const plain = m.quote ? `${m.text}\n\n${m.quote.attribution}\n${quoted}` : m.text;
  const jisMode = o.charset === 'ISO-2022-JP';
  let root = textPart(plain, { charset: o.charset, cte: jisMode ? '7bit' : '8bit', flowed: !jisMode });
  if (m.attachments?.length) {
    const bnd = `------------${Buffer.from(hex(m.seed, 18), 'hex').toString('base64').replace(/[+/=]/g, 'x')}`;
    root = multipart('mixed', bnd, [root, ...m.attachments], { preamble: 'This is a multi-part message in MIME format.' });
  }
  const cs: Charset = jisMode ? 'ISO-2022-JP' : 'UTF-8';
  const headers: [string, string][] = [
    ['Message-ID', `<${m.messageId}>`],
    ['Date', m.date],
    ['MIME-Version', '1.0'],
    ['User-Agent', o.version ?? 'Mozilla Thunderbird'],
    ...threadHeaders(m),
    ['Content-Language', o.lang],
    ['To', hdrAddrList(m.to ?? [supportTo(o.lang === 'ja')], cs)],
  ];
  if (m.cc?.length) headers.push(['Cc', hdrAddrList(m.cc, cs)]);
  headers.push(['From', addr(m.from.name, m.from.email, cs)], ['Subject', ew(m.subject, cs)]);
  return message(headers, root);
}

/** Apple Mail: single QP text/plain, or mixed with Apple-Mail boundaries when something is attached. */
export function appleMail(m: MailSpec, o: { ja: boolean }): string {
  const quoted = m.quote ? m.quote.text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n') : '';
  const plain = m.quote ? `${m.text}\n\n${m.quote.attribution}\n\n${quoted}` : m.text;
  let root = textPart(plain, { charset: 'UTF-8', cte: 'quoted-printable', lowerCharset: true });
  if (m.attachments?.length) {
    const u = hex(m.seed, 32).toUpperCase();
    const uuid = `${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20, 32)}`;
    root = multipart('mixed', `Apple-Mail=_${uuid}`, [root, ...m.attachments]);
  }
  const headers: [string, string][] = [
    ['From', addr(m.from.name, m.from.email, 'UTF-8', true)],
    ['$BODY', ''],
    ['Mime-Version', '1.0 (Mac OS X Mail 16.0 \\(3826.500.181.1.5\\))'],
    ['Subject', ew(m.subject, 'UTF-8', true)],
    ...threadHeaders(m),
    ['Message-Id', `<${m.messageId}>`],
    ['Date', m.date],
    ['To', hdrAddrList(m.to ?? [supportTo(o.ja)], 'UTF-8', true)],
  ];
  if (m.cc?.length) headers.push(['Cc', hdrAddrList(m.cc, 'UTF-8', true)]);
  headers.push(['X-Mailer', 'Apple Mail (2.3826.500.181.1.5)']);
  return message(headers, root);
}

/** Becky! Internet Mail: ISO-2022-JP plain text, terse headers. */
export function becky(m: MailSpec): string {
  let root = textPart(m.quote ? `${m.text}\n\n${m.quote.attribution}\n${m.quote.text.split('\n').map((l) => `> ${l}`).join('\n')}` : m.text, {
    charset: 'ISO-2022-JP',
    cte: '7bit',
    quoteCharset: true,
  });
  if (m.attachments?.length) {
    root = multipart('mixed', `------_${hex(m.seed, 12).toUpperCase()}_MULTIPART_MIXED_`, [root, ...m.attachments]);
  }
  const headers: [string, string][] = [
    ['Date', m.date],
    ['From', addr(m.from.name, m.from.email, 'ISO-2022-JP')],
    ['To', hdrAddrList(m.to ?? [supportTo(true)], 'ISO-2022-JP')],
  ];
  if (m.cc?.length) headers.push(['Cc', hdrAddrList(m.cc, 'ISO-2022-JP')]);
  headers.push(
    ['Subject', ew(m.subject, 'ISO-2022-JP')],
    ['Message-Id', `<${m.messageId}>`],
    ...threadHeaders(m),
    ['MIME-Version', '1.0'],
    ['$BODY', ''],
    ['X-Mailer', 'Becky! ver. 2.81.07 [ja]'],
  );
  return message(headers, root);
}

/** A web mailer that sends HTML only (no text/plain alternative), optionally with inline images. */
export function htmlOnly(m: MailSpec, o: { ja: boolean; mailer: string; bodyHtml?: string }): string {
  const paras = (t: string) =>
    t
      .split('\n\n')
      .map((p) => `<p>${p.split('\n').map(linkify).join('<br>\n')}</p>`)
      .join('\n');
  const imgs = (m.inline ?? []).map((i) => `<p>${imgTag(i)}</p>`).join('\n');
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body style="font-family:sans-serif">\n${o.bodyHtml ?? paras(m.text)}\n${imgs}\n</body></html>`;
  let root = htmlPart(html, { charset: 'UTF-8', cte: o.ja ? 'base64' : 'quoted-printable' });
  if (m.inline?.length)
    root = multipart('related', `=_${hex(m.seed, 24)}`, [root, ...m.inline.map((i) => filePart(i.name, i.type, i.data, { inline: true, cid: i.cid }))], {
      type: 'text/html',
    });
  if (m.attachments?.length) root = multipart('mixed', `=_${hex(m.seed + 'm', 24)}`, [root, ...m.attachments]);
  const headers: [string, string][] = [
    ['MIME-Version', '1.0'],
    ['Date', m.date],
    ['From', addr(m.from.name, m.from.email)],
    ['To', hdrAddrList(m.to ?? [supportTo(o.ja)], 'UTF-8')],
  ];
  if (m.cc?.length) headers.push(['Cc', hdrAddrList(m.cc, 'UTF-8')]);
  headers.push(['Subject', ew(m.subject)], ['Message-ID', `<${m.messageId}>`], ...threadHeaders(m), ['X-Mailer', o.mailer]);
  return message(headers, root);
}

// ---------------------------------------------------------------- labels


export interface LabelItems {
  account_id: string | null;
  site: Site | null;
  goal: boolean;
  target_id: string[];
  error_message: boolean;
  console_url: boolean;
  screenshot: boolean;
  os: 'windows' | 'mac' | 'linux' | null;
  command: boolean;
  history: boolean;
  timezone: boolean;
  related_ticket: boolean;
}

export interface Label {
  language: 'ja' | 'en';
  category: Category;
  channel: Channel;
  items: LabelItems;
  secrets: SecretKind[];
  referenced_tickets: string[];
  missing: RequiredItemKey[];
  note: string;
}

/** The spec's "required when" column, applied to one label. */
export function requiredMissing(category: Category, channel: Channel, it: LabelItems): RequiredItemKey[] {
  if (!IN_SCOPE_CATEGORIES.includes(category)) return [];
  const isError = category === 'error';
  const absent: Record<RequiredItemKey, boolean> = {
    account_id: it.account_id === null,
    site: it.site === null,
    goal: (isError || category === 'spec') && !it.goal,
    method: isError && channel === 'unknown',
    target_id: isError && it.target_id.length === 0,
    error_message: isError && !it.error_message && !it.target_id.some((t) => t.startsWith('job:') || t.startsWith('session:')),
    console_url: isError && channel === 'console' && !it.console_url,
    screenshot: isError && channel === 'console' && !it.screenshot,
    os: isError && (channel === 'toolbelt' || channel === 'api') && it.os === null,
    command: isError && (channel === 'toolbelt' || channel === 'api') && !it.command,
    history: isError && !it.history,
    timezone: isError && !it.timezone,
    related_ticket: !it.related_ticket,
  };
  return REQUIRED_ITEM_KEYS.filter((k) => absent[k]);
}

export function items(p: Partial<LabelItems>): LabelItems {
  return {
    account_id: null,
    site: null,
    goal: false,
    target_id: [],
    error_message: false,
    console_url: false,
    screenshot: false,
    os: null,
    command: false,
    history: false,
    timezone: true,
    related_ticket: true,
    ...p,
  };
}

export interface Case {
  file: string;
  raw: string;
  label: Omit<Label, 'missing' | 'items'> & { items: Partial<LabelItems> };
}

const cases: Case[] = [];
function add(file: string, raw: string, label: Case['label']): void {
  cases.push({ file, raw, label });
}

// ---------------------------------------------------------------- senders and shared images

const MINAMI: Person = { name: '森本 拓也', email: 't.morimoto@minami-dk.example.co.jp' };
const BLUEFIN: Person = { name: 'Marcus Okafor', email: 'marcus.okafor@bluefin-consulting.example.com' };
const HARUKAZE: Person = { name: '石井 千尋', email: 'c.ishii@harukaze-tech.example.jp' };
const KESTREL: Person = { name: 'Sofia Lindqvist', email: 'sofia.lindqvist@kestrel-data.example.net' };
const SIGNAL: Person = { name: '山口 花', email: 'h.yamaguchi@signalbridge.example.co.jp' };
const ORCHARD: Person = { name: 'Wei Ling Tan', email: 'weiling.tan@orchard-analytics.example.sg' };
const CROSSPOINT: Person = { name: '藤原 誠', email: 'm.fujiwara@crosspoint.example.jp' };
const HANBIT: Person = { name: 'Min-jun Park', email: 'minjun.park@hanbit-cloud.example.kr' };
const NORTHLINK: Person = { name: '小林 悠', email: 'yu.kobayashi@northlink.example.co.jp' };

// Logos recur byte-identical in every mail of their sender: that is what makes them logos.
const MINAMI_LOGO = { name: 'image001.png', type: 'image/png', data: png(232, 58, 101, 0.6), cid: 'image001.png@01DCB1A2.4F3E5D10', alt: 'ミナミデータ工房' };
const KESTREL_LOGO = { name: 'image001.png', type: 'image/png', data: png(248, 62, 202, 0.6), cid: 'image001.png@01DCB0F7.93A1C220', alt: 'Kestrel Data Partners' };
const HANBIT_LOGO = { name: 'image002.png', type: 'image/png', data: png(200, 50, 303, 0.6), cid: 'image002.png@01DCB2C4.10B2E880', alt: 'Hanbit Cloud' };

const MINAMI_SIG = `--
株式会社ミナミデータ工房
データエンジニアリング部　森本 拓也
〒101-0047 東京都千代田区内神田9-9-9 ミナミビル5F
TEL：03-5555-0288（受付時間 平日9:00～17:30）`;

const KESTREL_SIG = `Kind regards,
Sofia

Sofia Lindqvist
Lead Consultant | Kestrel Data Partners AB
Kungsgatan 99, 111 22 Stockholm, Sweden
+46 8 555 012 34 (office hours 08:30-17:00 CET)`;

const BLUEFIN_SIG = `--
Marcus Okafor | Principal Data Engineer
Bluefin Consulting LLC
2100 Example Blvd, Suite 400, Austin, TX 78701
+1 (512) 555-0199`;

// ---------------------------------------------------------------- cases

add(
  'h01-ja-gcs-export-403-complete.eml',
  outlook(
    {
      from: MINAMI,
      subject: '【ミナミデータ工房】GCSへのエクスポートが403で失敗する件（まるやま製菓様）',
      date: 'Mon, 9 Mar 2026 10:48:22 +0900',
      messageId: 'TY3PR01MB11893C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4@TY3PR01MB11893.jpnprd01.prod.outlook.com',
      seed: 'h01',
      inline: [MINAMI_LOGO],
      attachments: [filePart('gcs_export_error.png', 'image/png', png(1600, 900, 1, 0.2), { size: true })],
      text: `トレジャーデータ サポートご担当者様

いつもお世話になっております。
株式会社ミナミデータ工房の森本です。

弊社が運用を代行しているまるやま製菓株式会社様の環境で、
Saved QueryのExport Results ToからGoogle Cloud Storageへ結果を書き出す処理が
エラーになっております。
店舗別の在庫スナップショットを毎日GCSに置き、需要予測のバッチで読み込むことが目的です。

■環境
アカウントID：２４６８０
Console Environment：東京リージョン
実行方法：Saved Query → Export Results To（Google Cloud Storage）

■対象
Job ID：2014567890
画面URL：https://console.treasuredata.co.jp/app/jobs/2014567890
画面全体のスクリーンショットを添付いたします（gcs_export_error.png）

■エラーメッセージ（ジョブ詳細画面よりコピー）
java.io.IOException: Error uploading to gs://maruyama-forecast/stock/dt=20260309/part-0.csv: 403 Forbidden
"td-export@maruyama-prod.iam.gserviceaccount.com does not have storage.objects.create access to the Google Cloud Storage object."

■経緯
1. 3月9日 8:40頃（日本時間）、前日まで動いていたクエリを手動実行したところ上記エラー
2. GCS側でサービスアカウントの権限を確認し、9:55頃（日本時間）に再実行 → 同じエラー
3. 3月6日 7:00頃（日本時間）の定期実行（Job ID：2013998877）までは正常に終了しています

お手数ですが、原因と回避方法をご教示ください。

${MINAMI_SIG}`,
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '24680',
      site: 'ap01',
      goal: true,
      target_id: ['job:2014567890', 'job:2013998877'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete console inquiry (Outlook, ISO-2022-JP): full-width account ID, site by the name 東京リージョン, job ID both in the text and in the /jobs/N console URL (listed once). Screenshot is a 1600x900 attachment; the small inline logo recurs in every Minami mail. The 東京都 postal address and the 9:00～17:30 business hours in the signature are neither a region nor event times.',
  },
);

add(
  'h02-en-workflow-missing-table-ap03-host.eml',
  thunderbird(
    {
      from: ORCHARD,
      subject: 'Workflow session failed: td> task cannot find staging table (nightly_loyalty_rollup)',
      date: 'Tue, 10 Mar 2026 10:02:41 +0800',
      messageId: '0c9b5e7a-41d2-4f0e-9a7b-2f61c3d8e5a4@orchard-analytics.example.sg',
      seed: 'h02',
      text: `Hello Support team,

One of our end users, Harbor Bikes, runs a nightly workflow that rolls up loyalty points into a summary table their CRM team reads every morning. Last night's session failed and we would like to understand why and how to avoid it.

Account ID: 57913
Console: console.ap03.treasuredata.com
Project / workflow: harbor_loyalty / nightly_loyalty_rollup
Session ID: 3120045678
Attempt ID: 3120049901

Schedule in the .dig file:

   timezone: Asia/Singapore
   schedule:
     daily>: 02:00:00

Error from the task +rollup (copied from the task log):

   2026-03-10 02:04:51 +0800 [ERROR] (0047@[0:harbor_loyalty]+nightly_loyalty_rollup+rollup): Task failed with unexpected error: Query 2020304050 failed: line 7:12: Table 'harbor_loyalty.points_ledger_stage' does not exist

What we know so far:
- The previous session (3119876543) on 9 March completed normally at 02:11 SGT.
- On 9 March around 15:30 SGT the CRM team renamed a staging table. We suspect this is related, but the workflow does not reference the old name anywhere.
- We retried the failed attempt at 09:20 SGT today; it failed with the same message.

Thanks,
Wei Ling

-- 
Wei Ling Tan
Data Engineer, Orchard Analytics Pte Ltd
+65 6555 0192 | Mon-Fri 9am-6pm`,
    },
    { charset: 'UTF-8', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '57913',
      site: 'ap03',
      goal: true,
      target_id: ['session:3120045678', 'attempt:3120049901', 'job:2020304050', 'session:3119876543'],
      error_message: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete workflow inquiry (Thunderbird, format=flowed). Site only from a bare console hostname (console.ap03... names the site; it is no console URL, which a workflow does not need anyway). The job ID sits inside the pasted log ("Query 2020304050 failed"). The recurring 02:00:00 schedule is covered by the timezone: Asia/Singapore line of its config block; other times say SGT. "9am-6pm" is signature business hours.',
  },
);

add(
  'h03-ja-toolbelt-powershell-cert-error.eml',
  gmail(
    {
      from: SIGNAL,
      subject: 'TD Toolbeltでクエリ結果のCSVが出力されない（証明書エラー）',
      date: 'Wed, 11 Mar 2026 11:26:05 +0900',
      messageId: 'CAJ7vQm2Lk9pTq4sXw8nR3bZc1yH6dF0eG5uA2oI9jK4lM7nP8q@mail.gmail.com',
      seed: 'h03',
      text: `トレジャーデータ サポート
ご担当者様

お世話になっております。シグナルブリッジの山口です。

東洋トラベル株式会社様の予約データを、TD Toolbeltで毎朝CSVに出力し、
社内の売上ダッシュボードに取り込む運用を準備しております。
その検証中に、クエリ結果のダウンロードで証明書のエラーが発生しました。

アカウントID: 35791
エンドポイント: https://api.treasuredata.co.jp （td -e で指定しています）

実行したコマンドと出力です。

PS C:\\work\\toyo> td -e https://api.treasuredata.co.jp -k 35791/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx query -w -d travel_dwh -T presto -o C:\\work\\toyo\\bookings.csv "SELECT booking_id, amount FROM bookings WHERE TD_INTERVAL(time, '-1d', 'JST')"
Job 2031122334 is queued.
Use 'td -k API_KEY job:show 2031122334' to show the status.
  Status     : success
Error: SSL_connect returned=1 errno=0 peeraddr=203.0.113.10:443 state=error: certificate verify failed (unable to get local issuer certificate)

ジョブ自体は success になっていますが、CSVファイルが作成されません。
3月10日に社内プロキシがSSLインスペクションありの設定に切り替わっており、それ以降に発生しています。
同じPCで、切り替え前の3月9日 17:10（JST）に実行した Job ID 2030099887 では、CSVが正常に出力されていました。
プロキシの除外設定を情報システム部に依頼する前に、Toolbelt側でCA証明書を指定する方法があれば知りたいです。

よろしくお願いいたします。

--
株式会社シグナルブリッジ　山口 花
〒530-0001 大阪府大阪市北区梅田9-9-9
TEL 06-5555-0316`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'toolbelt',
    items: {
      account_id: '35791',
      site: 'ap01',
      goal: true,
      target_id: ['job:2031122334', 'job:2030099887'],
      error_message: true,
      os: 'windows',
      command: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Toolbelt on Windows known only from the PS C:\\ prompt (the word Windows never appears). Site only from the API endpoint api.treasuredata.co.jp. The API key is masked (35791/xxxx...). "JST" inside TD_INTERVAL is SQL, not a clock time; the one clock time (17:10) carries JST. Gmail, UTF-8 base64.',
  },
);

add(
  'h04-en-curl-td1-key-amazon-linux.eml',
  gmail(
    {
      from: BLUEFIN,
      subject: 'REST API job issue rejected with 404 "Database does not exist"',
      date: 'Tue, 10 Mar 2026 08:14:37 -0500',
      messageId: 'CAPm4xR8wK2nB6vT1qZ9sL3fH7dJ5yC0eA4uG8iO2pM6rN1kX3w@mail.gmail.com',
      seed: 'h04',
      text: `Hi TD Support,

We're building a nightly extract for our client Lumen Pharmacy: a cron job on an Amazon Linux 2023 EC2 instance submits a Trino query through the REST API, and the result is loaded into their reporting database at 06:00 UTC every day.

Since this morning every submission is rejected. Request and response:

$ curl -s -i -X POST https://api.treasuredata.com/v3/job/issue/trino/lumen_sales \\
    -H "Authorization: TD1 80246/4f1c9a7be20d53a6c8e41f0b27d9e6a3c5b18f72" \\
    -d "query=SELECT COUNT(1) FROM orders WHERE TD_INTERVAL(time, '-1d')"
HTTP/1.1 404 Not Found
Content-Type: application/json

{"error":"Database 'lumen_sales' does not exist","severity":"error"}

Account ID: 80246 (US region). The same cron entry ran fine every day until yesterday. We confirmed in the console (https://console.treasuredata.com/app/databases) that the lumen_sales database is still there, and re-ran the curl by hand twice with the same 404.

Could you check what changed?

Thanks,
Marcus

${BLUEFIN_SIG}`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '80246',
      site: 'us01',
      goal: true,
      target_id: [],
      error_message: true,
      console_url: true,
      os: 'linux',
      command: true,
      history: true,
    },
    secrets: ['td_api_key'],
    referenced_tickets: [],
    note: 'REST API via curl with the TD API key unmasked in a TD1 Authorization header. OS from the Amazon Linux 2023 image (the bare $ prompt alone would not say). The console URL of the databases screen names us01 too; it is present though not required for the api channel. The request was rejected before a job existed: target_id missing. "06:00 UTC every day" is a recurring time with its zone; "this morning" is no clock time.',
  },
);

add(
  'h05-ja-snowflake-source-no-site-image-link.eml',
  becky({
    from: HARUKAZE,
    subject: 'Snowflakeからの取り込みジョブが失敗します',
    date: 'Wed, 11 Mar 2026 15:02:48 +0900',
    messageId: '20260311150248.7A1C.C8E2F4B6@harukaze-tech.example.jp',
    seed: 'h05',
    text: `トレジャーデータ株式会社
サポートご担当者様

いつもお世話になっております。
ハルカゼ・テクノロジーの石井です。

エンドユーザー（アカウントID：６８０２４）の環境で、
SourcesからSnowflakeのテーブルを取り込む設定を作成しましたが、
取り込みジョブが失敗しました。
会員マスタをTDに取り込み、Audience Studioのセグメント作成に使う予定です。

ジョブID：２０４１２３４５６７
エラーメッセージ：
net.snowflake.client.jdbc.SnowflakeSQLException: JDBC driver encountered communication error. Message: HTTP status=403.

画面のキャプチャは社内の共有ストレージに置きました。
https://files.harukaze-tech.example.jp/share/td/snowflake_source_error.png

本日 14:20 に実行したところ、上記のエラーとなりました。
ご確認のほどよろしくお願いいたします。

--------------------------------------
 有限会社ハルカゼ・テクノロジー
 ソリューション部　石井 千尋
 〒150-0002 東京都渋谷区渋谷9-9-9
 TEL 03-5555-0461　FAX 03-5555-0462
--------------------------------------`,
  }),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '68024',
      site: null,
      goal: true,
      target_id: ['job:2041234567'],
      error_message: true,
      timezone: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Becky! ISO-2022-JP, full-width account and job IDs. No Console Environment: the 東京都渋谷区 postal address is not a region. The screenshot is only a link to an image on a file share (not an attachment), and no console URL is given. Only the single failed run is reported (no history); "本日 14:20" has no timezone.',
  },
);

add(
  'h06-en-request-ip-allowlist-eu.eml',
  outlook(
    {
      from: KESTREL,
      subject: 'Request: add IP range to the IP allowlist - Nordvik Outdoor (our ref. KDP-4471)',
      date: 'Thu, 12 Mar 2026 09:31:15 +0000',
      messageId: 'GV1P192MB2043A1B2C3D4E5F60718293A4B5C6D7E@GV1P192MB2043.EURP192.PROD.OUTLOOK.COM',
      seed: 'h06',
      inline: [KESTREL_LOGO],
      text: `Hello Treasure Data Support,

We would like to request a change on behalf of our client Nordvik Outdoor AS.

Account ID: 79135
Console Environment: EU region

Nordvik is moving its analysts to a new office network on 1 April. Please add the following range to the account's IP allowlist, so that the analysts can keep using the console and the API from the new office:

    198.51.100.0/26

The existing ranges should stay in place until we confirm the move is finished. The request has been approved by Nordvik's Account Owner, Lars Eide (lars.eide@nordvik-outdoor.example.no), who is in copy.

For our own records this is case KDP-4471 on our side, and it falls under purchase order PO-2026-118.

${KESTREL_SIG}`,
      cc: [{ name: 'Lars Eide', email: 'lars.eide@nordvik-outdoor.example.no' }],
    },
    { charset: 'us-ascii', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'request',
    channel: 'unknown',
    items: { account_id: '79135', site: 'eu01', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete operational request (Outlook, us-ascii QP) with the site as the name "EU region". KDP-4471 and PO-2026-118 are the partner\'s own case and order numbers, not support tickets. The Kestrel inline logo recurs in every Kestrel mail; office hours in the signature are not event times.',
  },
);

add(
  'h07-ja-spec-incremental-source-iana.eml',
  appleMail(
    {
      from: CROSSPOINT,
      subject: 'Sourcesの増分取り込み（Incremental）の仕様について',
      date: 'Thu, 12 Mar 2026 13:44:09 +0900',
      messageId: '7D2E9F41-B3A8-4C6E-8D15-F0A2B7C94E63@crosspoint.example.jp',
      seed: 'h07',
      text: `トレジャーデータ サポート御中

お世話になっております。クロスポイントの藤原です。
Sourcesの増分取り込みの仕様について確認させてください。

アカウントID：91357
対象のSource：https://console.treasuredata.co.jp/app/sources/7712045

このSourceはPostgreSQLの注文テーブルを、毎朝6時（Asia/Tokyo）のスケジュールで
Incremental Loadingを有効にして取り込んでいます。
取り込み漏れが出ないよう、障害時の再実行手順を社内で決めたいと考えております。

質問です。
1. 増分取り込みで使われる last_record の値はどこに保持されていますか。
2. スケジュール外で「Transfer」を手動実行した場合も last_record は更新されますか。
3. ジョブが途中で失敗した場合、last_record は実行前の値のまま残りますか。

参考にしたドキュメント：
https://docs.treasuredata.com/articles/#!int/postgresql-import-integration

以上、よろしくお願いいたします。

━━━━━━━━━━━━━━━━━━━━
株式会社クロスポイント　藤原 誠
〒460-0008 愛知県名古屋市中区栄9-9-9
TEL 052-555-0733
━━━━━━━━━━━━━━━━━━━━`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'spec',
    channel: 'console',
    items: {
      account_id: '91357',
      site: 'ap01',
      goal: true,
      target_id: ['other:7712045'],
      console_url: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete spec question (Apple Mail, UTF-8 QP) about the Sources screen. Site only from the console hostname in the Source URL, whose /sources/N path is an object ID (other:N). The recurring time 毎朝6時 carries an IANA zone (Asia/Tokyo). A docs link is given.',
  },
);

add(
  'h08-en-toolbelt-result-output-bare-prompt.eml',
  gmail(
    {
      from: BLUEFIN,
      subject: 'td query --result to a TD table fails: table not found',
      date: 'Wed, 11 Mar 2026 09:55:12 -0400',
      messageId: 'CAPm4xR9aT5cW2mE7nY1bK8vJ3hQ6sF0dL4gU9iP2oZ5rX8tB1y@mail.gmail.com',
      seed: 'h08',
      text: `Hello,

For Vista Telecom we fill a small mart table every night with TD Toolbelt so that their call-centre dashboard can read it. Since yesterday the result output step fails, although the query itself runs.

Account ID 13579, production-us01.

What we run, and what it prints:

$ td query -d vista_dwh -T presto -w --result "td://@/vista_mart/daily_calls?mode=replace" "SELECT call_date, COUNT(*) AS calls FROM call_records GROUP BY 1"
Job 2052233445 is queued.
Use 'td job:show 2052233445' to show the status.
  Status      : error
Error: Output to 'td://@/vista_mart/daily_calls' failed: Table 'daily_calls' in database 'vista_mart' not found

It has run every night since January; the last good run was job 2051877001 on March 9 at 23:00 EDT. The table is visible in the console and we can SELECT from it. We also re-ran the command this morning with mode=append, with the same error.

Any idea what we are missing?

Marcus

${BLUEFIN_SIG}`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'toolbelt',
    items: {
      account_id: '13579',
      site: 'us01',
      goal: true,
      target_id: ['job:2052233445', 'job:2051877001'],
      error_message: true,
      os: null,
      command: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Toolbelt inquiry that is complete except the OS: the bare $ prompt is not enough to tell Linux from macOS. Site as the code production-us01; the last successful job is cited with its ID and a zoned time (EDT).',
  },
);

const AUTO_REPLY_84512 = `森本様

お問い合わせいただきありがとうございます。トレジャーデータ サポートです。
調査を開始するにあたり、以下の情報が不足しております。本メールへのご返信にてお知らせください。

・エンドユーザーのAccount ID（例：Account ID: 10101）
・Console Environment（例：production-us01、東京）
・処理を特定できるID（例：Session ID: 123456789、Job ID: 987654321）
・発生日時とタイムゾーン（例：日本時間 2024/1/30 10時頃）
・経緯（問題発生までの操作、試したこと、最後に正常に動いた日時）

チケット番号：84512
トレジャーデータ サポート`;

add(
  'h09-ja-reply-to-auto-reply-84512.eml',
  outlook(
    {
      from: MINAMI,
      subject: 'RE: [TD Support #84512] ワークフローが途中で止まる件',
      date: 'Wed, 11 Mar 2026 11:07:54 +0900',
      messageId: 'TY3PR01MB11893F1E2D3C4B5A69788796A5B4C3D2E1F@TY3PR01MB11893.jpnprd01.prod.outlook.com',
      inReplyTo: 'ar.84512.1773194520@td-support.example.com',
      references: ['TY3PR01MB118930A1B2C3D4E5F6A7B8C9D0E1F2A3B4C@TY3PR01MB11893.jpnprd01.prod.outlook.com', 'ar.84512.1773194520@td-support.example.com'],
      seed: 'h09',
      inline: [MINAMI_LOGO],
      text: `サポートご担当者様

ご連絡ありがとうございます。ミナミデータ工房の森本です。
不足していた情報をお送りします。

アカウントID：24680（東京リージョン）
セッションID：3155501234

セッションは 3/11 4:00（日本時間）に開始し、+load_pos タスクのまま2時間以上進まなかったため、
6:20（日本時間）にKillしました。
前日 3/10 分のセッション（3155409876）は、同じ時間帯に約25分で完了しています。

よろしくお願いいたします。

${MINAMI_SIG}`,
      quote: {
        attribution: `差出人: トレジャーデータ サポート <support@td-support.example.com>
送信日時: 2026年3月11日 9:02
宛先: 森本 拓也 <t.morimoto@minami-dk.example.co.jp>
件名: [TD Support #84512] ワークフローが途中で止まる件`,
        text: AUTO_REPLY_84512,
      },
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '24680',
      site: 'ap01',
      goal: false,
      target_id: ['session:3155501234', 'session:3155409876'],
      history: true,
    },
    secrets: [],
    referenced_tickets: ['84512'],
    note: 'Reply on ticket #84512 (subject tag, In-Reply-To) quoting only OUR auto-reply, which lists item names with example values (Account ID: 10101, production-us01, Session ID: 123456789, 日本時間 2024/1/30 10時頃): none of those count. Judged alone, the file gives account, site, session IDs (error text then optional), history and zoned times, but not the goal, which was in the original mail that is not quoted. The 送信日時 time is attribution metadata.',
  },
);

const NORDVIK_DIG = `timezone: Europe/Oslo

schedule:
  daily>: 07:30:00

_export:
  td:
    database: nordvik_cdp

+export_segment:
  td>: queries/daily_newsletter_segment.sql
  result_connection: nordvik_s3
  result_settings:
    bucket: nordvik-segments-prod
    path: td/daily/newsletter_\${session_date_compact}.csv.gz
`;

const NORDVIK_S3_YML = `# S3 result output used by nordvik_export.dig (kept next to the project for reference)
type: s3
bucket: nordvik-segments-prod
path_prefix: td/daily/
region: eu-west-1
access_key_id: AKIAZ7QX4N2LBKRM5TYE
secret_access_key: 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
compression: gzip
`;

add(
  'h10-en-workflow-s3-keys-in-attachment.eml',
  outlook(
    {
      from: KESTREL,
      subject: 'Daily S3 export in Treasure Workflow fails with InvalidAccessKeyId (Nordvik Outdoor)',
      date: 'Fri, 13 Mar 2026 08:12:40 +0000',
      messageId: 'GV1P192MB20439F8E7D6C5B4A3928170F6E5D4C3B@GV1P192MB2043.EURP192.PROD.OUTLOOK.COM',
      seed: 'h10',
      inline: [KESTREL_LOGO],
      attachments: [
        filePart('nordvik_export.dig', 'application/octet-stream', NORDVIK_DIG, { size: true }),
        filePart('s3_config.yml', 'application/octet-stream', NORDVIK_S3_YML, { size: true }),
      ],
      text: `Hi team,

Nordvik Outdoor (Account ID 79135, EU01) exports a daily newsletter segment to their S3 bucket from a Treasure Workflow, so that their email tool can pick the file up before the morning send. Since Monday the export task fails.

Session ID: 3160012345
Error (from the td> task log):
  com.amazonaws.services.s3.model.AmazonS3Exception: The AWS Access Key Id you provided does not exist in our records. (Service: Amazon S3; Status Code: 403; Error Code: InvalidAccessKeyId)

The workflow definition and the S3 settings we use are attached (nordvik_export.dig, s3_config.yml).
It worked until last Friday; since Monday the session fails every morning at 07:30. As far as we know nobody rotated anything on our side.

${KESTREL_SIG}`,
    },
    { charset: 'us-ascii', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '79135',
      site: 'eu01',
      goal: true,
      target_id: ['session:3160012345'],
      error_message: true,
      history: true,
      timezone: false,
    },
    secrets: ['aws_access_key', 'aws_secret_key'],
    referenced_tickets: [],
    note: 'The AWS access key ID and the secret (secret_access_key:) are exposed in an attached .yml, which counts like body text. "fails every morning at 07:30" in the body has no zone; the Europe/Oslo line sits in the attached .dig, elsewhere in the mail, so it does not cover the body time. Recurring Kestrel logo inline.',
  },
);

add(
  'h11-ja-object-listing-workflows-owners.eml',
  outlook(
    {
      from: MINAMI,
      subject: '【ミナミデータ工房】ワークフロー一覧と作成者の一覧を出力いただけますか（まるやま製菓様）',
      date: 'Fri, 13 Mar 2026 16:20:31 +0900',
      messageId: 'TY3PR01MB118934C5D6E7F8091A2B3C4D5E6F7A8B9C0@TY3PR01MB11893.jpnprd01.prod.outlook.com',
      seed: 'h11',
      inline: [MINAMI_LOGO],
      text: `トレジャーデータ サポートご担当者様

いつもお世話になっております。ミナミデータ工房の森本です。

まるやま製菓株式会社様で、年度末の棚卸しとして不要なワークフローを整理することになりました。
つきましては、以下の一覧をご提供いただくことは可能でしょうか。

・登録されている全ワークフロー（プロジェクト名・ワークフロー名）
・それぞれの作成者（ユーザーのメールアドレス）と最終実行日

アカウントID：24680
Console Environment：東京（production-ap01）

管理画面から1件ずつ確認するには数が多く（300件程度）、困っております。
お手数ですがよろしくお願いいたします。

${MINAMI_SIG}`,
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'object_listing',
    channel: 'unknown',
    items: { account_id: '24680', site: 'ap01', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete object-listing request (lists of workflows with their creators): support can only point to the APIs / Monitoring Workflow and give IDs, never names. Third Minami mail with the same inline logo, which stays a logo.',
  },
);

add(
  'h12-en-spec-job-list-scope-earlier-mail.eml',
  gmail(
    {
      from: BLUEFIN,
      subject: 'Does GET /v3/job/list return jobs of all users?',
      date: 'Fri, 13 Mar 2026 10:41:03 -0500',
      messageId: 'CAPm4xR7nQ3vB8kW1cT6yH2jL9sF4dM0gE5aU7iO3pZ8rX2tN6w@mail.gmail.com',
      seed: 'h12',
      text: `Hi again,

A follow-up on the question I sent you last week about job history, which I don't think got an answer yet.

Our client Lumen Pharmacy (US) wants a weekly audit report of every query run against their customer tables, so that their compliance team can see who accessed personal data. We plan to build it on the REST API. A test call with our own API key returns jobs, but we cannot tell whose:

    curl -s -H "Authorization: TD1 $TD_API_KEY" "https://api.treasuredata.com/v3/job/list?from=0&to=999"

Two questions:
1. Does /v3/job/list return the jobs of all users in the account, or only the jobs of the user who owns the API key?
2. Is there a limit on how far back the list goes?

The docs page we read: https://api-docs.treasuredata.com/en/api/td-api/rest-api/

Thanks,
Marcus

${BLUEFIN_SIG}`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'spec',
    channel: 'api',
    items: { account_id: null, site: 'us01', goal: true, command: true, related_ticket: false },
    secrets: [],
    referenced_tickets: [],
    note: 'Spec question about the REST API (channel api) with a clear goal and site (the name US). Client named by company only: no Account ID. Mentions an earlier inquiry to support ("the question I sent you last week") without its ticket number. The TD1 header carries an environment-variable reference, not a key.',
  },
);

const AOZORA_REPORT = `山口様

いつもお世話になっております。青空トラベルの佐々木です。

LINEの友だち向けに、来月の春キャンペーン対象者へメッセージを配信したいのですが、
Audience Studioで作成したセグメントのアクティベーションが失敗してしまいます。

セグメントの画面：
https://console.treasuredata.co.jp/app/ps/412233/se/998877

アクティベーション画面に表示されたエラー：
Activation failed: LINE Messaging API returned 400 Bad Request: {"message":"The request body has 1 error(s)","details":[{"message":"must be specified","property":"audiences[0].id"}]}

先週まではこのセグメントから毎日問題なく配信できていました。
3/12 10:15（JST）に手動で再実行しましたが、同じエラーでした。
画面のスクリーンショットを貼り付けます。

よろしくお願いいたします。
佐々木`;

add(
  'h13-ja-forwarded-line-activation-inline-shot.eml',
  gmail(
    {
      from: SIGNAL,
      subject: 'Fwd: LINE配信用セグメントのアクティベーションが失敗します',
      date: 'Thu, 12 Mar 2026 13:05:44 +0900',
      messageId: 'CAJ7vQm3Xp8sRt5uYw9oS4cBd2zI7eG1fH6vB3pJ0kL5mN8oQ9r@mail.gmail.com',
      seed: 'h13',
      inline: [{ name: 'image.png', type: 'image/png', data: png(1440, 900, 13, 0.22), cid: 'ii_mm4k2x0a1', alt: 'image.png' }],
      text: `トレジャーデータ サポート ご担当者様

シグナルブリッジの山口です。
エンドユーザー様（青空トラベル株式会社）から届いた報告を転送いたします。

アカウントID：46913
Console Environment：東京リージョン

原因と回避策をご確認いただけますでしょうか。

---------- Forwarded message ---------
From: 佐々木 恵 <m.sasaki@aozora-travel.example.jp>
Date: 2026年3月12日(木) 11:02
Subject: LINE配信用セグメントのアクティベーションが失敗します
To: 山口 花 <h.yamaguchi@signalbridge.example.co.jp>

${AOZORA_REPORT}`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '46913',
      site: 'ap01',
      goal: true,
      target_id: ['other:412233', 'other:998877'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Gmail inline forward: the end user\'s forwarded text supplies goal, console URL, error text and history; the partner adds account and site. The nested segment path /ps/N/se/M gives two object IDs (other:N, other:M) and no job, so the error text is needed, and it is there. The pasted 1440x900 inline image is a screenshot. The forwarded Date: 11:02 is metadata; the event time carries JST.',
  },
);

add(
  'h14-en-jdbc-ubuntu-password-ap02.eml',
  outlook(
    {
      from: HANBIT,
      subject: 'JDBC extraction fails with "exceeded distributed user memory limit"',
      date: 'Thu, 12 Mar 2026 15:48:27 +0900',
      messageId: 'SL2P216MB1835B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6@SL2P216MB1835.KORP216.PROD.OUTLOOK.COM',
      seed: 'h14',
      inline: [HANBIT_LOGO],
      text: `Hello Treasure Data Support,

Our client Seoul Mart (TD Account ID 46802) runs a Java ETL on Ubuntu 22.04 that reads daily sales from Treasure Data through the JDBC driver and loads them into their PostgreSQL warehouse, where the store managers' reports are built.

The extraction failed today at 14:05 KST with the exception below.

Connection settings (etl.properties):
  url=jdbc:td://api.ap02.treasuredata.com/seoulmart_dw;useSSL=true;type=presto
  user=etl-bot@seoulmart.example.kr
  password: Hanb1t!Secure#2026

Statement:
  SELECT store_id, SUM(amount) FROM sales WHERE TD_TIME_RANGE(time, '2026-03-11', '2026-03-12', 'Asia/Seoul') GROUP BY 1

Exception:
  java.sql.SQLException: Query 2061234567 failed: Query exceeded distributed user memory limit of 16GB

Could you tell us why this happens and how to avoid it?

Best regards,
Min-jun Park
Cloud Data Engineer | Hanbit Cloud Co., Ltd.
Seoul, Korea | +82 2 555 0148`,
    },
    { charset: 'UTF-8', lang: 'en-US' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '46802',
      site: 'ap02',
      goal: true,
      target_id: ['job:2061234567'],
      error_message: true,
      os: 'linux',
      command: true,
      history: false,
    },
    secrets: ['password'],
    referenced_tickets: [],
    note: 'JDBC from Ubuntu (api channel); site only from the JDBC host api.ap02.treasuredata.com. The JDBC password is pasted unmasked (password: ...). Only the single failure is reported: no steps, retries, current state or last success, so history is missing. Asia/Seoul inside TD_TIME_RANGE is SQL, not an event time; 14:05 carries KST.',
  },
);

add(
  'h15-ja-td-wf-start-mac-recurring-no-zone.eml',
  thunderbird(
    {
      from: NORTHLINK,
      subject: '手動起動したワークフローの td> タスクが Access Denied で失敗します',
      date: 'Thu, 12 Mar 2026 10:33:18 +0900',
      messageId: 'f3a9c2d1-6b7e-4a58-9c0d-1e2f3a4b5c6d@northlink.example.co.jp',
      seed: 'h15',
      text: `トレジャーデータ サポート御中

いつもお世話になっております。ノースリンクの小林です。

エンドユーザー様（AID：86420、production-ap01）の環境で、
MacBook Pro（macOS Sonoma 14.4）のターミナルから td wf コマンドでワークフローを操作しています。
広告費の日次集計テーブルを作り、経営会議用のレポートに使うためのワークフローです。

普段は毎朝8時のスケジュールで動いていますが、昨日分を再集計するため手動で起動しました。

% td wf start ads_report daily_ad_spend --session 2026-03-11
Started a session attempt:
  session id: 3170011223
  attempt id: 3170019876
  uuid: 5c1f0a9e-2b7d-4c3e-8f61-0d9a7b2e4c18

その後コンソールで確認したところ、+aggregate タスクが以下のエラーで失敗していました。

Error: td>: Query 2072233441 failed: Access Denied: Cannot select from table ads_raw.spend_daily (permission denied for user td-wf-northlink)

スケジュール実行分は3月11日分まで問題なく成功しております（最後に成功したセッションIDは3169
887766です）。
3月10日にユーザー権限（ポリシー）の整理を行っており、その影響ではないかと考えています。

ご確認をお願いいたします。

-- 
株式会社ノースリンク
小林 悠
〒060-0005 北海道札幌市中央区北5条西9-9-9
TEL: 011-555-0927`,
    },
    { charset: 'ISO-2022-JP', lang: 'ja', version: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:115.0) Gecko/20100101 Thunderbird/115.8.1' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '86420',
      site: 'ap01',
      goal: true,
      target_id: ['session:3170011223', 'attempt:3170019876', 'job:2072233441', 'session:3169887766'],
      error_message: true,
      os: 'mac',
      command: true,
      history: true,
      timezone: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'td wf start is a workflow operation (channel workflow; os and command are given but not required). The recurring time 毎朝8時 has no zone, so timezone is missing. The last successful session ID is hard-wrapped inside Japanese text (3169 / 887766) and is read joined. The session UUID is a request UUID, not a process ID; the % prompt says nothing, macOS is stated in words. Thunderbird with ISO-2022-JP.',
  },
);

add(
  'h16-en-oss-self-hosted-digdag-postgres.eml',
  appleMail(
    {
      from: ORCHARD,
      subject: 'Self-hosted Digdag: session retention and PostgreSQL growth',
      date: 'Fri, 13 Mar 2026 17:22:05 +0800',
      messageId: 'A8C31F07-5E2D-4B9A-91C6-3D7E0F2B4A58@orchard-analytics.example.sg',
      seed: 'h16',
      text: `Hi,

Besides Treasure Data, one of our clients runs the open-source Digdag server on their own Kubernetes cluster for internal batch jobs (none of them call Treasure Data; they only move files between S3 and their own PostgreSQL).

The Digdag backing database (database.type = postgresql) has grown to 180 GB and we would like to keep it small. Our questions:

- Does Digdag ever delete old sessions and attempts by itself, or do we have to purge them?
- Is it safe to delete rows from session_attempts and tasks directly while the server is running?

Our server.properties, for reference:

   database.type = postgresql
   database.host = digdag-db.internal
   database.maximumPoolSize = 32
   archive.type = s3

Thank you,
Wei Ling

Wei Ling Tan
Data Engineer, Orchard Analytics Pte Ltd`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'oss',
    channel: 'unknown',
    items: { goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Open-source Digdag run on the client\'s own Kubernetes, not calling the service: out of scope (oss), channel unknown, no missing list. The server.properties extract has no credentials.',
  },
);

const AOBA: Person = { name: '青木 翔太', email: 'shota.aoki@aoba-info.example.jp' };

add(
  'h17-ja-oss-embulk-output-td-env-key.eml',
  gmail(
    {
      from: AOBA,
      subject: 'Embulk（embulk-output-td）でのアップロードが 413 で失敗します',
      date: 'Fri, 13 Mar 2026 09:12:50 +0900',
      messageId: 'CAK2wPz5Mn8qTr3sXv6oU1cBe9yH4fG7dJ0kA5uI2lM9nO6pQ3s@mail.gmail.com',
      seed: 'h17',
      attachments: [
        filePart(
          'embulk_td.yml',
          'application/x-yaml',
          `in:
  type: file
  path_prefix: /data/export/members_
  parser:
    type: csv
    charset: UTF-8
out:
  type: td
  apikey: \${TD_API_KEY}
  endpoint: api.treasuredata.co.jp
  database: member_db
  table: members
  mode: append
`,
        ),
      ],
      text: `トレジャーデータ サポート ご担当者様

お世話になっております。アオバ情報システムの青木です。

自社のバッチサーバー（CentOS Stream 9）でオープンソースのEmbulkを動かし、
embulk-output-td プラグインで会員データをTDに送っています。
先週までは問題なく送れていましたが、今週からファイルが大きい日に失敗するようになりました。

実行コマンド：
$ embulk run embulk_td.yml

エラー：
org.embulk.exec.PartialExecutionException: java.lang.RuntimeException: com.treasuredata.client.TDClientHttpException: [413:Request Entity Too Large] upload failed

設定ファイルを添付します（APIキーは環境変数から読んでいます）。
プラグイン側で分割サイズを変える設定があれば教えてください。

--
株式会社アオバ情報システム
青木 翔太
TEL 022-555-0164`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'oss',
    channel: 'api',
    items: { site: 'ap01', goal: true, error_message: true, os: 'linux', command: true, history: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Open-source Embulk on the sender\'s own server: out of scope (oss, no missing list), but its output plugin calls the service API, so the channel is api per the reading rules. The API key is an environment-variable reference (${TD_API_KEY}), not a secret. Site read from the endpoint in the attached .yml.',
  },
);

const XLSX_LIKE = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]),
  Buffer.from(Array.from({ length: 18000 }, (_, i) => (i * 7919 + 13) % 251)),
]);

add(
  'h18-en-contract-soc2-questionnaire.eml',
  outlook(
    {
      from: KESTREL,
      subject: 'SOC 2 report and vendor security questionnaire for Nordvik Outdoor',
      date: 'Mon, 16 Mar 2026 10:05:09 +0000',
      messageId: 'GV1P192MB2043D4C3B2A1F0E9D8C7B6A5F4E3D2C1@GV1P192MB2043.EURP192.PROD.OUTLOOK.COM',
      seed: 'h18',
      inline: [KESTREL_LOGO],
      attachments: [
        filePart('Nordvik_Vendor_Security_Questionnaire_v3.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', XLSX_LIKE, { size: true }),
      ],
      text: `Hello,

Nordvik Outdoor (Account ID 79135, EU) is renewing its contract and their procurement team needs two things from Treasure Data before the end of the month:

1. The latest SOC 2 Type II report (and bridge letter, if the period has ended).
2. Answers to their vendor security questionnaire, attached. Most questions are about encryption at rest, data residency in the EU and sub-processors.

Could you let us know who can help with this and roughly how long it usually takes?

${KESTREL_SIG}`,
    },
    { charset: 'us-ascii', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'contract',
    channel: 'unknown',
    items: { account_id: '79135', site: 'eu01', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Contract / security questionnaire: out of scope, handed to Customer Success; no missing list. The attachment is a spreadsheet (not text, not an image); the inline logo is the recurring Kestrel logo.',
  },
);

add(
  'h19-ja-general-it-regexp-phone.eml',
  becky({
    from: HARUKAZE,
    subject: 'SQLで電話番号のハイフンを除去する方法について',
    date: 'Mon, 16 Mar 2026 11:40:02 +0900',
    messageId: '20260316114002.3B9E.C8E2F4B6@harukaze-tech.example.jp',
    seed: 'h19',
    text: `トレジャーデータ株式会社
サポートご担当者様

お世話になっております。ハルカゼ・テクノロジーの石井です。

一般的なSQLの書き方についての質問で恐縮です。
顧客テーブルの電話番号が「03-1234-5678」「０３（１２３４）５６７８」「0312345678」のように
表記揺れしており、数字だけに揃えて名寄せに使いたいと考えています。

regexp_replace を使うとよいと聞いたのですが、全角数字や括弧も含めて
数字以外を取り除く正規表現はどのように書けばよいでしょうか。

SELECT regexp_replace(phone, '[^0-9]', '') FROM customers

このように書くと全角数字まで消えてしまいました。

--------------------------------------
 有限会社ハルカゼ・テクノロジー
 ソリューション部　石井 千尋
 〒150-0002 東京都渋谷区渋谷9-9-9
 TEL 03-5555-0461　FAX 03-5555-0462
--------------------------------------`,
  }),
  {
    language: 'ja',
    category: 'general_it',
    channel: 'unknown',
    items: { goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'General SQL knowledge (regular expressions): out of scope. Full-width digits in the sample phone numbers are data, not IDs; the 東京都 address is a signature, not a site. A SQL statement is not a command that was run against the service.',
  },
);

const MERIDIAN: Person = { name: 'Priya Raman', email: 'priya.raman@meridian-insights.example.com' };

add(
  'h20-en-general-it-pandas-memory.eml',
  gmail(
    {
      from: MERIDIAN,
      subject: 'pandas: reading a 9 GB CSV without running out of memory',
      date: 'Mon, 16 Mar 2026 14:27:33 +0530',
      messageId: 'CAH5tRk2Lp9wQm4nXc7vB1zS8yD3fG6eJ0aU5iO2kM7nP4rT9vA@mail.gmail.com',
      seed: 'h20',
      text: `Hello Treasure Data team,

This is more of a general Python question, so feel free to point me elsewhere.

Before we upload a client's transaction history to Treasure Data we clean it with pandas. The file is a 9 GB CSV and the script dies with MemoryError on our 16 GB VM:

    df = pd.read_csv("transactions_2019_2025.csv")
    df["amount"] = df["amount"].str.replace(",", "").astype(float)

What is the usual way to process such a file in chunks and write the cleaned result back to CSV? Would switching to polars or pyarrow make a real difference?

Thanks a lot,
Priya

--
Priya Raman
Analytics Lead, Meridian Insights Pvt Ltd
Bengaluru | +91 80 5550 1723`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'general_it',
    channel: 'unknown',
    items: { goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'General programming question (pandas memory use) that happens to precede an upload: out of scope, channel unknown. The code reads a local file and does not call the service, so it is no API request.',
  },
);

add(
  'h21-ja-implementation-identity-resolution.eml',
  outlook(
    {
      from: MINAMI,
      subject: '【ご相談】複数ブランドの会員IDの名寄せ設計について',
      date: 'Tue, 17 Mar 2026 09:58:40 +0900',
      messageId: 'TY3PR01MB11893A9B8C7D6E5F4A3B2C1D0E9F8A7B6C5@TY3PR01MB11893.jpnprd01.prod.outlook.com',
      seed: 'h21',
      inline: [MINAMI_LOGO],
      text: `トレジャーデータ サポートご担当者様

いつもお世話になっております。ミナミデータ工房の森本です。

まるやま製菓株式会社様（アカウントID：24680）で、来期から通販サイトと店舗アプリの
2ブランドの会員データを統合して分析したいというご要望をいただいております。

両ブランドで会員IDの体系が異なり、メールアドレスや電話番号も重複・表記揺れがあるため、
どのような考え方で名寄せのテーブルを設計するのがよいか、ご相談させてください。

・Parent Segmentのマスターテーブルはブランドごとに分けるべきか、統合ID を作るべきか
・ID Unification の設定で、優先するキーの順番をどう決めるのがよいか
・他社様でよくある構成例があれば教えていただきたい

打ち合わせの場を設けていただくことも可能でしたら幸いです。

${MINAMI_SIG}`,
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'implementation',
    channel: 'console',
    items: { account_id: '24680', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Design consultation (ID unification / data model): implementation, out of scope, documentation pointers only, so nothing is listed as missing. Fourth Minami mail with the same inline logo. Channel console: the design is of Parent Segment / ID Unification screens (spec: out-of-scope mails take the method they are about).',
  },
);

const COASTLINE: Person = { name: 'Jack Whitfield', email: 'jack.whitfield@coastline-digital.example.com.au' };

add(
  'h22-en-third-party-sfmc-api-limits.eml',
  gmail(
    {
      from: COASTLINE,
      subject: 'Salesforce Marketing Cloud: API call limits when activating large segments',
      date: 'Tue, 17 Mar 2026 16:40:11 +1100',
      messageId: 'CAB9kLm3Np6qRs2tUv5wXy8zA1bC4dE7fG0hI3jK6lM9nO2pQ5r@mail.gmail.com',
      seed: 'h22',
      text: `Hi Support,

We activate Audience Studio segments to Salesforce Marketing Cloud data extensions for a retail client. With a 4-million-row segment the SFMC side starts throttling and the client's other integrations slow down.

We understand this is mostly about Salesforce's own limits, but any reference information would help:
- Does SFMC count each batch the connector sends as one API call, or each row?
- Is there a documented per-hour cap on the SOAP/REST endpoints for data extension upserts?

We tested the upsert directly against SFMC with:

curl -X POST https://mc-example.rest.marketingcloudapis.com/data/v1/async/dataextensions/key:RETAIL_DE/rows \\
  -H "Authorization: Bearer ****" \\
  -H "Content-Type: application/json" \\
  -d @rows_sample.json

Cheers,
Jack

--
Jack Whitfield
Coastline Digital Pty Ltd
Level 9, 99 Example St, Sydney NSW 2000
+61 2 5550 1188`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'third_party_spec',
    channel: 'console',
    items: { goal: true, command: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Behaviour of Salesforce Marketing Cloud (the integration target): third-party spec, out of scope; channel console because it is about Audience Studio activations. The bearer token in the curl is masked (****): no secret.',
  },
);

const MIZUHOSHI: Person = { name: '星野 美咲', email: 'm.hoshino@mizuhoshi-mk.example.jp' };
const ICON_X = png(16, 16, 2301, 0.5);
const ICON_FB = png(16, 16, 2302, 0.5);

add(
  'h23-ja-third-party-line-message-quota-html-only.eml',
  htmlOnly(
    {
      from: MIZUHOSHI,
      subject: 'LINE公式アカウントの月間メッセージ通数の数え方について',
      date: 'Wed, 18 Mar 2026 10:14:56 +0900',
      messageId: '6a1e0c3b9f2d4e58a7c6b5d4e3f2a1b0.mz@mizuhoshi-mk.example.jp',
      seed: 'h23',
      inline: [
        { name: 'icon_x.png', type: 'image/png', data: ICON_X, cid: 'icon_x@mizuhoshi', alt: 'X' },
        { name: 'icon_fb.png', type: 'image/png', data: ICON_FB, cid: 'icon_fb@mizuhoshi', alt: 'Facebook' },
        { name: 'spacer.gif', type: 'image/gif', data: gifPixel(), cid: 'spacer@mizuhoshi', alt: '' },
      ],
      text: `トレジャーデータ サポート ご担当者様

いつもお世話になっております。ミズホシ・マーケティングの星野です。

Audience StudioからLINEへのアクティベーションで配信を行っているお客様から、
LINE公式アカウントの月間メッセージ通数の上限に想定より早く達してしまう、との相談を受けております。

LINE側の仕様になるかと存じますが、以下についてご存じの範囲で参考情報をいただけますでしょうか。
・ナローキャスト配信で、ブロック済みの友だちも通数にカウントされるのか
・同じユーザーが複数のセグメントに含まれる場合、重複して数えられるのか

株式会社ミズホシ・マーケティング
星野 美咲
〒231-0023 神奈川県横浜市中区山下町9-9`,
    },
    { ja: true, mailer: 'Mizuhoshi WebMail 3.2' },
  ),
  {
    language: 'ja',
    category: 'third_party_spec',
    channel: 'console',
    items: { goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'HTML-only mail (no text/plain part) asking how LINE counts messages: third-party spec, out of scope. The inline images are 16x16 social icons and a 1x1 spacer GIF, tiny images and never screenshots.',
  },
);

add(
  'h24-en-request-remove-user-transfer-korea.eml',
  outlook(
    {
      from: HANBIT,
      subject: 'Request: remove a departed user and reassign his scheduled queries (Seoul Mart) [HC-20260312-07]',
      date: 'Wed, 18 Mar 2026 11:21:37 +0900',
      messageId: 'SL2P216MB18357A6B5C4D3E2F1A0B9C8D7E6F5A4B3C@SL2P216MB1835.KORP216.PROD.OUTLOOK.COM',
      seed: 'h24',
      inline: [HANBIT_LOGO],
      text: `Hello Support,

On behalf of Seoul Mart we would like to request the following change.

TD Account ID: 46802
Site: Korea

A data analyst, Lee Dong-hyun (dh.lee@seoulmart.example.kr), left Seoul Mart last week. Please:
1. Remove his user from the account.
2. Reassign the 14 scheduled Saved Queries he owns to Kang Ji-won (jw.kang@seoulmart.example.kr), an existing Administrator, so the schedules keep running.

This request is approved by Seoul Mart's Account Owner. Our internal case number is HC-20260312-07, and the work is billed under invoice INV-2026-0388.

Best regards,
Min-jun Park
Cloud Data Engineer | Hanbit Cloud Co., Ltd.
Seoul, Korea | +82 2 555 0148`,
    },
    { charset: 'UTF-8', lang: 'en-US' },
  ),
  {
    language: 'en',
    category: 'request',
    channel: 'unknown',
    items: { account_id: '46802', site: 'ap02', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete operational request with the site as the name Korea. HC-20260312-07 (in the subject tag too) and INV-2026-0388 are partner-internal case and invoice numbers, not support tickets. Recurring Hanbit logo inline.',
  },
);

add(
  'h25-ja-request-saml-cert-no-site-earlier.eml',
  gmail(
    {
      from: AOBA,
      subject: 'SAML（SSO）の証明書更新のお願い',
      date: 'Wed, 18 Mar 2026 17:03:28 +0900',
      messageId: 'CAK2wPz6Qr1sTu4vWx7yZa0bCd3eFg6hIj9kLm2nOp5qRs8tUv1@mail.gmail.com',
      seed: 'h25',
      text: `トレジャーデータ サポート ご担当者様

お世話になっております。アオバ情報システムの青木です。

エンドユーザー様（アカウントID：31864）で利用しているSAML SSOについて、
IdP（Microsoft Entra ID）の署名証明書が来月期限切れとなるため、
新しい証明書への差し替えをお願いしたく存じます。
ユーザーが引き続きSSOでコンソールにログインできる状態を保つことが目的です。

新しい証明書のフィンガープリント（SHA-256）：
4B:1F:9C:72:0D:E3:58:A6:21:7B:C4:90:3E:5D:86:F1:0A:B2:67:C9:14:D8:3F:E5:72:06:9A:BC:41:D7:2E:58

昨年も同じ差し替えをお願いしておりますが、その際の問い合わせ番号は控えておりません。
手順が前回と同じであれば、切り替えの日程をご相談させてください。

--
株式会社アオバ情報システム
青木 翔太
TEL 022-555-0164`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'request',
    channel: 'unknown',
    items: { account_id: '31864', site: null, goal: true, related_ticket: false },
    secrets: [],
    referenced_tickets: [],
    note: 'Operational request (SAML certificate replacement) without any Console Environment. Refers to last year\'s identical request to support without its ticket number. A certificate fingerprint is a hash, not a secret.',
  },
);

const DAON: Person = { name: 'Kim Soo-ah', email: 'sooah.kim@daon-data.example.kr' };

add(
  'h26-en-object-listing-segments-ap02-code.eml',
  thunderbird(
    {
      from: DAON,
      subject: 'Export of all segments and their activations',
      date: 'Thu, 19 Mar 2026 09:47:15 +0900',
      messageId: 'e8d7c6b5-a4f3-4e21-9d0c-8b7a6f5e4d3c@daon-data.example.kr',
      seed: 'h26',
      text: `Dear Treasure Data Support,

For an audit at our client we need an inventory of their Audience Studio configuration. Could you please export for us:

- every parent segment and segment in the account, and
- for each segment, its activations with the destination type and the user who created it?

Account ID: 24135
Site: AP02

An export as CSV would be ideal. We have about 600 segments, so collecting this by hand from the console is not realistic.

Best regards,
Soo-ah Kim
Daon Data Co., Ltd. | Data Governance Team`,
    },
    { charset: 'UTF-8', lang: 'en-US' },
  ),
  {
    language: 'en',
    category: 'object_listing',
    channel: 'unknown',
    items: { account_id: '24135', site: 'ap02', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete listing request (segments and activations with creators); site as the upper-case code AP02. Support can give IDs only and points to the APIs.',
  },
);

add(
  'h27-ja-spec-td-wait-table-minimal.eml',
  appleMail(
    {
      from: CROSSPOINT,
      subject: 'td_wait_table> のタイムアウトについて',
      date: 'Thu, 19 Mar 2026 14:08:51 +0900',
      messageId: '1F5C8A2E-7D34-4B90-A6E1-9C2B7F0D3E84@crosspoint.example.jp',
      seed: 'h27',
      text: `サポートご担当者様

お世話になっております。クロスポイントの藤原です。

ワークフローの td_wait_table> オペレーターについて教えてください。
タイムアウトを指定しなかった場合、既定では何時間待ち続けますか。
また、待っている間もセッションの同時実行数にカウントされますか。

よろしくお願いいたします。

━━━━━━━━━━━━━━━━━━━━
株式会社クロスポイント　藤原 誠
〒460-0008 愛知県名古屋市中区栄9-9-9
TEL 052-555-0733
━━━━━━━━━━━━━━━━━━━━`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'spec',
    channel: 'workflow',
    items: {},
    secrets: [],
    referenced_tickets: [],
    note: 'Short spec question about a workflow operator (channel workflow): no Account ID, no Console Environment and no stated purpose, only the bare question. "何時間" asks for a duration, not a clock time.',
  },
);

function jwt(payload: object, seed: number): string {
  const b64u = (s: string) => Buffer.from(s).toString('base64url');
  const r = prng(seed);
  const sig = Buffer.from(Array.from({ length: 32 }, () => Math.floor(r() * 256))).toString('base64url');
  return `${b64u(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64u(JSON.stringify(payload))}.${sig}`;
}
const LUMEN_JWT = jwt({ sub: 'td-workflow', iss: 'lumen-pharmacy', aud: 'crm-webhook', iat: 1773100800, exp: 1804636800 }, 2801);

add(
  'h28-en-workflow-http-webhook-bearer-jwt.eml',
  gmail(
    {
      from: BLUEFIN,
      subject: 'http> task in Treasure Workflow gets 401 from our webhook',
      date: 'Wed, 18 Mar 2026 12:30:45 -0500',
      messageId: 'CAPm4xR6mK9pC3vN8bT2yW5jH1sG7dL4fE0aU6iO9pZ3rX5tQ2w@mail.gmail.com',
      seed: 'h28',
      text: `Hi TD Support,

After each nightly load, a Treasure Workflow for Lumen Pharmacy (Account ID 80246, US) calls their CRM webhook with http> so that the CRM refreshes its customer cache before the stores open. Since Monday the http> task fails with 401.

Session ID: 3188123456
Attempt ID: 3188130011

The task as defined in the workflow:

+notify_crm:
  http>: https://crm.lumen-pharmacy.example.com/hooks/td-refresh
  method: POST
  headers:
    - Authorization: "Bearer ${LUMEN_JWT}"
  content_type: application/json

Error from the task log:
  io.digdag.standards.operator.HttpOperatorFactory$HttpCallError: Received 401 Unauthorized: {"error":"invalid_token"}

The schedule is daily at 03:00 America/Los_Angeles. The run on Sunday (session 3187990120) called the webhook fine; the CRM vendor says they changed nothing. We already re-ran the failed attempt once from the console, with the same 401.

Marcus

${BLUEFIN_SIG}`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '80246',
      site: 'us01',
      goal: true,
      target_id: ['session:3188123456', 'attempt:3188130011', 'session:3187990120'],
      error_message: true,
      history: true,
    },
    secrets: ['bearer_token'],
    referenced_tickets: [],
    note: 'Complete workflow inquiry that pastes a live-looking JWT as a Bearer token in the http> headers: a bearer_token secret. The recurring 03:00 carries an IANA zone (America/Los_Angeles). Second Bluefin mail for the same client as h04.',
  },
);

function fakeKey(seed: number, lines: number): string {
  const r = prng(seed);
  const out = ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW'];
  for (let i = 1; i < lines; i++) out.push(Buffer.from(Array.from({ length: 52 }, () => Math.floor(r() * 256))).toString('base64').slice(0, 70));
  return out.join('\n');
}

const HIKARI: Person = { name: '中島 亮介', email: 'r.nakajima@hikari-net.example.co.jp' };

add(
  'h29-ja-sftp-export-private-key-no-shot.eml',
  outlook(
    {
      from: HIKARI,
      subject: 'Export Results To（SFTP）が認証エラーになる件',
      date: 'Thu, 19 Mar 2026 18:12:06 +0900',
      messageId: 'OS3PR01MB8210E7F6A5B4C3D2E1F0A9B8C7D6E5F4A3@OS3PR01MB8210.jpnprd01.prod.outlook.com',
      seed: 'h29',
      text: `トレジャーデータ
サポート窓口 ご担当者様

お世話になっております。ヒカリネットの中島でございます。

エンドユーザー様のアカウント（アカウントID：53208、東京リージョン）で、
会員の購買スコアを毎日SFTPサーバーへ連携し、基幹側のキャンペーン配信に使う運用を始めようとしています。
Saved QueryのExport Results To（SFTP）を設定しましたが、ジョブが認証エラーで失敗します。

・Saved Query：https://console.treasuredata.co.jp/app/queries/editor?queryId=6632018
・Job ID：2090011122
・エラー：com.jcraft.jsch.JSchException: Auth fail for methods 'publickey'

Authenticationには以下の秘密鍵を登録しています（念のため全文を貼り付けます）。

-----BEGIN OPENSSH PRIVATE KEY-----
${fakeKey(2901, 7)}
-----END OPENSSH PRIVATE KEY-----

経緯：
・2026-03-19 10:30+09:00 にAuthenticationを作成し、同時刻にエクスポートを設定
・11:05+09:00 に実行 → 上記エラー
・SFTPサーバー側の authorized_keys に公開鍵が登録されていることは確認済みです

お手数ですが、ご確認をお願いいたします。

株式会社ヒカリネット　ソリューション本部
中島 亮介
TEL：092-555-0381（平日 9:30～18:00）`,
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '53208',
      site: 'ap01',
      goal: true,
      target_id: ['other:6632018', 'job:2090011122'],
      error_message: true,
      console_url: true,
      screenshot: false,
      history: true,
    },
    secrets: ['private_key'],
    referenced_tickets: [],
    note: 'Console SFTP export that pastes a whole OpenSSH private key block: a private_key secret. queryId=N in the console URL is other:N. Times carry a +09:00 offset. Complete except the screenshot (none attached, no inline image at all). Business hours in the signature do not count.',
  },
);

add(
  'h30-en-console-photo-of-screen-wrapped-url.eml',
  outlook(
    {
      from: KESTREL,
      subject: 'Weekly sell-through Saved Query keeps failing - Nordvik Outdoor',
      date: 'Fri, 20 Mar 2026 13:55:21 +0000',
      messageId: 'GV1P192MB20435E4D3C2B1A0F9E8D7C6B5A4F3E2D@GV1P192MB2043.EURP192.PROD.OUTLOOK.COM',
      seed: 'h30',
      inline: [KESTREL_LOGO],
      attachments: [filePart('IMG_4471.JPG', 'image/jpeg', jpeg(4032, 3024, 3001), { size: true })],
      text: `Hi team,

Nordvik Outdoor's merchandising team refreshes a weekly sell-through report from a Saved Query in the console, to plan re-orders for the spring season. Today the query fails after running for a long time.

Account ID: 79135
Job ID: 2093344556
Saved Query: https://console.eu01.treasuredata.com/app/queries/editor?queryId=88123
45&tab=history

The analyst could not take a screenshot on the shared terminal, so she photographed the screen with her phone (attached).

It last finished normally on 13 March at 09:10 CET, taking about 40 minutes. Today it was started at 10:02 CET and failed after six hours. Nothing in the query was changed in between, as far as we can tell.

${KESTREL_SIG}`,
    },
    { charset: 'us-ascii', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '79135',
      site: 'eu01',
      goal: true,
      target_id: ['job:2093344556', 'other:8812345'],
      error_message: false,
      console_url: true,
      screenshot: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'The console URL is broken across two lines by the mail client (queryId=88123 / 45): read joined, queryId 8812345 (other:N), site eu01 from the hostname. A phone photo of the screen (JPEG) is a screenshot; the small inline logo recurs in every Kestrel mail. No error text at all ("fails after six hours" is a paraphrase), which the job ID excuses. Times in CET; "six hours" is a duration.',
  },
);

const TSUBAME: Person = { name: '松田 彩', email: 'aya.matsuda@tsubame-data.example.jp' };

add(
  'h31-ja-console-old-ticket-internal-numbers-tiny-icon.eml',
  gmail(
    {
      from: TSUBAME,
      subject: 'Saved Queryの結果出力がサイズ超過で失敗します（以前のチケット #70455 と同様の事象）',
      date: 'Fri, 20 Mar 2026 15:36:12 +0900',
      messageId: 'CAN4pQr7St0uVw3xYz6aBc9dEf2gHi5jKl8mNo1pQr4sTu7vWx0@mail.gmail.com',
      seed: 'h31',
      inline: [{ name: 'warning.png', type: 'image/png', data: png(24, 24, 3101, 0.5), cid: 'ii_mmx0warn1', alt: '⚠' }],
      text: `トレジャーデータ サポート ご担当者様

いつもお世話になっております。ツバメデータの松田です。

エンドユーザー様（アカウントID：72519、Console Environment：東京）で、
商品マスタの全件をSaved Queryの結果としてダウンロードし、ECサイトの検索エンジンに
毎晩投入する運用をしておりますが、本日から結果の取得が失敗するようになりました。

・Saved Query：https://console.treasuredata.co.jp/app/queries/editor?queryId=5240917
・Job ID：2101122334
・表示されたエラー：
  Result size exceeds the limit: the query result (12.4 GB) is larger than the maximum of 10 GB for downloading from the console

昨年の秋に、別のクエリで同じエラーが出た際にチケット #70455 でご相談しております。
そのときは出力先をS3に変えることで回避しましたが、今回は検索エンジン側の都合でS3を経由できません。

3/19 22:00（JST）の実行（Job ID：2100987650）までは正常に取得できておりました。
3/20 9:40（JST）に再実行しても同じエラーでした。

（弊社社内管理番号：TB-2026-0142／ご請求書番号 INV-2026-0388 とは別件です）

--
株式会社ツバメデータ
松田 彩
〒980-0811 宮城県仙台市青葉区一番町9-9-9`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '72519',
      site: 'ap01',
      goal: true,
      target_id: ['other:5240917', 'job:2101122334', 'job:2100987650'],
      error_message: true,
      console_url: true,
      screenshot: false,
      history: true,
    },
    secrets: [],
    referenced_tickets: ['70455'],
    note: 'New mail naming an earlier support ticket (#70455, in the subject and the body): a referenced ticket, related_ticket satisfied. TB-2026-0142 and INV-2026-0388 are the partner\'s own case and invoice numbers. The only image is a 24x24 warning icon pasted inline: tiny, not a screenshot, so the screenshot is missing.',
  },
);

add(
  'h32-en-pytd-mac-paraphrase-only-html.eml',
  htmlOnly(
    {
      from: MERIDIAN,
      subject: 'pytd query from a notebook fails since Tuesday',
      date: 'Fri, 20 Mar 2026 11:18:40 +0530',
      messageId: 'PN2PR01MB9043C1D2E3F4A5B6C7D8E9F0A1B2C3D4E5@PN2PR01MB9043.INDPRD01.PROD.OUTLOOK.COM',
      seed: 'h32',
      text: `Hello Support,

One of our analysts builds a weekly churn model for our client Kaveri Retail (Account ID 64290) in a Jupyter notebook on her MacBook Pro (macOS 14.3). The notebook pulls the training data with pytd.

Since Tuesday the query step fails with an access denied error. It worked on Monday with the same notebook and the same user; she restarted the kernel and re-installed pytd 1.6.0, and it still fails.

The code:

import os, pytd
client = pytd.Client(apikey=os.environ["TD_API_KEY"], endpoint="https://api.eu01.treasuredata.com/", database="kaveri_dwh")
df = client.query("SELECT customer_id, last_order_at, orders_90d FROM churn_features")

We would like to get the model trained before the client's Monday review.

Regards,
Priya Raman
Analytics Lead, Meridian Insights Pvt Ltd`,
    },
    { ja: false, mailer: 'Microsoft Outlook Web App' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '64290',
      site: 'eu01',
      goal: true,
      target_id: [],
      error_message: false,
      os: 'mac',
      command: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'HTML-only mail. pytd from macOS: the error is only paraphrased ("fails with an access denied error"), which is not error text, and no job ID is given, so both are missing. Site only from the pytd endpoint api.eu01.treasuredata.com; the API key is read from an environment variable.',
  },
);

const YUKISHIRO: Person = { name: '白石 潤', email: 'j.shiraishi@yukishiro.example.jp' };

add(
  'h33-ja-unknown-method-fullwidth-job-utc.eml',
  thunderbird(
    {
      from: YUKISHIRO,
      subject: '夜間のデータ連携ジョブが毎日失敗しています',
      date: 'Mon, 23 Mar 2026 09:05:33 +0900',
      messageId: '5b8e2d7a-0c41-4f96-b3e8-a71d9c6f2e05@yukishiro.example.jp',
      seed: 'h33',
      text: `トレジャーデータ サポート御中

ユキシロの白石です。お世話になっております。

エンドユーザー様の環境で、物流倉庫の入出庫データを取り込む夜間の連携が、
3月20日から毎日失敗し続けています。在庫の引当計算を朝までに終わらせる必要があるため、
早めに原因を把握したいと考えております。

アカウントID：１５９７３
環境：production-ap03
失敗したジョブID：２１０５５６６７７８

失敗は毎回 UTC 0:30 前後に起きています（日本時間では9:30頃です）。
3月19日までは同じ設定で毎日成功していました。

よろしくお願いいたします。

-- 
株式会社ユキシロ
白石 潤
TEL 025-555-0412`,
    },
    { charset: 'UTF-8', lang: 'ja' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'unknown',
    items: {
      account_id: '15973',
      site: 'ap03',
      goal: true,
      target_id: ['job:2105566778'],
      error_message: false,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Full-width account and job IDs; site as the code production-ap03. It never says how the import runs (Sources, workflow, Toolbelt or API): channel unknown, method missing. The job ID excuses the missing error text. "UTC 0:30" and "日本時間では9:30頃" are both zoned; "still failing every day since 3/20" is history.',
  },
);

add(
  'h34-en-spec-td-client-retries-tokyo.eml',
  gmail(
    {
      from: COASTLINE,
      subject: 'td-client-python: are 5xx responses retried automatically?',
      date: 'Mon, 23 Mar 2026 12:02:19 +1100',
      messageId: 'CAB9kLm4Oq7rSt3uVw6xYz9aB2cD5eF8gH1iJ4kL7mN0oP3qR6s@mail.gmail.com',
      seed: 'h34',
      text: `Hi Support,

A quick behaviour question before we finalise an integration for a travel client (Account ID 38047, Tokyo region).

Their booking service calls td-client-python (1.2.x) to issue Presto jobs and poll for results. We want the service to survive short API hiccups without double-submitting jobs.

1. Does td_client.Client retry automatically on HTTP 500/502/503 responses, and if so how many times and with what back-off?
2. Is job submission (job issue) ever retried by the client, or only idempotent GET calls?

We read https://tdclient.readthedocs.io/en/latest/ but could not find it stated.

Thanks,
Jack

--
Jack Whitfield
Coastline Digital Pty Ltd
Level 9, 99 Example St, Sydney NSW 2000
+61 2 5550 1188`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'spec',
    channel: 'api',
    items: { account_id: '38047', site: 'ap01', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete spec question about the Python client library (channel api): Account ID, site by the English name Tokyo, a goal and a docs link. No clock times; "1.2.x" and HTTP codes are not IDs.',
  },
);

const ENDUSER_35 = outlook(
  {
    from: { name: '原田 浩二', email: 'k.harada@kaigan-butsuryu.example.co.jp' },
    to: [HIKARI],
    subject: 'TDへの一括アップロードが失敗します',
    date: 'Thu, 12 Mar 2026 08:41:09 +0900',
    messageId: 'TYWPR01MB10344A1F2E3D4C5B6A7980F1E2D3C4B5A6@TYWPR01MB10344.jpnprd01.prod.outlook.com',
    seed: 'h35-inner',
    text: `中島様

いつもお世話になっております。海岸物流の原田です。

出荷実績をTDに毎日取り込んで配送ルートの分析に使っていますが、
今朝のバッチが失敗していました。

実行環境：Windows Server 2022（社内のバッチサーバー）
タスクスケジューラで 3月12日 2:00 に以下のコマンドを実行しています。

C:\\batch\\td> td import:auto --format csv --column-header --time-column shipped_at --auto-create shipping.daily C:\\batch\\data\\shipments_20260311.csv
Job 2106677889 is queued.
Error: import failed: ERROR: invalid time value '2026/03/11 24:10' in column 'shipped_at' (line 18234)

3月11日の実行までは毎日正常に取り込めていました。
CSVの件数が多い日だけ失敗しているようにも見えます。

原田`,
  },
  { charset: 'UTF-8', lang: 'ja-JP' },
);

add(
  'h35-ja-forwarded-rfc822-toolbelt-windows-server.eml',
  outlook(
    {
      from: HIKARI,
      subject: '【転送】TDへの一括アップロードが失敗します（海岸物流様）',
      date: 'Thu, 12 Mar 2026 10:20:55 +0900',
      messageId: 'OS3PR01MB82101A2B3C4D5E6F7A8B9C0D1E2F3A4B5C@OS3PR01MB8210.jpnprd01.prod.outlook.com',
      seed: 'h35',
      attachments: [messagePart(ENDUSER_35, 'TDへの一括アップロードが失敗します.eml')],
      text: `トレジャーデータ
サポート窓口 ご担当者様

お世話になっております。ヒカリネットの中島です。

エンドユーザー様（海岸物流株式会社様）から届いた問い合わせを添付にて転送いたします。
アカウントID：61047
Console Environment：東京（production-ap01）

詳細は添付メールをご確認ください。
よろしくお願いいたします。

株式会社ヒカリネット　ソリューション本部
中島 亮介
TEL：092-555-0381（平日 9:30～18:00）`,
    },
    { charset: 'UTF-8', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'toolbelt',
    items: {
      account_id: '61047',
      site: 'ap01',
      goal: true,
      target_id: ['job:2106677889'],
      error_message: true,
      os: 'windows',
      command: true,
      history: true,
      timezone: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'The end user\'s mail is forwarded as a message/rfc822 attachment and counts as provided: it supplies goal, Windows Server 2022, the td import:auto command, job ID, error text and history. Its scheduled time "3月12日 2:00" has no zone (timezone missing); "24:10" is a value inside the error text. The partner\'s own text gives account and site.',
  },
);

add(
  'h36-en-forwarded-original-message-ga4-source.eml',
  outlook(
    {
      from: HANBIT,
      subject: 'FW: GA4 import in Sources fails with 403',
      date: 'Mon, 23 Mar 2026 16:44:02 +0900',
      messageId: 'SL2P216MB1835C9D8E7F6A5B4C3D2E1F0A9B8C7D6E5@SL2P216MB1835.KORP216.PROD.OUTLOOK.COM',
      seed: 'h36',
      inline: [HANBIT_LOGO],
      attachments: [filePart('ga4_source_error.png', 'image/png', png(1680, 1050, 3601, 0.2), { size: true })],
      text: `Hello Support,

Forwarding an issue from our client Seoul Mart (TD Account ID 46802, Korea). Their screenshot is attached.

Best regards,
Min-jun Park
Cloud Data Engineer | Hanbit Cloud Co., Ltd.`,
      quote: {
        attribution: `-----Original Message-----
From: Choi Yuna <yuna.choi@seoulmart.example.kr>
Sent: Monday, March 23, 2026 2:12 PM
To: Min-jun Park <minjun.park@hanbit-cloud.example.kr>
Subject: GA4 import in Sources fails with 403`,
        text: `Hi Min-jun,

As I asked you last week, we need the GA4 sessions data in Treasure Data to report campaign traffic to our marketing team.

When we run the Google Analytics 4 source, it fails:
https://console.ap02.treasuredata.com/app/sources/883410

The message on the screen is:
"Failed to fetch report: 403 PERMISSION_DENIED: User does not have sufficient permissions for this property."

Screenshot attached.

Thanks,
Yuna`,
      },
    },
    { charset: 'UTF-8', lang: 'en-US' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '46802',
      site: 'ap02',
      goal: true,
      target_id: ['other:883410'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Outlook forward with an -----Original Message----- block: the forwarded end-user text counts (goal, Sources URL with object ID, error text). "As I asked you last week" is the end user asking the partner, not an earlier inquiry to support. Only the failure itself is reported (no steps, retries, current state or last success): history missing. The Sent: time is metadata.',
  },
);

add(
  'h37-ja-workflow-jobs-url-password-jp.eml',
  gmail(
    {
      from: SIGNAL,
      subject: 'ワークフローの td_result_export でMySQLへの出力が失敗します',
      date: 'Tue, 24 Mar 2026 10:51:27 +0900',
      messageId: 'CAJ7vQm4Yq9tUv6wZa0pT5dCe3aJ8fH2gI7wC4qK1lM6nO9pR0s@mail.gmail.com',
      seed: 'h37',
      text: `トレジャーデータ サポート
ご担当者様

シグナルブリッジの山口です。

東洋トラベル株式会社様（アカウントID: 35791、東京リージョン）で、
毎朝の予約集計をMySQLの帳票用データベースへ書き出すワークフローが失敗しました。
帳票システムの朝の更新に間に合わせることが目的です。

・セッションID：3192233445
・Attempt ID：3192240012
・失敗したジョブ：https://console.treasuredata.co.jp/app/jobs/2110033445

ジョブ詳細のエラー：
  java.sql.SQLException: Access denied for user 'td_export'@'203.0.113.25' (using password: YES)

ワークフローの設定（抜粋）：
  +export_mysql:
    td_result_export>:
    job_id: \${td.last_job_id}
    result_settings:
      type: mysql
      host: report-db.toyo-travel.example.jp
      user: td_export
      パスワード：Toyo#Rpt2026!

3/23 7:00（JST）の実行までは成功しており（セッションID：3192100221）、
3/24 7:00（JST）の実行から失敗しています。MySQL側でユーザーの権限を見直した後、
8:30（JST）に再実行しましたが同じエラーでした。

--
株式会社シグナルブリッジ　山口 花
〒530-0001 大阪府大阪市北区梅田9-9-9
TEL 06-5555-0316`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '35791',
      site: 'ap01',
      goal: true,
      target_id: ['session:3192233445', 'attempt:3192240012', 'job:2110033445', 'session:3192100221'],
      error_message: true,
      console_url: true,
      history: true,
    },
    secrets: ['password'],
    referenced_tickets: [],
    note: 'Complete workflow inquiry. The job is given only as a console URL (/jobs/N is job:N; it is also a console URL, present though not required for a workflow). The MySQL password is pasted in the config as パスワード：…: a password secret. "using password: YES" in the error is not a credential.',
  },
);

add(
  'h38-en-console-segment-no-account-10am.eml',
  appleMail(
    {
      from: { name: 'Ethan Cho', email: 'ethan.cho@daon-data.example.kr' },
      subject: 'Segment page shows Internal Server Error',
      date: 'Tue, 24 Mar 2026 11:30:08 +0900',
      messageId: '9E2B4C7A-1F83-4D6E-B5A0-7C3D9E1F2A68@daon-data.example.kr',
      seed: 'h38',
      attachments: [filePart('Screenshot 2026-03-24 at 10.04.55.png', 'image/png', png(1512, 982, 3801, 0.2))],
      text: `Hi,

When our client opens the segment list in Audience Studio, the page shows an error and no segments are listed:

https://console.ap02.treasuredata.com/app/segments

Error shown: "Failed to load segments: 500 Internal Server Error (request id 7f3a9c1e-55b2-4d0e-9a61-2c8e4b7d0f13)"

It happened at 10am today. Screenshot attached.

Ethan`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: {
      account_id: null,
      site: 'ap02',
      goal: false,
      target_id: [],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: false,
      timezone: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Short console report: site only from the console hostname of a screen URL (console_url present). No Account ID, no goal, no history. The request id is a UUID, not a process ID, so target_id is missing. "at 10am today" has no zone. The time in the screenshot\'s file name is not text the sender wrote.',
  },
);

add(
  'h39-ja-request-restore-project-ticket-number.eml',
  becky({
    from: HARUKAZE,
    subject: 'ワークフロープロジェクトの復元のお願い（チケット番号：80112 関連）',
    date: 'Wed, 25 Mar 2026 10:12:45 +0900',
    messageId: '20260325101245.5D2F.C8E2F4B6@harukaze-tech.example.jp',
    seed: 'h39',
    text: `トレジャーデータ株式会社
サポートご担当者様

お世話になっております。ハルカゼ・テクノロジーの石井です。

エンドユーザー様（アカウントID：68024、USリージョン）で、
3月24日にワークフロープロジェクト「member_sync」を誤って削除してしまいました。
会員データの同期処理を再開するため、プロジェクトの復元をお願いできますでしょうか。

以前（昨年12月）にも別プロジェクトの復元をお願いしており、その際のチケット番号は 80112 です。
同様の手順で対応いただけますと幸いです。

--------------------------------------
 有限会社ハルカゼ・テクノロジー
 ソリューション部　石井 千尋
 〒150-0002 東京都渋谷区渋谷9-9-9
 TEL 03-5555-0461　FAX 03-5555-0462
--------------------------------------`,
  }),
  {
    language: 'ja',
    category: 'request',
    channel: 'unknown',
    items: { account_id: '68024', site: 'us01', goal: true },
    secrets: [],
    referenced_tickets: ['80112'],
    note: 'Operational request (restore a deleted workflow project) that names an older ticket by number (チケット番号 80112, in subject and body): referenced, related_ticket satisfied. Site as the name US despite the 東京都 address in the signature. A request takes channel unknown even though it is about a workflow.',
  },
);

const HALDEN: Person = { name: 'Oliver Bennett', email: 'oliver.bennett@halden-analytics.example.co.uk' };

add(
  'h40-en-spec-toolbelt-export-masked-lookalikes.eml',
  outlook(
    {
      from: HALDEN,
      subject: 'td table:export - output format and compression options',
      date: 'Wed, 25 Mar 2026 09:14:50 +0000',
      messageId: 'CWLP123MB5571E6D5C4B3A2F1E0D9C8B7A6F5E4D3C2@CWLP123MB5571.GBRP123.PROD.OUTLOOK.COM',
      seed: 'h40',
      text: `Hello,

We are planning a monthly archive of raw event tables for our client Brightwater Energy (Account ID 52874, production-eu01) to their own S3 bucket, using TD Toolbelt from a scheduled job.

Before we build it, could you confirm how td table:export behaves?

1. Which output formats are supported besides jsonl.gz (for example csv.gz or tsv.gz)?
2. Is the output always gzip-compressed, or can compression be turned off?

The command we run today for a smaller table (credentials come from the environment of the job runner):

td -k $TD_API_KEY table:export brightwater_raw events_2026_02 --s3-bucket bw-archive --prefix events/2026-02/ --aws-key-id $AWS_ACCESS_KEY_ID --aws-secret-key $AWS_SECRET_ACCESS_KEY --file-format jsonl.gz

For the audit trail we record the SHA-256 of each exported file, e.g. 3f1d8a2c9b7e64f05a1c2d3e4f5061728394a5b6c7d8e9f00112233445566778.

Best regards,
Oliver Bennett
Data Platform Consultant, Halden Analytics Ltd
London | +44 20 5550 0912`,
    },
    { charset: 'us-ascii', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'spec',
    channel: 'toolbelt',
    items: { account_id: '52874', site: 'eu01', goal: true, command: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete spec question about a Toolbelt command (channel toolbelt). Credential look-alikes that are NOT secrets: $TD_API_KEY, $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY are environment-variable references, and the 64-hex SHA-256 is a hash.',
  },
);

const TSUBAME_ORIGINAL_85120 = `> トレジャーデータ サポート ご担当者様
>
> いつもお世話になっております。ツバメデータの松田です。
>
> エンドユーザー様（アカウントID：72519、東京リージョン）で、
> 会員のセグメントをBrazeへ毎朝連携してプッシュ通知の配信対象にしていますが、
> Export Results To（Braze）のジョブが失敗するようになりました。
>
> ・Job ID：2125566001
> ・画面URL：https://console.treasuredata.co.jp/app/jobs/2125566001
> ・エラー：Braze export failed: 429 Too Many Requests: {"message":"Rate limit exceeded for /users/track"}
>
> 3/24 の実行（Job ID：2125410987）までは毎朝成功していました。
> 3/25 9:15頃に手動で再実行しましたが、同じエラーでした。
>
> --
> 株式会社ツバメデータ
> 松田 彩`;

add(
  'h41-ja-reply-nested-own-original-85120.eml',
  gmail(
    {
      from: TSUBAME,
      subject: 'Re: [TD Support #85120] Brazeへのエクスポートが失敗する件',
      date: 'Wed, 25 Mar 2026 16:48:03 +0900',
      messageId: 'CAN4pQr8Uv1wXy4zAb7cDe0fGh3iJk6lMn9oPq2rSt5uVw8xYz1@mail.gmail.com',
      inReplyTo: 'sr.85120.1774414920@td-support.example.com',
      references: ['CAN4pQr8Ab2cDe5fGh8iJk1lMn4oPq7rSt0uVw3xYz6aBc9dEf2@mail.gmail.com', 'sr.85120.1774414920@td-support.example.com'],
      seed: 'h41',
      attachments: [filePart('braze_export_error.png', 'image/png', png(1600, 900, 4101, 0.2))],
      text: `トレジャーデータ サポート
西村様

ご連絡ありがとうございます。ツバメデータの松田です。
ご依頼のあった、エラーが表示されている画面全体のスクリーンショットを添付いたします。

引き続きよろしくお願いいたします。
松田`,
      quote: {
        attribution: '2026年3月25日(水) 14:02 トレジャーデータ サポート <support@td-support.example.com>:',
        text: `松田様

トレジャーデータ サポートの西村です。
調査のため、エラーが表示されている画面全体のスクリーンショットをお送りいただけますでしょうか。
また、発生日時はタイムゾーンを添えてお知らせください（例：日本時間 2026/3/20 10:00）。

2026年3月25日(水) 10:31 松田 彩 <aya.matsuda@tsubame-data.example.jp>:
${TSUBAME_ORIGINAL_85120}`,
      },
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '72519',
      site: 'ap01',
      goal: true,
      target_id: ['job:2125566001', 'job:2125410987'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: true,
      timezone: false,
    },
    secrets: [],
    referenced_tickets: ['85120'],
    note: 'Follow-up on ticket #85120 that adds the screenshot support asked for. The sender\'s own original inquiry sits nested inside the quote of support\'s reply ("> >") and counts: account, site, goal, job IDs, URL, error text, history. Support\'s example "日本時間 2026/3/20 10:00" does not count, so the sender\'s "3/25 9:15頃" stays without a zone. Gmail attribution times are metadata.',
  },
);

add(
  'h42-en-empty-body-subject-only.eml',
  message(
    [
      ['Content-Type', 'text/plain; charset=us-ascii'],
      ['Content-Transfer-Encoding', '7bit'],
      ['From', 'Tom Reilly <tom.reilly@ridgeway-it.example.ie>'],
      ['Mime-Version', '1.0 (1.0)'],
      ['Date', 'Thu, 26 Mar 2026 07:41:19 +0000'],
      ['Subject', 'URGENT export not working'],
      ['Message-Id', '<4D7C1E92-8A3B-4F05-B6D2-E9A1C7F3B508@ridgeway-it.example.ie>'],
      ['To', 'support@td-support.example.com'],
      ['X-Mailer', 'iPhone Mail (21E236)'],
    ],
    { headers: [], body: '' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'unknown',
    items: {},
    secrets: [],
    referenced_tickets: [],
    note: 'Sent from a phone with an empty body: language comes from the subject. Nothing is given: every required item of an error is missing except timezone (no clock time) and related_ticket (no earlier inquiry). The Date header time is metadata.',
  },
);

const HIKARI_JAVA_LOG = `2026-03-26 02:00:04.118 +0900 INFO  [main] c.h.batch.DailyExtract - start extract for store_sales
2026-03-26 02:00:04.902 +0900 INFO  [main] c.t.client.TDClient - Submitting Trino query to https://api.ap03.treasuredata.com
2026-03-26 02:00:05.377 +0900 INFO  [main] c.h.batch.DailyExtract - job issued: 2130077881
2026-03-26 02:41:52.006 +0900 ERROR [main] c.h.batch.DailyExtract - job 2130077881 failed
com.treasuredata.client.TDClientHttpException: [500:Internal Server Error] Query failed: Remote page is too large
	at com.treasuredata.client.TDHttpClient.handleResponse(TDHttpClient.java:412)
	at com.treasuredata.client.TDClient.jobResult(TDClient.java:611)
`;

add(
  'h43-ja-td-client-java-rhel-log-attachment-ap03.eml',
  outlook(
    {
      from: HIKARI,
      subject: 'td-client-java での日次抽出が失敗します（ジョブID 2130077881）',
      date: 'Thu, 26 Mar 2026 09:20:14 +0900',
      messageId: 'OS3PR01MB8210A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4@OS3PR01MB8210.jpnprd01.prod.outlook.com',
      seed: 'h43',
      attachments: [filePart('daily_extract_20260326.log', 'application/octet-stream', HIKARI_JAVA_LOG, { size: true })],
      text: `トレジャーデータ
サポート窓口 ご担当者様

お世話になっております。ヒカリネットの中島です。

エンドユーザー様（アカウントID：61047）の環境で、店舗別売上を毎晩抽出して
需要予測システムへ渡すJavaバッチ（td-client-java 1.1.x）が、本日失敗しました。
バッチはRHEL 9のサーバーで動いており、接続先は api.ap03.treasuredata.com です。

実行しているコードの該当部分：

  TDClient client = TDClient.newBuilder().setEndpoint("api.ap03.treasuredata.com").setApiKey(System.getenv("TD_API_KEY")).build();
  String jobId = client.submit(TDJobRequest.newPrestoQuery("store_dwh", sql));

アプリケーションのログを添付いたします（エラーの全文はログにございます）。
本日 2:00（日本時間）の起動分が失敗し、昨日までは毎日成功していました。

株式会社ヒカリネット　ソリューション本部
中島 亮介
TEL：092-555-0381（平日 9:30～18:00）`,
    },
    { charset: 'UTF-8', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '61047',
      site: 'ap03',
      goal: true,
      target_id: ['job:2130077881'],
      error_message: true,
      os: 'linux',
      command: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'td-client-java from RHEL 9 (api channel); site only from the API host api.ap03.treasuredata.com. The error text is only in the attached .log, which counts as provided (its timestamps carry +0900). The job ID appears in the subject and in the log, not in the body text. API key from an environment variable. "本日 2:00（日本時間）" is zoned.',
  },
);

add(
  'h44-en-data-workbench-korea-midnight.eml',
  outlook(
    {
      from: HANBIT,
      subject: 'Hourly query in Data Workbench failing since midnight',
      date: 'Thu, 26 Mar 2026 10:05:37 +0900',
      messageId: 'SL2P216MB1835E1F2A3B4C5D6E7F8091A2B3C4D5E6F@SL2P216MB1835.KORP216.PROD.OUTLOOK.COM',
      seed: 'h44',
      inline: [HANBIT_LOGO],
      text: `Hello Support,

Seoul Mart (TD Account ID 46802, Korea) refreshes a stock-level table every hour from a scheduled query in Data Workbench, so that store staff see current stock in their handheld app.

Since midnight every run has failed. The latest one is job 2131188990, and the query editor shows:

  Query failed: line 12:8: Column 'warehouse_cd' cannot be resolved

The query has been running every hour since February without changes on our side. We re-ran it manually once this morning, with the same result.

Best regards,
Min-jun Park
Cloud Data Engineer | Hanbit Cloud Co., Ltd.`,
    },
    { charset: 'UTF-8', lang: 'en-US' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '46802',
      site: 'ap02',
      goal: true,
      target_id: ['job:2131188990'],
      error_message: true,
      console_url: false,
      screenshot: false,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Console (Data Workbench query editor) error with job ID, error text and history, but neither a console URL nor a screenshot; only the recurring Hanbit logo is inline. "since midnight", "every hour" and "this morning" are words and intervals, not clock times, so timezone is present; "line 12:8" is a position.',
  },
);

// ---------------------------------------------------------------- write

const OUT = new URL('../test/fixtures/holdout/', import.meta.url);

/** Writes the mails and labels.json of a held-out corpus; `missing` is derived from the items. */
export function writeHeldOutCorpus(out: URL, cases: Case[], title: string): void {
  mkdirSync(out, { recursive: true });
  const labels: Record<string, Label> = {};
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.file)) throw new Error(`duplicate file ${c.file}`);
    seen.add(c.file);
    const it = items(c.label.items);
    const { note, ...rest } = c.label;
    labels[c.file] = { ...rest, items: it, missing: requiredMissing(c.label.category, c.label.channel, it), note };
    writeFileSync(new URL(c.file, out), c.raw, 'utf8');
  }
  writeFileSync(new URL('labels.json', out), JSON.stringify(labels, null, 2) + '\n');
  console.log(`---- ${title}`);
  for (const [f, l] of Object.entries(labels)) console.log(`${f}  ${l.language} ${l.category}/${l.channel}  missing=[${l.missing.join(',')}]`);
}

/** True when this file is the script being run, not a module imported by another generator. */
export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(resolve(process.argv[1]!)).href;
}

if (isMain(import.meta.url)) writeHeldOutCorpus(OUT, cases, 'holdout');
