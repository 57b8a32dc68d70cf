import type { InboundMail } from '../mail/types.ts';
import { channelEvidence, classifyCategory, classifyChannel, score, withoutSupposed } from './classify.ts';
import {
  consoleUrls,
  findAccountIds,
  accountIdsInFileNames,
  targetIdsInFileNames,
  findOs,
  findSites,
  findTargetIds,
  findTickets,
  hasCommand,
  hasErrorMessage,
  hasGoal,
  hasHistory,
  mentionsEarlierInquiry,
  forwardedInquiryToSupport,
  referenceDocs,
  sampleDataFiles,
  screenshots,
  timesWithoutZone,
  matchesAny,
  isQuestion,
} from './items.ts';
import { readMainAsk } from './ask.ts';
import { EvidenceLocator } from './evidence.ts';
import { paragraphs, structure } from './structure.ts';
import { readMail, type Source } from './reading.ts';
import type { Rules } from './rules.ts';
import { findSecrets, redactSecrets } from './secrets.ts';
import { isReplySubject } from '../reply/subject.ts';
import {
  ITEM_KEYS,
  REQUIRED_ITEM_KEYS,
  type Analysis,
  type Category,
  type Channel,
  type ItemKey,
  type ItemResult,
  type RequiredItemKey,
  type SecretFinding,
} from './types.ts';

export interface AnalyseOptions {
  /** sha256 of images seen in this sender's other mails: logos and banners, not screenshots. */
  recurringImageHashes?: ReadonlySet<string>;
}

const EMPTY: ReadonlySet<string> = new Set();

/** Evidence strings kept per item: enough to see why, short enough to read. */
const MAX_EVIDENCE = 5;

