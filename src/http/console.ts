import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CATEGORIES, REQUIRED_ITEM_KEYS, type ItemKey } from '../analysis/types.ts';
import type { FailedMailList } from '../imap/failed-mailbox.ts';
import type { Ticket, TicketStatus } from '../tickets/types.ts';
import { TICKET_STATUSES } from '../tickets/types.ts';
import { errorMessage } from '../util/errors.ts';
import type { Logger } from '../util/logger.ts';
import { bearerToken, ConsoleSessions } from './console-session.ts';
import { evidenceFor, mainAskOf } from './evidence.ts';
import { pageSecurityHeaders, type PageName, type WebPages } from './pages.ts';
import { CONSOLE_FORM_BYTES } from '../limits.ts';

/** What the console reads tickets through (TicketService has it). */
export interface TicketReader {
  list(filter?: { account?: string; status?: TicketStatus }): Promise<Ticket[]>;
  get(number: number): Promise<Ticket | null>;
  findBy(by: 'account' | 'sender' | 'target', value: string): Promise<number[]>;
}

/** FAILED_MAILBOX and its retry (FailedMail has it); null where this process has no IMAP access. */
export interface FailedMailAccess {
  readonly mailboxes: { inbox: string; failed: string };
  list(): Promise<FailedMailList>;
  retry(ids: string[] | 'all'): Promise<number>;
}

export interface ConsoleOptions {
  /** CONSOLE_TOKEN: the login secret, also accepted as `Authorization: Bearer`. */
  token: string;
  tickets: TicketReader;
  failed: FailedMailAccess | null;
  /** Shown read-only through bull-board. */
  queues: Queue[];
  pages: WebPages;
  /** Mark cookies Secure: set when the console is reached over TLS (a proxy terminating HTTPS). */
  secureCookies: boolean;
  sessionHours: number;
  logger: Logger;
}

export const SESSION_COOKIE = 'intake_console';
const COOKIE_PATH = '/console';
const LOGIN_PATH = '/console/login';

declare module 'fastify' {
  interface FastifyRequest {
    /** How this console request was authenticated; a bearer header is no ambient credential, so it needs no CSRF token. */
    consoleAuth?: 'session' | 'bearer';
  }
}

/**
 * The support console under /console: tickets, a ticket's page, failed mail with retry, and
 * the queues (bull-board, read-only). Every route but the login requires the session cookie
 * or the bearer token; every state change requires a CSRF token. Registered only when
 * CONSOLE_TOKEN is set.
 */
