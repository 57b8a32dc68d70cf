#!/usr/bin/env node
// The service runs as JavaScript compiled from src/ and workers/ by tsc, not through a
// TypeScript loader: tsx costs every isolate (main, outbound thread, each analysis thread)
// its loader and hook thread, about 40 MB for the main thread and 25 MB per worker thread.
//
// A build lives in .build/<hash of the sources>/, made on the first start after a change
// (2-4 s) or by `npm run build`, so a fresh clone and an edited checkout never run stale
// code and no one has to remember a build step. Two processes starting at once each build
// into a directory of their own and the first rename wins. Without tsc (an install with
// --omit=dev and no build) the caller falls back to tsx.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_ROOT = path.join(ROOT, '.build');
const SOURCE_DIRS = ['src', 'workers'];
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// Type errors are tsc --noEmit's business (CI); the build only strips types, as tsx did.
const TSC_ARGS = ['-p', 'tsconfig.build.json', '--noCheck', '--pretty', 'false'];

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Names the build by what it is made from: every source file and the build config (not tsc's presence: an image prunes it after building). */
function sourceHash() {
  const h = createHash('sha256');
  const files = SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d))).sort();
  for (const f of [...files, path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'tsconfig.build.json')]) {
    h.update(path.relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  h.update(TSC_ARGS.join(' '));
  return h.digest('hex').slice(0, 16);
}

/** Builds (if needed) and returns the directory of the current build, or null when tsc is not installed. */
export function ensureBuild({ quiet = true } = {}) {
  const hash = sourceHash();
  const dir = path.join(BUILD_ROOT, hash);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  if (!existsSync(TSC)) return null;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const res = spawnSync(process.execPath, [TSC, ...TSC_ARGS, '--outDir', tmp], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`tsc could not build the service (exit ${res.status}):\n${res.stdout}${res.stderr}`);
  }
  writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
  try {
    renameSync(tmp, dir);
  } catch {
    // Another process finished the same build first: use theirs.
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!quiet) console.error(`built ${path.relative(ROOT, dir)}`);
  try {
    pruneOldBuilds(hash);
  } catch {
    // Another process pruning at the same time; the next build tries again.
  }
  return dir;
}

/**
 * Keeps the newest few builds: a process still running an older one loads its thread files
 * from there whenever it replaces a thread, so its build must outlive an upgrade beside it.
 */
const KEEP_BUILDS = 5;
function pruneOldBuilds(current) {
  const builds = readdirSync(BUILD_ROOT)
    .filter((name) => name !== current && !name.includes('.tmp-'))
    .map((name) => ({ name, at: statSync(path.join(BUILD_ROOT, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of builds.slice(KEEP_BUILDS - 1)) rmSync(path.join(BUILD_ROOT, name), { recursive: true, force: true });
}

/**
 * The compiled counterpart of a source file (e.g. 'src/cli/main.ts'), as an import URL; null
 * when there is no build and none can be made (no tsc, a read-only checkout): the caller then
 * runs the sources through tsx, slower to start and heavier, but the same code.
 */
export function compiledModule(sourcePath) {
  let dir = null;
  try {
    dir = ensureBuild();
  } catch (err) {
    console.error(`intake: running through tsx: ${err instanceof Error ? err.message : String(err)}`);
  }
  return dir ? pathToFileURL(path.join(dir, sourcePath.replace(/\.ts$/, '.js'))).href : null;
}

// `npm run build`: builds now (e.g. in an image, before dev dependencies are pruned).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = ensureBuild({ quiet: false });
  if (!dir) {
    console.error('tsc is not installed (`npm ci` installs it; `--omit=dev` leaves it out): the service will run through tsx');
    process.exit(1);
  }
  console.log(path.relative(ROOT, dir));
}
