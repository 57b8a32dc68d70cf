#!/usr/bin/env node
// Runs the service as JavaScript compiled from the TypeScript sources (bin/build.js: built on
// the first start after a change, so `npx intake` works right after `npm install` with no build
// step to forget). Without tsc installed it runs the sources through tsx instead.
import { compiledModule } from './build.js';

let entry = compiledModule('src/cli/main.ts');
if (!entry) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = '../src/cli/main.ts';
}
const { main } = await import(entry);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let stdout drain and the process end naturally; a client library's stray handle must not keep it alive.
setTimeout(() => process.exit(code), 2_000).unref();