export function consolePlugin(options: ConsoleOptions): FastifyPluginAsync {
  const sessions = new ConsoleSessions(options.token, options.sessionHours * 3600_000);
  const headers = pageSecurityHeaders(options.pages.cssHash);
  const log = options.logger.child({ component: 'console' });
  const cookieOpts = { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict' as const, secure: options.secureCookies };

  return async (app: FastifyInstance) => {
    await app.register(cookie);
    await app.register(formbody, { bodyLimit: CONSOLE_FORM_BYTES });
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'intake_console_csrf',
      cookieOpts,
      getToken: (req) => String((req.body as Record<string, unknown> | undefined)?._csrf ?? ''),
    });
    await app.register(rateLimit, { global: false });

    const page = (reply: FastifyReply, name: PageName, view: Record<string, unknown>, status = 200) =>
      reply
        .status(status)
        .headers(headers)
        .type('text/html; charset=utf-8')
        .send(options.pages.render(name, { htmlLang: 'en', skipLabel: 'Skip to the content', bodyClass: 'wide', ...view }));

    app.get(LOGIN_PATH, async (_req, reply) =>
      page(reply, 'console-login', { pageTitle: 'Log in · Support console', csrfToken: reply.generateCsrf() }),
    );

    app.post(
      LOGIN_PATH,
      { config: { rateLimit: { max: 10, timeWindow: 60_000 } }, preHandler: app.csrfProtection },
      async (req, reply) => {
        const token = String((req.body as Record<string, unknown> | undefined)?.token ?? '');
        if (!sessions.tokenMatches(token)) {
          log.warn('console login refused', { ip: req.ip });
          return page(reply, 'console-login', { pageTitle: 'Log in · Support console', csrfToken: reply.generateCsrf(), error: 'Wrong token.' }, 401);
        }
        const session = sessions.issue();
        log.info('console login', { ip: req.ip });
        return reply.setCookie(SESSION_COOKIE, session.value, { ...cookieOpts, maxAge: session.maxAgeSeconds }).redirect('/console/tickets', 303);
      },
    );

    await app.register(async (authed) => {
      authed.addHook('onRequest', async (req, reply) => {
        const bearer = bearerToken(req.headers.authorization);
        if (bearer !== null) {
          if (sessions.tokenMatches(bearer)) req.consoleAuth = 'bearer';
        } else if (sessions.valid(req.cookies[SESSION_COOKIE])) req.consoleAuth = 'session';
        if (req.consoleAuth) return;
        if ((req.method === 'GET' || req.method === 'HEAD') && bearer === null) return reply.redirect(LOGIN_PATH, 302);
        return reply.status(401).header('www-authenticate', 'Bearer realm="console"').send({ error: 'login required', code: 'EUNAUTHORIZED' });
      });
      authed.addHook('preHandler', (req, reply, done) => {
        if (req.method === 'GET' || req.method === 'HEAD' || req.consoleAuth === 'bearer') return done();
        authed.csrfProtection(req, reply, done);
      });

      const nav = (reply: FastifyReply, current: 'tickets' | 'failed' | null) => ({
        csrfToken: reply.generateCsrf(),
        navTickets: current === 'tickets',
        navFailed: current === 'failed',
      });

      const ticketsPage = async (req: FastifyRequest, reply: FastifyReply) => {
        const q = req.query as Record<string, string | undefined>;
        const filter = {
          q: (q.q ?? '').trim(),
          status: TICKET_STATUSES.includes(q.status as TicketStatus) ? (q.status as TicketStatus) : undefined,
          account: (q.account ?? '').trim() || undefined,
          category: CATEGORIES.includes(q.category as never) ? q.category : undefined,
        };
        const tickets = await findTickets(options.tickets, filter);
        return page(reply, 'console-tickets', {
          pageTitle: 'Tickets · Support console',
          ...nav(reply, 'tickets'),
          filter: { q: filter.q, account: filter.account ?? '' },
          filtered: Boolean(filter.q || filter.status || filter.account || filter.category),
          statuses: TICKET_STATUSES.map((value) => ({ value, selected: value === filter.status })),
          categories: CATEGORIES.map((value) => ({ value, selected: value === filter.category })),
          count: tickets.length,
          tickets: tickets.map((t) => ({
            number: t.number,
            status: t.status,
            linkedTo: t.linkedTo,
            accountId: t.accountId ?? '–',
            category: t.category,
            sender: t.sender ?? '–',
            subject: t.subject,
            missingCount: t.analysis.missing.length,
            lastActivityAt: t.lastActivityAt,
            lastActivityShort: t.lastActivityAt.replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, 'Z'),
          })),
        });
      };
      authed.get('/console', ticketsPage);
      authed.get('/console/', ticketsPage);
      authed.get('/console/tickets', ticketsPage);

      authed.get('/console/tickets/:number', async (req, reply) => {
        const number = Number((req.params as { number: string }).number);
        const ticket = Number.isSafeInteger(number) && number > 0 ? await options.tickets.get(number) : null;
        if (!ticket) {
          return page(reply, 'console-message', { pageTitle: 'Not found', ...nav(reply, null), heading: 'No such ticket', message: `There is no ticket #${(req.params as { number: string }).number}.` }, 404);
        }
        return page(reply, 'console-ticket', {
          pageTitle: `#${ticket.number} · Support console`,
          ...nav(reply, null),
          ...(await ticketView(ticket, options.tickets)),
        });
      });

      authed.get('/console/failed', async (req, reply) => {
        const q = req.query as Record<string, string | undefined>;
        const base = { pageTitle: 'Failed mail · Support console', ...nav(reply, 'failed') };
        if (!options.failed) {
          return page(reply, 'console-message', { ...base, heading: 'Failed mail', message: 'This process has no IMAP access (worker only): open the console of the poller or of `intake run`.' });
        }
        let listed: FailedMailList;
        try {
          listed = await options.failed.list();
        } catch (err) {
          log.warn('console: failed mail could not be listed', { err });
          return page(reply, 'console-message', { ...base, heading: 'Failed mail', message: `The failed mailbox could not be read: ${errorMessage(err)}` }, 502);
        }
        const moved = /^\d+$/.test(q.moved ?? '') ? Number(q.moved) : null;
        const failures = listed.failures.map((f) => ({ ...f, canRetry: f.messageId !== null }));
        return page(reply, 'console-failed', {
          ...base,
          notice: moved === null ? null : `${moved} message(s) moved back to ${listed.mailbox === options.failed.mailboxes.failed ? options.failed.mailboxes.inbox : 'the inbox'}.`,
          mailbox: listed.mailbox,
          inbox: options.failed.mailboxes.inbox,
          messages: listed.messages,
          failures,
          retryAll: listed.messages > 0,
        });
      });

      authed.post('/console/failed/retry', async (req, reply) => {
        if (!options.failed) return reply.status(404).send({ error: 'no IMAP access in this process', code: 'ENOIMAP' });
        const body = (req.body ?? {}) as Record<string, unknown>;
        const ids = ([] as unknown[]).concat(body.id ?? []).map(String).filter(Boolean);
        const all = body.all === '1' || body.all === true;
        if (!all && ids.length === 0) return reply.status(400).send({ error: 'give id or all', code: 'EUSAGE' });
        const moved = await options.failed.retry(all ? 'all' : ids);
        log.info('console: failed mail retried', { moved, all, ids: ids.length });
        if (req.consoleAuth === 'bearer') return reply.send({ moved });
        return reply.redirect(`/console/failed?moved=${moved}`, 303);
      });

      authed.post('/console/logout', async (_req, reply) =>
        reply.clearCookie(SESSION_COOKIE, cookieOpts).redirect(LOGIN_PATH, 303),
      );

      // The queues: bull-board, read-only (its actions are JSON calls our CSRF token does not cover).
      await authed.register(async (board) => {
        board.addHook('onRequest', async (req, reply) => {
          if (req.method !== 'GET' && req.method !== 'HEAD') return reply.status(405).send({ error: 'the queue view is read-only', code: 'EREADONLY' });
        });
        const serverAdapter = new FastifyAdapter();
        serverAdapter.setBasePath('/console/queues');
        createBullBoard({
          queues: options.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
          serverAdapter,
          options: { uiConfig: { boardTitle: 'Intake queues' } },
        });
        await board.register(serverAdapter.registerPlugin(), { prefix: '/console/queues' });
      });
    });
  };
}

