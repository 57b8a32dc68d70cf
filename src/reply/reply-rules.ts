import { join } from 'node:path';
import { z } from 'zod';
import { REQUIRED_ITEM_KEYS, type RequiredItemKey } from '../analysis/types.ts';
import { IntakeError, errorMessage } from '../util/errors.ts';
import { formatProblem, readYamlFile } from '../config/yaml-file.ts';

/**
 * What staff decide about replies beyond their wording: which items the investigation needs
 * (`config/items.yaml`) and how a follow-up saying "solved" reads (`config/follow-ups.yaml`).
 */

export const ITEM_KINDS = ['required', 'helpful'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export interface ReplyRules {
  /** The guideline's two kinds: required (the investigation needs it) and helpful (it speeds the answer up). */
  itemKinds: Record<RequiredItemKey, ItemKind>;
  solved: { cues: RegExp[]; notIf: RegExp[] };
}

const itemsSchema = z.strictObject({
  items: z.strictObject(Object.fromEntries(REQUIRED_ITEM_KEYS.map((k) => [k, z.enum(ITEM_KINDS)])) as Record<
    RequiredItemKey,
    z.ZodEnum<{ required: 'required'; helpful: 'helpful' }>
  >),
});

const pattern = z.string().min(1).superRefine((src, ctx) => {
  try {
    new RegExp(src, 'iu');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${errorMessage(err)}` });
  }
});

const followUpsSchema = z.strictObject({
  solved: z.strictObject({ cues: z.array(pattern).min(1), notIf: z.array(pattern).default([]) }),
});

function readYaml<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  const result = readYamlFile(file, schema);
  if (!result.ok) throw new IntakeError('EBADRULES', result.problems.map(formatProblem).join('; '), { file, found: result.problems });
  return result.data;
}

/** Reads `<configDir>/items.yaml` and `<configDir>/follow-ups.yaml`; a mistake stops start-up with EBADRULES. */
export function loadReplyRules(configDir: string): ReplyRules {
  const items = readYaml(join(configDir, 'items.yaml'), itemsSchema);
  const followUps = readYaml(join(configDir, 'follow-ups.yaml'), followUpsSchema);
  return {
    itemKinds: items.items,
    solved: {
      cues: followUps.solved.cues.map((s) => new RegExp(s, 'iu')),
      notIf: followUps.solved.notIf.map((s) => new RegExp(s, 'iu')),
    },
  };
}

/** Sentences (and lines) of a text: "solved" is judged per sentence, so a condition elsewhere does not hide it. */
function sentences(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/\n|(?<=[。！？!?])|(?<=\.)\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** True when the sender's own text says the case is solved or may be closed. Pure. */
export function saysSolved(senderText: string, rules: ReplyRules): boolean {
  return sentences(senderText).some(
    (s) => rules.solved.cues.some((re) => re.test(s)) && !rules.solved.notIf.some((re) => re.test(s)),
  );
}

/** Missing items split by kind, each in the given (spec) order. */
export function splitByKind(
  missing: readonly RequiredItemKey[],
  kinds: Record<RequiredItemKey, ItemKind>,
): { required: RequiredItemKey[]; helpful: RequiredItemKey[] } {
  return {
    required: missing.filter((k) => kinds[k] === 'required'),
    helpful: missing.filter((k) => kinds[k] === 'helpful'),
  };
}
