/**
 * The sender's answers to support's questions, however a reply sets them out: under the quoted question, numbered to
 * support's numbered list, typed into support's text after an answer's lead, or under the sender's own copy of each
 * question. Each answer is read with its question as label; an answer that puts the value off labels nothing.
 */
import type { InlineAnswer, ReadingRules, ReadLine } from './text-segments.ts';

/**
 * An answer that puts the value off rather than giving it: its first sentence gives nothing or points elsewhere ("N/A",
 * "It's in the screenshot. The banner text can't be selected…"), or it says the value is still to come ("Will check
 * with the client and come back to you", "I'm afraid I can't give you this one"; reading.yaml `notAnswered`). The note
 * is looked for in the first sentence only (`firstSentence`) where the text may go on to give the value after all, or
 * in the whole answer where an apology leads ("申し訳ございません。…運用担当者に確認中のため、…").
 */
export function putsOff(value: string, rules: Pick<ReadingRules, 'notAnswered'>, noteIn: 'firstSentence' | 'whole' = 'firstSentence'): boolean {
  const first = /^[^.。!?！？]*[.。!?！？]?/.exec(value.trim())![0].trim();
  return rules.notAnswered.value.test(first) || (rules.notAnswered.note?.test(noteIn === 'whole' ? value : first) ?? false);
}

/** Longest quoted question block (heading, what, why, example) read as a label, and the longest one-line answer taken as its value. */
const MAX_QUESTION_LINES = 6;
const MAX_ANSWER_CHARS = 80;

/**
 * The sender's one-line answers under questions quoted from support's mail: a bare "61390" under
 * "> - Account ID of the end user (e.g. Account ID: 10101)" is the account ID, labelled by the question.
 */
export function readAnswers(lines: ReadLine[], rules: ReadingRules): InlineAnswer[] {
  const out: InlineAnswer[] = [];
  const blank = (i: number) => lines[i]!.text.trim() === '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.role !== 'own' || l.depth !== 0 || blank(i) || l.text.trim().length > MAX_ANSWER_CHARS) continue;
    let after = i + 1;
    while (after < lines.length && blank(after)) after++;
    if (after < lines.length && lines[after]!.role === 'own') continue;
    let q = i - 1;
    while (q >= 0 && blank(q)) q--;
    // (a quote with no attribution line, in a reply, is passed on: its questions label the answers the same way)
    const asked = q < 0 ? null : lines[q]!.role;
    if (asked !== 'support' && asked !== 'passed-on') continue;
    let start = q;
    while (start > 0 && !blank(start - 1) && lines[start - 1]!.role === asked) start--;
    if (q - start + 1 > MAX_QUESTION_LINES) continue;
    // the item's heading is its first line ("1. End user's Account ID", then what/why/example lines under it), or the
    // last list item of the block ("> please send us:" / "> - The Account ID of the end user (e.g. …)")
    let head = q;
    while (head > start && !LIST_ITEM.test(lines[head]!.text)) head--;
    const question = lines[LIST_ITEM.test(lines[head]!.text) ? head : start]!.text
      .trim()
      .replace(rules.examples.inQuestion, '')
      .replace(LIST_ITEM, '')
      .trim();
    if (question) out.push({ question, answer: l.text.trim(), value: l.text.trim() });
  }
  // an answer that puts the value off ("Will check with the client and come back to you") is not labelled by the question:
  // the question's words ("…when it last ran successfully") are not the sender's
  return [...out, ...numberedAnswers(lines, rules), ...answersUnderOwnLabels(lines, rules)].filter((a) => !putsOff(a.value, rules, 'whole'));
}

/** Longest line read as the label of an answer under it in the sender's own text. */
const MAX_OWN_LABEL_CHARS = 80;

/**
 * Answers the sender writes under their own copy of each question, marked as answers ("①対象のAccount ID" / "　→ ４８２０３",
 * "Q: …" / "A: …"): each reads with the line above as its label.
 */
function answersUnderOwnLabels(lines: ReadLine[], rules: ReadingRules): InlineAnswer[] {
  const lead = rules.answerLead;
  if (!lead) return [];
  const out: InlineAnswer[] = [];
  let above: ReadLine | null = null;
  let waiting = false;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '') continue;
    const own = l.role === 'own' || l.role === 'passed-on';
    // (or a bare number set in under a numbered heading: "1. Account ID / Console Environment" / "   38470 / AP01 (Tokyo)")
    const setIn = above !== null && LIST_ITEM.test(above.text) && indentOf(l.text) > indentOf(above.text) && BARE_NUMBER.test(t);
    if (own && above && (lead.test(t) || setIn || waiting)) {
      const value = t.replace(lead, '').trim();
      const question = above.text.trim().replace(rules.examples.inQuestion, '').replace(LIST_ITEM, '').trim();
      if (value && question) out.push({ question, answer: t, value });
      // a lead alone on its line ("【回答】") has its value on the next: "2073345519 でございます。"
      waiting = value === '' && !waiting;
      if (waiting) continue;
    }
    waiting = false;
    above = own && !lead.test(t) && isBareLabel(t) ? l : null;
  }
  return out;
}

