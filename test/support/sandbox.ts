import { randomBytes } from 'node:crypto';
import { startDovecot, type DovecotInstance, type DovecotOptions } from './dovecot.ts';
import { ensureMailbox } from './imap-helpers.ts';
import { startRedis, type RedisInstance, type RedisOptions } from './redis-server.ts';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';

export const SUPPORT_ADDRESS = 'support@intake.test';

export interface SandboxOptions {
  dovecot?: DovecotOptions;
  redis?: RedisOptions;
  /** Mailboxes to create up front (the service creates its own; tests may want them earlier). */
  mailboxes?: string[];
  /** Extra or overriding service variables, merged into `env`. */
  env?: Record<string, string>;
}

/** Everything the service talks to, private to one test file or one demo run. */
export interface Sandbox {
  dovecot: DovecotInstance;
  redis: RedisInstance;
  smtp: SmtpReceiver;
  /**
   * The variables `node bin/intake.js run` needs to use this sandbox. Built from the
   * current ports, so read it again after a restart that could change them (none does today).
   */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  // Started one after another: on 2 cores parallel starts only make each slower to answer.
  const redis = await startRedis(opts.redis);
  let dovecot: DovecotInstance | null = null;
  let smtp: SmtpReceiver | null = null;
  try {
    dovecot = await startDovecot(opts.dovecot);
    smtp = await startSmtpReceiver();
    for (const mailbox of opts.mailboxes ?? []) await ensureMailbox(dovecot, mailbox);
  } catch (err) {
    await smtp?.stop();
    await dovecot?.destroy();
    await redis.destroy();
    throw err;
  }
  const d = dovecot;
  const s = smtp;
  const queuePrefix = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

  return {
    dovecot: d,
    redis,
    smtp: s,
    get env() {
      return {
        REDIS_URL: redis.url,
        QUEUE_PREFIX: queuePrefix,
        IMAP_HOST: d.host,
        IMAP_PORT: String(d.port),
        IMAP_USER: d.user,
        IMAP_PASS: d.pass,
        IMAP_SECURE: 'false',
        SMTP_HOST: s.host,
        SMTP_PORT: String(s.port),
        SMTP_SECURE: 'false',
        SUPPORT_ADDRESS,
        // There is no DNS here: production checks senders through DNS (the default), tests say off.
        SENDER_AUTH_DNS: 'off',
        // Load and fault tests send hundreds of mails; the hourly cap has its own test.
        AUTOREPLY_MAX_PER_HOUR: '100000',
        // Off unless a test asks for it (with a free port): parallel services would all want 8080.
        HTTP_PORT: '0',
        // A restart after a SIGKILL waits for the dead process's poller lease to lapse: keep that short here.
        POLLER_LEASE_SECONDS: '5',
        ...opts.env,
      };
    },
    async stop() {
      await Promise.allSettled([s.stop(), d.destroy(), redis.destroy()]);
    },
  };
}
