import type { Cue, Rules } from './rules.ts';
import { lineAt } from './items.ts';
import { paragraphs, structure } from './structure.ts';
import type { Category, Channel } from './types.ts';

/** A URL in running text, to its first blank: its words ('?queryId=', '#retrying-failed-tasks') neither ask nor report. */
export const URL_IN_TEXT = /\bhttps?:\/\/\S+/g;

/** Sum of the weights of the cues found in the text; each cue counts once. */
export function score(cues: Cue[], text: string): number {
  let total = 0;
  for (const c of cues) if (matches(c, text)) total += c.weight;
  return total;
}

function matches(cue: Cue, text: string): boolean {
  cue.re.lastIndex = 0;
  return cue.re.test(text);
}

/**
 * Category from what the sender asks. Every out-of-scope or special category is scored on the whole
 * text, and its cues in the main ask weigh extra; the best past its threshold (the furthest past it)
 * wins. Otherwise a reported failure is `error`, also when the mail asks a question about it (the
 * spec's reading rule): `concreteFailure` (pasted error text, a job or session ID) or a failure stated
 * outright settles it. A question with no failure is `spec`.
 */
export function classifyCategory(
  text: string,
  rules: Rules,
  mainAsk: string | null = null,
  concreteFailure = false,
  subject: string | null = null,
  askIsAside = false,
  purposes: string[] = [],
): Category {
  const c = rules.categories;
  const ask = mainAsk ?? '';
  // The same cue list meets the same text many times below (each category's cues against the ask up to four times,
  // the error cues against the reported text three): each pair is scored once.
  const score = scorer();
  const total = (cues: Cue[]) => score(cues, text) + (ask ? c.mainAsk.weight * score(cues, ask) : 0);
  let best: Category | null = null;
  let bestRatio = 0;
  let bestBySetting = false;
  // "if the run fails…", "失敗した場合は…": a failure supposed in a question is no failure reported
  // and a failure told in a paragraph that calls it settled ("…it's fine now, so there is nothing to investigate") is background
  const current = paragraphs(text)
    .filter((p) => !c.backgroundFailure.some((re) => re.test(p)))
    .join('\n\n');
  // (a URL's words name a page, they tell no failure: "…/workflow_definition.html#retrying-failed-tasks-automatically")
  const reported = withoutSupposed(current.replace(URL_IN_TEXT, ' '), c.hypotheticalFailure);
  // the ask with its supposed failures taken out ("when an export fails …, does TD retry?")
  const askReported = withoutSupposed(ask, c.hypotheticalFailure);
  const askAboutFailure = ask !== '' && (c.mainAsk.aboutFailure?.test(ask) ?? false);
  const askAboutService = ask !== '' && (c.mainAsk.aboutService?.test(ask) ?? false);
  // A failure told outright and asked about ("the activation status has been a red Failed badge … Can you let us
  // know what's going wrong on the Google Ads side or in TD?") is a failure report like one with pasted error text.
  // the sender says nothing has failed: the error words are what the question is about
  const deniesFailure = c.noFailure.some((re) => re.test(text));
  // the sender says what the mail is not about ("how TD itself behaves here, not how to write the SQL")
  const vetoed = new Set(c.vetoes.filter((v) => v.cues.some((re) => re.test(text))).flatMap((v) => v.categories));
  const failureReport = !deniesFailure && (concreteFailure || (askAboutFailure && score(c.errorCues, reported) >= c.errorThreshold));
  // A category that is a question about something (another vendor's product, a design) needs a question: a mail that asks
  // nothing and tells a failure outright ("The Snowflake source in TD console stop to import since monday … he only
  // rotate the password on the Snowflake side") reports that failure.
  const toldFailure = !deniesFailure && score(c.errorCues, reported) >= c.errorThreshold && statesFailure(c.errorCues, reported);
  // (or asks only on the side of it: "While you're looking: do you know whether Google counts that before…?")
  const toldFailureOnly = (!ask || askIsAside) && toldFailure;
  // The sender names the specification as what they ask ("td_wait オペレーターの仕様について確認させてください"): a
  // category whose cues stand only around it ("ワークフロー設計にあたり") is the background of a spec question.
  // The subject is the sender's text too: "S3エクスポート時のファイル分割の仕様について" over a question that names no
  // failure ("どの条件で出力ファイルが分割されるのでしょうか") names the specification as the ask.
  // (another vendor's specification named so, "Google広告のカスタマーマッチの仕様について", is that vendor's question)
  // So does a sentence before the question: "Treasure Workflowについて、仕様を確認させてください。" above "…上限はありますでしょうか"
  const namesOtherSpec = (t: string) => c.askedOnly.some((k) => score(c.defs[k]?.cues ?? [], t) > 0);
  const namesSpec = (t: string) => (c.mainAsk.specAsk?.test(t) ?? false) && !namesOtherSpec(t);
  const namesSpecBefore = (t: string) => {
    const m = c.mainAsk.specNamed?.exec(t);
    return !!m && !namesOtherSpec(lineAt(t, m.index));
  };
  const specAsked =
    !concreteFailure &&
    ask !== '' &&
    score(c.errorCues, askReported) === 0 &&
    ((score(c.specCues, ask) >= c.specThreshold && namesSpec(ask)) ||
      (subject !== null && namesSpec(subject) && score(c.errorCues, subject) === 0 && score(c.specCues, ask) > 0) ||
      (namesSpecBefore(text) && score(c.specCues, ask) > 0));
  for (const key of c.order) {
    const def = c.defs[key];
    if (!def) continue;
    // A concrete failure (pasted error text, a failing job or session) is what the mail is about unless
    // the sender asks for this category's thing: "the owner change you did last month went fine; since
    // then the workflow fails" reports a failure, it requests nothing.
    // Categories set by where the thing runs (open-source tools on the sender's own servers) hold anyway.
    // An ask about that failure's cause or remedy ("SQLの書き方で回避できるものなのか…") keeps it a failure report too.
    // So does an ask the sender marks as secondary ("Also - unrelated to the failure - could you send us a user list?").
    // The sender's own framing ("a question that is really about Power BI rather than TD") holds over the failure they tell.
    const framed = def.cues.some((cue) => cue.framing === true && matches(cue, text));
    if (failureReport && !framed && !c.bySetting.includes(key) && (!ask || askAboutFailure || askIsAside || score(def.cues, ask) === 0)) continue;
    if (toldFailureOnly && !framed && c.askedOnly.includes(key)) continue;
    // nor is a failure told outright whose ask does not speak of such a question and whose topic stands only in what the
    // sender's work is for: "契約更新が近い入居者様へ更新案内メールを送るため、…Activationを実行するとエラーになり…"
    // asking "SFMC側の設定で確認すべき点があれば…ご教示" is about the failure, not a contract
    if (toldFailure && !framed && c.askedOnly.includes(key) && score(def.cues, ask) === 0 && purposes.length > 0 && score(def.cues, withoutSentences(text, purposes)) < def.threshold) continue;
    // a question about the service itself ("How long does TD keep the result…?") is not about what is named only around it
    if (askAboutService && !framed && c.askedOnly.includes(key) && score(def.cues, ask) === 0) continue;
    if (vetoed.has(key)) continue;
    if (specAsked && !c.bySetting.includes(key) && score(def.cues, ask) === 0) continue;
    const ratio = total(def.cues) / def.threshold;
    // a tie goes to the category the main ask speaks of: "pull the list of users once a month" as a step of a design
    // asked about ("Is there a recommended pattern…?") ties the list with the design, and the question is the design
    const tieWonByAsk = ratio === bestRatio && best !== null && ask !== '' && score(def.cues, ask) > score(c.defs[best]?.cues ?? [], ask);
    // where the thing runs, told in the mail itself, decides over what is asked about it: settings advice for Embulk on
    // the sender's own EC2 instance is a question about that open-source tool, however much it reads like a design question
    const bySetting = c.bySetting.includes(key) && score(def.cues, text) >= def.threshold;
    if (ratio >= 1 && bySetting !== bestBySetting && best !== null) {
      if (bySetting) {
        best = key;
        bestRatio = ratio;
        bestBySetting = true;
      }
      continue;
    }
    if (ratio >= 1 && (ratio > bestRatio || tieWonByAsk)) {
      best = key;
      bestRatio = ratio;
      bestBySetting = bySetting;
    }
  }
  if (best) return best;
  const error = deniesFailure ? 0 : score(c.errorCues, reported);
  // The sender says what they ask for, and it is the specification ("以下の仕様についてご教示ください"): a problem
  // told around it without error text or a failing run is its background ("集計が終わらない日が出てきています").
  if (specAsked) return 'spec';
  const spec = score(c.specCues, text);
  // Pasted error text or a failing job/session ID is a failure report even worded without a failure verb
  // ("Job … was killed overnight:" above the error line).
  if (concreteFailure && !deniesFailure) return 'error';
  // A question about how the service behaves, its failure words only supposed ("when an export fails because the
  // destination returns an error, does TD retry…?"), is a spec question unless a failure is told outright around it.
  const askedHow = !failureReport && ask !== '' && score(c.specCues, ask) > 0 && score(c.errorCues, askReported) === 0;
  if (error >= c.errorThreshold && (statesFailure(c.errorCues, reported) || (error >= spec && !askedHow))) return 'error';
  if (spec >= c.specThreshold) return 'spec';
  // No failure stated but a question asked: a question about how the service works.
  if (error < c.errorThreshold && spec > 0) return 'spec';
  return 'error';
}

