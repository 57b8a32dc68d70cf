import { errorMessage } from '../util/errors.ts';

/** imapflow reports a refused login as authenticationFailed with the server's words in responseText. */
export function describeImapError(err: unknown): string {
  const e = err as { authenticationFailed?: boolean; responseText?: string; message?: string; code?: string };
  if (e?.authenticationFailed) return `login refused: ${e.responseText ?? e.message ?? 'authentication failed'}`;
  return e?.code ? `${e.message ?? String(err)} (${e.code})` : errorMessage(err);
}
