/**
 * The team's shared corpora (`../shared/corpus/{dev,train,wild}`) sit beside the
 * checkout on the team's machines and in CI, never in the repository. A test that
 * measures against one asks for it here:
 *
 * - present: the test runs;
 * - absent on a user's fresh clone: the test is skipped, and one line on stderr
 *   says what was skipped and why;
 * - absent where it is required: the test fails instead of skipping. It is required
 *   when `INTAKE_REQUIRE_CORPORA=1`, or in CI (`CI` set) whenever `../shared` itself
 *   is there, so a CI run that has the shared folder can never pass by skipping.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const SHARED_ROOT = path.resolve(REPO_ROOT, '..', 'shared');

export type SharedCorpusName = 'dev' | 'train' | 'wild';

/** The file that proves a corpus is really there (not an empty folder). */
const MARKER: Record<SharedCorpusName, string> = { dev: 'labels.json', train: 'labels.json', wild: 'MANIFEST.tsv' };

export interface SharedCorpus {
  name: SharedCorpusName;
  dir: string;
  present: boolean;
}

export function sharedCorpus(name: SharedCorpusName): SharedCorpus {
  const dir = path.join(SHARED_ROOT, 'corpus', name);
  return { name, dir, present: existsSync(path.join(dir, MARKER[name])) };
}

/** True when a missing corpus must fail the run rather than skip. */
export function corporaRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.INTAKE_REQUIRE_CORPORA === '1') return true;
  if (env.INTAKE_REQUIRE_CORPORA === '0') return false;
  return Boolean(env.CI) && existsSync(SHARED_ROOT);
}

const announced = new Set<string>();

/**
 * `describe` for a suite that needs a shared corpus: runs it when the corpus is there,
 * otherwise skips it visibly (or fails, where the corpus is required).
 */
export function describeWithCorpus(corpus: SharedCorpus, title: string, body: () => void): void {
  if (corpus.present) {
    describe(title, body);
    return;
  }
  const why = `needs ../shared/corpus/${corpus.name} (${corpus.dir}), which is absent`;
  if (corporaRequired()) {
    describe(title, () => {
      it(`requires the shared corpus: ${why}`, () => {
        throw new Error(`${title}: ${why}; CI must run it (set INTAKE_REQUIRE_CORPORA=0 to allow the skip)`);
      });
    });
    return;
  }
  if (!announced.has(title)) {
    announced.add(title);
    process.stderr.write(`SKIPPED ${title}: ${why}\n`);
  }
  // The body is not collected: it may read corpus files at collection time.
  describe.skip(title, () => {
    it(`skipped: ${why}`, () => {});
  });
}
