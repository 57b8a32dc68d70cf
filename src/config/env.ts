import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { IntakeError } from '../util/errors.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().min(1);
/** A host name or an IPv4/IPv6 address to bind to. */
const bindHost = z
  .string()
  .min(1)
  .regex(/^(?:[A-Za-z0-9.-]+|\[?[0-9A-Fa-f:.]+\]?)$/, 'a host name or an IP address');

/** Every environment variable the service reads. Documented in .env.example and the README. */
const envSchema = z.object({
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." and "-" only')
    .default('intake'),

  IMAP_HOST: z.string().min(1).optional(),
  IMAP_PORT: port.optional(),
  IMAP_USER: z.string().min(1).optional(),
  IMAP_PASS: z.string().optional(),
  IMAP_SECURE: bool.default(false),
  /** Accept any TLS certificate from the IMAP server (self-signed development servers only). */
  IMAP_TLS_INSECURE: bool.default(false),
  IMAP_MAILBOX: z.string().min(1).default('INBOX'),
  PROCESSED_MAILBOX: z.string().min(1).default('Intake/Processed'),
  FAILED_MAILBOX: z.string().min(1).default('Intake/Failed'),
  SENT_MAILBOX: z.string().min(1).default('Intake/Sent'),
  /** Poll interval used when the server offers no IDLE, and as a safety sweep. */
  IMAP_POLL_SECONDS: positiveInt.default(30),

  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: port.optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_SECURE: bool.default(false),
  /** Accept any TLS certificate from the SMTP server (self-signed development servers only). */
  SMTP_TLS_INSECURE: bool.default(false),
  SUPPORT_ADDRESS: z.string().email().optional(),
  SUPPORT_NAME: z.string().default('Support'),
  /** Customer Success: put in Cc of replies to contract and billing inquiries, which the desk hands to them. */
  CUSTOMER_SUCCESS_ADDRESS: z.string().email().optional(),

  FOLLOW_UP_WINDOW_DAYS: z.coerce.number().min(0).default(28),
  AUTOREPLY_MAX_PER_SENDER: z.coerce.number().int().min(0).default(5),
  AUTOREPLY_MAX_PER_TICKET: z.coerce.number().int().min(0).default(10),
  /** Automatic replies of the whole service in any 60 minutes: forged senders cannot make us mail the world. */
  AUTOREPLY_MAX_PER_HOUR: z.coerce.number().int().min(0).default(500),
  /** Days a ticket, its indexes and the reply records are kept after its last activity. */
  TICKET_RETENTION_DAYS: z.coerce.number().positive().default(365),
  /** Days the raw bytes of a queued mail are kept in Redis if it is never finished (the mailbox keeps the mail). */
  RAW_RETENTION_DAYS: z.coerce.number().positive().default(14),
  MAX_MAIL_MB: z.coerce.number().positive().default(25),
  /** What to do with mail whose DMARC verdict is fail: record it but send no reply, or reply anyway. */
  DMARC_FAIL_POLICY: z.enum(['no_reply'], { error: 'only no_reply: mail failing DMARC is never answered' }).default('no_reply'),
  /** Key for the HMAC in our reply Message-IDs; without it, a key is generated once and kept in Redis. */
  REPLY_SIGNING_KEY: z.string().min(16).optional(),
  /**
   * DNS for SPF/DKIM/DMARC: `system` (the host's resolvers), a comma-separated server list, or
   * `off` (no lookup leaves the host; verdicts are temperror/none: for offline tests only).
   */
  SENDER_AUTH_DNS: z.string().min(1).default('system'),
  WORKER_CONCURRENCY: positiveInt.default(8),
  /** Hard limit on parsing + analysing one mail; a mail that hits it is answered without the analysis. */
  ANALYSIS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** Threads that parse and analyse mail; each is stopped and replaced when a mail hits the limit. */
  ANALYSIS_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  /** Heap limit per analysis thread; a mail that needs more is treated like one that hit the time limit. */
  ANALYSIS_HEAP_MB: z.coerce.number().int().min(64).max(16_384).default(512),
  JOB_ATTEMPTS: positiveInt.default(8),
  SHUTDOWN_TIMEOUT_SECONDS: positiveInt.default(20),
  /** The process's HTTP endpoint (health, readiness, metrics, pages); 0 turns it off. */
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HTTP_HOST: bindHost.default('127.0.0.1'),
  /** The partner check page (GET /check, POST /api/check) on the HTTP endpoint. */
  CHECK_PAGE: bool.default(true),
  /** Largest draft or .eml file the check accepts; the check runs in the service process, so keep it small. */
  CHECK_MAX_MB: z.coerce.number().positive().max(25).default(2),
  /** Checks per client address per minute (page and API together). */
  CHECK_RATE_PER_MINUTE: positiveInt.default(30),
  /** The support console's login token (also accepted as `Authorization: Bearer`); unset = no console. */
  CONSOLE_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** Mark console cookies Secure; set it when the console is reached over HTTPS (e.g. behind a TLS proxy). */
  CONSOLE_SECURE_COOKIES: bool.default(false),
  CONSOLE_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** The active poller's lease in Redis; a standby takes over within this time of its death. */
  POLLER_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(15),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  RULES_DIR: z.string().default('config'),
  TEMPLATES_DIR: z.string().default('templates'),
});

