import { loadConfig } from '../config/env.ts';
import { createRedis } from '../queue/queues.ts';
import { createImapClient } from '../imap/connect.ts';
import { createMailer } from '../smtp/mailer.ts';
import { errorMessage } from '../util/errors.ts';
import { checkConfigFiles } from '../config/files.ts';
import { formatProblem } from '../config/yaml-file.ts';
import type { Io } from './io.ts';

/** Checks each outside system in turn and says which one fails and why. Exit 0 only when all pass. */
export async function runDoctor(io: Io): Promise<number> {
  let failures = 0;
  const report = (ok: boolean, what: string, detail: string) => {
    if (!ok) failures += 1;
    io.stdout(`${ok ? 'ok  ' : 'FAIL'}  ${what.padEnd(12)} ${detail}`);
  };
  let config;
  try {
    config = loadConfig(process.env, { imap: true, smtp: true });
    report(true, 'config', 'all variables valid');
  } catch (err) {
    report(false, 'config', errorMessage(err));
    try {
      config = loadConfig(process.env, {});
    } catch {
      return 1;
    }
  }

  const problems = checkConfigFiles(config);
  report(
    problems.length === 0,
    'rules',
    problems.length === 0
      ? `${config.rulesDir} and ${config.templatesDir} valid`
      : `${problems.length} problem(s), first: ${formatProblem(problems[0]!)} (all: intake rules check)`,
  );

  const redis = createRedis(config.redisUrl);
  redis.on('error', () => undefined);
  try {
    const pong = await Promise.race([redis.ping(), timeout(5_000, 'no answer within 5 s')]);
    report(pong === 'PONG', 'redis', `${config.redisUrl} answered ${pong}`);
  } catch (err) {
    report(false, 'redis', `${config.redisUrl}: ${errorMessage(err)}`);
  } finally {
    redis.disconnect();
  }

  if (config.imap) {
    const client = createImapClient(config.imap);
    client.on('error', () => undefined);
    try {
      await Promise.race([client.connect(), timeout(15_000, 'no answer within 15 s')]);
      const box = await client.status(config.imap.mailbox, { messages: true });
      report(true, 'imap', `${config.imap.user}@${config.imap.host}:${config.imap.port} logged in; ${config.imap.mailbox} holds ${box ? box.messages ?? 0 : '?'} message(s)`);
      await client.logout();
    } catch (err) {
      report(false, 'imap', `${config.imap.host}:${config.imap.port}: ${describeImapError(err)}`);
      client.close();
    }
  } else report(false, 'imap', 'not configured (IMAP_HOST, IMAP_PORT, IMAP_USER, IMAP_PASS)');

  if (config.smtp) {
    const mailer = createMailer(config.smtp);
    try {
      await mailer.verify();
      report(true, 'smtp', `${config.smtp.host}:${config.smtp.port} greeted and accepted us`);
    } catch (err) {
      report(false, 'smtp', errorMessage(err));
    } finally {
      mailer.close();
    }
  } else report(false, 'smtp', 'not configured (SMTP_HOST, SMTP_PORT)');

  io.stdout(failures === 0 ? 'all checks passed' : `${failures} check(s) failed`);
  return failures === 0 ? 0 : 1;
}

function describeImapError(err: unknown): string {
  const e = err as { authenticationFailed?: boolean; code?: string; responseText?: string };
  if (e.authenticationFailed) return 'login refused: check IMAP_USER / IMAP_PASS';
  return [e.code, e.responseText ?? errorMessage(err)].filter(Boolean).join(' ');
}

function timeout(ms: number, msg: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(msg)), ms).unref());
}
