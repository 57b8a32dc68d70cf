// Loaded with `node --import` by `npm run bench:pipeline -- --heap-trace` into the service and
// (Node runs --import in every worker thread too) each of its threads: once a second, one
// stderr line per isolate with its V8 heap and external memory, so a run shows where the
// process's memory is, which process.memoryUsage() (RSS of all threads together) cannot.
import v8 from 'node:v8';
import { threadId, workerData } from 'node:worker_threads';

const MB = 1024 * 1024;
const name = threadId === 0 ? 'main' : workerData?.rulesDir ? 'analysis' : workerData?.smtp ? 'outbound' : 'thread';
setInterval(() => {
  const h = v8.getHeapStatistics();
  const newSpace = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.physical_space_size ?? 0;
  const line = {
    isolate: `${name}#${threadId}`,
    heap: Math.round(h.total_physical_size / MB),
    newSpace: Math.round(newSpace / MB),
    used: Math.round(h.used_heap_size / MB),
    external: Math.round(h.external_memory / MB),
    ...(threadId === 0 ? { rss: Math.round(process.memoryUsage().rss / MB) } : {}),
  };
  process.stderr.write(`HEAPTRACE ${JSON.stringify(line)}\n`);
}, 1000).unref();
