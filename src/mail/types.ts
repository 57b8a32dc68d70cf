/** A mail address as written in a header. `address` is lower-cased. */
export interface MailAddress {
  address: string;
  name: string;
}

/** One attachment or inline part, as the analysis and the store need it. */
export interface MailAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  contentId: string | null;
  /** Content-Disposition inline, or referenced by a cid: URL from the HTML body. */
  inline: boolean;
  /** Decoded text for text-like attachments (.txt/.log/.json/.yml/.csv, text/*, message/rfc822 bodies). */
  text: string | null;
  /** Pixel size when it could be read cheaply from PNG/GIF/JPEG headers. */
  image: { width: number; height: number } | null;
}

/**
 * A parsed inbound mail. Everything the pure core needs; no Buffers except
 * what is required, so it can be serialised into a job or a test snapshot.
 */
export interface InboundMail {
  /** Message-ID without angle brackets; a stable synthetic one (`sha256-...@intake.invalid`) when absent. */
  messageId: string;
  /** True when messageId was synthesised from the raw bytes. */
  messageIdSynthetic: boolean;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date: Date | null;
  /** Lower-cased header name -> raw (unfolded, undecoded) values, in order. */
  headers: Map<string, string[]>;
  /** Best plain text of the body: text/plain, else HTML turned into text, else the raw body. */
  text: string;
  html: string | null;
  attachments: MailAttachment[];
  /** Size of the raw message in bytes. */
  rawSize: number;
  /** What went wrong or was repaired while parsing (e.g. `raw-body-fallback`). */
  parseWarnings: string[];
}
