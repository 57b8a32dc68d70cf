import { readFile, stat } from 'node:fs/promises';
import { recurringImagesPerMail } from '../analysis/recurring.ts';
import { loadRules } from '../analysis/rules.ts';
import { loadSafetyRules } from '../safety/safety-rules.ts';
import { IN_SCOPE_CATEGORIES, ITEM_KEYS, REQUIRED_ITEM_KEYS, type Analysis, type RequiredItemKey } from '../analysis/types.ts';
import { loadReplyRules, type ItemKind } from '../reply/reply-rules.ts';
import { AnalysisPool, AnalysisStoppedError } from '../pipeline/analysis-pool.ts';
import { prepareInbound } from '../pipeline/prepare.ts';
import type { InboundMail } from '../mail/types.ts';
import { IntakeError, errorMessage } from '../util/errors.ts';
import type { Io } from './io.ts';

const USAGE = 'usage: intake check [--json | --explain] FILE.eml...';

/**
 * `intake check [--json | --explain] FILE.eml...`: analyses mail files offline. `--json` gives per item
 * the `evidence` (the sender's exact lines or sentences that made it present) and the `main_ask`;
 * `--explain` prints them under each item instead of the reply preview. Each file is judged on its own
 * content; images recurring across the given files of one sender are taken as logos. A file that
 * cannot be read as mail gets an error line on stderr and the others are still analysed.
 * Exit code: 0, 1 when any file failed, 2 for bad usage.
 */
export interface CheckOptions {
  rulesDir: string;
  templatesDir: string;
  /** The service's bounds: each file is parsed and analysed in a thread stopped at the same time limit. */
  analysis?: { timeoutMs: number; heapMb: number };
}

const DEFAULT_BOUNDS = { timeoutMs: 5_000, heapMb: 512 };

export async function runCheck(args: string[], io: Io, opts: CheckOptions): Promise<number> {
  const json = args.includes('--json');
  const explain = args.includes('--explain');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json' && a !== '--explain');
  const files = args.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || files.length === 0) {
    io.stderr(unknown.length > 0 ? `unknown option ${unknown.join(' ')}\n${USAGE}` : USAGE);
    return 2;
  }
  loadRules(opts.rulesDir); // a bad rules file is reported here, before any thread starts
  const bounce = loadSafetyRules(opts.rulesDir).bounce;
  const itemKinds = loadReplyRules(opts.rulesDir).itemKinds;
  const pool = new AnalysisPool({ ...(opts.analysis ?? DEFAULT_BOUNDS), threads: 1, rulesDir: opts.rulesDir });
  try {
    let failed = false;
    const loaded: { file: string; raw: Buffer; mail: InboundMail }[] = [];
    for (const file of files) {
      try {
        loaded.push({ file, ...(await readMailFile(file, pool)) });
      } catch (err) {
        failed = true;
        io.stderr(`${file}: ${describe(err)}`);
      }
    }
    const recurring = recurringImagesPerMail(loaded.map((l) => l.mail));
    const reply = json || explain ? null : await loadReplyComposer(opts.templatesDir, opts.rulesDir, io);
    for (const [i, { file, raw, mail }] of loaded.entries()) {
      let analysis: Analysis;
      try {
        // Parsed above already; without `stops`, a mail over the limit is reported, not answered as unread.
        ({ analysis } = await prepareInbound(raw, { reader: pool, parsed: mail, recurringImages: () => recurring[i] ?? [], supportAddress: null, bounce }));
      } catch (err) {
        failed = true;
        io.stderr(`${file}: ${describe(err)}`);
        continue;
      }
      if (json) io.stdout(JSON.stringify(toJson(file, analysis, itemKinds)));
      else io.stdout(report(file, mail, analysis, explain ? null : reply, explain));
    }
    return failed ? 1 : 0;
  } finally {
    await pool.close();
  }
}

function describe(err: unknown): string {
  if (err instanceof AnalysisStoppedError) {
    return `could not be read automatically (${err.reason === 'timeout' ? `over the ${String(err.context.timeoutMs)} ms limit` : err.reason}); the service would answer it as unread`;
  }
  return errorMessage(err);
}

async function readMailFile(file: string, pool: AnalysisPool): Promise<{ raw: Buffer; mail: InboundMail }> {
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new IntakeError('ENOFILE', err.code === 'ENOENT' ? 'no such file' : `cannot read: ${err.message}`, { file });
  });
  if (info.isDirectory()) throw new IntakeError('EISDIR', 'is a directory, not a mail file', { file });
  const raw = await readFile(file);
  if (!looksLikeMail(raw)) throw new IntakeError('ENOTMAIL', 'not a mail (no header lines at the start)', { file });
  return { raw, mail: await pool.parse(raw) };
}

