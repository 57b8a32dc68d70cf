import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'heap-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * In a process of its own (the flags are process-wide): a worker thread is started the way the
 * service starts its threads, then the main thread allocates enough short-lived and surviving
 * objects to grow a default young generation to its limit; prints the new space's size.
 */
const PROBE = `
const root = process.argv[2];
const { applyServiceHeapFlags } = await import(root + '/src/util/heap-flags.ts');
const { startThread } = await import(root + '/src/util/thread-script.ts');
const v8 = await import('node:v8');
if (process.argv[3] === 'apply') applyServiceHeapFlags();
const thread = startThread(new URL('data:text/javascript,setTimeout(() => {}, 20)'), {});
await new Promise((resolve) => thread.once('exit', resolve));
let keep = [];
const old = [];
for (let i = 0; i < 2e6; i++) {
  keep.push({ a: i, b: 'x' + i });
  if (keep.length > 100000) { old.push(keep); keep = []; if (old.length > 4) old.shift(); }
}
const ns = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
console.log(ns.space_size / 1048576);
`;

function newSpaceMb(mode: 'apply' | 'none'): number {
  const file = path.join(dir, 'probe.mjs');
  writeFileSync(file, PROBE);
  return Number(execFileSync(process.execPath, ['--import', 'tsx', file, ROOT, mode], { cwd: ROOT, encoding: 'utf8' }).trim());
}

describe('service heap flags', () => {
  it("keep the main thread's young generation small after a worker thread's isolate was created (V8 resets the growth factor then)", () => {
    expect(newSpaceMb('none')).toBeGreaterThan(8);
    expect(newSpaceMb('apply')).toBeLessThanOrEqual(4);
  }, 60_000);
});
