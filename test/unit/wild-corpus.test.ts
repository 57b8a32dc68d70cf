/**
 * Robustness over the 600 messy real-world mails in ../shared/corpus/wild
 * (test data only: nothing from it is copied into this repo). Every file must
 * parse and classify without throwing, keep its body, and the inbound
 * classification is scored against the MANIFEST tags.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { describeWithCorpus, sharedCorpus } from '../support/shared-corpus.ts';
import { parseMail } from '../../src/mail/parse.ts';
import type { InboundMail } from '../../src/mail/types.ts';
import { classifyInbound, type InboundClassification } from '../../src/safety/classify.ts';
import { loadSafetyRules } from '../../src/safety/safety-rules.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const BOUNCE = loadSafetyRules(join(repoRoot, 'config')).bounce;
const wild = sharedCorpus('wild');
const wildDir = wild.dir;
const present = wild.present;

/**
 * Files whose raw bytes hold something after the header block but which
 * yield neither text nor attachments. Found by this test; parse.ts is not
 * ours to change, so they are listed here and in the report.
 */
const KNOWN_EMPTY_WITH_BODY = new Set<string>([]);

/**
 * Human-tagged mails (plain/reply/forward) whose own top-level headers say
 * they are automated or list traffic, so calling them automated is right.
 * Each entry names the header that decides it.
 */
const HUMAN_TAGGED_BUT_AUTOMATED_BY_HEADERS = new Map<string, string>([
  ['php-mime-mail-parser/m0009.eml', 'From: noreply@ (a payment provider order notification)'],
]);

interface Row {
  path: string;
  tags: Set<string>;
  raw: Buffer;
  mail: InboundMail;
  cls: InboundClassification;
}

function listEml(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'LICENSES') out.push(...listEml(p));
    } else if (entry.name.endsWith('.eml')) out.push(p);
  }
  return out.sort();
}

/** True when there is a non-blank byte after the first empty line (any line-end style), or no header block at all. */
function rawHasBody(raw: Buffer): boolean {
  const s = raw.toString('latin1');
  const m = /\r?\n\r?\n|\r\r/.exec(s);
  if (!m) return false;
  return s.slice(m.index + m[0].length).trim().length > 0;
}

function score(rows: Row[], isTagged: (r: Row) => boolean, isCalled: (r: Row) => boolean) {
  const tp = rows.filter((r) => isTagged(r) && isCalled(r)).length;
  const tagged = rows.filter(isTagged).length;
  const called = rows.filter(isCalled).length;
  return {
    tp,
    tagged,
    called,
    precision: called ? tp / called : 1,
    recall: tagged ? tp / tagged : 1,
    missed: rows.filter((r) => isTagged(r) && !isCalled(r)).map((r) => r.path),
    extra: rows.filter((r) => !isTagged(r) && isCalled(r)).map((r) => `${r.path} [${r.cls.reasons.join('; ')}]`),
  };
}

const AUTO_TAGS = ['auto-reply', 'list', 'bulk', 'arf', 'mdn'];
const MACHINE_TAGS = ['dsn', ...AUTO_TAGS];
const HUMAN_TAGS = ['plain', 'reply', 'forward'];

