import { analyse } from '../analysis/analyse.ts';
import { recurringImagesPerMail } from '../analysis/recurring.ts';
import type { Rules } from '../analysis/rules.ts';
import type { RequiredItemKey } from '../analysis/types.ts';
import type { ItemKind } from '../reply/reply-rules.ts';
import { looksLikeMail, toJson } from '../cli/check.ts';
import { parseMail } from '../mail/parse.ts';
import type { AnalysisPool } from '../pipeline/analysis-pool.ts';
import { IntakeError } from '../util/errors.ts';

/** The `intake check --json` object: passed through as the checker builds it (evidence, main_ask included). */
export type CheckJson = Record<string, unknown>;

export interface Draft {
  subject: string;
  text: string;
}

/** What stands in for a file name in the JSON line: a draft has none, and none of it is kept. */
export const DRAFT_FILE = '-';

/**
 * A draft as the plain-text mail `intake check` would read from a file: one UTF-8 text part,
 * the subject RFC 2047-encoded. Going through the same parser keeps the page and the CLI
 * from drifting apart (signature and quote stripping, charset handling, line ends).
 */
export function draftToMail(draft: Draft): Buffer {
  const subject = draft.subject.replace(/[\r\n]+/g, ' ').trim();
  const body = draft.text.replace(/\r\n?/g, '\n').replace(/\n/g, '\r\n');
  const head = [
    `Subject: =?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  const encoded = Buffer.from(body, 'utf8').toString('base64').replace(/.{1,76}/g, '$&\r\n');
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${encoded}`, 'utf8');
}

/** Analyses raw mail bytes exactly as `intake check --json` analyses one file. Nothing is kept. */
/** What a check needs: the reading rules, and which items are required (config/items.yaml), as `intake check` uses them. */
export interface CheckRules {
  rules: Rules;
  itemKinds: Record<RequiredItemKey, ItemKind>;
}

export async function checkRawMail(raw: Buffer, { rules, itemKinds }: CheckRules): Promise<CheckJson> {
  if (!looksLikeMail(raw)) throw new IntakeError('ENOTMAIL', 'not a mail (no header lines at the start)');
  const mail = await parseMail(raw);
  const analysis = analyse(mail, rules, { recurringImageHashes: recurringImagesPerMail([mail])[0] });
  return toJson(DRAFT_FILE, analysis, itemKinds);
}

/** How the check page has a mail checked: in-process by default (tests), in the analysis threads in the service. */
export interface DraftChecker {
  check(raw: Buffer): Promise<CheckJson>;
  close?(): Promise<void>;
}

/**
 * Checks in an AnalysisPool of the page's own: parsing and analysis run in a thread stopped at
 * ANALYSIS_TIMEOUT_MS (AnalysisStoppedError), exactly as `intake check` and the service bound
 * them, so a pathological paste never stalls the mail pipeline sharing the process, and the
 * page gives what `intake check --json` gives.
 */
export function poolDraftChecker(pool: AnalysisPool, itemKinds: CheckRules['itemKinds']): DraftChecker {
  return {
    async check(raw) {
      if (!looksLikeMail(raw)) throw new IntakeError('ENOTMAIL', 'not a mail (no header lines at the start)');
      const mail = await pool.parse(raw);
      const analysis = await pool.analyse(mail, recurringImagesPerMail([mail])[0] ?? []);
      return toJson(DRAFT_FILE, analysis, itemKinds);
    },
    close: () => pool.close(),
  };
}