const BARE_NUMBER = /^\d{3,12}(?:[^\S\n]*[/／,、][^\n]{0,60})?$/;
/** A short line with no value after a colon: the sender's copy of a question, a heading ("①対象のAccount ID"). */
const isBareLabel = (line: string): boolean => line.length <= MAX_OWN_LABEL_CHARS && !/[:：]\s*\S/.test(line);
const indentOf = (line: string): number => /^[^\S\n]*/.exec(line)![0].length;

/**
 * The sender's copy of a question as a heading, answered by putting it off ("2. What the end user is ultimately trying to
 * achieve" / "   Unfortunately we do not have the details yet. … will get back to you"): the heading is support's words.
 */
export function markPutOffHeadings(lines: ReadLine[], rules: ReadingRules): void {
  for (let i = 0; i < lines.length; i++) {
    const h = lines[i]!;
    if (h.role !== 'own' || !LIST_ITEM.test(h.text) || !isBareLabel(h.text.trim())) continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.text.trim() === '') j++;
    const next = lines[j];
    if (!next || next.role !== 'own' || LIST_ITEM.test(next.text)) continue;
    if (putsOff(next.text, rules)) h.role = 'meta';
  }
}

const LIST_ITEM = /^[^\S\n]*(?:[-*・•●■]|\d{1,2}[.)])[^\S\n]*/;
const NUMBERED = /^[^\S\n]*[(（]?(\d{1,2})[.)）][^\S\n]*(\S[^\n]*)$/;

/**
 * Answers by number above support's numbered questions quoted below ("Answers by number:" / "1. 71240 / US" over
 * "> 1. The Account ID and Console Environment (e.g. …)"): each short answer reads with its question as label. Only
 * where two answers or more find their numbers among the questions, so a list of the sender's own steps above an
 * unrelated quote stays as written.
 */
function numberedAnswers(lines: ReadLine[], rules: ReadingRules): InlineAnswer[] {
  const questions = new Map<string, string>();
  for (const l of lines) {
    if (l.role !== 'support') continue;
    const m = NUMBERED.exec(l.text);
    if (m && !questions.has(m[1]!)) questions.set(m[1]!, m[2]!.replace(rules.examples.inQuestion, '').trim());
  }
  if (questions.size < 2) return [];
  const answers = lines.flatMap((l) => {
    const m = l.role === 'own' && l.depth === 0 ? NUMBERED.exec(l.text) : null;
    return m && questions.has(m[1]!) ? [{ n: m[1]!, answer: l.text.trim(), value: m[2]!.trim() }] : [];
  });
  if (new Set(answers.map((a) => a.n)).size < 2) return [];
  return answers
    .filter((a) => a.value.length <= MAX_ANSWER_CHARS && questions.get(a.n))
    .map((a) => ({ question: questions.get(a.n)!, answer: a.answer, value: a.value }));
}

/**
 * Answers written inline into support's text, under the marker the sender named in their own lines ('I've answered
 * inline below, my answers start with "KV:"'), are the sender's own words: each answer runs to the next blank line.
 */
export function markInlineAnswers(lines: ReadLine[], rules: ReadingRules): void {
  const start = answerStart(lines, rules);
  if (!start) return;
  let inAnswer = false;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '') inAnswer = false;
    else if (l.role === 'support' && start.test(t)) {
      inAnswer = true;
      // the answer's text as the sender would have written it alone: "⇒ Query exceeded …" is error text
      if (start.cut) l.text = t.replace(start.cut, '');
    }
    if (inAnswer && l.role === 'support') l.role = 'own';
  }
}

/**
 * How the sender's answers inside support's text start: the marker they name ('my answers start with "KV:"'), or, where
 * they only say they answered inline ('下記に青字で回答いたします', the colour lost with the HTML), an answer's lead
 * ("⇒ Account ID:39127/東京リージョンです。").
 */
function answerStart(lines: ReadLine[], rules: ReadingRules): { test: (line: string) => boolean; cut?: RegExp } | null {
  const own = lines.filter((l) => l.role === 'own');
  for (const l of rules.inlineAnswerMarker ? own : []) {
    const m = rules.inlineAnswerMarker!.exec(l.text);
    // the first group that took part: a quoted marker or a bracketed one
    const marker = m?.slice(1).find((g) => g?.trim())?.trim();
    if (marker) return { test: (line) => line.startsWith(marker) };
  }
  const { answeredInline, answerLead } = rules;
  if (!answeredInline || !answerLead || !own.some((l) => answeredInline.test(l.text))) return null;
  return { test: (line) => answerLead.test(line), cut: answerLead };
}
