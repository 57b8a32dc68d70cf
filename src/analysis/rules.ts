import path from 'node:path';
import { z } from 'zod';
import { formatProblem, readYamlFile, type ConfigProblem, type StringExpander } from '../config/yaml-file.ts';
import { IntakeError } from '../util/errors.ts';
import { CATEGORIES, CHANNELS, IN_SCOPE_CATEGORIES, REQUIRED_ITEM_KEYS, type Category, type Channel, type RequiredItemKey, type Site } from './types.ts';

/** Every pattern staff write is matched case-insensitively, with Unicode semantics. */
const FLAGS = 'iu';

const CASE_SENSITIVE = '(?-i)';

const regex = z.string().transform((src, ctx) => {
  try {
    // A leading "(?-i)" makes a pattern case-sensitive ("td query" the command, not "TD Query" in prose).
    const sensitive = src.startsWith(CASE_SENSITIVE);
    const body = sensitive ? src.slice(CASE_SENSITIVE.length) : src;
    // Unicode mode only where a pattern needs it (\p{...}): case-insensitive Unicode matching is slower.
    const unicode = /\\[pP]\{|\\u\{/.test(body);
    return new RegExp(body, `${sensitive ? '' : 'i'}${unicode ? 'u' : ''}`);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
    return z.NEVER;
  }
});
const regexList = z.array(regex);
const cue = z.union([
  regex.transform((re) => ({ re, weight: 1 })),
  z.object({ re: regex, weight: z.number().positive(), framing: z.boolean().optional() }).strict(),
]);
const cueList = z.array(cue);
const category = z.enum(CATEGORIES);
const channel = z.enum(CHANNELS);
const site = z.string().regex(/^[a-z0-9]+$/, 'a site code is lower-case letters and digits');
/** A literal word list: escaped and joined into one alternation, so staff need not write regexes. */
const wordList = z.array(z.string().min(1));

const sitesSchema = z
  .object({
    sites: z.record(site, z.object({ names: wordList })),
    domains: z.record(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a domain name, lower-case'), site),
    contextLabels: wordList,
    contextSuffixes: wordList,
    nameExclusions: wordList,
    hostPrefixes: wordList,
    consoleHostPrefixes: wordList,
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const [domain, code] of Object.entries(v.domains)) {
      if (!v.sites[code]) ctx.addIssue({ code: 'custom', path: ['domains', domain], message: `unknown site "${code}"` });
    }
  });

const categoryDef = z.object({ threshold: z.number(), cues: cueList }).strict();
const categoriesSchema = z
  .object({
    order: z.array(category),
    bySetting: z.array(category).default([]),
    askedOnly: z.array(category).default([]),
    categories: z.record(z.string(), categoryDef),
    errorThreshold: z.number(),
    errorCues: cueList,
    specThreshold: z.number(),
    specCues: cueList,
    mainAsk: z
      .object({ cues: cueList, notAsk: regexList, aside: regexList.default([]), sideMatter: regexList.default([]), specAsk: regex.optional(), specNamed: regex.optional(), chaser: regexList.default([]), aboutFailure: regex.optional(), aboutService: regex.optional(), toolAdvice: regex.optional(), weight: z.number().min(0), minScore: z.number().min(0) })
      .strict(),
    backgroundFailure: regexList.default([]),
    settledMatter: regexList.default([]),
    hypotheticalFailure: regexList.default([]),
    conditionalLeadIn: regexList.default([]),
    noFailure: regexList.default([]),
    disclaimer: regexList.default([]),
    vetoes: z.array(z.object({ categories: z.array(category), cues: regexList }).strict()).default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const key of Object.keys(v.categories)) {
      if (!(CATEGORIES as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', path: ['categories', key], message: `unknown category "${key}"` });
      }
    }
    for (const [i, key] of v.order.entries()) {
      if (!v.categories[key]) ctx.addIssue({ code: 'custom', path: ['order', i], message: `no cues for "${key}"` });
    }
  });

const channelsSchema = z
  .object({
    threshold: z.number(),
    priority: z.array(channel),
    channels: z.record(z.string(), cueList),
    fixedChannel: z.record(z.string(), channel),
    apiOnlyChannel: z.array(category),
    serviceCalls: regexList,
    methodUnknown: regexList.default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const key of Object.keys(v.channels)) {
      if (!(CHANNELS as readonly string[]).includes(key) || key === 'unknown') {
        ctx.addIssue({ code: 'custom', path: ['channels', key], message: `unknown channel "${key}"` });
      }
    }
    for (const key of Object.keys(v.fixedChannel)) {
      if (!(CATEGORIES as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', path: ['fixedChannel', key], message: `unknown category "${key}"` });
      }
    }
  });

const targetKind = z.enum(['job', 'session', 'attempt', 'other']);
const itemsSchema = z
  .object({
    accountId: z.object({ patterns: regexList, tableHeader: regex, fileName: regex.optional() }).strict(),
    /** An account or site named only as one where the same thing works: `working` in its clause, no `failing`; `otherAccount` sets another against it; `shared`: a site said of both. */
    comparison: z.object({ working: regexList, failing: regex, otherAccount: regex, shared: regex.optional() }).strict().optional(),
    targetId: z
      .object({
        patterns: z.array(z.object({ kind: targetKind, re: regex }).strict()),
        listLabels: z.array(z.object({ kind: targetKind, re: regex }).strict()),
        fileNames: z.array(z.object({ kind: targetKind, re: regex }).strict()).default([]),
      })
      .strict(),
    urlPathKinds: z.record(z.string(), targetKind),
    urlParams: wordList,
    errorMessage: z.object({ lines: regexList, labels: regexList, strongLabels: regexList, quoted: regexList, trailers: regexList.default([]), inImageOnly: regex.optional() }).strict(),
    goal: z.object({ impliedByCategories: z.array(category), cues: regexList, statementCues: regexList, notGoal: regexList.default([]) }).strict(),
    consoleUrl: z.object({ minPathLength: z.number().int().min(1) }).strict(),
    screenshot: z
      .object({ minSide: z.number(), minArea: z.number(), maxAspect: z.number(), minBytes: z.number(), stripMinWidth: z.number().default(1000), stripMinBytes: z.number().default(60_000) })
      .strict(),
    os: z.object({ windows: regexList, mac: regexList, linux: regexList }).strict(),
    command: z.object({ patterns: regexList }).strict(),
    history: z.object({ cues: regexList, deferred: regexList.default([]) }).strict(),
    timezone: z.object({ zones: regexList, afterTime: regex, leadIn: regex, skipLines: regexList, blockZoneLabels: wordList, notEventBefore: regexList.default([]) }).strict(),
    earlierInquiry: z.object({ cues: regexList, notToSupport: regexList.default([]), numberUnknown: regexList.default([]), namesSupport: regexList.default([]), longAgo: regexList.default([]) }).strict(),
    tickets: z.object({ patterns: regexList, notTicketContext: regexList }).strict(),
    sampleData: z.object({ extensions: wordList, txtNameHint: regex }).strict(),
    referenceDocs: z.object({ patterns: regexList }).strict(),
  })
  .strict();

const requirementSchema = z
  .object({
    categories: z.array(category),
    channels: z.array(channel).optional(),
    excusedByTargetKinds: z.array(targetKind).optional(),
  })
  .strict();
const requirementsSchema = z
  .object({
    required: z.record(z.string(), requirementSchema),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const key of Object.keys(v.required)) {
      if (!(REQUIRED_ITEM_KEYS as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', path: ['required', key], message: `unknown item "${key}"` });
      }
    }
  });

/**
 * A form's field still holding the form's own hint in brackets after its label: "【最終的に実現したいこと】(例:○○の
 * データを××へ連携したい)", "Console Environment: (プルダウンから選択してください)", "Goal: <e.g. load daily sales>".
 * The hint is an example (its marker first) or an instruction to fill the field in (its words anywhere inside).
 */
function formHintLine(hints: { examples: string; instructions: string }): RegExp {
  const label = String.raw`(?:[^:：\n【】]{2,60}[:：]|【[^】\n]{1,40}】|\[[^\]\n]{1,40}\])`;
  const example = String.raw`\s*(?:${hints.examples})\s*[:：.]?[^\n]{0,80}`;
  const instruction = String.raw`[^()（）<>＜＞\n]{0,40}(?:${hints.instructions})[^()（）<>＜＞\n]{0,30}`;
  return new RegExp(
    String.raw`^[^\S\n]*(?:[-*・•●■]\s*)?(?:\(?\d{1,2}[.)]\s*)?${label}[^\S\n]*[(（<＜\[［](?:${example}|${instruction})[)）>＞\]］][.。]?[^\S\n]*$`,
    'i',
  );
}

/**
 * Answers that give nothing ("特になし", "N/A", "確認中", "TBD") and answers that point elsewhere ("see attached",
 * "添付参照"), as one list support staff keep: a form field answered with a word is empty; an error-message field
 * answered with either holds no message. `notes`: what a note in brackets left in place of a value says
 * ("【Job画面からコピーして貼る】", "（高橋さんに確認中）", "[paste here]"); `formHints`: the form's own hints (above).
 */
const notAnsweredSchema = z
  .object({
    words: z.string(),
    pointers: z.string(),
    notes: z.string().optional(),
    formHints: z.object({ examples: z.string(), instructions: z.string() }).strict().optional(),
  })
  .strict()
  .transform((v, ctx) => {
    try {
      return {
        field: new RegExp(`^[^\\S\\n]*[^:：\\n]{2,60}[:：][^\\S\\n]*(?:${v.words})[。.]?[^\\S\\n]*$`, 'i'),
        value: new RegExp(`^(?:${v.pointers}|${v.words})[.。]?(?:\\s*[(（][^)）\\n]{0,60}[)）])?$`, 'i'),
        note: v.notes ? new RegExp(v.notes, 'i') : null,
        formHint: v.formHints ? formHintLine(v.formHints) : null,
      };
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
      return z.NEVER;
    }
  });

const readingSchema = z
  .object({
    notAnswered: notAnsweredSchema,
    supportAuthors: regexList,
    supportMarkers: regexList,
    ownQuoteMarkers: regexList,
    attributionLines: regexList,
    headerLines: z.object({ from: regex, other: regex, dated: regex }).strict(),
    quoteLeadIns: regexList.default([]),
    inlineAnswerMarker: regex.nullable().default(null),
    answeredInline: regex.nullable().default(null),
    answerLead: regex.nullable().default(null),
    commentHeaders: z.object({ author: regex, stamp: regex }).strict().nullable().default(null),
    exampleMarkers: z.string(),
    signature: z
      .object({
        separators: regex,
        contactLines: regex,
        closings: regex,
        notSignature: regex,
        maxLines: z.number().int().min(0),
        mobileFooters: regex,
        postscript: regex.optional(),
      })
      .strict(),
  })
  .strict()
  .transform(({ exampleMarkers, ...rest }, ctx) => {
    try {
      return { ...rest, examples: exampleReadings(exampleMarkers) };
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['exampleMarkers'], message: `invalid regular expression: ${(err as Error).message}` });
      return z.NEVER;
    }
  });