interface TicketFilter {
  q: string;
  status?: TicketStatus;
  account?: string;
  category?: string;
}

/** Newest first. A number (with or without #) finds that ticket; other text matches the sender. */
async function findTickets(reader: TicketReader, f: TicketFilter): Promise<Ticket[]> {
  let tickets: Ticket[];
  const asNumber = /^#?(\d+)$/.exec(f.q);
  if (asNumber) {
    const t = await reader.get(Number(asNumber[1]));
    tickets = t ? [t] : [];
    if (f.account) tickets = tickets.filter((x) => x.accountId === f.account);
    if (f.status) tickets = tickets.filter((x) => x.status === f.status);
  } else {
    tickets = await reader.list({ ...(f.account ? { account: f.account } : {}), ...(f.status ? { status: f.status } : {}) });
    const needle = f.q.toLowerCase();
    if (needle) tickets = tickets.filter((t) => (t.sender ?? '').toLowerCase().includes(needle));
  }
  if (f.category) tickets = tickets.filter((t) => t.category === f.category);
  return tickets.sort((a, b) => b.number - a.number);
}

/** The ticket page: its mails in order with each one's analysis, replies, and the tickets it relates to. */
async function ticketView(t: Ticket, reader: TicketReader): Promise<Record<string, unknown>> {
  const messages = [...t.messages]
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    .map((m, i) => {
      const a = m.analysis as unknown as Record<string, unknown> & typeof m.analysis;
      const shown = REQUIRED_ITEM_KEYS.filter((k) => a.missing.includes(k) || a.items[k]?.present);
      return {
        index: i + 1,
        messageId: m.messageId,
        receivedAt: m.receivedAt,
        from: m.from ?? '–',
        subject: m.subject,
        text: m.text,
        flagsText: m.flags.join(', '),
        authText: m.auth ? `DMARC ${m.auth.dmarc}, SPF ${m.auth.spf}, DKIM ${m.auth.dkim}` : '',
        analysis: { language: a.language, category: a.category, channel: a.channel },
        mainAsk: mainAskOf(a),
        hasSecrets: a.secrets.length > 0,
        secretsText: a.secrets.map((s) => `${s.kind} (in ${s.where})`).join(', '),
        items: shown.map((k: ItemKey) => ({
          key: k,
          state: a.missing.includes(k as never) ? 'missing' : 'present',
          valuesText: (a.items[k]?.values ?? []).join(', '),
          evidence: evidenceFor(a, k),
        })),
        attachments: m.attachments.map((x) => ({ name: x.name ?? '(unnamed)', type: x.type, size: x.size })),
      };
    });
  return {
    ticket: { ...t, accountId: t.accountId ?? '–', site: t.site ?? '–', sender: t.sender ?? '–', organisation: t.organisation ?? '–' },
    missing: t.analysis.missing,
    messageCount: messages.length,
    messages,
    replies: [...t.replies].sort((a, b) => a.sentAt.localeCompare(b.sentAt)),
    replyCount: t.replies.length,
    ...(await relatedTickets(t, reader)),
  };
}

