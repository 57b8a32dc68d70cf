import type { ReceivedMail } from './smtp-receiver.ts';

/**
 * A received reply as a person reads it: addresses, subject, the X-Intake-*
 * headers the service sets, and the text body. Used by `npm run demo` and in
 * test failure messages.
 */
export function formatReply(mail: ReceivedMail, options: { maxBodyLines?: number } = {}): string {
  const p = mail.parsed;
  const lines: string[] = [];
  lines.push(`Subject: ${p.subject ?? ''}`);
  lines.push(`To:      ${mail.envelope.rcptTo.join(', ')}   (envelope from ${mail.envelope.mailFrom ?? '<>'})`);
  if (p.inReplyTo) lines.push(`In-Reply-To: ${p.inReplyTo}`);
  for (const [name, value] of intakeHeaders(mail)) lines.push(`${name}: ${value}`);
  lines.push('');
  const body = (p.text ?? '(no text part)').replace(/\s+$/, '').split(/\r?\n/);
  const max = options.maxBodyLines ?? Infinity;
  lines.push(...body.slice(0, max).map((l) => `  ${l}`));
  if (body.length > max) lines.push(`  ... (${body.length - max} more lines)`);
  return lines.join('\n');
}

/** X-Intake-* headers as written on the wire (mailparser lower-cases names). */
export function intakeHeaders(mail: ReceivedMail): [string, string][] {
  return mail.parsed.headerLines
    .filter((h) => h.key.startsWith('x-intake-'))
    .map((h) => {
      const colon = h.line.indexOf(':');
      return [h.line.slice(0, colon), h.line.slice(colon + 1).replace(/\r?\n\s+/g, ' ').trim()];
    });
}