describeWithCorpus(wild, 'wild corpus (../shared/corpus/wild)', () => {
  const rows: Row[] = [];
  const failures: string[] = [];
  let analyse: ((mail: InboundMail) => unknown) | null = null;

  beforeAll(async () => {
    // analyse/loadRules come from another engineer's module; use them once they exist.
    const analysePath = join(repoRoot, 'src/analysis/analyse.ts');
    if (existsSync(analysePath) && existsSync(join(repoRoot, 'config'))) {
      try {
        const mod = (await import(analysePath)) as Record<string, unknown>;
        const rulesMod = (await import(join(repoRoot, 'src/analysis/rules.ts')).catch(() => mod)) as Record<string, unknown>;
        const loadRules = (rulesMod.loadRules ?? mod.loadRules) as ((dir: string) => unknown) | undefined;
        const fn = mod.analyse as ((mail: InboundMail, rules: unknown, extra?: unknown) => unknown) | undefined;
        if (fn && loadRules) {
          const rules = await loadRules(join(repoRoot, 'config'));
          analyse = (mail) => fn(mail, rules, { recurringImageHashes: new Set<string>() });
        }
      } catch (err) {
        console.warn(`wild corpus: analyse not usable yet (${(err as Error).message}); skipping that step`);
      }
    }
    const tags = new Map<string, Set<string>>();
    for (const line of readFileSync(join(wildDir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1)) {
      const cols = line.split('\t');
      tags.set(cols[0]!, new Set((cols[5] ?? '').split(',').filter(Boolean)));
    }
    for (const file of listEml(wildDir)) {
      const path = relative(wildDir, file);
      const raw = readFileSync(file);
      try {
        const mail = await parseMail(raw);
        const cls = classifyInbound(mail, { supportAddress: 'support@intake.example', raw, bounce: BOUNCE });
        if (analyse) await analyse(mail);
        rows.push({ path, tags: tags.get(path) ?? new Set(), raw, mail, cls });
      } catch (err) {
        failures.push(`${path}: ${(err as Error).stack ?? err}`);
      }
    }
  }, 300_000);

  it('reads every file listed in the manifest', () => {
    expect(rows.length + failures.length).toBeGreaterThanOrEqual(600);
  });

  it('parses, classifies (and analyses) every file without throwing', () => {
    expect(failures).toEqual([]);
  });

  it('keeps the body of every mail that has one', () => {
    const empty = rows
      .filter((r) => rawHasBody(r.raw) && !r.mail.text.trim() && r.mail.attachments.length === 0)
      .map((r) => r.path);
    if (empty.length) console.log(`wild corpus: body present but no text/attachments:\n  ${empty.join('\n  ')}`);
    const fallback = rows.filter((r) => r.mail.parseWarnings.includes('raw-body-fallback')).length;
    console.log(`wild corpus: ${fallback} mails kept only through parseMail's raw-body fallback; analyse ${analyse ? 'ran' : 'not available yet'}`);
    expect(empty.filter((p) => !KNOWN_EMPTY_WITH_BODY.has(p))).toEqual([]);
  });

  it('finds bounces (dsn) with high recall, the hard carrier/list-server ones included', () => {
    const s = score(rows, (r) => r.tags.has('dsn'), (r) => r.cls.kind === 'bounce');
    console.log(
      `wild corpus dsn: precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)} ` +
        `(${s.tp}/${s.tagged} tagged, ${s.called} called)\n  missed: ${s.missed.join(', ') || '-'}\n  extra: ${s.extra.join('\n    ') || '-'}`,
    );
    expect(s.recall).toBeGreaterThanOrEqual(0.97);
    const hard = [
      'sisimai-set-of-emails/maildir/bsd/lhost-kddi-01.eml',
      'sisimai-set-of-emails/maildir/bsd/lhost-kddi-02.eml',
      'sisimai-set-of-emails/maildir/bsd/lhost-fml-02.eml',
      'sisimai-set-of-emails/maildir/bsd/lhost-fml-03.eml',
      'sisimai-set-of-emails/maildir/bsd/lhost-mailru-01.eml',
      'sisimai-set-of-emails/maildir/mac/lhost-biglobe-01.eml',
      'flanker/bounce/delayed-broken.eml',
    ];
    for (const p of hard) expect(rows.find((r) => r.path === p)?.cls.kind, p).toBe('bounce');
  });

  it('never answers auto-replies, list, bulk, ARF or MDN mail', () => {
    // Bounces are scored above; here the question is automated-versus-human among the rest.
    const rest = rows.filter((r) => !r.tags.has('dsn') && r.cls.kind !== 'bounce');
    const s = score(
      rest,
      (r) => AUTO_TAGS.some((t) => r.tags.has(t)),
      (r) => r.cls.kind === 'automated',
    );
    console.log(
      `wild corpus auto-reply/list/bulk/arf/mdn: precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)} ` +
        `(${s.tp}/${s.tagged} tagged, ${s.called} called automated)\n  missed: ${s.missed.join(', ') || '-'}\n` +
        `  automated without such a tag:\n    ${s.extra.join('\n    ') || '-'}`,
    );
    expect(s.missed).toEqual([]);
    const wronglyBounce = rows.filter((r) => r.cls.kind === 'bounce' && !r.tags.has('dsn')).map((r) => r.path);
    expect(wronglyBounce).toEqual([]);
  });

  it('does not call human mail automated unless its own headers say so', () => {
    const wrong = rows
      .filter((r) => HUMAN_TAGS.some((t) => r.tags.has(t)) && !MACHINE_TAGS.some((t) => r.tags.has(t)))
      .filter((r) => r.cls.kind !== 'human')
      .map((r) => `${r.path} [${r.cls.reasons.join('; ')}]`);
    if (wrong.length) console.log(`wild corpus: human-tagged mail called automated:\n  ${wrong.join('\n  ')}`);
    expect(wrong.filter((w) => !HUMAN_TAGGED_BUT_AUTOMATED_BY_HEADERS.has(w.split(' [')[0]!))).toEqual([]);
  });

  it('matches bounces to the mail they return', () => {
    const bounces = rows.filter((r) => r.cls.kind === 'bounce');
    const withIds = bounces.filter((r) => (r.cls.bounceOf?.messageIds.length ?? 0) > 0);
    console.log(`wild corpus: ${withIds.length}/${bounces.length} bounces name the returned Message-ID`);
    expect(bounces.every((r) => r.cls.bounceOf !== null)).toBe(true);
    const kddi = rows.find((r) => r.path === 'sisimai-set-of-emails/maildir/bsd/lhost-kddi-01.eml');
    expect(kddi?.cls.bounceOf?.messageIds).toContain('2013000000000000@example.jp');
  });
});
