import type { SecretFinding, SecretKind } from './types.ts';

/**
 * Credential detectors. These live in code, not in config/rules: a wrong edit here would leak
 * credentials into tickets and logs, and redactSecrets must work where no rules are loaded.
 * Each detector returns the character ranges of the secret values (never the label) so the same
 * matches drive both findSecrets and redactSecrets.
 */
interface Detector {
  kind: SecretKind;
  re: RegExp;
  /** Index of the capture group holding the value. */
  group: number;
}

/** A value: up to the next blank, quote or closing bracket. */
const VALUE = `([^\\s"'\`<>、。,;)）]{4,200})`;

const DETECTORS: Detector[] = [
  // TD API key: account digits / 40 hex, also after "TD1 " in an Authorization header.
  { kind: 'td_api_key', re: /(?<![\w/])(\d{1,8}\/[0-9a-f]{40})(?![0-9a-z])/gi, group: 1 },
  { kind: 'aws_access_key', re: /(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])/g, group: 1 },
  // An AWS secret (40 characters; 30-64 accepted, a key cut or mistyped by a character is still a key) next to a
  // "secret" label (flag, env var, config key, prose, a Ruby hash's `=>`).
  {
    kind: 'aws_secret_key',
    // (also dotted, as Java properties write it: "aws.secret.access.key=…"; Fluentd's S3 output writes "aws_sec_key …")
    re: /(?:secret[_\-. ]?(?:access[_\-. ]?)?key|aws[_\-. ]?secret|aws[_\-. ]?sec[_\-. ]?key|secretaccesskey|シークレット(?:アクセス)?キー)["']?(?:\s*(?:=>|[:=])\s*|\s+)["']?([A-Za-z0-9/+]{30,64})(?![A-Za-z0-9/+])/gi,
    group: 1,
  },
  // (also an OpenPGP secret key: "-----BEGIN PGP PRIVATE KEY BLOCK-----")
  { kind: 'private_key', re: /(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$))/g, group: 1 },
  // (Salesforce session IDs carry a '!': "Bearer 00D5g000004XyZ1!AQ8AQ…")
  { kind: 'bearer_token', re: /\bBearer\s+([A-Za-z0-9\-._~+/!]{20,2048}=*)/g, group: 1 },
  { kind: 'bearer_token', re: /(?<![\w-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g, group: 1 },
  // Tokens whose format names them: GitHub, GitLab, Slack, Stripe, Google, npm, SendGrid, OpenAI-style.
  {
    kind: 'bearer_token',
    re: /(?<![A-Za-z0-9_])((?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|(?:sk|rk)_live_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|sk-(?:proj-)?[A-Za-z0-9_-]{32,}))/g,
    group: 1,
  },
  // Salesforce's security token is the second half of a password login (password + token): a password, not a bearer
  // token (before the generic `*_token` label below, which would take the same value).
  { kind: 'password', re: new RegExp(`\\bsecurity[_\\-. ]?token["']?\\s*[:=]\\s*["']?${VALUE}`, 'gi'), group: 1 },
  // A token, key or secret after its label: `api_key: …`, `ACCESS_TOKEN=…`, `client_secret=…`.
  {
    kind: 'bearer_token',
    re: /(?:\b(?:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|refresh[_-]?token|client[_-]?secret|secret[_-]?token|private[_-]?token)|(?<![A-Za-z0-9_])[A-Za-z0-9_]{1,40}_(?:TOKEN|SECRET|API_KEY|APIKEY))["']?\s*[:=]\s*["']?([A-Za-z0-9_\-./+=~]{16,512})/gi,
    group: 1,
  },
  // Query strings: a token or signature in a link is as good as the token.
  {
    kind: 'bearer_token',
    re: /[?&](?:access_token|id_token|refresh_token|token|api_key|apikey|api-key|key|client_secret|secret|sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|sas|auth)=([^&\s#"'<>]{8,512})/gi,
    group: 1,
  },
  { kind: 'password', re: /[?&](?:password|passwd|pwd|pass|pw)=([^&\s#"'<>]{3,200})/gi, group: 1 },
  // an AWS key pair written as a URL's user and password ("s3://AKIA…:wJ9p…@/bucket/path"): the password is the secret key
  // (before the generic user:password@ below, which would take the same value)
  { kind: 'aws_secret_key', re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/(?:AKIA|ASIA)[A-Z0-9]{16}:([A-Za-z0-9/+]{30,64})@/g, group: 1 },
  // user:password@ in any URL (database, FTP, HTTP, Redis).
  { kind: 'password', re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/:@"'<>]{1,128}:([^\s/@"'<>]{3,200})@[^\s/@"'<>]/gi, group: 1 },
  { kind: 'password', re: /\bAuthorization:\s*Basic\s+([A-Za-z0-9+/]{8,512}={0,2})/gi, group: 1 },
  // curl -u user:password, mysql -pSECRET / --password=SECRET.
  { kind: 'password', re: /(?:^|\s)(?:-u|--user)\s+["']?[^\s:"']{1,128}:([^\s"'@]{4,200})/gm, group: 1 },
  {
    kind: 'password',
    re: new RegExp(`(?:\\bpassword|\\bpasswd|\\bpassphrase|\\bdb_?pass(?:word)?|パスワード|暗証番号)["']?\\s*(?:[:=]|:)\\s*["']?${VALUE}`, 'gi'),
    group: 1,
  },
  // "パスワードはHrkz!2026-owner です": after は only a value in ASCII ("パスワードは90日ごとに変更すること" is a rule, not one)
  { kind: 'password', re: /(?:パスワード|暗証番号)は[^\S\n]*["'「]?([!-~]{4,200})(?![!-~])/g, group: 1 },
  // A password handed to code as a key and value: `props.setProperty("password", "…")`, `put('passwd', '…')`,
  // `.password("…")`, `setPassword("…")`.
  {
    kind: 'password',
    re: new RegExp(`(?:["'](?:password|passwd|passphrase|pwd|db_?pass(?:word)?)["']\\s*,|\\.(?:password|setPassword|passwd)\\()\\s*["']${VALUE}`, 'gi'),
    group: 1,
  },
  // Short labels and environment variables only with ":" or "=": `pw: …`, `PGPASSWORD=…`, `MYSQL_PWD=…`.
  {
    kind: 'password',
    re: new RegExp(`(?<![A-Za-z0-9_])[A-Z0-9_]{0,40}(?:PASSWORD|PASSWD|_PWD|_PASS)["']?\\s*[:=]\\s*["']?${VALUE}`, 'g'),
    group: 1,
  },
  { kind: 'password', re: new RegExp(`\\b(?:pw|pwd|pass)["']?\\s*[:=]\\s*["']?${VALUE}`, 'gi'), group: 1 },
];

/** A value made of placeholder words only: `your_password_here`, `<token>`, `EXAMPLE`, `changeme`. */
const PLACEHOLDER_WORDS =
  /^(?:(?:your|my|the|an?|some|insert|enter|put)[_\- ]?)?(?:example|sample|dummy|redacted|masked|placeholder|changeme|change[_\- ]?me|secret|password|passwd|pass|pw|token|api[_\- ]?key|access[_\- ]?key|key|value|credentials?|hidden|removed|omitted|xxx+)(?:[_\- ]?(?:here|value|goes[_\- ]?here|token|key|password|secret))*$/i;

/** The value without surrounding quotes and trailing punctuation; a loop, as `[…]+$` backtracks on long runs. */
function trimQuotes(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && `"'\``.includes(value[start]!)) start++;
  while (end > start && `"'\`.,;:`.includes(value[end - 1]!)) end--;
  return value.slice(start, end);
}

const KEY_MATERIAL = /[A-Za-z0-9+/=]{40,}/;

/** Values that only show where a secret would go: masks, placeholders, variable references, hashes. */
function isMasked(kind: SecretKind, value: string): boolean {
  const bare = trimQuotes(value);
  if (/(x{4,}|\*{3,}|•{3,}|●{3,}|…|\.\.\.|#{4,}|_{4,})/i.test(bare)) return true;
  if (PLACEHOLDER_WORDS.test(bare) || /^your[_-]/i.test(bare)) return true;
  if (/マスク|伏せ|省略/.test(bare)) return true;
  if (/^[<{[(]|^\$|^%[A-Z_]+%$|\{\{|\$\{|^env[:.]|os\.environ|getenv|process\.env|^secret:/i.test(bare)) return true;
  // a JWT cut after its header ("eyJhbGciOi…J9.<redacted>") carries no claims and no signature: masked
  if (kind === 'bearer_token' && /^eyJ/.test(bare) && !/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/.test(bare)) return true;
  if (kind === 'password') {
    // "パスワード：変更済み" / "password: (see vault)" are words, not values; so is where it is kept ("パスワードは digdag
    // secrets (pg.password) で登録しています")
    if (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u.test(bare)) return true;
    if (/^(?:none|null|nil|empty|required|not ?set|unchanged|same|above|below|n\/a|true|false|yes|no|ok|reset|changed|expired|incorrect|invalid|wrong|authentication|auth|login|prompt|protected|policy|manager|field|rotation|reset\w*|digdag|secrets?|vault|keychain|keyring|kms|ssm|credentials?)$/i.test(bare)) return true;
    if (/^(?:\/|~\/|[A-Za-z]:\\)/.test(bare)) return true; // a path, not a password
    if (/^[0-9a-f]{32,}$/i.test(bare)) return true; // a hash, not a password
  }
  if (kind === 'aws_secret_key' && /^[A-Za-z]+$/.test(bare)) return true;
  // a key block with its body removed ("-----BEGIN … PRIVATE KEY----- [removed] -----END …") holds no key: key
  // material is lines of base64 (64 characters in PEM), with digits among the letters
  if (kind === 'private_key' && !bare.split(/\n/).some((line) => KEY_MATERIAL.test(line) && /\d/.test(line))) return true;
  return false;
}

interface Hit {
  kind: SecretKind;
  start: number;
  end: number;
}

function scan(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const d of DETECTORS) {
    d.re.lastIndex = 0;
    for (const m of text.matchAll(d.re)) {
      const value = m[d.group];
      if (!value || isMasked(d.kind, value)) continue;
      const start = (m.index ?? 0) + m[0].lastIndexOf(value);
      hits.push({ kind: d.kind, start, end: start + value.length });
    }
  }
  // A TD key inside "password: 123/abc..." is the TD key; an overlapped weaker hit is dropped.
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  for (const h of hits) {
    const last = kept.at(-1);
    if (last && h.start < last.end) continue;
    kept.push(h);
  }
  return kept;
}

/** Unmasked credentials in `text`, one finding per kind, in order of first appearance. */
export function findSecrets(text: string, where: string): SecretFinding[] {
  const seen = new Set<SecretKind>();
  const out: SecretFinding[] = [];
  for (const h of scan(text.normalize('NFKC'))) {
    if (seen.has(h.kind)) continue;
    seen.add(h.kind);
    out.push({ kind: h.kind, where });
  }
  return out;
}

/** The text with every detected secret value replaced by `[REDACTED:kind]`; labels and context stay. */
export function redactSecrets(text: string): string {
  // Scan the text as given so offsets hold; a full-width variant is caught through NFKC below.
  let out = applyRedactions(text, scan(text));
  const normalized = out.normalize('NFKC');
  if (normalized !== out) {
    const more = scan(normalized);
    if (more.length > 0) out = applyRedactions(normalized, more);
  }
  return out;
}

function applyRedactions(text: string, hits: Hit[]): string {
  let out = '';
  let pos = 0;
  for (const h of hits) {
    out += text.slice(pos, h.start) + `[REDACTED:${h.kind}]`;
    pos = h.end;
  }
  return out + text.slice(pos);
}
