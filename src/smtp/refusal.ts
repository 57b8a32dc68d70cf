/**
 * Whose fault an SMTP failure is. The line stops (sending pauses, mail waits) for faults of
 * the system, which every mail would hit alike; only faults of one mail fail that mail.
 *
 * - system: AUTH refused (535, or any EAUTH); our sender refused at MAIL FROM (5xx); a
 *   recipient refused at RCPT for a reason about us, not them: relaying denied or
 *   authentication required (enhanced status 5.7.x, 530, or the server's words say so).
 * - mail: a 5xx about this reply alone (RCPT 5.1.x "no such user", DATA refused for its
 *   content), or an address nodemailer refuses itself (EENVELOPE before any command).
 * - transient: everything else (connection refused or dropped, timeouts, 4xx): retried.
 */
export type SmtpFailure =
  | { fault: 'system'; reason: string; smtpCode: number | null; stage: string }
  | { fault: 'mail'; reason: string; smtpCode: number | null; stage: string }
  | { fault: 'transient'; reason: string; smtpCode: number | null; stage: string };

interface NodemailerError {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** The nodemailer error inside our ESMTPSEND wrapper (or the error itself). */
function smtpError(err: unknown): NodemailerError {
  let e = err as NodemailerError & { cause?: unknown };
  for (let i = 0; i < 3 && e && typeof e === 'object'; i += 1) {
    if (e.command !== undefined || e.responseCode !== undefined) return e;
    if (!e.cause) break;
    e = e.cause as NodemailerError & { cause?: unknown };
  }
  return (e ?? {}) as NodemailerError;
}

const ABOUT_US = /relay|authenticat|auth(?:entication)? required|access denied|not permitted|sender/i;

export function classifySmtpFailure(err: unknown): SmtpFailure {
  const e = smtpError(err);
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const stage = e.command ?? 'CONN';
  const response = (e.response ?? e.message ?? String(err)).trim();
  const permanent = code !== null && code >= 500 && code < 600;
  if (e.code === 'EAUTH') {
    return { fault: 'system', reason: `SMTP authentication refused: ${response}`, smtpCode: code, stage };
  }
  if (stage === 'MAIL FROM' && permanent) {
    return { fault: 'system', reason: `SMTP server refuses our sender (MAIL FROM): ${response}`, smtpCode: code, stage };
  }
  if (stage === 'RCPT TO' && permanent) {
    const enhanced = /\b5\.7\.\d{1,3}\b/.test(response);
    if (enhanced || code === 530 || ABOUT_US.test(response)) {
      return { fault: 'system', reason: `SMTP server refuses to relay for us (RCPT TO): ${response}`, smtpCode: code, stage };
    }
    return { fault: 'mail', reason: response, smtpCode: code, stage };
  }
  if (permanent) return { fault: 'mail', reason: response, smtpCode: code, stage };
  if (e.code === 'EENVELOPE' && stage === 'API') return { fault: 'mail', reason: response, smtpCode: code, stage };
  return { fault: 'transient', reason: response, smtpCode: code, stage };
}
