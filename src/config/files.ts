import { loadRules, type Rules } from '../analysis/rules.ts';
import { loadWebPages } from '../http/pages.ts';
import { loadTemplates, type TemplateSet } from '../reply/templates.ts';
import { loadSafetyRules, type SafetyRules } from '../safety/safety-rules.ts';
import { IntakeError, errorMessage } from '../util/errors.ts';
import type { ConfigProblem } from './yaml-file.ts';

/** Where the files staff edit live (RULES_DIR, TEMPLATES_DIR). */
export interface ConfigDirs {
  rulesDir: string;
  templatesDir: string;
}

/** The files staff edit, validated and compiled: what the pipeline is built from. */
export interface ConfigFiles {
  rules: Rules;
  templates: TemplateSet;
  safety: SafetyRules;
}

/**
 * Loads and validates everything in RULES_DIR and TEMPLATES_DIR the pipeline needs, before any
 * connection is made: a typo stops start-up (EBADRULES / EBADTEMPLATES) naming file and line.
 */
export function loadConfigFiles(dirs: ConfigDirs): ConfigFiles {
  return {
    rules: loadRules(dirs.rulesDir),
    safety: loadSafetyRules(dirs.rulesDir),
    templates: loadTemplates(dirs.templatesDir, dirs.rulesDir),
  };
}

/** Each part of the files and its loader; the check runs the very loaders start-up runs. */
const PARTS: [string, (dirs: ConfigDirs) => unknown][] = [
  ['checker rules', (d) => loadRules(d.rulesDir)],
  ['safety rules', (d) => loadSafetyRules(d.rulesDir)],
  ['reply templates and reply rules', (d) => loadTemplates(d.templatesDir, d.rulesDir)],
  ['web pages', (d) => loadWebPages(d.templatesDir)],
];

/**
 * Every problem in the rules and templates, for `intake rules check` and `intake doctor`. Files
 * are checked part by part, so one broken part does not hide the problems of the others; the
 * templates stop at their first bad file.
 */
export function checkConfigFiles(dirs: ConfigDirs): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [, load] of PARTS) {
    try {
      load(dirs);
    } catch (err) {
      problems.push(...problemsOf(err));
    }
  }
  return problems;
}

function problemsOf(err: unknown): ConfigProblem[] {
  if (!(err instanceof IntakeError)) return [{ file: '', line: null, path: '', message: errorMessage(err) }];
  const ctx = err.context as { found?: ConfigProblem[]; file?: string };
  if (ctx.found && ctx.found.length > 0) return ctx.found;
  // Problems found outside YAML (a Mustache template, a missing partial): the message leads with the file.
  const file = ctx.file ?? '';
  const message = file && err.message.startsWith(`${file}: `) ? err.message.slice(file.length + 2) : err.message;
  return [{ file, line: null, path: '', message }];
}
