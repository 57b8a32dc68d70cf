import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Language } from '../analysis/types.ts';
import { LANGUAGES } from '../reply/templates.ts';
import { IntakeError, errorMessage } from '../util/errors.ts';

/** Pages of the partner check and the console, under `templates/web/`; partials are `_name.html`. */
export const PAGE_NAMES = ['check', 'console-login', 'console-tickets', 'console-ticket', 'console-failed', 'console-message'] as const;
export type PageName = (typeof PAGE_NAMES)[number];
const PARTIAL_NAMES = ['head', 'console-nav', 'missing-item'] as const;

const uiTextsSchema = z.record(z.string().regex(/^[A-Za-z_]+$/), z.string().trim().min(1));
export type UiTexts = Record<string, string>;

export interface WebPages {
  dir: string;
  /** Fixed texts of the check page per language (items come from the reply templates). */
  texts: Record<Language, UiTexts>;
  /** The stylesheet, inlined into every page (one request on a phone) and allowed by its CSP hash. */
  css: string;
  cssHash: string;
  render(name: PageName, view: Record<string, unknown>): string;
}

function fail(file: string, message: string, cause?: unknown): never {
  throw new IntakeError('EBADTEMPLATES', `${file}: ${message}`, { file }, cause === undefined ? {} : { cause });
}

function read(file: string): string {
  if (!existsSync(file)) fail(file, 'file is missing');
  return readFileSync(file, 'utf8');
}

function readTemplate(file: string): string {
  const source = read(file);
  try {
    Mustache.parse(source);
  } catch (err) {
    fail(file, `not a valid Mustache template: ${errorMessage(err)}`, err);
  }
  return source;
}

/**
 * Reads and checks `templates/web/` once at start, like the reply templates: a broken
 * edit stops the service with the file's name instead of serving a broken page.
 */
export function loadWebPages(templatesDir: string): WebPages {
  const dir = join(templatesDir, 'web');
  const textsFile = join(dir, 'texts.yaml');
  let data: unknown;
  try {
    data = parseYaml(read(textsFile));
  } catch (err) {
    if (err instanceof IntakeError) throw err;
    fail(textsFile, `not valid YAML: ${errorMessage(err)}`, err);
  }
  const parsed = z.record(z.enum(LANGUAGES as [Language, ...Language[]]), uiTextsSchema).safeParse(data);
  if (!parsed.success) fail(textsFile, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const texts = parsed.data as Record<Language, UiTexts>;
  for (const lang of LANGUAGES) if (!texts[lang]) fail(textsFile, `${lang}: missing`);
  const keys = (l: Language) => Object.keys(texts[l]).sort().join(',');
  for (const lang of LANGUAGES) {
    const extra = Object.keys(texts[LANGUAGES[0]!]).filter((k) => !(k in texts[lang]));
    if (keys(lang) !== keys(LANGUAGES[0]!)) fail(textsFile, `${lang}: keys differ from ${LANGUAGES[0]} (${extra.join(', ') || 'extra keys'})`);
  }

  const css = read(join(dir, 'style.css'));
  const cssHash = `sha256-${createHash('sha256').update(css).digest('base64')}`;
  const partials: Record<string, string> = {};
  for (const name of PARTIAL_NAMES) partials[name] = readTemplate(join(dir, `_${name}.html`));
  const pages = {} as Record<PageName, string>;
  for (const name of PAGE_NAMES) pages[name] = readTemplate(join(dir, `${name}.html`));

  return {
    dir,
    texts,
    css,
    cssHash,
    render(name, view) {
      return Mustache.render(pages[name], { css, ...view }, partials);
    },
  };
}

/** Headers of every page: no script at all, the inline stylesheet by hash, never framed, never cached. */
export function pageSecurityHeaders(cssHash: string): Record<string, string> {
  return {
    'content-security-policy': `default-src 'none'; style-src '${cssHash}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}
