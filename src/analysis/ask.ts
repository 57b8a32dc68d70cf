import { score } from './classify.ts';
import type { Rules } from './rules.ts';
import { structure } from './structure.ts';

/**
 * The main ask: the sentence of the sender's own prose that asks support to do something (a question
 * or a request), greetings and closings aside. The strongest ask wins; on a tie the first one, since
 * mail states its request first and adds detail after. Null when the sender asks nothing.
 */
export function findMainAsk(ownText: string, subject: string, rules: Rules): string | null {
  const ask = rules.categories.mainAsk;
  let best: string | null = null;
  let bestScore = ask.minScore - 1e-9;
  let aside: string | null = null;
  let asideScore = ask.minScore - 1e-9;
  for (const sentence of structure(ownText).sentences) {
    if (ask.notAsk.some((re) => re.test(sentence))) continue;
    const s = score(ask.cues, sentence);
    if (ask.aside.some((re) => re.test(sentence))) {
      if (s > asideScore) {
        aside = sentence;
        asideScore = s;
      }
    } else if (s > bestScore) {
      best = sentence;
      bestScore = s;
    }
  }
  if (best === null && subject.trim() && score(ask.cues, subject) >= ask.minScore) return subject.trim();
  return best ?? aside;
}
