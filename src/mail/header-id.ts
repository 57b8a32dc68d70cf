import { HEADER_SCAN_BYTES } from '../limits.ts';

/**
 * The Message-ID in a raw mail's header, for log lines written before the mail is parsed
 * (the poller's "enqueued"): a bounded scan, no MIME parsing; null when there is none.
 */
export function headerMessageId(raw: Buffer): string | null {
  const head = raw.subarray(0, HEADER_SCAN_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const header = end >= 0 ? head.slice(0, end) : head;
  const m = /^message-id:[ \t]*(?:\r?\n[ \t]+)?<?([^\s<>]{1,500})>?/im.exec(header);
  return m ? m[1]! : null;
}