/** Reads one mail against the rules. Pure: no I/O, never throws for odd input. */
export function analyse(mail: InboundMail, rules: Rules, options: AnalyseOptions = {}): Analysis {
  const reading = readMail(mail, rules);
  const sources = reading.sources;
  const ev = Object.fromEntries(ITEM_KEYS.map((k) => [k, [] as string[]])) as Record<ItemKey, string[]>;
  const prose = sources
    .filter((s) => !s.isAttachment)
    .map((s) => s.text)
    .join('\n');
  // a chaser that asks nothing itself ("…ご回答をいただけておりません") leaves the matter to the sender's earlier mail it quotes
  const ownAsk = readMainAsk(reading.own, reading.subject, rules);
  const chases = ownAsk.text === null && matchesAny(rules.categories.mainAsk.chaser, reading.own);
  const ask = chases ? readMainAsk(reading.counted, reading.subject, rules) : ownAsk;
  const mainAsk = ask.text;
  // right after the main ask: both read the sentences of the sender's own text (structure() keeps the last one)
  const earlier = mentionsEarlierInquiry(reading.own, reading.subject, rules) || forwardedInquiryToSupport(sources, rules);
  const targetIds = [...new Set([...findTargetIds(sources, rules, ev.target_id), ...targetIdsInFileNames(mail.attachments, rules)])];
  const errorText = hasErrorMessage(sources, rules, ev.error_message);
  // pasted error text or a failing job / session is strong evidence of a failure report
  // unless every line that shows it sits in a paragraph saying that failure is settled or another matter
  // a job or session ID is a failing run only where the mail tells of a failure at all: "(e.g. job ID 2017788990)"
  // in a question about downloading results is an example
  // (a failure only supposed, "does --retry retry on any failure?", makes no run a failing one)
  // (the plain text first: most mails without a failure word need no second scan)
  const failingRun =
    targetIds.some((id) => /^(?:job|session):/.test(id)) &&
    score(rules.categories.errorCues, prose) > 0 &&
    score(rules.categories.errorCues, withoutSupposed(prose, rules.categories.hypotheticalFailure)) > 0;
  const shown = [...ev.error_message, ...ev.target_id];
  const concrete =
    (errorText || failingRun) &&
    !(shown.length > 0 && matchesAny(rules.categories.settledMatter, reading.own)) &&
    !onlyBackground(shown, prose, rules.categories.backgroundFailure, reading.own) &&
    !onlySupposed(shown, prose, rules.categories.hypotheticalFailure, rules.categories.conditionalLeadIn);
  // a reply's subject names the matter it answers, not what this mail asks
  const ownSubject = reading.subject.trim() && !isReplySubject(reading.subject) ? reading.subject : null;
  // error text shown under "If the job fails with error like this:" and answered by a question is supposed, not reported
  const shownIfFailed = supposedBlocks(prose, rules.categories.hypotheticalFailure, rules.categories.conditionalLeadIn);
  // a side matter the sender marks as such ("Separately, … the client asked what it would cost") does not decide what the mail is
  const sideMatters = ask.text !== null && !ask.aside ? ask.sideMatters : [];
  // a legal disclaimer's "please delete it and notify the sender" requests nothing
  const boilerplate = paragraphs(prose).filter((p) => rules.categories.disclaimer.some((re) => re.test(p)));
  const categoryInput = [...shownIfFailed, ...sideMatters, ...boilerplate].reduce((t, block) => t.replace(block, ' '), categoryText(sources, prose, rules, reading.own));
  // what the sender's work is for, read before the category: a topic named only there ("契約更新が近い入居者様へ…送るため")
  // is their business, not what they ask
  const purpose: string[] = [];
  const goalStated = hasGoal(sources, rules, purpose);
  const category = classifyCategory(joinSoftWraps(categoryInput), rules, mainAsk, concrete, ownSubject, ask.aside, purpose);
  // How the sender ran it is told in their prose; library names inside pasted errors are not a method, nor support's
  // question that labels an inline answer ("The Account ID and Console Environment: 71240 / US")
  const ownProse = sources
    .filter((s) => !s.isAttachment && !s.cites)
    .map((s) => s.text)
    .join('\n');
  const channel = classifyChannel(withoutErrorLines(ownProse, rules), category, rules, sources.filter((s) => !s.cites).map((s) => s.text).join('\n'));

  const tickets = findTickets(sources, rules, ev.related_ticket);
  const shots = screenshots(mail.attachments, options.recurringImageHashes ?? EMPTY, rules);

  const items = {} as Record<ItemKey, ItemResult>;
  const set = (key: ItemKey, present: boolean, values: string[] = []) => {
    items[key] = { present, values, evidence: [] };
  };
  const accounts = [...new Set([...findAccountIds(sources, rules, ev.account_id), ...accountIdsInFileNames(mail.attachments, rules)])];
  set('account_id', accounts.length > 0, accounts);
  const sites = findSites(sources, rules, ev.site);
  set('site', sites.length > 0, sites);
  const goalImplied = rules.items.goal.impliedByCategories.includes(category);
  // a request or an out-of-scope question is itself what the sender wants: its ask is the evidence
  if (goalImplied && mainAsk) ev.goal.push(mainAsk);
  ev.goal.push(...purpose);
  set('goal', goalImplied || goalStated);
  if (channel !== 'unknown') {
    const line = channelEvidence(prose, channel, rules);
    if (line) ev.method.push(line);
  }
  set('method', channel !== 'unknown', channel !== 'unknown' ? [channel] : []);
  set('target_id', targetIds.length > 0, targetIds);
  set('error_message', errorText);
  const urls = consoleUrls(sources, rules, ev.console_url);
  set('console_url', urls.length > 0, urls);
  set('screenshot', shots.length > 0, shots);
  const os = findOs(sources, rules, ev.os);
  set('os', os.length > 0, os);
  set('command', hasCommand(sources, rules, ev.command));
  set('history', hasHistory(sources, rules, ev.history));
  // the times without a zone are the item's values: the reply names them when it asks for the zone
  const zoneless = timesWithoutZone(sources, rules, ev.timezone);
  set('timezone', zoneless.length === 0, zoneless);
  // a number given for one inquiry does not stand for another whose number the sender says they lack
  const numberUnknown = earlier && matchesAny(rules.items.earlierInquiry.numberUnknown, reading.own);
  // an inquiry of last year, mentioned in a reply on this thread's ticket, is another one: the subject's tag is not its number
  const onlyThisThread =
    earlier &&
    isReplySubject(reading.subject) &&
    matchesAny(rules.items.earlierInquiry.longAgo, reading.own) &&
    findTickets(sources.filter((s) => s.where !== 'subject'), rules, []).length === 0;
  set('related_ticket', !earlier || (tickets.length > 0 && !numberUnknown && !onlyThisThread), tickets);
  const docs = referenceDocs(sources, rules);
  set('reference_docs', docs.length > 0, docs);
  ev.reference_docs.push(...docs);
  const samples = sampleDataFiles(mail.attachments, rules);
  set('sample_data', samples.length > 0, samples);

  const secrets = collectSecrets(reading.everything.map((s) => ({ where: s.where, text: s.text })), mail.subject);

  // Evidence in the sender's exact words; a line holding a credential is never repeated anywhere.
  const locator = new EvidenceLocator([mail.subject ?? '', mail.text ?? '', ...mail.attachments.map((a) => a.text ?? '')], { texts: new Set([1]), examples: rules.reading.examples });
  const exact = (normalized: string): string | null => {
    const found = locator.locate(normalized);
    return found !== null && (secrets.length === 0 || redactSecrets(found) === found) ? found : null;
  };
  for (const key of ITEM_KEYS) {
    if (!items[key].present) continue;
    const seen = new Set<string>();
    for (const e of ev[key]) {
      if (seen.size >= MAX_EVIDENCE) break;
      const text = exact(e);
      if (text !== null) seen.add(text);
    }
    items[key].evidence = [...seen];
  }

  return {
    language: reading.language,
    category,
    channel,
    items,
    missing: computeMissing(category, channel, items, rules),
    mainAsk: mainAsk === null ? null : exact(mainAsk),
    secrets,
    referencedTickets: tickets,
    mentionsEarlierInquiry: earlier || tickets.length > 0,
    senderText: redactSecrets(reading.counted.trim() || reading.subject),
  };
}

