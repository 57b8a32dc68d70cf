import { oneField, terminalSafe } from '../util/terminal.ts';
import { parseArgs } from 'node:util';
import { loadRules } from '../analysis/rules.ts';
import type { AppConfig } from '../config/env.ts';
import { createRedis } from '../queue/queues.ts';
import { TicketService } from '../tickets/service.ts';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from '../tickets/types.ts';
import { IntakeError } from '../util/errors.ts';
import type { Io } from './io.ts';

const USAGE =
  'usage: intake tickets list [--account ID] [--status awaiting_info|complete|linked] [--json]\n       intake tickets show N [--json]';

/** `intake tickets list|show`: read-only views of the ticket store. Exit code 0, 1 (not found) or 2 (usage). */
export async function runTickets(args: string[], config: AppConfig, rawIo: Io): Promise<number> {
  // Subjects, addresses and Message-IDs come from mail: no escape sequence reaches the terminal.
  const io = terminalSafe(rawIo);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { account: { type: 'string' }, status: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [sub, arg, ...rest] = parsed.positionals;
  const { account, status, json } = parsed.values;
  if (status !== undefined && !TICKET_STATUSES.includes(status as TicketStatus)) {
    io.stderr(`unknown status "${status}"; one of ${TICKET_STATUSES.join(', ')}\n${USAGE}`);
    return 2;
  }
  const number = Number(arg);
  const usageOk = (sub === 'list' && arg === undefined) || (sub === 'show' && Number.isSafeInteger(number) && number > 0);
  if (!usageOk || rest.length > 0) {
    io.stderr(USAGE);
    return 2;
  }

  const redis = createRedis(config.redisUrl);
  try {
    // Reading never combines analyses nor places mail; the rules are only needed to build the service.
    const service = new TicketService(redis, {
      prefix: config.queuePrefix,
      followUpWindowDays: config.followUpWindowDays,
      signingKey: config.replySigningKey ?? 'unused-for-reading',
      rules: loadRules(config.rulesDir),
      publicDomains: [],
    });
    if (sub === 'show') {
      const t = await service.get(number);
      if (!t) {
        io.stderr(`no ticket ${number}`);
        return 1;
      }
      io.stdout(json ? JSON.stringify(service.toJson(t), null, 2) : describeTicket(t));
      return 0;
    }
    const list = await service.list({ ...(account ? { account } : {}), ...(status ? { status: status as TicketStatus } : {}) });
    if (json) io.stdout(JSON.stringify(list.map((t) => service.toJson(t)), null, 2));
    else if (list.length === 0) io.stdout('no tickets');
    else io.stdout(table(list));
    return 0;
  } catch (err) {
    if (err instanceof IntakeError) throw err;
    throw new IntakeError('ETICKETS', `Could not read tickets: ${(err as Error).message}`, { redis: config.redisUrl }, { cause: err });
  } finally {
    await redis.quit().catch(() => undefined);
  }
}

function table(list: Ticket[]): string {
  const rows = list.map((t) => [
    `#${t.number}`,
    t.status,
    t.accountId ?? '-',
    t.site ?? '-',
    t.category,
    t.lastActivityAt.replace(/\.\d{3}Z$/, 'Z'),
    oneField(t.sender ?? '-', 80),
    (t.linkedTo !== null ? `→#${t.linkedTo} ` : '') + oneField(t.subject),
  ]);
  const head = ['TICKET', 'STATUS', 'ACCOUNT', 'SITE', 'CATEGORY', 'LAST ACTIVITY', 'SENDER', 'SUBJECT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

function describeTicket(t: Ticket): string {
  const out = [
    `Ticket #${t.number}  ${t.status}`,
    `Subject:        ${oneField(t.subject)}`,
    `Requester:      ${oneField(t.sender ?? '-', 120)} (${oneField(t.organisation ?? '-', 120)})`,
    `Account / site: ${t.accountId ?? '-'} / ${t.site ?? '-'}`,
    `Category:       ${t.category}`,
    `Created:        ${t.createdAt}`,
    `Last activity:  ${t.lastActivityAt}`,
    `Missing:        ${t.analysis.missing.join(', ') || 'nothing'}`,
  ];
  if (t.linkedTo !== null) out.push(`Linked to:      #${t.linkedTo}`);
  if (t.referencedTickets.length > 0) out.push(`References:     ${t.referencedTickets.map((n) => `#${n}`).join(', ')}`);
  out.push('', `Messages (${t.messages.length}):`);
  for (const m of t.messages) {
    const flags = m.flags.length > 0 ? `  [${oneField(m.flags.join(', '), 300)}]` : '';
    out.push(`  ${m.receivedAt}  ${oneField(m.from ?? '-', 120)}  <${oneField(m.messageId)}>${flags}`);
    for (const a of m.attachments) {
      out.push(`      attachment: ${oneField(a.name ?? '(unnamed)', 120)} ${oneField(a.type, 80)} ${a.size} B sha256:${a.sha256.slice(0, 12)}`);
    }
  }
  if (t.replies.length > 0) {
    out.push('', `Replies (${t.replies.length}):`);
    for (const r of t.replies) out.push(`  ${r.sentAt}  ${r.kind} to ${oneField(r.to, 120)}  <${oneField(r.messageId)}>`);
  }
  return out.join('\n');
}
