import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, CHROMIUM_PATH, startBrowser, type TestBrowser } from '../support/browser.ts';
import { REPO_ROOT } from '../support/service-process.ts';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMany, waitForCount } from '../support/imap-helpers.ts';
import { freePort } from '../support/ports.ts';
import { buildInquiry } from './fixtures/inquiries.ts';

/**
 * The partner check page and the support console in a real browser (Debian's chromium driven
 * by playwright-core), served by the real service against the sandbox. Set SCREENSHOTS_DIR
 * (e.g. docs/screenshots) to keep pictures of the pages.
 */
const TOKEN = 'web-test-console-token-0123456789';
const FAILED = 'Intake/Failed';
const PROCESSED = 'Intake/Processed';
const screenshots = process.env.SCREENSHOTS_DIR ? resolve(REPO_ROOT, process.env.SCREENSHOTS_DIR) : null;
// CI installs chromium (.ci/run): there a missing browser is a failure, not a skip.
const runnable = chromiumAvailable() || process.env.CI === 'true';
if (!runnable) console.warn(`skipping the browser tests: no chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (!screenshots) return;
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: opts.fullPage ?? false });
}

describe.skipIf(!runnable)('web: check page and console in Chromium', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;
  let browser: TestBrowser | null = null;
  let base = '';

  beforeAll(async () => {
    const port = await freePort();
    sandbox = await startSandbox({
      env: { IMAP_POLL_SECONDS: '2', LOG_LEVEL: 'info', HTTP_PORT: String(port), CONSOLE_TOKEN: TOKEN },
    });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
    base = `http://127.0.0.1:${port}`;
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.kill();
    await sandbox?.stop();
  });

  async function apiCheck(body: unknown): Promise<{ missing: string[] } & Record<string, unknown>> {
    const res = await fetch(`${base}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return (await res.json()) as { missing: string[] };
  }

  async function itemsOnPage(page: Page): Promise<{ missing: string[]; present: string[] }> {
    const read = (state: string) => page.$$eval(`[data-item][data-state="${state}"]`, (els) => els.map((e) => e.getAttribute('data-item')!));
    return { missing: await read('missing'), present: await read('present') };
  }

  it('a partner pastes a draft and sees exactly the missing items the API gives, in English and Japanese', async () => {
    const page = await browser!.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [file, lang] of [['02-en-missing-much.eml', 'en'], ['03-ja-iso2022jp-spec-question.eml', 'ja'], ['01-ja-complete-toolbelt-error.eml', 'ja']] as const) {
      const mail = await simpleParser(readFileSync(join(REPO_ROOT, 'examples', file)));
      const draft = { subject: mail.subject ?? '', text: mail.text ?? '' };
      await page.goto(`${base}/check?lang=${lang}`);
      if (file.startsWith('02')) await shot(page, 'check-empty');
      await page.fill('input[name=subject]', draft.subject);
      await page.fill('textarea[name=text]', draft.text);
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
      const api = await apiCheck(draft);
      const shown = await itemsOnPage(page);
      expect(shown.missing, file).toEqual(api.missing);
      for (const k of shown.present) expect(api.missing).not.toContain(k);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      if (file.startsWith('03')) await shot(page, 'check-result-ja');
      if (file.startsWith('02')) {
        expect(shown.missing.length).toBeGreaterThan(3);
        await shot(page, 'check-result');
      }
    }
    await page.close();
  }, 120_000);

  it('flags a credential in the draft', async () => {
    const page = await browser!.context.newPage();
    await page.goto(`${base}/check?lang=en`);
    await page.fill('input[name=subject]', 'API call fails with 401');
    await page.fill('textarea[name=text]', 'Our API call fails with 401.\ncurl -H "Authorization: TD1 1234/abcdef0123456789abcdef0123456789abcdef01" https://api.treasuredata.com/v3/job/list\nAccount ID: 10101');
    await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
    expect(await page.textContent('[role=alert][data-secrets]')).toMatch(/Mask them/);
    await page.close();
  });

  it('the console refuses requests without credentials and, with the bearer token, lists every ticket', async () => {
    const mails = await Promise.all([1, 2].map((n) => buildInquiry({ n: 900 + n })));
    await appendMany(sandbox.dovecot, 'INBOX', mails);
    await waitForCount(sandbox.dovecot, PROCESSED, 2, 60_000);
    const anonymous = await fetch(`${base}/console`, { redirect: 'manual' });
    expect([302, 401]).toContain(anonymous.status);
    expect((await fetch(`${base}/console`, { headers: { authorization: 'Bearer wrong-token' }, redirect: 'manual' })).status).toBe(401);
    const listed = await fetch(`${base}/console`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(listed.status).toBe(200);
    expect([...(await listed.text()).matchAll(/data-ticket="(\d+)"/g)].map((m) => Number(m[1])).sort()).toEqual([1, 2]);
    // The partner page shows nothing of the console.
    expect(await (await fetch(`${base}/check`)).text()).not.toMatch(/console/i);
  }, 120_000);

  it('support logs in, finds a ticket, opens it, retries a failed mail and sees it answered', async () => {
    // The next reply is refused for good: its mail ends in FAILED_MAILBOX.
    sandbox.smtp.failNext(1, 550, 'Requested action not taken: mailbox unavailable');
    const sender = 'kaori@failed-partner.example';
    await appendMany(sandbox.dovecot, 'INBOX', [await buildInquiry({ n: 950, from: sender, subject: 'Export fails after the upgrade' })]);
    await waitForCount(sandbox.dovecot, FAILED, 1, 60_000);
    const repliesBefore = sandbox.smtp.messages.length;

    const page = await browser!.context.newPage();
    await page.goto(`${base}/console`);
    expect(page.url()).toBe(`${base}/console/login`);
    await shot(page, 'console-login');
    await page.fill('input[name=token]', TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(page.url()).toBe(`${base}/console/tickets`);
    expect(await page.locator('[data-ticket]').count()).toBe(3);
    await shot(page, 'console-tickets');

    // Find it by its sender, open it: the mail is there with its analysis, and no reply yet.
    await page.fill('input[name=q]', 'failed-partner');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button[type=submit]')]);
    const rows = page.locator('[data-ticket]');
    expect(await rows.count()).toBe(1);
    const number = await rows.first().getAttribute('data-ticket');
    await Promise.all([page.waitForNavigation(), rows.first().locator('a').first().click()]);
    expect(page.url()).toBe(`${base}/console/tickets/${number}`);
    expect(await page.locator('[data-message]').count()).toBe(1);
    expect(await page.locator('[data-reply]').count()).toBe(0);
    expect(await page.locator('[data-message] [data-item]').count()).toBeGreaterThan(0);

    // Failed mail: the reason is shown; retry it.
    await Promise.all([page.waitForNavigation(), page.click('nav >> text=Failed mail')]);
    const failure = page.locator('[data-failure]');
    expect(await failure.count()).toBe(1);
    expect(await failure.textContent()).toMatch(/550/);
    await shot(page, 'console-failed');
    await Promise.all([page.waitForNavigation(), failure.locator('button', { hasText: 'Retry' }).click()]);
    expect(await page.textContent('[role=status]')).toMatch(/1 message\(s\) moved back to INBOX/);

    // The service picks it up again and answers it: the ticket page shows the reply.
    await sandbox.smtp.waitFor(repliesBefore + 1, 60_000);
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.goto(`${base}/console/tickets/${number}`);
      if ((await page.locator('[data-reply]').count()) === 1 || Date.now() > deadline) break;
      await page.waitForTimeout(500);
    }
    expect(await page.locator('[data-reply]').count()).toBe(1);
    await shot(page, 'console-ticket');
    await page.goto(`${base}/console/failed`);
    expect(await page.locator('[data-failure]').count()).toBe(0);

    // The queues (bull-board) open under the same login; the partner page never reaches it.
    const queues = await page.goto(`${base}/console/queues`);
    expect(queues?.status()).toBe(200);
    await page.waitForSelector('text=inbound', { timeout: 30_000 });
    await page.waitForSelector('text=Loading', { state: 'detached', timeout: 30_000 }).catch(() => undefined);
    await shot(page, 'console-queues');
    await page.close();
  }, 240_000);
});
