import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { z } from 'zod';
import {
  CATEGORIES,
  CHANNELS,
  IN_SCOPE_CATEGORIES,
  REQUIRED_ITEM_KEYS,
  SECRET_KINDS,
  type Category,
  type Language,
} from '../analysis/types.ts';
import { IntakeError, errorMessage } from '../util/errors.ts';
import { formatProblem, parseYamlText } from '../config/yaml-file.ts';
import { loadReplyRules, type ReplyRules } from './reply-rules.ts';

export const LANGUAGES: readonly Language[] = ['ja', 'en'];

export const REPLY_KINDS = [
  'missing_items',
  'complete',
  'follow_up_missing',
  'follow_up_complete',
  'out_of_scope',
  'related_ticket',
  /** The mail could not be read automatically (time or memory limit): a person reads it. */
  'unread',
  'acknowledged',
] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export type OutOfScopeCategory = Exclude<Category, (typeof IN_SCOPE_CATEGORIES)[number]>;
export const OUT_OF_SCOPE_CATEGORIES = CATEGORIES.filter(
  (c): c is OutOfScopeCategory => !IN_SCOPE_CATEGORIES.includes(c),
);

/** Partials every language must provide; kind templates include them with `{{> name}}`. */
export const PARTIAL_NAMES = ['header', 'secrets', 'missing', 'block', 'notes', 'footer'] as const;

const line = z.string().trim().min(1);

const itemFields = {
  what: line,
  why: line,
  example: line,
  /** Extra sentence shown under the item, e.g. what to send when no job was created. */
  note: line.optional(),
  /** `what` when the checker found values to name (e.g. the clock times without a zone); `{values}` is replaced. */
  whatWithValues: line.optional(),
};
/** Wording for one channel or category: the example that fits how the partner ran it, or what a spec question needs. */
const itemVariantSchema = z.strictObject({
  what: line.optional(),
  why: line.optional(),
  example: line.optional(),
  note: line.optional(),
});
const itemTextSchema = z.strictObject({
  label: line,
  ...itemFields,
  /** Keyed by channel (console, workflow, toolbelt, api) or in-scope category (spec, request...); category wins. */
  variants: z.partialRecord(z.enum([...CHANNELS, ...CATEGORIES] as [string, ...string[]]), itemVariantSchema).default({}),
});
export type ItemText = z.infer<typeof itemTextSchema>;

// Only web links: a template must never carry a javascript: or data: URL into the HTML part.
const linkSchema = z.strictObject({ label: line, url: z.url({ protocol: /^https?$/ }) });

/** A block of prose: paragraphs (plain text, escaped in HTML) and optional links. */
const blockSchema = z.strictObject({
  title: line.optional(),
  paragraphs: z.array(line).min(1),
  links: z.array(linkSchema).default([]),
});
export type TextBlock = z.infer<typeof blockSchema>;

const inScopeSchema = z.strictObject({
  /** Shown first in every reply of the category (object_listing: the APIs that list objects). */
  lead: blockSchema.optional(),
  /** The sentence before the list of required items still missing. */
  askRequired: line,
  /** Once nothing required is missing: what happens now (request: 3 business days). */
  complete: blockSchema,
});

/** An out-of-scope category: what support can and cannot do, then what happens next (always said). */
const outOfScopeSchema = blockSchema.extend({
  /** What happens next when a person on the desk hands it on or answers. */
  next: line,
  /** What happens next when the team it goes to is copied on the reply ({address} is replaced). */
  nextCopied: line.optional(),
});

const itemsFileSchema = z.record(z.enum(REQUIRED_ITEM_KEYS), itemTextSchema);

const textsFileSchema = z.strictObject({
  /** How dates (e.g. of a related ticket) are shown: IANA zone and the label written before them. */
  dates: z.strictObject({ timeZone: line, label: line }),
  secretKinds: z.record(z.enum(SECRET_KINDS), line),
  /** What to do about each exposed kind (a password is changed; keys and tokens are revoked and issued anew). */
  secretAdvice: z.record(z.enum(SECRET_KINDS), line),
  outOfScope: z.record(z.enum(OUT_OF_SCOPE_CATEGORIES as [OutOfScopeCategory, ...OutOfScopeCategory[]]), outOfScopeSchema),
  /** Per in-scope category: what the reply says happens next. */
  inScope: z.record(z.enum(IN_SCOPE_CATEGORIES as [Category, ...Category[]]), inScopeSchema),
});
export type OutOfScopeText = z.infer<typeof outOfScopeSchema>;

