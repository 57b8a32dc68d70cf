import { Worker, type WorkerOptions } from 'node:worker_threads';
import { reapplyHeapFlags } from './heap-flags.ts';

/** True when this code runs as JavaScript compiled by bin/build.js, false when through a TypeScript loader (tsx, vitest). */
const COMPILED = import.meta.url.endsWith('.js');
const BOOT = new URL('../../workers/thread-boot.js', import.meta.url);

/**
 * The file a worker thread starts from, for its TypeScript entry (e.g. workers/analysis-thread.ts).
 * Compiled, the thread loads the entry's .js directly: no loader, no loader-hook thread, about
 * 25 MB less per thread. From TypeScript, workers/thread-boot.js registers tsx in the thread first.
 */
export function threadScript(entry: URL, workerData: Record<string, unknown>): { file: URL; options: Pick<WorkerOptions, 'workerData'> } {
  if (COMPILED) return { file: new URL(entry.href.replace(/\.ts$/, '.js')), options: { workerData } };
  return { file: BOOT, options: { workerData: { ...workerData, entry: entry.href } } };
}

/** Starts a worker thread; once its isolate exists the process's heap flags are set again (src/util/heap-flags.ts). */
export function startThread(file: URL, options: WorkerOptions): Worker {
  const thread = new Worker(file, options);
  thread.once('online', reapplyHeapFlags);
  return thread;
}
