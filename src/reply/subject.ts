/**
 * Reply prefixes mail clients put in front of a subject (English, German,
 * Nordic, Dutch, Japanese and Chinese clients), optionally counted (`Re[2]:`)
 * and with a full-width colon. Stripped so replies never read `Re: Re: Re:`.
 */
const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|返信|回复|回覆|答复)\s*(?:(?:\[\d+\]|\(\d+\))\s*)?[:：]\s*/i;

/**
 * A subject that answers an earlier mail: a reply prefix, or a ticket tag leading it ("[TD Support #70811] …",
 * as a desk's replies carry and partners keep when they answer).
 */
export function isReplySubject(subject: string): boolean {
  return REPLY_PREFIX.test(subject) || LEADING_TAG.test(subject);
}

const LEADING_TAG = /^\s*\[[^\]\n]{0,40}#\d+\]/;

/** The ticket tag our replies carry, which follow-up detection reads back. */
export function ticketTag(ticketNumber: number): string {
  return `[#${ticketNumber}]`;
}

/** One line: folded or pasted newlines and runs of blanks become one space. */
export function oneLine(value: string): string {
  return value.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** Ticket tags, ours or a foreign system's, half- or full-width: a reply carries exactly one, ours. */
const ANY_TAG = /[\[［]\s*[#＃]\s*[0-9０-９]{1,12}\s*[\]］]/g;

/**
 * `[#<ticket>] Re: <original subject>`: the tag first, where phones do not cut it off, and only
 * ours (a tag another system put in the subject would read as a second ticket number). Existing
 * reply prefixes become one `Re: `.
 */
export function replySubject(original: string, ticketNumber: number): string {
  let subject = oneLine(oneLine(original).replace(ANY_TAG, ' '));
  for (let prev = ''; prev !== subject; ) {
    prev = subject;
    subject = subject.replace(REPLY_PREFIX, '').replace(/^[\s:：-]+/, '');
  }
  const tag = ticketTag(ticketNumber);
  return subject ? `${tag} Re: ${subject}` : tag;
}