/** Where an example's values stand, from the one list of its markers (reading.yaml `exampleMarkers`). */
export interface ExampleReadings {
  /** Any marker at all: most mails have none, and then nothing else is scanned. */
  marker: RegExp;
  /** In a quoted question: "(e.g. Account ID: 10101)", "（例：10101）", or to the line's end after "e.g." / "例:" (global). */
  inQuestion: RegExp;
  /** In brackets after a request to give the value: "…お知らせください(例: Account ID: 10101, production-us01)" (global). */
  afterRequest: RegExp;
  /** A template's hint between a label and its colon: "・Account ID（例：10101）：…" (global). */
  inLabel: RegExp;
  /** Right before a value: "例: US", "e.g. Tokyo" (tested on the few characters before it). */
  before: RegExp;
}

function exampleReadings(markers: string): ExampleReadings {
  const m = `(?:${markers})`;
  return {
    marker: new RegExp(m, 'i'),
    inQuestion: new RegExp(String.raw`[(（]\s*${m}[^)）]{0,120}[)）]|\s${m}(?:(?<=\.)|[^\S\n]*[:：]).*$`, 'gi'),
    // (the bracket first, then what stands before it: a lookbehind first would rescan a run of blanks at every position)
    afterRequest: new RegExp(String.raw`[(（](?<=(?:ください|下さい|願います|お願いします|\bplease\b[^\n]{0,80}|[?？])[^\S\n]{0,3}[(（])[^\S\n]{0,3}${m}[^()（）\n]{0,120}[)）]`, 'gi'),
    inLabel: new RegExp(String.raw`[(（][^\S\n]*${m}[^\S\n]*[:：,.]?[^()（）\n]{1,60}[)）](?=[^\S\n]*[:：])`, 'gi'),
    // (one run of blanks each side of the colon: two runs side by side made it quadratic on a marker then blanks)
    before: new RegExp(String.raw`${m}[^\S\n]*(?:[:：,][^\S\n]*)?$`, 'i'),
  };
}

