#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx intake` works right
// after `npm install` with no build step for the user to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
