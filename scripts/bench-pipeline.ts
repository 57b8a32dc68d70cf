// `npm run bench:pipeline`: end-to-end throughput of the whole service on this machine.
//
// Starts the private sandbox (Dovecot, redis-server, SMTP receiver on loopback ports
// of their own), starts `node bin/intake.js run` against it, appends N inquiries to
// the inbox in one go and measures until every one has its reply and has left the
// inbox. Prints mails/s for "all replied" and "all moved to Processed".
//
//   npm run bench:pipeline [-- --mails 500] [-- --concurrency 8] [-- --verbose]
import { appendMany, countMessages } from '../test/support/imap-helpers.ts';
import { startSandbox, type Sandbox } from '../test/support/sandbox.ts';
import { startService, type ServiceProcess } from '../test/support/service-process.ts';
import { buildMix } from '../test/integration/fixtures/inquiries.ts';

interface BenchOptions {
  mails: number;
  concurrency: number | null;
  verbose: boolean;
  timeoutMs: number;
}

function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = { mails: 500, concurrency: null, verbose: false, timeoutMs: 600_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${arg} needs a positive whole number`);
      return v;
    };
    if (arg === '--mails' || arg === '-n') o.mails = num();
    else if (arg === '--concurrency') o.concurrency = num();
    else if (arg === '--timeout') o.timeoutMs = num() * 1000;
    else if (arg === '--verbose' || arg === '-v') o.verbose = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run bench:pipeline [-- --mails N] [-- --concurrency N] [-- --timeout SECONDS] [-- --verbose]');
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rate(count: number, ms: number): string {
  return `${(count / (ms / 1000)).toFixed(1)} mails/s`;
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  console.log(`bench:pipeline: ${o.mails} mails through the whole service (IMAP → Redis/BullMQ → SMTP), on loopback`);
  const sandbox: Sandbox = await startSandbox({
    env: {
      // The default level: logging is part of what a real deployment pays for.
      LOG_LEVEL: 'info',
      // Every mail comes from its own address; the per-sender limit is not what is measured.
      AUTOREPLY_MAX_PER_SENDER: String(o.mails + 10),
      ...(o.concurrency ? { WORKER_CONCURRENCY: String(o.concurrency) } : {}),
    },
  });
  let service: ServiceProcess | null = null;
  try {
    const mails = await buildMix(o.mails, 100_000);
    const bytes = mails.reduce((n, m) => n + m.length, 0);
    service = startService(sandbox.env, ['run'], { echo: o.verbose });
    await service.waitForLine(/service started/, 60_000);
    // The first mail warms Dovecot's cache and the service's code paths; it is not counted.
    await appendMany(sandbox.dovecot, 'INBOX', (await buildMix(1, 99_999)).slice(0, 1));
    await sandbox.smtp.waitFor(1, 60_000);
    while ((await countMessages(sandbox.dovecot, 'Intake/Processed')) < 1) await sleep(100);
    sandbox.smtp.messages.length = 0;
    const processedBefore = 1;

    const t0 = Date.now();
    await appendMany(sandbox.dovecot, 'INBOX', mails);
    const appendedMs = Date.now() - t0;
    await sandbox.smtp.waitFor(o.mails, o.timeoutMs);
    const repliedMs = Date.now() - t0;
    const deadline = Date.now() + 120_000;
    let processed = 0;
    while (Date.now() < deadline) {
      processed = (await countMessages(sandbox.dovecot, 'Intake/Processed')) - processedBefore;
      if (processed >= o.mails) break;
      await sleep(100);
    }
    const movedMs = Date.now() - t0;

    console.log(`  appended ${o.mails} mails (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${(appendedMs / 1000).toFixed(1)} s (${rate(o.mails, appendedMs)})`);
    console.log(`  all replied after ${(repliedMs / 1000).toFixed(1)} s: ${rate(o.mails, repliedMs)}`);
    console.log(`  all moved to Intake/Processed after ${(movedMs / 1000).toFixed(1)} s: ${rate(processed, movedMs)} (${processed}/${o.mails})`);
    return processed >= o.mails ? 0 : 1;
  } finally {
    await service?.stop('SIGTERM', 30_000);
    await sandbox.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench:pipeline failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
