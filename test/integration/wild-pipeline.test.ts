import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { REPO_ROOT, startService, type ServiceProcess } from '../support/service-process.ts';
import { connectImap, countMessages } from '../support/imap-helpers.ts';
import { describeWithCorpus, sharedCorpus } from '../support/shared-corpus.ts';
import { QUEUE, bullPrefix, failuresKey } from '../../src/store/keys.ts';

/**
 * Every file of ../shared/corpus/wild through the whole running service: appended
 * to the inbox, each must end in PROCESSED_MAILBOX or FAILED_MAILBOX (with its reason
 * recorded), and the service must stay up. The files are read at run time, never
 * copied. Every file runs (about 15 s for all 600); INTAKE_WILD_SAMPLE=1 runs a deterministic
 * sample instead (every 6th file plus every file with a tag that stresses the pipeline).
 */
const WILD_CORPUS = sharedCorpus('wild');
const WILD = WILD_CORPUS.dir;
const MANIFEST = path.join(WILD, 'MANIFEST.tsv');
const PRESENT = WILD_CORPUS.present;
// All 600 by default: the issue asks that every file go through, and it takes seconds.
const LONG = process.env.INTAKE_WILD_SAMPLE !== '1';
const ALWAYS_TAGS = ['empty', 'tiny', 'cr-only', 'deep-nesting', 'large', 'not-rfc822', 'nul-bytes'];

const INBOX = 'INBOX';
const PROCESSED = 'Intake/Processed';
const FAILED = 'Intake/Failed';

interface WildFile {
  path: string;
  tags: string[];
  raw: Buffer;
}

function selectFiles(): WildFile[] {
  const rows = readFileSync(MANIFEST, 'utf8').split('\n').slice(1).filter(Boolean);
  const out: WildFile[] = [];
  rows.forEach((row, i) => {
    const [file, , , , , tags = ''] = row.split('\t');
    const tagList = tags.split(',').filter(Boolean);
    if (LONG || i % 6 === 0 || tagList.some((t) => ALWAYS_TAGS.includes(t))) {
      out.push({ path: file!, tags: tagList, raw: readFileSync(path.join(WILD, file!)) });
    }
  });
  return out;
}

