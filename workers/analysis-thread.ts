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
parentPort!.postMessage('ready');
