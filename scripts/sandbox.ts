// Starts the private sandbox (Dovecot, redis-server, SMTP receiver) on loopback
// ports of its own and keeps it up until Ctrl-C, so the service can be run
// against it by hand:
//
//   node bin/run-ts.js scripts/sandbox.ts [--examples]
//   set -a; . .sandbox/env; set +a; node bin/intake.js run
//
// Replies that reach the SMTP receiver are printed here.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appendMany } from '../test/support/imap-helpers.ts';
import { startSandbox, type Sandbox } from '../test/support/sandbox.ts';
import { REPO_ROOT } from '../test/support/service-process.ts';
import { loadExamples } from '../test/support/examples.ts';
import { formatReply } from '../test/support/reply-format.ts';

function envFileText(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')
    .concat('\n');
}

async function main(): Promise<void> {
  const withExamples = process.argv.includes('--examples');
  console.log('Starting Dovecot, redis-server and the SMTP receiver on loopback ports ...');
  const sandbox: Sandbox = await startSandbox();
  const envDir = path.join(REPO_ROOT, '.sandbox');
  mkdirSync(envDir, { recursive: true });
  const envFile = path.join(envDir, 'env');
  writeFileSync(envFile, envFileText(sandbox.env));

  console.log(`\nSandbox is up. Service variables (also in ${path.relative(process.cwd(), envFile)}):\n`);
  for (const [k, v] of Object.entries(sandbox.env)) console.log(`  ${k}=${v}`);
  console.log('\nRun the service against it:\n  set -a; . .sandbox/env; set +a; node bin/intake.js run\n');

  if (withExamples) {
    const examples = loadExamples();
    await appendMany(sandbox.dovecot, 'INBOX', examples.map((e) => e.raw));
    console.log(`Appended ${examples.length} sample inquiries from examples/ to INBOX.`);
  }
  console.log('Press Ctrl-C to stop and remove everything.\n');

  let printed = 0;
  const timer = setInterval(() => {
    while (printed < sandbox.smtp.messages.length) {
      const mail = sandbox.smtp.messages[printed++];
      if (mail) console.log(`--- reply ${printed} ${'-'.repeat(60)}\n${formatReply(mail)}\n`);
    }
  }, 200);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(timer);
  console.log('\nStopping the sandbox ...');
  await sandbox.stop();
  rmSync(envFile, { force: true });
}

await main();