/** Any byte sequence must do: a few made-up ones beside the corpus (seeded, so every run sends the same bytes). */
function syntheticFiles(): WildFile[] {
  let seed = 0x9e3779b9;
  const bytes = (n: number) => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      b[i] = seed & 0xff;
    }
    return b;
  };
  return [
    { path: '(synthetic) 1 KB of random bytes', tags: ['synthetic'], raw: bytes(1024) },
    { path: '(synthetic) 300 KB of random bytes', tags: ['synthetic'], raw: bytes(300 * 1024) },
    { path: '(synthetic) a lone newline', tags: ['synthetic'], raw: Buffer.from('\n') },
    { path: '(synthetic) one header, no body, no newline', tags: ['synthetic'], raw: Buffer.from('Subject: hello') },
    { path: '(synthetic) 200 KB line without a newline', tags: ['synthetic'], raw: Buffer.alloc(200 * 1024, 'a') },
    { path: '(synthetic) headers of NUL bytes', tags: ['synthetic'], raw: Buffer.concat([Buffer.from('From: a@b.example\r\nSubject: '), Buffer.alloc(64), Buffer.from('\r\n\r\nbody\r\n')]) },
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithCorpus(WILD_CORPUS, `the wild corpus through the running service (${LONG ? 'all files' : 'sample'})`, () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;
  const files = PRESENT ? [...selectFiles(), ...syntheticFiles()] : [];

  beforeAll(async () => {
    sandbox = await startSandbox({ env: { IMAP_POLL_SECONDS: '3', LOG_LEVEL: 'info', JOB_ATTEMPTS: '2' } });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  it(`${files.length} wild files: each ends in ${PROCESSED} or ${FAILED}, none lost, no crash`, async () => {
    const t0 = Date.now();
    // Appended one by one: a file the IMAP server itself refuses never reaches the inbox,
    // so it is counted apart (and sent through `intake replay` below instead).
    const refused: { file: WildFile; reason: string }[] = [];
    let appended = 0;
    const client = await connectImap(sandbox.dovecot);
    try {
      for (const f of files) {
        try {
          await client.append(INBOX, f.raw);
          appended++;
        } catch (err) {
          refused.push({ file: f, reason: (err as { responseText?: string; message?: string }).responseText ?? String(err) });
        }
      }
    } finally {
      await client.logout().catch(() => client.close());
    }

    let processed = 0;
    let failed = 0;
    const deadline = Date.now() + (LONG ? 600_000 : 150_000);
    // Stop waiting once nothing has moved for a while: a stuck mail is then reported, not waited for.
    let lastDone = -1;
    let lastProgress = Date.now();
    while (Date.now() < deadline && Date.now() - lastProgress < 45_000) {
      processed = await countMessages(sandbox.dovecot, PROCESSED);
      failed = await countMessages(sandbox.dovecot, FAILED);
      if (processed + failed >= appended) break;
      if (processed + failed !== lastDone) {
        lastDone = processed + failed;
        lastProgress = Date.now();
      }
      expect(service!.proc.exitCode, 'service exited').toBeNull();
      await sleep(1_000);
    }
    const inbox = await countMessages(sandbox.dovecot, INBOX);
    const failureRecords = await listFailureRecords(sandbox);
    const stuck = inbox > 0 ? await describeStuck(sandbox, files) : [];

    // Files the IMAP server refuses still must not break the pipeline when replayed.
    const replayed = refused.length > 0 ? await replayAndWait(sandbox, refused.map((r) => r.file)) : { completed: 0, failed: 0, other: [] as string[] };

    const crashes = [...service!.stdout, ...service!.stderr].filter((l) => /uncaught|unhandled|FATAL|heap out of memory/i.test(l));
    console.log(
      [
        `wild-pipeline: ${files.length} files (${LONG ? 'all' : `every 6th + tags ${ALWAYS_TAGS.join('/')}`}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
        `  appended ${appended}, refused by Dovecot ${refused.length}; processed ${processed}, failed ${failed}, left in inbox ${inbox}; ${sandbox.smtp.messages.length} replies`,
        ...refused.map((r) => `  refused: ${r.file.path} [${r.file.tags.join(',')}] ${r.file.raw.length} bytes: ${r.reason}`),
        refused.length > 0 ? `  refused files via intake replay: ${replayed.completed} completed, ${replayed.failed} failed (recorded), other ${replayed.other.join(' ')}` : '',
        ...failureRecords.map((r) => `  failed: ${r}`),
        ...stuck.map((r) => `  STUCK in inbox: ${r}`),
      ]
        .filter(Boolean)
        .join('\n'),
    );

    expect(crashes).toEqual([]);
    expect(service!.proc.exitCode).toBeNull();
    expect(inbox).toBe(0);
    expect(processed + failed).toBe(appended);
    // A mail in the failed mailbox always has its reason where operators look.
    expect(failureRecords.length).toBeGreaterThanOrEqual(failed);
    expect(replayed.other).toEqual([]);
    // The point of the sample: the strange files really went through, not only the easy ones.
    expect(appended).toBeGreaterThan(files.length * 0.9);
  }, (LONG ? 900 : 240) * 1000);
});

/** For a failure report: which files are still in the inbox, and what the queue says about them. */
async function describeStuck(sandbox: Sandbox, files: WildFile[]): Promise<string[]> {
  const client = await connectImap(sandbox.dovecot);
  const queue = new Queue(QUEUE.inbound, { connection: { url: sandbox.env.REDIS_URL }, prefix: bullPrefix(sandbox.env.QUEUE_PREFIX!) });
  try {
    const lock = await client.getMailboxLock(INBOX);
    try {
      const validity = String(client.mailbox ? client.mailbox.uidValidity : 0);
      const msgs = await client.fetchAll('1:*', { uid: true, size: true, source: { start: 0, maxLength: 120 } });
      const out: string[] = [];
      for (const m of msgs) {
        const job = await queue.getJob(`m-${validity}-${m.uid}`);
        const state = job ? await job.getState() : 'no job';
        const head = m.source?.toString('latin1') ?? '';
        const match = files.find((f) => f.raw.length === m.size || f.raw.toString('latin1').startsWith(head.slice(0, 60)));
        out.push(`uid ${m.uid}, ${m.size} bytes, job ${state} ${job?.failedReason ?? ''}, file ${match?.path ?? '?'}: ${JSON.stringify(head.slice(0, 80))}`);
      }
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await queue.close();
    await client.logout().catch(() => client.close());
  }
}

async function listFailureRecords(sandbox: Sandbox): Promise<string[]> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(sandbox.env.REDIS_URL!, { maxRetriesPerRequest: 3 });
  try {
    const all = await redis.hgetall(failuresKey(sandbox.env.QUEUE_PREFIX!));
    return Object.values(all).map((v) => {
      const r = JSON.parse(v) as { messageId: string | null; reason: string };
      return `${r.messageId ?? '(no Message-ID)'}: ${r.reason}`;
    });
  } finally {
    redis.disconnect();
  }
}

/** Runs `intake replay` on the files and waits until each job has completed or failed. */
async function replayAndWait(sandbox: Sandbox, files: WildFile[]): Promise<{ completed: number; failed: number; other: string[] }> {
  // Copies in a temporary folder: synthetic inputs have no file of their own.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'intake-wild-replay-'));
  const paths = files.map((f, i) => {
    const p = path.join(dir, `${i}.eml`);
    writeFileSync(p, f.raw);
    return p;
  });
  const cli = startService(sandbox.env, ['replay', ...paths]);
  expect(await cli.exited).toBe(0);
  const queue = new Queue(QUEUE.inbound, { connection: { url: sandbox.env.REDIS_URL }, prefix: bullPrefix(sandbox.env.QUEUE_PREFIX!) });
  try {
    const ids = files.map((f) => `replay-${createHash('sha256').update(f.raw).digest('hex').slice(0, 32)}`);
    const deadline = Date.now() + 60_000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      states = await Promise.all(ids.map((id) => queue.getJobState(id)));
      if (states.every((s) => s === 'completed' || s === 'failed')) break;
      await sleep(500);
    }
    return {
      completed: states.filter((s) => s === 'completed').length,
      failed: states.filter((s) => s === 'failed').length,
      other: states.map((s, i) => (s === 'completed' || s === 'failed' ? '' : `${files[i]!.path}=${s}`)).filter(Boolean),
    };
  } finally {
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
