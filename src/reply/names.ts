import { oneLine } from './subject.ts';

/**
 * The name a reply greets, from a From display name as mail clients and mailing lists write it:
 * "'Priya Raghunathan' via Partner Support" (Google Groups), "Doyle, Chris" (Outlook directories),
 * 「株式会社エービーシー 佐藤様」 (an honorific already in the name), "yamada" (a login-like romaji name).
 * Empty when no person's name can be told: the template then greets generically (ご担当者様 / Hello,).
 * The result carries no honorific; the template adds the language's own.
 */

const QUOTES = /^["'“”‘’「『]+|(?<!["'“”‘’」』])["'“”‘’」』]+$/g;
/** Google Groups and similar lists rewrite From to "<name> via <list>". */
const VIA = /^(.*?\S)\s+via\s+\S[\s\S]*$/i;
const PARENS = /(?<!\s)\s*[(（][^()（）]*[)）]\s*/g;
const JA_HONORIFIC = /(?<!\s)\s*(?:様|さま|サマ|さん|殿|御中|各位)$/u;
const EN_TITLE = /^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+/i;
const EN_SUFFIX = /(?<![\s-])[\s-]+(?:san|sama)$/i;
const COMPANY = /(?:株式会社|有限会社|合同会社|\b(?:inc|corp|corporation|ltd|llc|gmbh|co\.|k\.k\.)\b)/iu;
/** Display names of shared mailboxes and roles, not of a person. */
const ROLE = /^(?:support|info|admin|administrator|team|sales|contact|noreply|no-reply|helpdesk|partner support|customer support|サポート|サポート窓口|お問い合わせ|問い合わせ窓口)$/iu;
const LATIN_NAME = /^[\p{Script=Latin}\s.'’-]+$/u;

function titleWord(w: string): string {
  return w
    .split(/([-'’])/)
    .map((part) => (part.length > 0 ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('');
}

/** Lower-case romaji ("taro yamada"), ALL-CAPS names and surnames ("DOYLE") read as names do. */
function fixCase(name: string): string {
  if (!LATIN_NAME.test(name)) return name;
  const words = name.split(/\s+/);
  if (name === name.toLowerCase() || name === name.toUpperCase()) return words.map(titleWord).join(' ');
  const mixed = words.some((w) => w !== w.toUpperCase());
  return words.map((w) => (mixed && w.length > 1 && w === w.toUpperCase() ? titleWord(w) : w)).join(' ');
}

/** "Doyle, Chris" → "Chris Doyle"; "Chris Doyle, Acme" → "Chris Doyle". */
function reorderComma(name: string): string {
  const parts = name.split(/(?<!\s)\s*[,，、]\s*/).filter(Boolean);
  if (parts.length !== 2) return parts[0] ?? name;
  const [first, second] = parts as [string, string];
  const firstWords = first.split(/\s+/).length;
  const secondWords = second.split(/\s+/).length;
  if (firstWords === 1 && secondWords <= 2 && LATIN_NAME.test(first) && LATIN_NAME.test(second)) return `${second} ${first}`;
  // 「山田, 太郎」: Japanese order already puts the family name first.
  if (firstWords === 1 && secondWords === 1 && !LATIN_NAME.test(first) && !LATIN_NAME.test(second) && !COMPANY.test(name)) {
    return `${first} ${second}`;
  }
  return first;
}

function stripHonorifics(name: string): string {
  let out = name;
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(JA_HONORIFIC, '').replace(EN_TITLE, '').replace(EN_SUFFIX, '').replace(QUOTES, '').trim();
  }
  return out;
}

export function greetingName(displayName: string | null | undefined): string {
  let name = oneLine(displayName ?? '').replace(QUOTES, '').trim();
  const via = VIA.exec(name);
  if (via) name = via[1]!.replace(QUOTES, '').trim();
  if (!name || name.includes('@')) return '';
  name = name.replace(PARENS, ' ').trim();
  name = stripHonorifics(name);
  name = reorderComma(name);
  name = stripHonorifics(name);
  if (!name || ROLE.test(name)) return '';
  // A company alone names no person: the generic greeting reads better than "株式会社X 様".
  if (COMPANY.test(name) && name.replace(COMPANY, '').replace(/[\s\p{Script=Katakana}ー・]/gu, '').length === 0) return '';
  // A login ("t.yamada", "user_01") is not a name to greet.
  if (/^[a-z0-9._-]+$/i.test(name) && /[0-9._]/.test(name)) return '';
  return fixCase(name);
}
