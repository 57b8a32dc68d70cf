import Encoding from 'encoding-japanese';

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
