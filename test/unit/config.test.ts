import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { IntakeError } from '../../src/util/errors.ts';

const full = {
  IMAP_HOST: '127.0.0.1',
  IMAP_PORT: '1143',
  IMAP_USER: 'support',
  IMAP_PASS: 'pw',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: '2525',
  SUPPORT_ADDRESS: 'Support@Example.com',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(full, { imap: true, smtp: true }, '/nonexistent/.env');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.queuePrefix).toBe('intake');
    expect(c.mailboxes).toEqual({ inbox: 'INBOX', processed: 'Intake/Processed', failed: 'Intake/Failed', sent: 'Intake/Sent' });
    expect(c.followUpWindowDays).toBe(28);
    expect(c.autoreplyMaxPerSender).toBe(5);
    expect(c.maxMailBytes).toBe(25 * 1024 * 1024);
    expect(c.supportAddress).toBe('support@example.com');
    expect(c.imap?.secure).toBe(false);
  });

  it('is safe by default: sender checks through DNS, certificates verified, an hourly reply cap, retention', () => {
    const c = loadConfig(full, { imap: true, smtp: true }, '/nonexistent/.env');
    expect(c.senderAuthDns).toBe('system');
    expect(c.imap?.tlsInsecure).toBe(false);
    expect(c.smtp?.tlsInsecure).toBe(false);
    expect(c.autoreplyMaxPerHour).toBe(500);
    expect(c.ticketRetentionDays).toBe(365);
    expect(c.rawRetentionMs).toBe(14 * 24 * 3600 * 1000);
    const dev = loadConfig({ ...full, IMAP_TLS_INSECURE: 'true', SMTP_TLS_INSECURE: 'true', SENDER_AUTH_DNS: 'off' }, {}, '/nonexistent/.env');
    expect([dev.imap?.tlsInsecure, dev.smtp?.tlsInsecure, dev.senderAuthDns]).toEqual([true, true, 'off']);
  });

  it('names every bad or missing variable in one error', () => {
    let err: unknown;
    try {
      loadConfig({ IMAP_PORT: 'abc', SMTP_SECURE: 'maybe', REDIS_URL: 'not a url' }, { imap: true, smtp: true }, '/nonexistent/.env');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IntakeError);
    const msg = (err as IntakeError).message;
    for (const name of ['IMAP_PORT', 'SMTP_SECURE', 'REDIS_URL', 'IMAP_HOST', 'IMAP_USER', 'SMTP_HOST', 'SUPPORT_ADDRESS']) {
      expect(msg).toContain(name);
    }
    expect((err as IntakeError).code).toBe('EBADCONFIG');
  });

  it('treats empty values as unset and accepts FOLLOW_UP_WINDOW_DAYS=0', () => {
    const c = loadConfig({ ...full, SMTP_USER: '', FOLLOW_UP_WINDOW_DAYS: '0' }, { imap: true, smtp: true }, '/nonexistent/.env');
    expect(c.smtp?.user).toBeUndefined();
    expect(c.followUpWindowDays).toBe(0);
  });
});