/**
 * The text the category is read from. A reply keeps the subject of the matter it answers: when the sender now
 * says that matter is settled ("本件は解決いたしました。別件で恐縮ですが…"), the subject's failure
 * ("Re: …セグメント件数が0件になる件") is history, not what this mail asks.
 */
function categoryText(sources: Source[], prose: string, rules: Rules, own: string): string {
  const subject = sources.find((s) => s.where === 'subject');
  if (!subject || !isReplySubject(subject.text)) return prose;
  // A reply whose new text says the failure is settled ("That was it! … this morning's run went through fine") and asks
  // something else: the failure quoted below it is that thread's matter, the new text is this mail's.
  if (own.trim() && rules.categories.backgroundFailure.some((re) => re.test(own))) return own;
  const body = sources.filter((s) => !s.isAttachment && s.where !== 'subject').map((s) => s.text).join('\n');
  return rules.categories.backgroundFailure.some((re) => re.test(body)) ? body : prose;
}

/**
 * English running text as the sender wrote it, before the mail client wrapped it: "I'd like your view" /
 * "on how to lay out the project." is one phrase to the category cues. A line is joined to the next when it
 * ends inside a sentence (a letter or a comma) and the next goes on in lower case; lists, code and
 * Japanese lines (which their clients wrap anywhere) keep their breaks.
 */
function joinSoftWraps(text: string): string {
  // (also before a version number: "We run open-source Digdag" / "0.10.5 ourselves on an EC2 box")
  return text.replace(/(?<=[A-Za-z,])[^\S\n]*\n(?=[^\S\n]{0,2}(?:[a-z]|\d{1,3}(?:\.\d{1,4}){1,3}[^\S\n]))/g, ' ');
}

