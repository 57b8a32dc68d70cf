import { parentPort, workerData } from 'node:worker_threads';
import { loadRules } from '../analysis/rules.ts';
import { IntakeError, errorMessage } from '../util/errors.ts';
import { checkRawMail } from './draft-check.ts';

/** The check thread (see check-thread.ts): one mail in, the `intake check --json` object out. */
const rules = loadRules((workerData as { rulesDir: string }).rulesDir);

parentPort!.on('message', async (m: { id: number; raw: Uint8Array }) => {
  try {
    const json = await checkRawMail(Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength), rules);
    parentPort!.postMessage({ id: m.id, json });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: { code: err instanceof IntakeError ? err.code : 'ECHECKFAILED', message: errorMessage(err) } });
  }
});

parentPort!.postMessage('ready');