/** A mail starts with header lines ("Name: value"), possibly after an mbox "From " line. */
export function looksLikeMail(raw: Buffer): boolean {
  const head = raw.subarray(0, 4096);
  if (head.includes(0)) return false;
  const text = head.toString('latin1').replace(/^\uFEFF/, '').replace(/^From .*\r?\n/, '');
  const lines = text.split(/\r?\n|\r/).slice(0, 5);
  const headerish = lines.filter((l) => /^[!-9;-~]+:[ \t]?/.test(l) || /^[ \t]+\S/.test(l));
  return lines.length > 0 && /^[!-9;-~]+:/.test(lines[0]!) && headerish.length >= Math.min(2, lines.filter(Boolean).length);
}

/**
 * The `--json` line: one entry for every item key, missing in table order. `items_required` says
 * per item whether the investigation needs it (config/items.yaml; helpful and optional items: false);
 * `missing_required` is the part of `missing` that holds the investigation back.
 */
export function toJson(file: string, a: Analysis, itemKinds: Record<RequiredItemKey, ItemKind>): Record<string, unknown> {
  const required = (k: string) => itemKinds[k as RequiredItemKey] === 'required';
  return {
    file,
    language: a.language,
    category: a.category,
    channel: a.channel,
    items: Object.fromEntries(
      ITEM_KEYS.map((k) => [k, { present: a.items[k].present, values: a.items[k].values, evidence: a.items[k].evidence ?? [] }]),
    ),
    missing: a.missing,
    items_required: Object.fromEntries(ITEM_KEYS.map((k) => [k, (REQUIRED_ITEM_KEYS as readonly string[]).includes(k) && required(k)])),
    missing_required: a.missing.filter(required),
    main_ask: a.mainAsk ?? null,
    secrets: a.secrets.map((s) => ({ kind: s.kind })),
    referenced_tickets: a.referencedTickets,
  };
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

type Composer = (mail: InboundMail, a: Analysis) => string;

/** The reply text that would be sent, from src/reply/compose.ts; null (and a note) when it cannot load. */
async function loadReplyComposer(templatesDir: string, configDir: string, io: Io): Promise<Composer | null> {
  try {
    const mod = await import('../reply/compose.ts');
    const templates = mod.loadTemplates(templatesDir, configDir);
    return (mail, a) => {
      const kind = mod.chooseReplyKind({ category: a.category, missing: a.missing, followUp: false, related: false });
      const composed = mod.composeReply(
        {
          kind,
          language: a.language,
          ticketNumber: 0,
          category: a.category,
          channel: a.channel,
          missing: a.missing,
          secrets: a.secrets.map((s) => s.kind),
          itemValues: { timezone: a.items.timezone.values },
          inbound: {
            messageId: mail.messageId,
            subject: mail.subject,
            from: mail.from ?? { address: 'unknown@invalid', name: '' },
            references: mail.references,
          },
          referenceToken: '[ref:offline-check]',
          messageId: 'offline-check@intake.invalid',
          support: { address: 'support@intake.invalid', name: 'Support' },
        },
        templates,
      );
      return `Subject: ${composed.subject}\n\n${composed.text}`;
    };
  } catch (err) {
    io.stderr(`(reply preview unavailable: ${errorMessage(err)})`);
    return null;
  }
}

function report(file: string, mail: InboundMail, a: Analysis, compose: Composer | null, explain = false): string {
  const out: string[] = [`== ${file}`];
  out.push(`subject:   ${mail.subject}`);
  out.push(`from:      ${mail.from?.address ?? '(none)'}`);
  out.push(`language:  ${a.language}   category: ${a.category}${IN_SCOPE_CATEGORIES.includes(a.category) ? '' : ' (out of scope)'}   channel: ${a.channel}`);
  out.push('items:');
  for (const k of ITEM_KEYS) {
    const item = a.items[k];
    const mark = a.missing.includes(k as never) ? 'MISSING' : item.present ? 'yes' : 'no';
    out.push(`  ${k.padEnd(15)} ${mark.padEnd(8)}${item.values.length ? item.values.join(', ') : ''}`);
    // --explain: the sender's own words that made the item present
    if (explain) for (const e of item.evidence ?? []) out.push(`      ↳ ${oneLine(e)}`);
  }
  if (explain) out.push(`main ask:  ${a.mainAsk ? oneLine(a.mainAsk) : '(none found)'}`);
  out.push(`missing:   ${a.missing.length ? a.missing.join(', ') : '(none)'}`);
  out.push(`secrets:   ${a.secrets.length ? a.secrets.map((s) => `${s.kind} (in ${s.where})`).join(', ') : '(none)'}`);
  out.push(`tickets:   ${a.referencedTickets.length ? a.referencedTickets.join(', ') : '(none)'}`);
  if (compose) {
    try {
      out.push('', '-- reply that would be sent --', compose(mail, a));
    } catch (err) {
      out.push('', `(reply preview failed: ${errorMessage(err)})`);
    }
  }
  return out.join('\n') + '\n';
}
