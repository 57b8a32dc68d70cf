import { analyse } from '../analysis/analyse.ts';
import type { Rules } from '../analysis/rules.ts';
import type { Analysis } from '../analysis/types.ts';
import { parseMail } from '../mail/parse.ts';
import type { InboundMail } from '../mail/types.ts';
import { classifyInbound, type InboundClassification } from '../safety/classify.ts';
import type { BouncePhrases } from '../safety/safety-rules.ts';
import { AnalysisStoppedError } from './analysis-pool.ts';
import { readHeadOnly, unreadAnalysis } from './read-mail.ts';

/**
 * Parses and analyses mail: the AnalysisPool (threads under a time limit) in the service and
 * `intake check`, or in-process (`inProcessReader`) where every mail was read before (`intake reindex`).
 */
export interface MailReader {
  parse(raw: Buffer): Promise<InboundMail>;
  analyse(mail: InboundMail, recurringImageHashes: Iterable<string>, timeoutMs?: number): Promise<Analysis>;
}

/**
 * Remembers that a mail stopped its analysis (time or heap), so a retry or a restart never runs
 * it into the same wall again (src/pipeline/read-mail.ts keeps it in Redis for the worker).
 */
export interface AnalysisStops {
  /** Why an earlier attempt stopped, or null: then this attempt is counted as started. */
  begin(): Promise<string | null>;
  finished(): Promise<void>;
  stopped(err: AnalysisStoppedError): Promise<void>;
}

export interface PrepareOptions {
  reader: MailReader;
  /** Image hashes this sender sent before (logos, not screenshots). */
  recurringImages(mail: InboundMail): Promise<Iterable<string>> | Iterable<string>;
  /** Our own address: mail from it is our own coming back (src/safety/classify.ts). */
  supportAddress: string | null;
  /** Bounce subjects and body phrases (config/safety.yaml). */
  bounce: BouncePhrases;
  /** One time limit for parse and analysis together; without it each step has the reader's own. */
  timeoutMs?: number;
  /**
   * With it, a mail that cannot be read automatically is remembered and prepared from its head
   * alone (`unread`); without it the AnalysisStoppedError is thrown (`intake check` reports it).
   */
  stops?: AnalysisStops;
  /** The mail when the caller parsed it already (`intake check` parses every file first, for logos across files). */
  parsed?: InboundMail;
}

/** What is known of one inbound mail before anything is decided or written. */
export interface PreparedMail {
  mail: InboundMail;
  analysis: Analysis;
  /** Set when the mail could not be read automatically (`timeout`, `memory`, `crash`, `interrupted`): analysis is a placeholder. */
  unread: string | null;
  classification: InboundClassification;
  /**
   * The Message-IDs a bounce returns (empty unless it is one): the ticket store threads the
   * bounce by them besides the mail's own References, which stay as the mail had them.
   */
  returnedIds: string[];
}

/** read raw → parse → analyse → classify: the one way the worker, `intake reindex` and `intake check` read an inbound mail. */
export async function prepareInbound(raw: Buffer, o: PrepareOptions): Promise<PreparedMail> {
  const read = await readAndAnalyse(raw, o);
  const classification = classifyInbound(read.mail, { supportAddress: o.supportAddress, raw, bounce: o.bounce });
  return { ...read, classification, returnedIds: classification.bounceOf?.messageIds ?? [] };
}

async function readAndAnalyse(raw: Buffer, o: PrepareOptions): Promise<Pick<PreparedMail, 'mail' | 'analysis' | 'unread'>> {
  let stopped = o.stops ? await o.stops.begin() : null;
  if (!stopped) {
    const deadline = o.timeoutMs !== undefined ? Date.now() + o.timeoutMs : null;
    try {
      const mail = o.parsed ?? (await o.reader.parse(raw));
      const logos = await o.recurringImages(mail);
      const analysis =
        deadline === null ? await o.reader.analyse(mail, logos) : await o.reader.analyse(mail, logos, Math.max(1, deadline - Date.now()));
      await o.stops?.finished();
      return { mail, analysis, unread: null };
    } catch (err) {
      if (!(err instanceof AnalysisStoppedError) || !o.stops) throw err;
      stopped = err.reason;
      await o.stops.stopped(err);
    }
  }
  const mail = await readHeadOnly(raw, o.reader);
  return { mail, analysis: unreadAnalysis(mail), unread: stopped };
}

/** Parse and analysis on this thread, without a time limit: for mail the service has read before. */
export function inProcessReader(rules: Rules): MailReader {
  return {
    parse: (raw) => parseMail(raw),
    analyse: async (mail, logos) => analyse(mail, rules, { recurringImageHashes: new Set(logos) }),
  };
}
