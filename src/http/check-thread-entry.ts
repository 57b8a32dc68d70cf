import { parentPort, workerData } from 'node:worker_threads';
import { loadRules } from '../analysis/rules.ts';
import { IntakeError, errorMessage } from '../util/errors.ts';
import { checkRawMail, type CheckRules } from './draft-check.ts';

/** The check thread (see check-thread.ts): one mail in, the `intake check --json` object out. */
const data = workerData as { rulesDir: string; itemKinds: CheckRules['itemKinds'] };
const check: CheckRules = { rules: loadRules(data.rulesDir), itemKinds: data.itemKinds };

parentPort!.on('message', async (m: { id: number; raw: Uint8Array }) => {
  try {
    const json = await checkRawMail(Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength), check);
    parentPort!.postMessage({ id: m.id, json });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: { code: err instanceof IntakeError ? err.code : 'ECHECKFAILED', message: errorMessage(err) } });
  }
});

parentPort!.postMessage('ready');
