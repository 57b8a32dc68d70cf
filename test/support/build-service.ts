import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup of the integration tier: compiles the service once (bin/build.js) before
 * any test starts it, so the first test's start-up does not carry the build, and tests that
 * start two services at once do not both compile.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const res = spawnSync(process.execPath, [path.join(root, 'bin', 'build.js')], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`bin/build.js failed:\n${res.stdout}${res.stderr}`);
}