function withoutErrorLines(text: string, rules: Rules): string {
  return text
    .split('\n')
    .map((line) => {
      if (!matchesAny(rules.items.errorMessage.lines, line)) return line;
      // a console URL glued to error text by the mail client still says where it ran
      return line.match(/https?:\/\/\S+/g)?.join(' ') ?? '';
    })
    .join('\n');
}

function collectSecrets(parts: { where: string; text: string }[], subject: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  const seen = new Set<string>();
  for (const p of [{ where: 'subject', text: subject }, ...parts]) {
    for (const f of findSecrets(p.text, p.where)) {
      if (seen.has(f.kind)) continue;
      seen.add(f.kind);
      out.push(f);
    }
  }
  return out;
}

/** Required items that are absent, in the spec's table order; empty for out-of-scope categories. */
export function computeMissing(
  category: Category,
  channel: Channel,
  items: Record<ItemKey, ItemResult>,
  rules: Rules,
): RequiredItemKey[] {
  if (!rules.requirements.inScope.includes(category)) return [];
  const kinds = new Set((items.target_id?.values ?? []).map((v) => v.split(':')[0]));
  const missing: RequiredItemKey[] = [];
  for (const key of REQUIRED_ITEM_KEYS) {
    const req = rules.requirements.required[key];
    if (!req || !req.categories.includes(category)) continue;
    if (req.channels && !req.channels.includes(channel)) continue;
    if (req.excusedByTargetKinds?.some((k) => kinds.has(k))) continue;
    if (!items[key]?.present) missing.push(key);
  }
  return missing;
}

/**
 * A ticket re-checked as a whole: items given in any of its messages count; category/language from the
 * first in-scope message; missing recomputed. analyses[0] is the opening mail.
 */
export function combineAnalyses(analyses: Analysis[], rules: Rules): Analysis {
  const first = analyses[0];
  if (!first) throw new RangeError('combineAnalyses needs at least one analysis');
  const lead = analyses.find((a) => rules.requirements.inScope.includes(a.category)) ?? first;
  // The method may be stated in a later mail ("we run it from the console"), unless the category fixes it.
  const fixed = rules.channels.fixedChannel[lead.category];
  const channel: Channel =
    fixed ?? (lead.channel !== 'unknown' ? lead.channel : (analyses.find((a) => a.channel !== 'unknown')?.channel ?? 'unknown'));
  const items = {} as Record<ItemKey, ItemResult>;
  for (const key of ITEM_KEYS) {
    const values = [...new Set(analyses.flatMap((a) => a.items[key]?.values ?? []))];
    let present = analyses.some((a) => a.items[key]?.present);
    // Every clock time of the thread needs its zone; a later mail that names a zone answers the question.
    if (key === 'timezone') {
      present = analyses.every((a) => a.items.timezone?.present) || mentionsZone(analyses.at(-1)!, rules);
    }
    if (key === 'method') present = channel !== 'unknown';
    const evidence = [...new Set(analyses.flatMap((a) => a.items[key]?.evidence ?? []))];
    items[key] = { present, values: key === 'method' ? (channel !== 'unknown' ? [channel] : []) : values, evidence: present ? evidence : [] };
  }
  const tickets = [...new Set(analyses.flatMap((a) => a.referencedTickets))];
  const earlier = analyses.some((a) => a.mentionsEarlierInquiry);
  items.related_ticket = {
    present: !analyses.some((a) => !a.items.related_ticket?.present) || tickets.length > 0,
    values: tickets,
    evidence: [...new Set(analyses.flatMap((a) => a.items.related_ticket?.evidence ?? []))],
  };
  const secrets: SecretFinding[] = [];
  const seen = new Set<string>();
  for (const a of analyses) {
    for (const s of a.secrets) {
      if (!seen.has(s.kind)) {
        seen.add(s.kind);
        secrets.push(s);
      }
    }
  }
  return {
    language: lead.language,
    category: lead.category,
    channel,
    items,
    missing: computeMissing(lead.category, channel, items, rules),
    mainAsk: lead.mainAsk ?? null,
    secrets,
    referencedTickets: tickets,
    mentionsEarlierInquiry: earlier,
    senderText: analyses.map((a) => a.senderText).join('\n\n'),
  };
}