export type TargetKind = z.infer<typeof targetKind>;
export interface Cue {
  re: RegExp;
  weight: number;
  /** The sender's own framing of what the mail is about ("really about Power BI rather than TD"): it holds even over a failure told in the mail. */
  framing?: boolean;
}
export interface Requirement {
  categories: Category[];
  channels?: Channel[];
  excusedByTargetKinds?: TargetKind[];
}

/** Everything support staff tune, validated and compiled. Built once by loadRules and shared read-only. */
export interface Rules {
  sites: {
    /** Every site code, in the order of sites.yaml. */
    codes: Site[];
    /** Region name -> site, matched only in a site context. */
    names: { re: RegExp; site: Site }[];
    contextLabel: RegExp;
    contextSuffix: RegExp;
    nameExclusion: RegExp;
    hostPrefixes: string[];
    consoleHostPrefixes: string[];
    /** A site code as written ("production-us01", "AP01"); group 1 is the code. Global. */
    code: RegExp;
    /** A host name on one of the vendor's domains, in running text. Global. */
    host: RegExp;
    /** One host name split: 1 the first label, 2 the site code label if any, 3 the vendor domain. */
    hostParts: RegExp;
    /** A vendor domain anywhere in a text (`hostname` ends with one: `vendorDomainAtEnd`). */
    vendorDomain: RegExp;
    vendorDomainAtEnd: RegExp;
    /** The site a host directly under each vendor domain means. */
    domainSite: Record<string, Site>;
  };
  categories: {
    order: Category[];
    /** Categories set by where the thing runs, not by what is asked: they hold against a concrete failure. */
    bySetting: Category[];
    /** Categories that are questions about something: a mail that asks nothing and tells a failure outright is not one. */
    askedOnly: Category[];
    defs: Partial<Record<Category, { threshold: number; cues: Cue[] }>>;
    errorThreshold: number;
    errorCues: Cue[];
    specThreshold: number;
    specCues: Cue[];
    /**
     * How the sentence that asks support for something is found, and how much its cues weigh extra.
     * - `aside`: a question the sender marks as secondary ("one more question on the side") is the main ask only when nothing else is asked.
     * - `specAsk`: a main ask that names the specification as what it asks for; `aboutService`: one about how the service itself behaves.
     * - `specNamed`: a sentence of the sender's that names the specification as what the question after it asks.
     * - `chaser`: a sentence that only chases an answer ("ご回答をいただけておりません"): no ask; the quoted earlier mail's ask stands.
     */
    mainAsk: { cues: Cue[]; notAsk: RegExp[]; aside: RegExp[]; sideMatter: RegExp[]; specAsk?: RegExp; specNamed?: RegExp; chaser: RegExp[]; aboutFailure?: RegExp; aboutService?: RegExp; toolAdvice?: RegExp; weight: number; minScore: number };
    /** A sentence that says the failure it names is resolved or another matter: background, not the report. */
    backgroundFailure: RegExp[];
    /** The sender says the failure shown needs no investigation at all ("there is nothing to investigate on the failure itself"): every failure in the mail is background. */
    settledMatter: RegExp[];
    /** A failure only supposed ("if the run fails", "失敗した場合", "the failure notification"): no failure reported. */
    hypotheticalFailure: RegExp[];
    /** A conditional that ends its line and shows an error below ("If the job fails with error like this:"). */
    conditionalLeadIn: RegExp[];
    /** The sender says outright that nothing has failed ("nothing has failed, I'm just asking"): no failure report. */
    noFailure: RegExp[];
    /** A legal disclaimer under the signature ("If you have received this message in error, please delete it"): boilerplate, read for no category and no ask. */
    disclaimer: RegExp[];
    /** Where one of `cues` matches, `categories` do not apply (the sender says what the mail is not about). */
    vetoes: { categories: Category[]; cues: RegExp[] }[];
  };
  channels: {
    threshold: number;
    priority: Channel[];
    cues: Partial<Record<Channel, Cue[]>>;
    fixedChannel: Partial<Record<Category, Channel>>;
    apiOnlyChannel: Category[];
    /** The tool calling the service itself with no host written (td> operators of a self-hosted Digdag). */
    serviceCalls: RegExp[];
    /** The sender says they do not know how it was run: what the text hints at is no method given. */
    methodUnknown: RegExp[];
  };
  items: z.infer<typeof itemsSchema>;
  /** `inScope` is IN_SCOPE_CATEGORIES, the one list (the reply texts are validated against it). */
  requirements: { inScope: Category[]; required: Partial<Record<RequiredItemKey, Requirement>> };
  reading: z.infer<typeof readingSchema>;
}