/**
 * The text without the given sentences, compared with whitespace aside (evidence is read from rejoined lines). Both are
 * split by the same reader and matched through a set: one walk, however long a hostile sentence.
 */
function withoutSentences(text: string, sentences: string[]): string {
  const squash = (t: string) => t.replace(/\s+/g, '');
  const drop = new Set(sentences.flatMap((s) => structure(s).sentences.map(squash)));
  return structure(text)
    .sentences.filter((s) => !drop.has(squash(s)))
    .join('\n');
}

/** `score`, remembering each (cue list, text) pair's result for the life of one classification. */
function scorer(): (cues: Cue[], text: string) => number {
  const seen = new Map<Cue[], Map<string, number>>();
  return (cues, text) => {
    let byText = seen.get(cues);
    if (!byText) seen.set(cues, (byText = new Map()));
    let s = byText.get(text);
    if (s === undefined) byText.set(text, (s = score(cues, text)));
    return s;
  };
}

/** The text with the failures it only supposes taken out, every one of them ("if the run fails…", "retry on any failure"). */
export function withoutSupposed(text: string, hypothetical: RegExp[]): string {
  return hypothetical.reduce((t, re) => t.replace(everywhere(re), ' '), text);
}

const GLOBAL = new WeakMap<RegExp, RegExp>();

