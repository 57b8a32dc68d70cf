import type { Cue, Rules } from './rules.ts';
import type { Category, Channel } from './types.ts';

/** Sum of the weights of the cues found in the text; each cue counts once. */
export function score(cues: Cue[], text: string): number {
  let total = 0;
  for (const c of cues) {
    c.re.lastIndex = 0;
    if (c.re.test(text)) total += c.weight;
  }
  return total;
}

export function classifyCategory(text: string, rules: Rules): Category {
  const c = rules.categories;
  for (const key of c.order) {
    const def = c.defs[key];
    if (def && score(def.cues, text) >= def.threshold) return key;
  }
  const error = score(c.errorCues, text);
  const spec = score(c.specCues, text);
  if (error >= c.errorThreshold && error >= spec) return 'error';
  if (spec >= c.specThreshold) return 'spec';
  // No failure stated but a question asked: a question about how the service works.
  if (error < c.errorThreshold && spec > 0) return 'spec';
  return 'error';
}

/** `allText` (attachments included) decides only whether an open-source tool calls the service's API. */
export function classifyChannel(text: string, category: Category, rules: Rules, allText = text): Channel {
  const ch = rules.channels;
  const fixed = ch.fixedChannel[category];
  if (fixed) return fixed;
  let best: Channel = 'unknown';
  let bestScore = 0;
  for (const key of ch.priority) {
    const s = score(ch.cues[key] ?? [], text);
    if (s > bestScore) {
      best = key;
      bestScore = s;
    }
  }
  if (ch.apiOnlyChannel.includes(category)) {
    // open-source tools on the sender's own servers: only a call to the service's API makes it `api`
    return score(ch.cues.api ?? [], allText) >= ch.threshold && /treasuredata\.(com|co\.jp)/i.test(allText) ? 'api' : 'unknown';
  }
  if (bestScore < ch.threshold) return 'unknown';
  return best;
}
