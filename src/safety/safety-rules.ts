import { join } from 'node:path';
import { z } from 'zod';
import { formatProblem, readYamlFile } from '../config/yaml-file.ts';
import { IntakeError } from '../util/errors.ts';

/** What makes a mail read as a bounce, beyond its headers (config/safety.yaml `bounce`). */
export interface BouncePhrases {
  /** Non-delivery subjects: enough on their own. */
  subjects: RegExp[];
  /** Subjects a partner might use too: only next to another weak signal. */
  weakSubjects: RegExp[];
  /** Body lines of bounces without a report part: only next to another weak signal. */
  bodyPhrases: RegExp[];
}

/** config/safety.yaml, validated and compiled. */
export interface SafetyRules {
  bounce: BouncePhrases;
  /** Free-mail domains: sharing one says nothing about belonging to the same organisation. */
  publicDomains: string[];
}

const pattern = z.string().transform((src, ctx) => {
  try {
    return new RegExp(src, 'i');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
    return z.NEVER;
  }
});

const safetySchema = z.strictObject({
  bounce: z.strictObject({
    subjects: z.array(pattern).min(1),
    weakSubjects: z.array(pattern),
    bodyPhrases: z.array(pattern),
  }),
  publicDomains: z.array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a domain name, lower case')),
});

export const SAFETY_FILE = 'safety.yaml';

/** Reads `<configDir>/safety.yaml`; a mistake throws EBADRULES naming file and line. */
export function loadSafetyRules(configDir: string): SafetyRules {
  const read = readYamlFile(join(configDir, SAFETY_FILE), safetySchema);
  if (!read.ok) {
    const lines = read.problems.map(formatProblem);
    throw new IntakeError('EBADRULES', `Invalid ${SAFETY_FILE}:\n  - ${lines.join('\n  - ')}`, { problems: lines, found: read.problems });
  }
  return read.data;
}
