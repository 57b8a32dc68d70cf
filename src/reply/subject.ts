/**
 * Reply prefixes mail clients put in front of a subject (English, German,
 * Nordic, Dutch, Japanese and Chinese clients), optionally counted (`Re[2]:`)
 * and with a full-width colon. Stripped so replies never read `Re: Re: Re:`.
 */
const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|返信|回复|回覆|答复)\s*(?:(?:\[\d+\]|\(\d+\))\s*)?[:：]\s*/i;

/** The ticket tag our replies carry, which follow-up detection reads back. */
export function ticketTag(ticketNumber: number): string {
  return `[#${ticketNumber}]`;
}

/** One line: folded or pasted newlines and runs of blanks become one space. */
export function oneLine(value: string): string {
  return value.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * `Re: <original subject> [#<ticket>]`. Existing reply prefixes are replaced
 * by one `Re: `, and the tag is appended only when the subject does not carry
 * it already (partners often reply to our replies). Tags of other tickets are
 * the sender's text and stay.
 */
export function replySubject(original: string, ticketNumber: number): string {
  let subject = oneLine(original);
  for (let prev = ''; prev !== subject; ) {
    prev = subject;
    subject = subject.replace(REPLY_PREFIX, '');
  }
  const tag = ticketTag(ticketNumber);
  if (!subject.includes(tag)) subject = subject ? `${subject} ${tag}` : tag;
  return `Re: ${subject}`;
}
