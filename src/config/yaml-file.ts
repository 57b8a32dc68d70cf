import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, isMap, isPair, isScalar, parseDocument, type Document, type Node } from 'yaml';
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
 * Reads a YAML file and validates it with `schema`. Every zod issue is mapped back to the line of
 * the node it concerns (the nearest existing parent for a missing key, the key itself for an
 * unknown one), so `intake rules check` can say where to look.
 */
export function readYamlFile<T extends z.ZodType>(file: string, schema: T): YamlResult<z.output<T>> {
  if (!existsSync(file)) return { ok: false, problems: [{ file, line: null, path: '', message: 'file is missing' }] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, problems: [{ file, line: null, path: '', message: errorMessage(err) }] };
  }
  return parseYamlText(file, text, schema);
}

export function parseYamlText<T extends z.ZodType>(file: string, text: string, schema: T): YamlResult<z.output<T>> {
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
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
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

/** Start offset of the node at `path` (or of its key `key`), else of its nearest existing parent. */
function offsetOf(doc: Document, path: string[], key?: string): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (!node && n > 0) continue;
    const target = n === path.length && key !== undefined && isMap(node) ? node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) : undefined;
    const ranged = (target && isPair(target) ? (target.key as Node) : node) ?? (doc.contents as Node | null);
    if (ranged?.range) return ranged.range[0];
    if (n === 0) return null;
  }
  return null;
}
