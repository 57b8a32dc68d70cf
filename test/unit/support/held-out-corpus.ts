// A floor on how many mails of a held-out corpus get exactly the right `missing` list,
// and exact secret kinds, so a rule change that loses one shows up.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.ts';
import { recurringImagesPerMail } from '../../../src/analysis/recurring.ts';
import { loadRules } from '../../../src/analysis/rules.ts';
import type { Analysis } from '../../../src/analysis/types.ts';
import { parseMail } from '../../../src/mail/parse.ts';

const CONFIG = new URL('../../../config/', import.meta.url);

interface Label {
  secrets: string[];
  missing: string[];
}

export function describeHeldOutCorpus(name: string, dir: URL, expect_: { mails: number; exactMissingFloor: number }): void {
  const labels = JSON.parse(readFileSync(new URL('labels.json', dir), 'utf8')) as Record<string, Label>;
  const files = Object.keys(labels).sort();
  const results = new Map<string, Analysis>();

  describe(`${name} corpus`, () => {
    beforeAll(async () => {
      const rules = loadRules(CONFIG.pathname);
      const mails = await Promise.all(files.map((f) => parseMail(readFileSync(new URL(f, dir)))));
      const recurring = recurringImagesPerMail(mails);
      files.forEach((f, i) => results.set(f, analyse(mails[i]!, rules, { recurringImageHashes: recurring[i] })));
    });

    it(`has ${expect_.mails} labelled mails`, () => {
      expect(files.length).toBe(expect_.mails);
    });

    it(`gets the exact missing list right for at least ${expect_.exactMissingFloor} mails`, () => {
      const wrong = files
        .filter((f) => JSON.stringify(results.get(f)!.missing) !== JSON.stringify(labels[f]!.missing))
        .map((f) => `${f}: got [${results.get(f)!.missing.join(',')}] want [${labels[f]!.missing.join(',')}]`);
      expect(files.length - wrong.length, wrong.join('\n')).toBeGreaterThanOrEqual(expect_.exactMissingFloor);
    });

    it('finds every unmasked secret and flags no masked look-alike', () => {
      const diffs = files
        .map((f) => ({ f, got: [...new Set(results.get(f)!.secrets.map((s) => s.kind as string))].sort(), want: [...labels[f]!.secrets].sort() }))
        .filter((d) => JSON.stringify(d.got) !== JSON.stringify(d.want))
        .map((d) => `${d.f}: got [${d.got.join(',')}] want [${d.want.join(',')}]`);
      expect(diffs).toEqual([]);
    });
  });
}