/**
 * Named word lists (`vocabulary.yaml`) a pattern in any other file uses as `{{name}}`: the products a
 * question can be about, listed once instead of in every cue that names them.
 */
const VOCABULARY_FILE = 'vocabulary.yaml';
const vocabularySchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a list name is letters and digits'), wordList.min(1));
const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

/** `{{name}}` becomes one non-capturing alternation of the list's words, longest first, spaces as `\s+`. */
function listExpander(lists: Record<string, string[]>): StringExpander {
  const compiled = new Map(
    Object.entries(lists).map(([name, words]) => {
      const sorted = [...new Set(words.map((w) => w.trim().toLowerCase()))].sort((a, b) => b.length - a.length);
      return [name, `(?:${sorted.map((w) => escapeRe(w).replace(/\s+/g, '\\s+')).join('|')})`];
    }),
  );
  return (value) => {
    if (!value.includes('{{')) return value;
    let unknown: string | null = null;
    const out = value.replace(PLACEHOLDER, (whole, name: string) => {
      const alt = compiled.get(name);
      if (alt === undefined) unknown ??= name;
      return alt ?? whole;
    });
    return unknown === null ? out : { error: `unknown list {{${unknown}}} (lists are defined in ${VOCABULARY_FILE}: ${[...compiled.keys()].join(', ') || 'none'})` };
  };
}

