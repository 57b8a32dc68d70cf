// One harness for every labelled corpus (the project's own under test/fixtures and the
// team's shared ones): a floor on how many mails get exactly the right `missing` list,
// on category, and exact secret kinds, so a rule change that loses one shows up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.ts';
import { recurringImagesPerMail } from '../../../src/analysis/recurring.ts';
import { loadRules, type Rules } from '../../../src/analysis/rules.ts';
import type { Analysis } from '../../../src/analysis/types.ts';
import { parseMail } from '../../../src/mail/parse.ts';
import { describeWithCorpus, REPO_ROOT, type SharedCorpus } from '../../support/shared-corpus.ts';

const CONFIG = path.join(REPO_ROOT, 'config');

// One set of rules for every corpus in a test file: loading them compiles some 800 patterns, and each new
// RegExp is compiled again by V8 on first use, which cost more than the analysis itself across 300 sets.
let sharedRules: Rules | undefined;
const rulesOnce = (): Rules => (sharedRules ??= loadRules(CONFIG));

interface Label {
  category: string;
  secrets: string[];
  missing: string[];
}

export interface CorpusFloors {
  /** How many labelled mails the set holds. */
  mails: number;
  /** Mails whose whole `missing` list must be exactly right. Raise it when the checker improves; never lower it to make a change pass. */
  exactMissingFloor: number;
  /** Mails whose category must be right (defaults to all). */
  categoryFloor?: number;
  /**
   * Secret kinds the checker reports where the label has none, kept on purpose (file -> kinds): a credential the
   * writer judged outside the spec's list, which the desk would rather have redacted (say why where it is used).
   */
  secretsBeyondLabels?: Record<string, string[]>;
}

function corpusSuite(name: string, dir: string, floors: CorpusFloors): () => void {
  return () => {
    const labels = JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as Record<string, Label>;
    const files = Object.keys(labels).sort();
    const results = new Map<string, Analysis>();
    const decoded = new Map<string, string>();

    beforeAll(async () => {
      const rules = rulesOnce();
      const mails = await Promise.all(files.map((f) => parseMail(readFileSync(path.join(dir, f)))));
      const recurring = recurringImagesPerMail(mails);
      files.forEach((f, i) => {
        results.set(f, analyse(mails[i]!, rules, { recurringImageHashes: recurring[i] }));
        const m = mails[i]!;
        decoded.set(f, [m.subject, m.text, ...m.attachments.map((a) => a.text ?? '')].join('\n'));
      });
    });

    it(`has ${floors.mails} labelled mails`, () => {
      expect(files.length).toBe(floors.mails);
    });

    it(`gets the exact missing list right for at least ${floors.exactMissingFloor} mails`, () => {
      const wrong = files
        .filter((f) => JSON.stringify(results.get(f)!.missing) !== JSON.stringify(labels[f]!.missing))
        .map((f) => `${f}: got [${results.get(f)!.missing.join(',')}] want [${labels[f]!.missing.join(',')}]`);
      console.log(`${name}: exact missing ${files.length - wrong.length}/${files.length}`);
      expect(files.length - wrong.length, wrong.join('\n')).toBeGreaterThanOrEqual(floors.exactMissingFloor);
    });

    it(`gets the category right for at least ${floors.categoryFloor ?? floors.mails} mails`, () => {
      const wrong = files
        .filter((f) => results.get(f)!.category !== labels[f]!.category)
        .map((f) => `${f}: got ${results.get(f)!.category} want ${labels[f]!.category}`);
      expect(files.length - wrong.length, wrong.join('\n')).toBeGreaterThanOrEqual(floors.categoryFloor ?? floors.mails);
    });

    it("takes every evidence string and the main ask verbatim from the mail's decoded text (whitespace aside)", () => {
      const squeeze = (s: string) => s.replace(/\s+/g, '');
      const bad: string[] = [];
      let count = 0;
      for (const f of files) {
        const a = results.get(f)!;
        const text = squeeze(decoded.get(f)!);
        const all = [...Object.values(a.items).flatMap((i) => i.evidence ?? []), ...(a.mainAsk ? [a.mainAsk] : [])];
        for (const e of all) {
          count++;
          if (!squeeze(e) || !text.includes(squeeze(e))) bad.push(`${f}: ${JSON.stringify(e)}`);
        }
        for (const [k, item] of Object.entries(a.items)) {
          if (!item.present && (item.evidence ?? []).length > 0) bad.push(`${f}: ${k} is absent but has evidence`);
        }
      }
      expect(count).toBeGreaterThan(0);
      expect(bad).toEqual([]);
    });

    it('finds every unmasked secret and flags no masked look-alike', () => {
      const diffs = files
        .map((f) => ({
          f,
          got: [...new Set(results.get(f)!.secrets.map((s) => s.kind as string))].sort(),
          want: [...new Set([...labels[f]!.secrets, ...(floors.secretsBeyondLabels?.[f] ?? [])])].sort(),
        }))
        .filter((d) => JSON.stringify(d.got) !== JSON.stringify(d.want))
        .map((d) => `${d.f}: got [${d.got.join(',')}] want [${d.want.join(',')}]`);
      expect(diffs).toEqual([]);
    });
  };
}

/** A labelled set of the project's own (always present). */
export function describeHeldOutCorpus(name: string, dir: URL, floors: CorpusFloors): void {
  describe(`${name} corpus`, corpusSuite(name, dir.pathname, floors));
}

/** A labelled set of the team's shared corpora: skipped visibly where absent. */
export function describeSharedCorpus(corpus: SharedCorpus, floors: CorpusFloors): void {
  describeWithCorpus(corpus, `shared ${corpus.name} corpus (../shared/corpus/${corpus.name})`, corpusSuite(corpus.name, corpus.dir, floors));
}
