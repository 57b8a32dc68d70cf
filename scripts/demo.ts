// `npm run demo`: the whole service, end to end, on this machine only.
//
// Starts a private Dovecot, redis-server and SMTP receiver on loopback ports of
// their own, starts `node bin/intake.js run` against them, appends the sample
// inquiries of examples/ to the inbox, prints every auto-reply as it arrives,
// and cleans everything up. Exit code 0 when every inquiry got its reply.
//
//   npm run demo [-- --timeout 120] [-- --verbose]   (--verbose shows the service log)
import { appendMany } from '../test/support/imap-helpers.ts';
import { loadExamples, type ExampleMail } from '../test/support/examples.ts';
import { formatReply } from '../test/support/reply-format.ts';
import { startSandbox, type Sandbox } from '../test/support/sandbox.ts';
import { startService, type ServiceProcess } from '../test/support/service-process.ts';
import type { ReceivedMail } from '../test/support/smtp-receiver.ts';

interface DemoOptions {
  timeoutMs: number;
  verbose: boolean;
}

function parseArgs(argv: string[]): DemoOptions {
  const options: DemoOptions = { timeoutMs: 90_000, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--verbose' || arg === '-v') options.verbose = true;
    else if (arg === '--timeout') {
      const seconds = Number(argv[++i]);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('--timeout needs a number of seconds');
      options.timeoutMs = seconds * 1000;
    } else {
      throw new Error(`unknown option ${arg}; usage: npm run demo -- [--timeout SECONDS] [--verbose]`);
    }
  }
  return options;
}

const rule = (title: string): string => `\n── ${title} ${'─'.repeat(Math.max(4, 72 - title.length))}`;

/** Which example a reply answers, by In-Reply-To / References. */
function answeredExample(reply: ReceivedMail, examples: ExampleMail[]): ExampleMail | undefined {
  const refs = [reply.parsed.inReplyTo ?? '', ...[reply.parsed.references ?? []].flat()].join(' ');
  return examples.find((e) => e.messageId !== null && refs.includes(e.messageId));
}

async function runDemo(options: DemoOptions): Promise<number> {
  const examples = loadExamples();
  if (examples.length === 0) {
    console.error('No sample inquiries in examples/*.eml.');
    return 1;
  }

  console.log('Starting a private Dovecot, redis-server and SMTP receiver on loopback ports ...');
  const sandbox: Sandbox = await startSandbox();
  let service: ServiceProcess | null = null;

  const cleanup = async (): Promise<void> => {
    if (service) await service.stop('SIGTERM', 20_000);
    await sandbox.stop();
  };
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    console.error('\nInterrupted: stopping the service and the sandbox ...');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const { dovecot, redis, smtp } = sandbox;
    console.log(`  IMAP  127.0.0.1:${dovecot.port}  (user ${dovecot.user})`);
    console.log(`  Redis ${redis.url}`);
    console.log(`  SMTP  127.0.0.1:${smtp.port}`);

    console.log('\nStarting the service: node bin/intake.js run');
    service = startService(sandbox.env, ['run'], { echo: options.verbose });
    const svc = service;
    // Appending before the service is up would work too (its first sweep finds the mail);
    // appending once it runs shows the IDLE pickup. Either way no reply is missed.
    try {
      await svc.waitForLine(/"msg":"service started"/, 30_000);
    } catch (err) {
      if (interrupted) return 130;
      if (svc.proc.exitCode !== null || (err as { code?: string }).code === 'EEXITED') {
        console.error(`\nThe service exited at once (code ${svc.proc.exitCode}). Its output:\n`);
        console.error([...svc.stdout, ...svc.stderr].slice(-30).join('\n'));
        return 1;
      }
      // No start line seen (log format changed?): carry on, the replies are what count.
      console.log('(no "service started" line within 30 s; appending anyway)');
    }

    await appendMany(dovecot, 'INBOX', examples.map((e) => e.raw));
    console.log(`Appended ${examples.length} sample inquiries to INBOX:`);
    for (const e of examples) console.log(`  - ${e.file}`);
    console.log(`\nWaiting for ${examples.length} auto-replies (timeout ${options.timeoutMs / 1000} s) ...`);

    const deadline = Date.now() + options.timeoutMs;
    const serviceDied = svc.exited.then((code) => {
      throw new Error(`the service exited (code ${code}) before all replies were sent`);
    });
    serviceDied.catch(() => {});
    for (let n = 1; n <= examples.length; n++) {
      let replies: ReceivedMail[];
      try {
        replies = await Promise.race([smtp.waitFor(n, Math.max(1, deadline - Date.now())), serviceDied]);
      } catch (err) {
        if (interrupted) return 130;
        const timedOut = (err as { code?: string }).code === 'ETIMEOUT';
        reportMissing(timedOut ? new Error(`Timed out after ${options.timeoutMs / 1000} s waiting for the replies.`) : err, sandbox, svc, examples);
        return 1;
      }
      const reply = replies[n - 1]!;
      const example = answeredExample(reply, examples);
      console.log(rule(`reply ${n}/${examples.length} to ${example?.file ?? '(unmatched inquiry)'}`));
      console.log(formatReply(reply));
    }
    console.log(rule('done'));
    console.log(`All ${examples.length} inquiries were answered.`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!interrupted) {
      console.log('Stopping the service and removing the sandbox ...');
      await cleanup();
    }
  }
}

function reportMissing(err: unknown, sandbox: Sandbox, service: ServiceProcess, examples: ExampleMail[]): void {
  const answered = new Set(sandbox.smtp.messages.map((m) => answeredExample(m, examples)?.file));
  const missing = examples.filter((e) => !answered.has(e.file));
  console.error(rule('incomplete'));
  console.error(`${err instanceof Error ? err.message : String(err)}`);
  console.error(`Got ${sandbox.smtp.messages.length} of ${examples.length} replies. No reply to:`);
  for (const e of missing) console.error(`  - ${e.file}`);
  const tail = [...service.stdout, ...service.stderr].slice(-25);
  if (tail.length > 0) {
    console.error('\nLast lines of the service output (rerun with --verbose to see all):');
    console.error(tail.map((l) => `  ${l}`).join('\n'));
  }
}

let exitCode: number;
try {
  exitCode = await runDemo(parseArgs(process.argv.slice(2)));
} catch (err) {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 1;
}
process.exit(exitCode);