const FILES = {
  sites: ['sites.yaml', sitesSchema],
  categories: ['categories.yaml', categoriesSchema],
  channels: ['channels.yaml', channelsSchema],
  items: ['items.yaml', itemsSchema],
  requirements: ['requirements.yaml', requirementsSchema],
  reading: ['reading.yaml', readingSchema],
} as const;

/**
 * Reads and validates `<dir>/rules/*.yaml` (dir is the config folder). Every problem in every file is
 * reported at once in one EBADRULES error naming the file and the path inside it.
 */
export function loadRules(dir: string): Rules {
  const rulesDir = path.join(dir, 'rules');
  const problems: ConfigProblem[] = [];
  const out: Record<string, unknown> = {};
  const vocabulary = readYamlFile(path.join(rulesDir, VOCABULARY_FILE), vocabularySchema);
  if (!vocabulary.ok) problems.push(...vocabulary.problems);
  const expand = listExpander(vocabulary.ok ? vocabulary.data : {});
  for (const [key, [file, schema]] of Object.entries(FILES)) {
    const read = readYamlFile(path.join(rulesDir, file), schema as z.ZodType, expand);
    if (read.ok) out[key] = read.data;
    else problems.push(...read.problems);
  }
  if (problems.length > 0) {
    const lines = problems.map(formatProblem);
    throw new IntakeError('EBADRULES', `Invalid rules in ${rulesDir}:\n  - ${lines.join('\n  - ')}`, { problems: lines, found: problems, dir: rulesDir });
  }
  return compile(out as { [K in keyof typeof FILES]: z.infer<(typeof FILES)[K][1]> });
}

