import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMail, appendMany, connectImap, countMessages, ensureMailbox, listMessages } from '../support/imap-helpers.ts';
import { startRedis } from '../support/redis-server.ts';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { isListening, waitUntilClosed } from '../support/ports.ts';
import { REPO_ROOT, startService } from '../support/service-process.ts';

// Proves the harness itself: if these fail, every other integration test is meaningless.

function sampleMail(subject: string, body = 'Hello from the sandbox test.'): string {
  return [
    'From: Partner <partner@example.test>',
    'To: support@intake.test',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W+/g, '-')}-${Date.now()}@example.test>`,
    'Date: Thu, 26 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

describe('sandbox harness', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ mailboxes: ['Intake/Processed'] });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('exposes the service environment on loopback', () => {
    const env = sandbox.env;
    expect(env.IMAP_HOST).toBe('127.0.0.1');
    expect(env.SMTP_HOST).toBe('127.0.0.1');
    expect(env.REDIS_URL).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(env.REDIS_URL).not.toBe('redis://127.0.0.1:6379');
    expect(env.QUEUE_PREFIX).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(env.SUPPORT_ADDRESS).toBe('support@intake.test');
  });

  it('appends mail and fetches the same bytes back over IMAP', async () => {
    const raw = sampleMail('Round trip');
    const uid = await appendMail(sandbox.dovecot, 'INBOX', raw);
    expect(uid).toBeGreaterThan(0);
    const listed = await listMessages(sandbox.dovecot, 'INBOX');
    const found = listed.find((m) => m.uid === uid);
    expect(found?.raw.toString()).toBe(raw);
    expect(found?.headers).toContain('Subject: Round trip');
    expect(await countMessages(sandbox.dovecot, 'INBOX')).toBe(listed.length);
  });

  it('supports nested mailboxes with "/" and MOVE with UIDPLUS', async () => {
    await ensureMailbox(sandbox.dovecot, 'Intake/Failed');
    await ensureMailbox(sandbox.dovecot, 'Intake/Failed'); // idempotent
    await appendMany(sandbox.dovecot, 'Intake/Failed', [sampleMail('Move me 1'), sampleMail('Move me 2')]);
    const client = await connectImap(sandbox.dovecot);
    try {
      expect(client.capabilities.has('IDLE')).toBe(true);
      expect(client.capabilities.has('MOVE')).toBe(true);
      expect(client.capabilities.has('UIDPLUS')).toBe(true);
      const lock = await client.getMailboxLock('Intake/Failed');
      try {
        const moved = await client.messageMove('1:*', 'Intake/Processed', { uid: true });
        expect(moved && moved.uidMap?.size).toBe(2);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
    expect(await countMessages(sandbox.dovecot, 'Intake/Failed')).toBe(0);
    expect(await countMessages(sandbox.dovecot, 'Intake/Processed')).toBe(2);
    expect(await countMessages(sandbox.dovecot, 'No/Such/Box')).toBe(0);
    expect(await listMessages(sandbox.dovecot, 'No/Such/Box')).toEqual([]);
  });

  it('delivers an IDLE exists event when mail is appended', async () => {
    const watcher = await connectImap(sandbox.dovecot);
    try {
      await watcher.mailboxOpen('INBOX');
      const before = watcher.mailbox ? watcher.mailbox.exists : 0;
      const event = new Promise<{ count: number; at: number }>((resolve) =>
        watcher.on('exists', (data) => resolve({ count: data.count, at: Date.now() })),
      );
      void watcher.idle().catch(() => {});
      // Give the IDLE command a moment to reach the server before the append.
      await new Promise((r) => setTimeout(r, 100));
      const appendedAt = Date.now();
      await appendMail(sandbox.dovecot, 'INBOX', sampleMail('Wake up'));
      const got = await Promise.race([
        event,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no IDLE exists event within 5 s')), 5000)),
      ]);
      expect(got.count).toBe(before + 1);
      // Dovecot's notify delay is about 500 ms; well under 3 s shows IDLE (not a poll) woke us.
      expect(got.at - appendedAt).toBeLessThan(3000);
    } finally {
      await watcher.logout().catch(() => watcher.close());
    }
  });

  it('receives mail sent by a pooled nodemailer transport, with envelope and parsed body', async () => {
    const transport = nodemailer.createTransport({
      host: sandbox.smtp.host,
      port: sandbox.smtp.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 2,
    });
    try {
      const start = sandbox.smtp.messages.length;
      await Promise.all(
        [1, 2, 3].map((n) =>
          transport.sendMail({
            from: 'support@intake.test',
            to: `partner${n}@example.test`,
            subject: `Reply ${n} 受付`,
            text: `本文 ${n}`,
            headers: { 'X-Intake-Test': String(n) },
          }),
        ),
      );
      const all = await sandbox.smtp.waitFor(start + 3, 5000);
      const mine = all.slice(start);
      expect(mine.map((m) => m.parsed.subject).sort()).toEqual(['Reply 1 受付', 'Reply 2 受付', 'Reply 3 受付']);
      const first = mine.find((m) => m.parsed.subject === 'Reply 1 受付');
      expect(first?.envelope).toEqual({ mailFrom: 'support@intake.test', rcptTo: ['partner1@example.test'] });
      expect(first?.parsed.text?.trim()).toBe('本文 1');
      expect(first?.parsed.headers.get('x-intake-test')).toBe('1');
      expect(first?.raw.toString()).toContain('X-Intake-Test: 1');
    } finally {
      transport.close();
    }
  });

  it('injects SMTP failures and survives a stop/start on the same port', async () => {
    const send = (subject: string) =>
      nodemailer
        .createTransport({ host: sandbox.smtp.host, port: sandbox.smtp.port, secure: false, ignoreTLS: true })
        .sendMail({ from: 'support@intake.test', to: 'p@example.test', subject, text: 'x' });
    sandbox.smtp.failNext(1, 451);
    await expect(send('temporary')).rejects.toMatchObject({ responseCode: 451 });
    const port = sandbox.smtp.port;
    await sandbox.smtp.stop();
    await expect(send('while down')).rejects.toThrow();
    await sandbox.smtp.start();
    expect(sandbox.smtp.port).toBe(port);
    const before = sandbox.smtp.messages.length;
    await send('after restart');
    const all = await sandbox.smtp.waitFor(before + 1, 5000);
    expect(all.at(-1)?.parsed.subject).toBe('after restart');
    await expect(sandbox.smtp.waitFor(before + 5, 200)).rejects.toMatchObject({ code: 'ETIMEOUT' });
  });

  it('restarts Dovecot on the same port and keeps the mail', async () => {
    await appendMail(sandbox.dovecot, 'Intake/Processed', sampleMail('Survives restart'));
    const countBefore = await countMessages(sandbox.dovecot, 'Intake/Processed');
    const port = sandbox.dovecot.port;
    await sandbox.dovecot.restart();
    expect(sandbox.dovecot.port).toBe(port);
    expect(await countMessages(sandbox.dovecot, 'Intake/Processed')).toBe(countBefore);
    const listed = await listMessages(sandbox.dovecot, 'Intake/Processed');
    expect(listed.some((m) => m.headers.includes('Subject: Survives restart'))).toBe(true);
  });

  it('restarts Redis on the same port and keeps the data (AOF)', async () => {
    const redis = new Redis(sandbox.redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.rpush('sandbox:test:list', 'a', 'b', 'c');
      const port = sandbox.redis.port;
      await sandbox.redis.restart();
      expect(sandbox.redis.port).toBe(port);
      const again = new Redis(sandbox.redis.url, { maxRetriesPerRequest: 1 });
      try {
        expect(await again.lrange('sandbox:test:list', 0, -1)).toEqual(['a', 'b', 'c']);
      } finally {
        again.disconnect();
      }
    } finally {
      redis.disconnect();
    }
  });
});

describe('private redis-server', () => {
  it('with appendfsync always keeps every write through a SIGKILL', async () => {
    const redis = await startRedis({ appendfsync: 'always' });
    try {
      const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      await client.set('crash:test', 'kept');
      client.disconnect();
      await redis.kill();
      await redis.restart();
      const again = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      expect(await again.get('crash:test')).toBe('kept');
      again.disconnect();
    } finally {
      await redis.destroy();
    }
  });
});

describe('service process runner', () => {
  it('runs bin/intake.js from the repo root and captures its output and exit code', async () => {
    const service = startService({ LOG_LEVEL: 'silent' }, ['--help']);
    const line = await service.waitForLine(/Usage: intake/, 20_000);
    expect(line).toContain('Usage: intake');
    expect(await service.exited).toBe(0);
    // A line that never comes is reported as the exit, not as a silent hang.
    await expect(service.waitForLine(/never printed/, 5_000)).rejects.toMatchObject({ code: 'EEXITED' });
  });
});

describe('server guard', () => {
  it('stops Dovecot and redis-server when the process that started them is SIGKILLed', async () => {
    const script = `
      import { startRedis } from './test/support/redis-server.ts';
      import { startDovecot } from './test/support/dovecot.ts';
      const r = await startRedis();
      const d = await startDovecot();
      console.log('ports', r.port, d.port, r.dir, d.dir);
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [ports, dirs] = await new Promise<[number[], string[]]>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /ports (\d+) (\d+) (\S+) (\S+)\n/.exec(out);
        if (m) resolve([[Number(m[1]), Number(m[2])], [m[3]!, m[4]!]]);
      });
      child.once('exit', (code) => reject(new Error(`starter exited early (${code}): ${out}`)));
    });
    for (const port of ports) expect(await isListening(port)).toBe(true);
    child.kill('SIGKILL');
    for (const port of ports) await waitUntilClosed(port, '127.0.0.1', 10_000);
    // The guards also delete the servers' folders, since no exit hook ran.
    const deadline = Date.now() + 5000;
    while (dirs.some((d) => existsSync(d)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(dirs.filter((d) => existsSync(d))).toEqual([]);
  });
});

