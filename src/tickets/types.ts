import type { Analysis } from '../analysis/types.ts';

export const TICKET_STATUSES = ['awaiting_info', 'complete', 'linked', 'solved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface StoredAttachment {
  name: string | null;
  type: string;
  size: number;
  sha256: string;
}

/** One inbound mail of a ticket. Times are ISO 8601 UTC strings so the document is plain JSON. */
export interface TicketMessage {
  messageId: string;
  receivedAt: string;
  /** The mail's own Date header, when it had a readable one. */
  date: string | null;
  from: string | null;
  subject: string;
  /** The sender's own text with secrets redacted (Analysis.senderText). */
  text: string;
  attachments: StoredAttachment[];
  /** This mail alone; the ticket's combined analysis is re-derived from these. */
  analysis: Analysis;
  inReplyTo: string[];
  references: string[];
  replyAllowed: boolean;
  auth: { dmarc: string; spf: string; dkim: string } | null;
  flags: string[];
}

export interface TicketReply {
  messageId: string;
  inReplyTo: string;
  kind: string;
  to: string;
  sentAt: string;
}

export interface Ticket {
  number: number;
  status: TicketStatus;
  accountId: string | null;
  site: string | null;
  /** The requester: sender address of the first mail. */
  sender: string | null;
  /** The requester's organisation: the domain of `sender`. */
  organisation: string | null;
  subject: string;
  category: Analysis['category'];
  createdAt: string;
  lastActivityAt: string;
  messages: TicketMessage[];
  /** combineAnalyses over every message: what the ticket holds as a whole. */
  analysis: Analysis;
  /** The existing ticket a `linked` ticket points to. */
  linkedTo: number | null;
  /** Older, out-of-window or untrusted tickets this one cites. */
  referencedTickets: number[];
  /** Job and session IDs (`job:N`, `session:N`) named in any message: the index for related mail. */
  targetIds: string[];
  replies: TicketReply[];
}

/** The `intake tickets --json` shape. */
export interface TicketJson {
  number: number;
  status: TicketStatus;
  account_id: string | null;
  site: string | null;
  sender: string | null;
  organisation: string | null;
  subject: string;
  category: string;
  created_at: string;
  last_activity_at: string;
  message_ids: string[];
  linked_to: number | null;
  referenced_tickets: number[];
  missing: string[];
  replies: { message_id: string; in_reply_to: string; kind: string; to: string; sent_at: string }[];
}
