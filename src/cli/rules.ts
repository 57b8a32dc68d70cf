import { checkConfigFiles, type ConfigDirs } from '../config/files.ts';
import { formatProblem } from '../config/yaml-file.ts';
import type { Io } from './io.ts';

const USAGE = 'usage: intake rules check';

/**
 * `intake rules check`: validates RULES_DIR and TEMPLATES_DIR with the loaders start-up uses and
 * prints each problem as `file:line: path: message`. Exit code: 0 when all is valid, 1 on any
 * problem, 2 for bad usage. Needs no Redis, IMAP or SMTP, so it runs in CI and before a deploy.
 */
export function runRulesCheck(args: string[], io: Io, dirs: ConfigDirs): number {
  if (args.length !== 1 || args[0] !== 'check') {
    io.stderr(USAGE);
    return 2;
  }
  const problems = checkConfigFiles(dirs);
  for (const p of problems) io.stdout(formatProblem(p));
  io.stdout(
    problems.length === 0
      ? `rules and templates valid (${dirs.rulesDir}, ${dirs.templatesDir})`
      : `${problems.length} problem(s) in ${dirs.rulesDir} / ${dirs.templatesDir}`,
  );
  return problems.length === 0 ? 0 : 1;
}