/** The same pattern with the g flag, made once. */
function everywhere(re: RegExp): RegExp {
  if (re.global) return re;
  let g = GLOBAL.get(re);
  if (!g) GLOBAL.set(re, (g = new RegExp(re.source, `${re.flags}g`)));
  return g;
}

/** A failure stated outright: an error cue of weight 3 or more ("連携されなくなりました", "the file didn't arrive"). */
function statesFailure(cues: Cue[], text: string): boolean {
  return cues.some((cue) => cue.weight >= 3 && matches(cue, text));
}

/** `allText` (attachments included) decides only whether an open-source tool calls the service's API. */
export function classifyChannel(text: string, category: Category, rules: Rules, allText = text): Channel {
  const ch = rules.channels;
  const fixed = ch.fixedChannel[category];
  if (fixed) return fixed;
  // "実行方法（Saved Queryか、Workflowか等）については…記載がなく、現在確認中です": a console URL or a screen named around
  // it is where the sender looked, not how the thing runs
  if (ch.methodUnknown.some((re) => re.test(text))) return 'unknown';
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
    const callsApi =
      (score(ch.cues.api ?? [], allText) >= ch.threshold && rules.sites.vendorDomain.test(allText)) ||
      ch.serviceCalls.some((re) => {
        re.lastIndex = 0;
        return re.test(allText);
      });
    return callsApi ? 'api' : 'unknown';
  }
  if (bestScore < ch.threshold) return 'unknown';
  return best;
}

/** The first line of `text` where a cue of `channel` matches: what the method was read from. */
export function channelEvidence(text: string, channel: Channel, rules: Rules): string | null {
  for (const cue of rules.channels.cues[channel] ?? []) {
    cue.re.lastIndex = 0;
    const m = cue.re.exec(text);
    if (!m) continue;
    const start = text.lastIndexOf('\n', m.index - 1) + 1;
    const end = text.indexOf('\n', m.index);
    return text.slice(start, end < 0 ? text.length : end);
  }
  return null;
}
