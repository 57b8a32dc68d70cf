import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { errorMessage } from '../util/errors.ts';

/** One mistake in a file staff edit: where it is (line from 1, null when the file as a whole is at fault) and what. */
export interface ConfigProblem {
  file: string;
  line: number | null;
  /** Path inside the document, dotted (`required.account_id.categories.0`); '' for the file itself. */
  path: string;
  message: string;
}

/** `file:line: path: message`, the form editors and CI logs link to. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.file}${p.line === null ? '' : `:${p.line}`}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

export type YamlResult<T> = { ok: true; data: T } | { ok: false; problems: ConfigProblem[] };

/**
 * Rewrites every string value before validation (the rules' `{{list}}` placeholders); returns the
 * new string, or a message when the string cannot be rewritten (an unknown list name).
 */
export type StringExpander = (value: string) => string | { error: string };

/**
 * Reads a YAML file and validates it with `schema`. Every zod issue is mapped back to the line of
 * the node it concerns (the nearest existing parent for a missing key, the key itself for an
 * unknown one), so `intake rules check` can say where to look.
 */
export function readYamlFile<T extends z.ZodType>(file: string, schema: T, expand?: StringExpander): YamlResult<z.output<T>> {
  if (!existsSync(file)) return { ok: false, problems: [{ file, line: null, path: '', message: 'file is missing' }] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, problems: [{ file, line: null, path: '', message: errorMessage(err) }] };
  }
  return parseYamlText(file, text, schema, expand);
}

export function parseYamlText<T extends z.ZodType>(file: string, text: string, schema: T, expand?: StringExpander): YamlResult<z.output<T>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line,
        path: '',
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  let value: unknown = doc.toJS();
  if (expand) {
    const failures: { path: string[]; message: string }[] = [];
    value = mapStrings(value, [], expand, failures);
    if (failures.length > 0) {
      return {
        ok: false,
        problems: failures.map((f) => {
          const offset = offsetOf(doc, f.path);
          return { file, line: offset === null ? null : lineCounter.linePos(offset).line, path: f.path.join('.') || '(top)', message: f.message };
        }),
      };
    }
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((raw) => {
      const issue = innermost(raw);
      const path = issue.path.map(String);
      const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys ?? [] : [];
      const offset = offsetOf(doc, path, keys[0]);
      return {
        file,
        line: offset === null ? null : lineCounter.linePos(offset).line,
        path: [...path, ...keys.slice(0, 1)].join('.') || '(top)',
        message: issue.message,
      };
    }),
  };
}

function mapStrings(value: unknown, path: string[], expand: StringExpander, failures: { path: string[]; message: string }[]): unknown {
  if (typeof value === 'string') {
    const out = expand(value);
    if (typeof out === 'string') return out;
    failures.push({ path, message: out.error });
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, [...path, String(i)], expand, failures));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, [...path, k], expand, failures)]));
  }
  return value;
}

type Issue = z.core.$ZodIssue;

/**
 * A value matching none of a union's forms ("a pattern, or {re, weight}") says only "Invalid
 * input"; the form it came closest to (the one that failed on more than its type) says why.
 */
function innermost(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const near = issue.errors.find((option) => option.some((i) => i.code !== 'invalid_type')) ?? issue.errors[0]!;
  const first = near.find((i) => i.code !== 'invalid_type') ?? near[0];
  return first ? innermost({ ...first, path: [...issue.path, ...first.path] } as Issue) : issue;
}

/**
 * Start offset of what `path` (plus an unknown `key`) names: the key of a map entry, the item of a
 * list; for a path that does not exist, its deepest existing part (a missing key: its parent's key).
 */
function offsetOf(doc: Document, path: string[], key?: string): number | null {
  let node: unknown = doc.contents;
  let best = startOf(node);
  for (const part of key === undefined ? path : [...path, key]) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === part);
      if (!pair) break;
      best = startOf(pair.key) ?? best;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(part)];
      if (item === undefined) break;
      best = startOf(item) ?? best;
      node = item;
    } else break;
  }
  return best;
}

function startOf(node: unknown): number | null {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : null;
}
