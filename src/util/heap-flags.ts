import v8 from 'node:v8';

/**
 * V8 heap settings of a service process (`intake run`, `poller`, `worker`), applied from inside
 * the process (src/cli/main.ts, before the service's modules load): `node --max-semi-space-size`
 * or NODE_OPTIONS would only reach the starts that pass them, and Node 20 cannot re-exec itself
 * in place (a child under a waiting parent would count the parent's memory too).
 *
 * - `--semi-space-growth-factor=1`: every isolate's young generation stays at its initial 1 MB
 *   semi-space instead of doubling to its limit under load (the main thread's to 16 MB, 32 MB of
 *   new space it then kept; `--max-semi-space-size` is read only when an isolate is created).
 *   V8 raises this flag back to 2 whenever an isolate is created (Heap::ConfigureHeap), so it is
 *   set again once each worker thread is up (`reapplyHeapFlags`).
 * - `--heap-growing-percent=25`: the old generation may grow to 1.25 times what survived the
 *   last full GC before the next one, instead of V8's dynamic factor (up to 4 times); after a
 *   600-mail backlog the main thread held 150 MB of heap for 48 MB of live objects.
 */
export const SERVICE_HEAP_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=25'] as const;

let applied: readonly string[] = [];

export function applyServiceHeapFlags(flags: readonly string[] = SERVICE_HEAP_FLAGS): void {
  applied = flags;
  for (const f of flags) v8.setFlagsFromString(f);
}

/** After a worker thread's isolate was created (its 'online' event); a no-op outside a service process. */
export function reapplyHeapFlags(): void {
  for (const f of applied) v8.setFlagsFromString(f);
}