function mentionsZone(a: Analysis, rules: Rules): boolean {
  return rules.items.timezone.zones.some((re) => {
    re.lastIndex = 0;
    return re.test(a.senderText);
  });
}

const squash = (t: string): string => t.replace(/\s+/g, '');

/** True when every evidence line lies in a paragraph that says its failure is resolved or unrelated. */
/**
 * Every line that shows the failure sits in a question that supposes it: 'If a td> task fails with "Query exceeded
 * maximum time limit", does _retry re-run only the failed task?' quotes an error as an example, it reports none.
 */
function onlySupposed(lines: string[], prose: string, supposed: RegExp[], leadIns: RegExp[] = []): boolean {
  if (lines.length === 0 || supposed.length === 0) return false;
  const questions = structure(prose).sentences.filter((s) => isQuestion(s) && matchesAny(supposed, s));
  const squashed = [...questions, ...supposedBlocks(prose, supposed, leadIns)].map(squash);
  if (squashed.length === 0) return false;
  // head or tail: the evidence line may begin with a sentence before the question ("One new question while I have
  // you. When ops re-runs a failed day … with" / '"Retry failed tasks", does …?')
  return lines.every((line) => {
    const l = squash(line);
    const head = l.slice(0, 40);
    const tail = l.slice(-40);
    return squashed.some((q) => q.includes(head) || q.includes(tail));
  });
}

/** A paragraph that asks something: a question mark anywhere, or a Japanese question ending. */
const ASKS = /[?？]|ですか|ますか|でしょうか/;

/**
 * Text shown under a conditional lead-in that supposes a failure, when a question follows it: "If the job fails with
 * error like this:" / "    AmazonS3Exception: …" / "will TD retry the export part automatically?".
 */
function supposedBlocks(prose: string, supposed: RegExp[], leadIns: RegExp[]): string[] {
  if (leadIns.length === 0) return [];
  const lines = prose.split('\n');
  const blank = (i: number) => lines[i]!.trim() === '';
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lead = lines[i]!;
    if (!matchesAny(leadIns, lead) || !matchesAny(supposed, lead)) continue;
    let from = i + 1;
    while (from < lines.length && blank(from)) from++;
    let to = from;
    while (to < lines.length && !blank(to)) to++;
    let next = to;
    while (next < lines.length && blank(next)) next++;
    // the question answering the conditional: the paragraph after the shown text
    let end = next;
    while (end < lines.length && !blank(end)) end++;
    const answer = lines.slice(next, end).join(' ');
    if (answer === '' || !ASKS.test(answer)) continue;
    out.push(lines.slice(from, to).join('\n'));
  }
  return out;
}

function onlyBackground(lines: string[], prose: string, background: RegExp[], own: string): boolean {
  if (lines.length === 0 || background.length === 0 || !background.some((re) => re.test(prose))) return false;
  // The paragraph is the unit: "Background: in October jobs were killed with <error> … We have since split
  // the query and it's fine now" settles the failure a sentence after it is told.
  const read = paragraphs(prose).map((p) => ({ squashed: squash(p), sentences: structure(p).sentences }));
  // A failure told only in the sender's earlier mail, quoted under a new text that calls it settled ("…が原因でした。
  // 昨晩の実行は正常に完了しております。その上で…ご質問をいただいております"), is that mail's matter, not this one's.
  const ownSettles = background.some((re) => re.test(own));
  const ownSquashed = ownSettles ? squash(own) : '';
  return lines.every((line) => {
    const l = squash(line).slice(0, 40);
    if (ownSettles && !ownSquashed.includes(l)) return true;
    return read.some((p) => p.squashed.includes(l) && p.sentences.some((s) => background.some((re) => re.test(s))));
  });
}
