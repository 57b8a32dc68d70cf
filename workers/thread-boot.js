// Worker threads start without the tsx loader the main thread registered; this
// registers it, then loads the TypeScript entry named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