type Env = z.infer<typeof envSchema>;

export interface ImapConfig {
  host: string;
  port: number;
  user: string;
  pass: string;
  secure: boolean;
  tlsInsecure: boolean;
  mailbox: string;
  processedMailbox: string;
  failedMailbox: string;
  sentMailbox: string;
  pollSeconds: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  user: string | undefined;
  pass: string | undefined;
  secure: boolean;
  tlsInsecure: boolean;
}

export interface AppConfig {
  redisUrl: string;
  queuePrefix: string;
  imap: ImapConfig | null;
  smtp: SmtpConfig | null;
  supportAddress: string | null;
  supportName: string;
  /** Cc of replies to contract inquiries (the guideline hands them to Customer Success); null: a person hands them over. */
  customerSuccessAddress: string | null;
  followUpWindowDays: number;
  autoreplyMaxPerSender: number;
  autoreplyMaxPerTicket: number;
  autoreplyMaxPerHour: number;
  ticketRetentionDays: number;
  rawRetentionMs: number;
  maxMailBytes: number;
  dmarcFailPolicy: 'no_reply' | 'reply';
  replySigningKey: string | null;
  senderAuthDns: 'off' | 'system' | string[];
  workerConcurrency: number;
  analysis: { timeoutMs: number; threads: number; heapMb: number };
  jobAttempts: number;
  shutdownTimeoutMs: number;
  /** null when HTTP_PORT=0 (no endpoint). */
  http: { host: string; port: number } | null;
  pollerLeaseMs: number;
  /** null when CHECK_PAGE=false. */
  checkPage: { maxBodyBytes: number; ratePerMinute: number } | null;
  /** null when CONSOLE_TOKEN is unset: the console is off. */
  console: { token: string; secureCookies: boolean; sessionHours: number } | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  rulesDir: string;
  templatesDir: string;
  mailboxes: { inbox: string; processed: string; failed: string; sent: string };
}

/** Which outside systems a command needs; their variables become required. */
export interface ConfigNeeds {
  imap?: boolean;
  smtp?: boolean;
}