async function relatedTickets(t: Ticket, reader: TicketReader): Promise<{ hasRelated: boolean; related: { number: number; why: string; subject: string }[] }> {
  const why = new Map<number, string[]>();
  const add = (n: number, reason: string) => {
    if (n === t.number) return;
    why.set(n, [...(why.get(n) ?? []), reason]);
  };
  if (t.linkedTo !== null) add(t.linkedTo, 'this ticket is linked to it');
  for (const n of t.referencedTickets) add(n, 'cited in a mail');
  for (const target of t.targetIds) for (const n of (await reader.findBy('target', target)).slice(0, 20)) add(n, `same ${target}`);
  // Tickets linked to this one are found among the requester's and the account's tickets.
  const candidates = new Set<number>();
  if (t.sender) for (const n of (await reader.findBy('sender', t.sender)).slice(0, 50)) candidates.add(n);
  if (t.accountId) for (const n of (await reader.findBy('account', t.accountId)).slice(0, 50)) candidates.add(n);
  const loaded = await Promise.all([...new Set([...candidates, ...why.keys()])].map((n) => reader.get(n)));
  for (const other of loaded) if (other && other.linkedTo === t.number) add(other.number, 'linked to this ticket');
  const byNumber = new Map(loaded.filter((x): x is Ticket => x !== null).map((x) => [x.number, x]));
  const related = [...why].sort(([a], [b]) => a - b).map(([number, reasons]) => ({ number, why: `(${[...new Set(reasons)].join('; ')})`, subject: byNumber.get(number)?.subject ?? '' }));
  return { hasRelated: related.length > 0, related };
}
