import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEM_KEYS, type Analysis } from '../../src/analysis/types.ts';
import { consolePlugin, type FailedMailAccess, type TicketReader } from '../../src/http/console.ts';
import { loadWebPages } from '../../src/http/pages.ts';
import type { Ticket } from '../../src/tickets/types.ts';
import { createLogger } from '../../src/util/logger.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const pages = loadWebPages(resolve(repoRoot, 'templates'));
const TOKEN = 'test-console-token-0123456789';

function analysis(missing: Analysis['missing'], category: Analysis['category'] = 'error'): Analysis {
  const items = Object.fromEntries(ITEM_KEYS.map((k) => [k, { present: !missing.includes(k as never) && k === 'account_id', values: k === 'account_id' ? ['10101'] : [] }]));
  return { language: 'en', category, channel: 'console', items: items as Analysis['items'], missing, secrets: [], referencedTickets: [], mentionsEarlierInquiry: false, senderText: 'text' };
}

function ticket(number: number, over: Partial<Ticket> = {}): Ticket {
  const a = analysis(['site', 'target_id']);
  return {
    number,
    status: 'awaiting_info',
    accountId: '10101',
    site: null,
    sender: `user${number}@partner.example`,
    organisation: 'partner.example',
    subject: `Export fails ${number}`,
    category: 'error',
    createdAt: `2026-01-0${number}T10:00:00.000Z`,
    lastActivityAt: `2026-01-0${number}T10:00:00.000Z`,
    messages: [
      { messageId: `m${number}@partner.example`, receivedAt: `2026-01-0${number}T10:00:00.000Z`, date: null, from: `user${number}@partner.example`, subject: `Export fails ${number}`, text: 'Our export <b>fails</b>.', attachments: [], analysis: a, inReplyTo: [], references: [], replyAllowed: true, auth: null, flags: [] },
    ],
    analysis: a,
    linkedTo: null,
    referencedTickets: [],
    targetIds: [],
    replies: [{ messageId: `r${number}@intake.test`, inReplyTo: `m${number}@partner.example`, kind: 'missing_items', to: `user${number}@partner.example`, sentAt: `2026-01-0${number}T10:00:05.000Z` }],
    ...over,
  };
}

const tickets = [ticket(1), ticket(2, { status: 'complete', category: 'spec', accountId: '20202' }), ticket(3, { status: 'linked', linkedTo: 1 })];
const reader: TicketReader = {
  list: async (f = {}) => tickets.filter((t) => (!f.account || t.accountId === f.account) && (!f.status || t.status === f.status)),
  get: async (n) => tickets.find((t) => t.number === n) ?? null,
  findBy: async (by, v) => tickets.filter((t) => (by === 'account' ? t.accountId === v : by === 'sender' ? t.sender === v : false)).map((t) => t.number),
};
const retried: (string[] | 'all')[] = [];
const failed: FailedMailAccess = {
  mailboxes: { inbox: 'INBOX', failed: 'Intake/Failed' },
  list: async () => ({ mailbox: 'Intake/Failed', messages: 1, failures: [{ messageId: 'm2@partner.example', reason: 'reply could not be sent: 550', origin: { kind: 'replay', file: 'x' }, at: '2026-01-02T10:00:00.000Z' }] }),
  retry: async (ids) => {
    retried.push(ids);
    return ids === 'all' ? 1 : ids.length;
  },
};

