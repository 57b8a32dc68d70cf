import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';

// ESC $ B / ESC $ @ / ESC ( J / ESC ( B: the ISO-2022-JP switches a JIS mail carries.
const JIS_ESCAPE = /\x1b(?:\$[@B]|\([BJ])/;

/**
 * Japanese mail that carries ISO-2022-JP escape sequences but declares no charset reaches us
 * as 7-bit text with raw ESC sequences (mailparser only decodes a declared iso-2022-jp).
 * Decodes such text; anything else is returned unchanged.
 */
export function decodeUndeclaredJis(text: string): string {
  if (!JIS_ESCAPE.test(text)) return text;
  // Only 7-bit text can be JIS; a string already holding decoded non-ASCII is left alone.
  if (/[^\x00-\x7f]/.test(text)) return text.replace(/\x1b(?:\$[@B]|\([BJ])/g, '');
  const bytes = Buffer.from(text, 'latin1');
  return Encoding.convert(bytes, { to: 'UNICODE', from: 'JIS', type: 'string' });
}

/** Charsets that are UTF-8 for our purpose (ASCII is a subset). */
const UTF8_LIKE = /^(?:utf-?8|us-ascii|ascii)$/i;

/**
 * The text of a text attachment. A declared charset is honoured (a Japanese issue sheet saved by
 * Windows Notepad is Shift_JIS); undeclared bytes that are not UTF-8 are read as the Japanese
 * encoding they are (Shift_JIS, EUC-JP), else as UTF-8 with replacement characters.
 */
export function decodeAttachmentText(content: Buffer, charset: string | null): string {
  const declared = charset?.trim().replace(/^x-/i, '') ?? '';
  if (declared && !UTF8_LIKE.test(declared) && iconv.encodingExists(declared)) return decodeUndeclaredJis(iconv.decode(content, declared));
  const utf8 = content.toString('utf8');
  if (!utf8.includes('\ufffd')) return decodeUndeclaredJis(utf8);
  const detected = Encoding.detect(content);
  if (detected === 'SJIS' || detected === 'EUCJP') return iconv.decode(content, detected === 'SJIS' ? 'Shift_JIS' : 'EUC-JP');
  return utf8;
}