/**
 * Reads `.env` (if present) under the real environment, validates everything
 * once, and reports every problem in one message, naming the variables.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  needs: ConfigNeeds = {},
  dotenvPath = '.env',
): AppConfig {
  const merged = { ...readDotenv(dotenvPath), ...env };
  // Empty strings in the environment mean "not set", as in most twelve-factor tools.
  const cleaned = Object.fromEntries(
    Object.entries(merged).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  const e = (parsed.success ? parsed.data : envSchema.partial().parse({})) as Env;
  if (needs.imap) {
    for (const key of ['IMAP_HOST', 'IMAP_PORT', 'IMAP_USER', 'IMAP_PASS'] as const) {
      if (cleaned[key] === undefined) problems.push(`${key}: required (the IMAP mailbox to read)`);
    }
  }
  if (needs.smtp) {
    for (const key of ['SMTP_HOST', 'SMTP_PORT', 'SUPPORT_ADDRESS'] as const) {
      if (cleaned[key] === undefined) problems.push(`${key}: required (to send replies)`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new IntakeError(
      'EBADCONFIG',
      `Invalid configuration:\n  - ${problems.join('\n  - ')}\nSee .env.example and the README for every variable.`,
      { problems },
    );
  }
  return toAppConfig(e);
}

function toAppConfig(e: Env): AppConfig {
  const imap =
    e.IMAP_HOST && e.IMAP_PORT && e.IMAP_USER !== undefined
      ? {
          host: e.IMAP_HOST,
          port: e.IMAP_PORT,
          user: e.IMAP_USER,
          pass: e.IMAP_PASS ?? '',
          secure: e.IMAP_SECURE,
          tlsInsecure: e.IMAP_TLS_INSECURE,
          mailbox: e.IMAP_MAILBOX,
          processedMailbox: e.PROCESSED_MAILBOX,
          failedMailbox: e.FAILED_MAILBOX,
          sentMailbox: e.SENT_MAILBOX,
          pollSeconds: e.IMAP_POLL_SECONDS,
        }
      : null;
  const smtp =
    e.SMTP_HOST && e.SMTP_PORT
      ? { host: e.SMTP_HOST, port: e.SMTP_PORT, user: e.SMTP_USER, pass: e.SMTP_PASS, secure: e.SMTP_SECURE, tlsInsecure: e.SMTP_TLS_INSECURE }
      : null;
  return {
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    imap,
    smtp,
    supportAddress: e.SUPPORT_ADDRESS?.toLowerCase() ?? null,
    supportName: e.SUPPORT_NAME,
    customerSuccessAddress: e.CUSTOMER_SUCCESS_ADDRESS?.toLowerCase() ?? null,
    followUpWindowDays: e.FOLLOW_UP_WINDOW_DAYS,
    autoreplyMaxPerSender: e.AUTOREPLY_MAX_PER_SENDER,
    autoreplyMaxPerTicket: e.AUTOREPLY_MAX_PER_TICKET,
    autoreplyMaxPerHour: e.AUTOREPLY_MAX_PER_HOUR,
    ticketRetentionDays: e.TICKET_RETENTION_DAYS,
    rawRetentionMs: Math.floor(e.RAW_RETENTION_DAYS * 24 * 3600 * 1000),
    maxMailBytes: Math.floor(e.MAX_MAIL_MB * 1024 * 1024),
    dmarcFailPolicy: e.DMARC_FAIL_POLICY,
    replySigningKey: e.REPLY_SIGNING_KEY ?? null,
    senderAuthDns:
      e.SENDER_AUTH_DNS === 'off' || e.SENDER_AUTH_DNS === 'system'
        ? e.SENDER_AUTH_DNS
        : e.SENDER_AUTH_DNS.split(',').map((x) => x.trim()).filter(Boolean),
    workerConcurrency: e.WORKER_CONCURRENCY,
    analysis: { timeoutMs: e.ANALYSIS_TIMEOUT_MS, threads: e.ANALYSIS_THREADS, heapMb: e.ANALYSIS_HEAP_MB },
    jobAttempts: e.JOB_ATTEMPTS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    http: e.HTTP_PORT === 0 ? null : { host: e.HTTP_HOST.replace(/^\[|\]$/g, ''), port: e.HTTP_PORT },
    pollerLeaseMs: e.POLLER_LEASE_SECONDS * 1000,
    checkPage: e.CHECK_PAGE ? { maxBodyBytes: Math.floor(e.CHECK_MAX_MB * 1024 * 1024), ratePerMinute: e.CHECK_RATE_PER_MINUTE } : null,
    console: e.CONSOLE_TOKEN
      ? { token: e.CONSOLE_TOKEN, secureCookies: e.CONSOLE_SECURE_COOKIES, sessionHours: e.CONSOLE_SESSION_HOURS }
      : null,
    logLevel: e.LOG_LEVEL,
    rulesDir: e.RULES_DIR,
    templatesDir: e.TEMPLATES_DIR,
    mailboxes: {
      inbox: e.IMAP_MAILBOX,
      processed: e.PROCESSED_MAILBOX,
      failed: e.FAILED_MAILBOX,
      sent: e.SENT_MAILBOX,
    },
  };
}

/** Values in the real environment win over the file. */
function readDotenv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  // parseEnv (Node >= 20.12) parses without touching process.env, unlike loadEnvFile.
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}