function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}
function cookieHeader(...jars: Record<string, string>[]): string {
  return Object.entries(Object.assign({}, ...jars)).map(([k, v]) => `${k}=${v}`).join('; ');
}
function csrfIn(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
}
const form = (o: Record<string, string>) => ({ payload: new URLSearchParams(o).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('console', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(consolePlugin({ token: TOKEN, tickets: reader, failed, queues: [], pages, secureCookies: false, sessionHours: 1, logger: createLogger('silent') }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('refuses every page without credentials: a redirect to the login for GET, 401 otherwise', async () => {
    for (const url of ['/console', '/console/', '/console/tickets', '/console/tickets/1', '/console/failed', '/console/queues']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location).toBe('/console/login');
    }
    expect((await app.inject({ method: 'POST', url: '/console/failed/retry', ...form({ all: '1' }) })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/console', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/console', headers: { cookie: 'intake_console=1.2.3' } })).statusCode).toBe(302);
    expect(retried).toEqual([]);
  });

  it('with the bearer token lists one data-ticket element per ticket, newest first, with filters and search', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const list = async (qs: string) => {
      const res = await app.inject({ method: 'GET', url: `/console${qs}`, headers: auth });
      expect(res.statusCode).toBe(200);
      return [...res.body.matchAll(/data-ticket="(\d+)"/g)].map((m) => Number(m[1]));
    };
    expect(await list('')).toEqual([3, 2, 1]);
    expect(await list('/')).toEqual([3, 2, 1]);
    expect(await list('/tickets?status=complete')).toEqual([2]);
    expect(await list('/tickets?account=10101')).toEqual([3, 1]);
    expect(await list('/tickets?category=spec')).toEqual([2]);
    expect(await list('/tickets?q=%232')).toEqual([2]);
    expect(await list('/tickets?q=USER3%40partner')).toEqual([3]);
  });

  it('a ticket page shows its mails with their analysis, the replies and related tickets, escaping mail text', async () => {
    const res = await app.inject({ method: 'GET', url: '/console/tickets/1', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-message="1"');
    expect(res.body).toContain('data-item="site" data-state="missing"');
    expect(res.body).toContain('data-item="account_id" data-state="present"');
    expect(res.body).toContain('data-reply="missing_items"');
    expect(res.body).toMatch(/data-related="3"[^<]*<a[^>]*>#3<\/a> \(linked to this ticket/);
    expect(res.body).toContain('Our export &lt;b&gt;fails');
    expect(res.body).not.toContain('<b>fails');
    expect((await app.inject({ method: 'GET', url: '/console/tickets/99', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
  });

  it('logs in with the token into an HttpOnly SameSite=Strict session, and every action needs the CSRF token', async () => {
    const loginPage = await app.inject({ method: 'GET', url: '/console/login' });
    const csrfCookie = cookiesOf(loginPage);
    const token = csrfIn(loginPage.body);
    // No CSRF token: refused before the token is even compared.
    expect((await app.inject({ method: 'POST', url: '/console/login', ...form({ token: TOKEN }), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(csrfCookie) } })).statusCode).toBe(403);
    const wrong = await app.inject({ method: 'POST', url: '/console/login', payload: new URLSearchParams({ token: 'nope', _csrf: token }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(csrfCookie) } });
    expect(wrong.statusCode).toBe(401);
    const ok = await app.inject({ method: 'POST', url: '/console/login', payload: new URLSearchParams({ token: TOKEN, _csrf: token }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(csrfCookie) } });
    expect(ok.statusCode).toBe(303);
    const session = ok.cookies.find((c) => c.name === 'intake_console')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });
    expect(session.secure).toBeFalsy();
    const jar = { ...csrfCookie, intake_console: session.value };

    const failedPage = await app.inject({ method: 'GET', url: '/console/failed', headers: { cookie: cookieHeader(jar) } });
    expect(failedPage.statusCode).toBe(200);
    expect(failedPage.body).toContain('reply could not be sent: 550');
    const jar2 = { ...jar, ...cookiesOf(failedPage) };
    // Without the CSRF token the retry is refused; with it, the mail is retried.
    const noCsrf = await app.inject({ method: 'POST', url: '/console/failed/retry', payload: 'id=m2%40partner.example', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar2) } });
    expect(noCsrf.statusCode).toBe(403);
    expect(retried).toEqual([]);
    const retry = await app.inject({ method: 'POST', url: '/console/failed/retry', payload: new URLSearchParams({ id: 'm2@partner.example', _csrf: csrfIn(failedPage.body) }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar2) } });
    expect(retry.statusCode).toBe(303);
    expect(retry.headers.location).toBe('/console/failed?moved=1');
    expect(retried).toEqual([['m2@partner.example']]);
  });

  it('marks cookies Secure when configured for TLS', async () => {
    const secure = Fastify();
    await secure.register(consolePlugin({ token: TOKEN, tickets: reader, failed: null, queues: [], pages, secureCookies: true, sessionHours: 1, logger: createLogger('silent') }));
    const res = await secure.inject({ method: 'GET', url: '/console/login' });
    expect(res.cookies.every((c) => c.secure === true)).toBe(true);
    await secure.close();
  });
});
