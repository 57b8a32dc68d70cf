/**
 * Every fixed size cap of the service in one place (in the manner of imapflow's limits): how much
 * of a mail is read, analysed, indexed and fetched at once. Operator settings (MAX_MAIL_MB,
 * ANALYSIS_TIMEOUT_MS, ANALYSIS_HEAP_MB, ...) are in src/config/env.ts; Redis retention in
 * src/store/keys.ts. Each cap bounds the work an attacker-chosen mail can cause.
 */

/**
 * What is analysed of one mail, whatever it holds: the body text, each text attachment and
 * each line are cut at these lengths (the mailbox keeps the whole mail for a person). A real
 * inquiry is a few KB; these leave room for pasted logs while keeping the work per mail small.
 */
export const TEXT_LIMITS = {
  bodyChars: 100_000,
  lineChars: 4_000,
  /** Lines of body text (per-line work in the checker grows with their number, blank or not). */
  lines: 5_000,
  attachmentChars: 100_000,
  /** All text attachments together. */
  attachmentTotalChars: 400_000,
  subjectChars: 998,
  /** HTML is cut to this before it is turned into text (conversion cost and output grow with it). */
  htmlChars: 1_000_000,
  /** Quote levels shown as "> " prefixes; deeper levels read as this deep. */
  quoteDepth: 8,
} as const;

/** What the MIME parser itself reads: HTML it parses, text attachments it decodes, the raw body when MIME fails. */
export const PARSER_LIMITS = {
  /** mailparser's maxHtmlLengthToParse. */
  htmlChars: 2_000_000,
  /** A text attachment larger than this is not decoded as text at all. */
  textAttachmentBytes: 2_000_000,
  /** The raw body read as text when the MIME structure cannot be parsed. */
  rawBodyFallbackChars: 200_000,
  /**
   * Above this size a mail's binary parts (images, PDFs, archives) are reduced to their size,
   * SHA-256 and image size as they are decoded, before mailparser reads the rest
   * (src/mail/part-digest.ts): mailparser holds each decoded attachment whole, with its chunks
   * until the next GC, so a 20 MB mail cost its thread 60-100 MB. Below it that extra pass over
   * the mail is not worth its time (ordinary mail is a few KB).
   */
  digestPartsAboveBytes: 1024 * 1024,
} as const;

/** How much of a mail the bounce checks read (src/safety/bounce.ts). */
export const BOUNCE_SCAN = {
  /** Body text searched for bounce phrases. */
  phraseChars: 20_000,
  /** Body text searched for the returned message's headers. */
  textChars: 200_000,
  /** Raw bytes searched for the returned message's headers when MIME hid it. */
  rawBytes: 1_000_000,
} as const;

/** A forwarded mail attached as message/rfc822 is read as far down as this; deeper ones keep their raw text. */
export const MAX_NESTED_MAIL_DEPTH = 3;

/** At most this many Message-IDs of one mail are looked up, indexed and kept: In-Reply-To, then the newest References. */
export const MAX_THREAD_IDS = 20;
/** Longer IDs are not Message-IDs any mail client made (RFC 5322 lines are 998 bytes): never indexed, kept or echoed. */
export const MAX_MESSAGE_ID_LENGTH = 250;
/** Long threads would grow a reply's References without bound; the root and the most recent ids are kept (RFC 5322 3.6.4 allows trimming). */
export const MAX_REPLY_REFERENCES = 20;
/** Image hashes remembered per mail (logo memory). */
export const MAX_IMAGES_PER_MAIL = 20;
/** A From header longer than this is not read as an address. */
export const MAX_FROM_LENGTH = 2_000;

/** Bytes searched for a header block (the head of a mail read when its whole cannot be, a log line's Message-ID). */
export const HEADER_SCAN_BYTES = 64 * 1024;
/** Bytes of an oversized mail (above MAX_MAIL_MB) that are fetched: the headers and the first part of the text; reindex reads it alike. */
export const OVERSIZE_HEAD_BYTES = 256 * 1024;
/** Bytes fetched per IMAP FETCH command by the poller, so memory stays bounded whatever the mailbox holds. */
export const FETCH_BATCH_BYTES = 16 * 1024 * 1024;
/** A mail above this is fetched from IMAP and stored in Redis in pieces (FETCH_PIECE_BYTES), never held whole by the poller. */
export const FETCH_IN_PIECES_BYTES = 2 * 1024 * 1024;
/**
 * Bytes per partial FETCH of a big mail, and so per APPEND to Redis. Kept under glibc's initial
 * mmap threshold (128 KB): a freed buffer above it that malloc had mapped raises the threshold
 * to its size, and from then on every piece came from the main thread's malloc arena, which
 * kept what was freed (five 19 MB mails grew it by 45-65 MB at 2 MB pieces, 12-26 MB at these;
 * bench:pipeline, together with RAW_READ_PIECE_BYTES). The round trips cost no time that showed.
 */
export const FETCH_PIECE_BYTES = 120 * 1024;
/** Above this size the worker reads a raw mail from Redis in pieces, into memory shared with the analysis thread. */
export const RAW_PIECE_BYTES = 1024 * 1024;
/**
 * Bytes per GETRANGE of such a read: a reply that fits one 64 KB socket read is a view of that
 * read's buffer (ioredis's decoder), a longer one is joined into a new buffer above the mmap
 * threshold (see FETCH_PIECE_BYTES).
 */
export const RAW_READ_PIECE_BYTES = 48 * 1024;
/** Mails per FETCH command of the poller: a backlog reaches the workers batch by batch, not after the whole download. */
export const FETCH_BATCH_MAILS = 50;
/** UIDs per FETCH command of `intake reindex`. */
export const REINDEX_FETCH_BATCH = 200;

/** Request bodies of the HTTP endpoint (the check page's uploads have their own CHECK_MAX_MB). */
export const HTTP_BODY_BYTES = 1024 * 1024;
/** Form posts of the support console (login, notes): small by nature. */
export const CONSOLE_FORM_BYTES = 16 * 1024;

/**
 * Raw bytes of mail parsed and analysed at once. Parsing holds several copies of a mail
 * (raw, decoded parts, text), so five 20 MB mails side by side cost hundreds of MB;
 * under this budget big mails take turns while ordinary ones still run WORKER_CONCURRENCY wide.
 */
export const IN_FLIGHT_MAIL_BYTES = 24 * 1024 * 1024;
/**
 * A mail this small (read from Redis in one GET, see RAW_PIECE_BYTES) may start ahead of big
 * mail that waits for IN_FLIGHT_MAIL_BYTES while only other big mail holds it up: an inquiry
 * is never queued behind a run of large attachments it would not have delayed.
 */
export const IN_FLIGHT_SMALL_MAIL_BYTES = RAW_PIECE_BYTES;

/**
 * A mail whose analysis was started this often without finishing (the process died under it)
 * is not analysed again: it is answered as unread, so a mail that kills the process cannot
 * bring it down on every restart.
 */
export const MAX_UNFINISHED_STARTS = 2;