export interface KindTemplates {
  text: string;
  html: string;
}

export interface LanguagePack {
  items: z.infer<typeof itemsFileSchema>;
  texts: z.output<typeof textsFileSchema>;
  kinds: Record<ReplyKind, KindTemplates>;
  /** Partials by name, separately for the text and the HTML part. */
  partials: { text: Record<string, string>; html: Record<string, string> };
}

/** Everything a reply is rendered from, loaded and validated once at start. */
export interface TemplateSet {
  dir: string;
  languages: Record<Language, LanguagePack>;
  /** Required/helpful per item and the "solved" cues, from the config folder. */
  rules: ReplyRules;
}

function fail(file: string, message: string, cause?: unknown): never {
  throw new IntakeError('EBADTEMPLATES', `${file}: ${message}`, { file }, cause === undefined ? {} : { cause });
}

function readText(file: string): string {
  if (!existsSync(file)) fail(file, 'file is missing');
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    return fail(file, errorMessage(err), err);
  }
}

function readYaml<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  const result = parseYamlText(file, readText(file), schema);
  if (!result.ok) {
    // The file and the line of the first problem lead the message; every problem is in the context.
    const [first, ...rest] = result.problems.map(formatProblem);
    throw new IntakeError('EBADTEMPLATES', [first, ...rest].join('; '), { file, found: result.problems });
  }
  return result.data;
}

/** Collects the names of partials a template includes, so a typo fails at start instead of rendering nothing. */
function partialRefs(tokens: unknown[], out: Set<string>): Set<string> {
  for (const token of tokens) {
    if (!Array.isArray(token)) continue;
    if (token[0] === '>') out.add(String(token[1]));
    if (Array.isArray(token[4])) partialRefs(token[4] as unknown[], out);
  }
  return out;
}

function readTemplate(file: string, partialNames: readonly string[]): string {
  const source = readText(file);
  let tokens: unknown[];
  try {
    tokens = Mustache.parse(source) as unknown[];
  } catch (err) {
    return fail(file, `not a valid Mustache template: ${errorMessage(err)}`, err);
  }
  for (const name of partialRefs(tokens, new Set())) {
    if (!partialNames.includes(name)) fail(file, `includes unknown partial "${name}" (known: ${partialNames.join(', ')})`);
  }
  return source;
}

function loadLanguage(dir: string, language: Language): LanguagePack {
  const base = join(dir, language);
  const items = readYaml(join(base, 'items.yaml'), itemsFileSchema);
  const textsFile = join(base, 'texts.yaml');
  const texts = readYaml(textsFile, textsFileSchema);
  try {
    new Intl.DateTimeFormat('en', { timeZone: texts.dates.timeZone });
  } catch {
    fail(textsFile, `dates.timeZone: unknown time zone "${texts.dates.timeZone}"`);
  }

  const partials: LanguagePack['partials'] = { text: {}, html: {} };
  for (const name of PARTIAL_NAMES) {
    partials.text[name] = readTemplate(join(base, `_${name}.txt`), PARTIAL_NAMES);
    partials.html[name] = readTemplate(join(base, `_${name}.html`), PARTIAL_NAMES);
  }
  const kinds = {} as Record<ReplyKind, KindTemplates>;
  for (const kind of REPLY_KINDS) {
    kinds[kind] = {
      text: readTemplate(join(base, `${kind}.txt`), PARTIAL_NAMES),
      html: readTemplate(join(base, `${kind}.html`), PARTIAL_NAMES),
    };
  }
  return { items, texts, kinds, partials };
}

/**
 * Reads and validates `templates/` (see templates/README.md for the layout), and the reply's
 * rules in `configDir` (`items.yaml`: required or helpful; `follow-ups.yaml`: "solved" cues).
 * Throws IntakeError('EBADTEMPLATES') naming the first bad file, so a broken
 * edit stops the service at start rather than sending a broken reply.
 */
export function loadTemplates(dir: string, configDir = 'config'): TemplateSet {
  const languages = {} as Record<Language, LanguagePack>;
  for (const language of LANGUAGES) languages[language] = loadLanguage(dir, language);
  return { dir, languages, rules: loadReplyRules(configDir) };
}