function compile(raw: { [K in keyof typeof FILES]: z.infer<(typeof FILES)[K][1]> }): Rules {
  const s = raw.sites;
  const names: { re: RegExp; site: Site }[] = [];
  for (const [code, def] of Object.entries(s.sites) as [Site, { names: string[] }][]) {
    for (const name of def.names) {
      // Latin names need word edges ("US" not in "STATUS"); Japanese has no spaces between words.
      const latin = /^[\x00-\x7f]+$/.test(name);
      const src = latin ? `(?<![A-Za-z0-9])${escape(name)}(?![A-Za-z0-9])` : escape(name);
      // a name of four letters or more reads in any case ("its on the tokyo region"); "US", "EU", "JP" only as written
      // ("us" is a word)
      const flags = latin ? (name.length >= 4 ? 'gi' : 'g') : 'gu';
      names.push({ re: new RegExp(src, flags), site: code });
    }
  }
  const codes = Object.keys(s.sites).map(escapeRe).join('|');
  const domains = Object.keys(s.domains).map(escapeRe).join('|');
  return {
    sites: {
      codes: Object.keys(s.sites),
      names,
      contextLabel: new RegExp(`(?:${s.contextLabels.map(escape).join('|')})`, FLAGS),
      // ("USの環境", "東京のリージョン": a Japanese の may stand between the name and the word)
      // (a city in brackets may stand between: "EU（フランクフルト）環境")
      contextSuffix: new RegExp(`^\\s*(?:[(（][^)）\\n]{1,20}[)）]\\s*)?(?:の\\s*)?(?:${s.contextSuffixes.map(escape).join('|')})`, FLAGS),
      nameExclusion: new RegExp(`(?:${s.nameExclusions.map(escape).join('|')})`, FLAGS),
      hostPrefixes: s.hostPrefixes,
      consoleHostPrefixes: s.consoleHostPrefixes,
      code: new RegExp(`(?<![a-z0-9])(?:production-|prod-)?(${codes})(?![a-z0-9])`, 'gi'),
      host: new RegExp(`(?<![a-z0-9.-])(?:[a-z0-9-]+\\.)+(?:${domains})\\b`, 'gi'),
      hostParts: new RegExp(`^([a-z0-9-]+)(?:\\.(${codes}))?\\.(${domains})$`),
      vendorDomain: new RegExp(`(?:${domains})`, 'i'),
      vendorDomainAtEnd: new RegExp(`(?:${domains})$`),
      domainSite: s.domains,
    },
    categories: {
      order: raw.categories.order,
      bySetting: raw.categories.bySetting,
      askedOnly: raw.categories.askedOnly,
      defs: raw.categories.categories as Rules['categories']['defs'],
      errorThreshold: raw.categories.errorThreshold,
      errorCues: raw.categories.errorCues,
      specThreshold: raw.categories.specThreshold,
      specCues: raw.categories.specCues,
      mainAsk: raw.categories.mainAsk,
      backgroundFailure: raw.categories.backgroundFailure,
      settledMatter: raw.categories.settledMatter,
      hypotheticalFailure: raw.categories.hypotheticalFailure.map((re) => new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')),
      conditionalLeadIn: raw.categories.conditionalLeadIn,
      noFailure: raw.categories.noFailure,
      disclaimer: raw.categories.disclaimer,
      vetoes: raw.categories.vetoes,
    },
    channels: {
      threshold: raw.channels.threshold,
      priority: raw.channels.priority,
      cues: raw.channels.channels as Rules['channels']['cues'],
      fixedChannel: raw.channels.fixedChannel as Rules['channels']['fixedChannel'],
      apiOnlyChannel: raw.channels.apiOnlyChannel,
      serviceCalls: raw.channels.serviceCalls,
      methodUnknown: raw.channels.methodUnknown,
    },
    items: raw.items,
    requirements: { inScope: [...IN_SCOPE_CATEGORIES], required: raw.requirements.required as Rules['requirements']['required'] },
    reading: raw.reading,
  };
}

/** A literal inside a regular expression, nothing else changed. */
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
}
