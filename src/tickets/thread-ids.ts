import type { InboundMail } from '../mail/types.ts';
import { MAX_MESSAGE_ID_LENGTH, MAX_THREAD_IDS } from '../limits.ts';

/** A Message-ID (without brackets) safe to index and to copy into a header: printable ASCII, one `@`, bounded. */
export function isUsableMessageId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH && /^[\x21-\x3b\x3d\x3f\x41-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+$/.test(id);
}

/** The IDs of a mail worth a thread lookup: bounded in number and length, never its own. */
export function threadIds(mail: Pick<InboundMail, 'messageId' | 'inReplyTo' | 'references'>): string[] {
  const out: string[] = [];
  for (const id of [...mail.inReplyTo, ...[...mail.references].reverse()]) {
    if (out.length >= MAX_THREAD_IDS) break;
    if (id === mail.messageId || !isUsableMessageId(id) || out.includes(id)) continue;
    out.push(id);
  }
  return out;
}

/** References as kept on the ticket: the first (the thread's root) and the newest, usable ones only. */
export function keptReferences(references: string[]): string[] {
  const usable = references.filter(isUsableMessageId);
  if (usable.length <= MAX_THREAD_IDS) return usable;
  return [usable[0]!, ...usable.slice(usable.length - (MAX_THREAD_IDS - 1))];
}
