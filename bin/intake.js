#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx intake` works right
// after `npm install` with no build step for the user to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let stdout drain and the process end naturally; a client library's stray handle must not keep it alive.
setTimeout(() => process.exit(code), 2_000).unref();
