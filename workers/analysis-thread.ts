import { parentPort, workerData } from 'node:worker_threads';
import { analyse } from '../src/analysis/analyse.ts';
import { loadRules } from '../src/analysis/rules.ts';
import { parseMail } from '../src/mail/parse.ts';
import type { AnalysisTask } from '../src/pipeline/analysis-pool.ts';

/**
 * One analysis thread of the AnalysisPool: parses or analyses one mail at a time. Pure work,
 * no I/O; the pool terminates the thread when a task runs past its limit.
 */
const { rulesDir } = workerData as { rulesDir: string };
const rules = loadRules(rulesDir);

parentPort!.on('message', async (task: AnalysisTask) => {
  try {
    const value =
      task.op === 'parse'
        ? await parseMail(Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength))
        : analyse(task.mail, rules, { recurringImageHashes: new Set(task.recurringImageHashes) });
    parentPort!.postMessage({ ok: true, value });
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: (err as Error).message ?? String(err) });
  }
});
// A fresh thread compiles each of the rules' regexes on first use, which takes seconds on a busy
// machine: done here, before the thread reports ready, so no mail's time limit pays for it.
const WARM_UP = Buffer.from(
  [
    'From: Warm Up <warm@intake.invalid>',
    'Subject: Job 12345678 failed / ジョブが失敗しました',
    'Message-ID: <warm-up@intake.invalid>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Account ID: 1234, site US. Job ID: 12345678 failed at 10:00 JST with Error: boom.',
    'td -k x query -d db "select 1"  https://console.treasuredata.com/app/jobs/12345678',
    'ジョブID 12345678 がエラーになりました。昨日までは成功していました。',
    '> On Mon, Support wrote:',
    '> earlier text',
    '',
  ].join('\r\n'),
);
analyse(await parseMail(WARM_UP), rules, {});
parentPort!.postMessage('ready');
