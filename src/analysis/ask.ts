import { score, URL_IN_TEXT } from './classify.ts';
import type { Rules } from './rules.ts';
import { paragraphs, structure } from './structure.ts';

export interface MainAsk {
  /**
   * The main ask: the sentence of the sender's own prose that asks support to do something (a question
   * or a request), greetings and closings aside. The strongest ask wins; on a tie the first one, since
   * mail states its request first and adds detail after. Null when the sender asks nothing.
   */
  text: string | null;
  /** Every ask of the mail stands in what the sender marks as secondary ("Also - unrelated to the failure, …"). */
  aside: boolean;
  /** Paragraphs that open with the sender's mark of a side matter ("Separately, and I realise this may belong to a different team: …"). */
  sideMatters: string[];
}

/**
 * The main ask and whether it is only an aside. A sentence the sender marks as secondary and that asks nothing itself
 * makes the rest of its paragraph secondary: "Also - unrelated to the failure - … still needs their access review.
 * Could you send us a list of all users?" asks on the side of the failure it reports.
 */
export function readMainAsk(ownText: string, subject: string, rules: Rules): MainAsk {
  const ask = rules.categories.mainAsk;
  let best: string | null = null;
  let bestScore = ask.minScore - 1e-9;
  let aside: string | null = null;
  let asideScore = ask.minScore - 1e-9;
  const sideMatters: string[] = [];
  // a marker that leads into a list with a colon ("And two questions on the side:") covers the list after its blank line
  let asideLeadIn = false;
  for (const paragraph of paragraphs(withoutToolAdvice(ownText, rules))) {
    let inAside = asideLeadIn;
    asideLeadIn = false;
    const sentences = structure(paragraph).sentences;
    if (sentences[0] !== undefined && ask.sideMatter.some((re) => re.test(sentences[0]!))) sideMatters.push(paragraph);
    for (const sentence of sentences) {
      if (ask.notAsk.some((re) => re.test(sentence)) || ask.chaser.some((re) => re.test(sentence)) || rules.categories.disclaimer.some((re) => re.test(sentence))) continue;
      // a URL's query string ('…/editor?queryId=2207714') asks nothing
      const s = score(ask.cues, sentence.replace(URL_IN_TEXT, ' '));
      if (inAside || ask.aside.some((re) => re.test(sentence)) || ask.sideMatter.some((re) => re.test(sentence))) {
        // a marker that asks nothing itself introduces the asks after it; one that asks ("別件で恐縮ですが、1点確認させて
        // ください。") is the aside, and the question that follows is the matter itself
        if (s < ask.minScore) {
          inAside = true;
          asideLeadIn = sentence === sentences.at(-1) && /[:：]\s*$/.test(sentence);
        }
        if (s > asideScore) {
          aside = sentence;
          asideScore = s;
        }
      } else if (s > bestScore) {
        best = sentence;
        bestScore = s;
      }
    }
  }
  if (best === null && subject.trim() && score(ask.cues, subject) >= ask.minScore) return { text: subject.trim(), aside: false, sideMatters };
  return best !== null ? { text: best, aside: false, sideMatters } : { text: aside, aside: aside !== null, sideMatters };
}

/** The sender's text without a tool's advice pasted right under its error ("Please check your network connection, …"). */
function withoutToolAdvice(text: string, rules: Rules): string {
  const advice = rules.categories.mainAsk.toolAdvice;
  if (!advice || !text.includes('\n')) return text;
  const lines = text.split('\n');
  const errorLine = (line: string) => rules.items.errorMessage.lines.some((re) => re.test(line));
  return lines.map((line, i) => (i > 0 && advice.test(line) && errorLine(lines[i - 1]!) ? '' : line)).join('\n');
}
