import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox.ts';
import { REPO_ROOT, startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMail, waitForCount } from '../support/imap-helpers.ts';
import type { ReceivedMail } from '../support/smtp-receiver.ts';
import { buildInquiry } from './fixtures/inquiries.ts';

/**
 * Issue 15 against the running service: follow-ups are answered by what they change, a thanks or a
 * question on a complete or out-of-scope ticket is acknowledged once (then not answered again), a
 * "solved" mail marks the ticket solved, and a credentials warning goes with the mail that carried
 * them only. In English and Japanese.
 */

const run = promisify(execFile);
const PROCESSED = 'Intake/Processed';

const EN_COMPLETE = `Hello,

We want to export daily sales results to a CSV file for our in-house billing system with TD Toolbelt, but the query fails.

Account ID: 10777
Console Environment: production-us01
Job ID: 187654321
Environment: Windows 11
Command: td query -d sales_db -w "SELECT * FROM daily_sales"
Error: Query 187654321 failed: Memory limit exceeded

It worked yesterday at 16:00 JST (Job ID 187654000) and keeps failing since this morning.

Regards,
Chris`;

const JA_CONTRACT = `サポートご担当者様

いつもお世話になっております。
弊社のエンドユーザー様より、Treasure Data のセキュリティチェックシートへのご回答を依頼されております。
ご回答をお願いできますでしょうか。

よろしくお願いいたします。`;

const EN_SECRET = `Hi,

Our app calls the REST API and gets 401 since this morning.
Account ID: 10888, us01

curl -H "Authorization: TD1 10888/0123456789abcdef0123456789abcdef01234567" https://api.treasuredata.com/v3/database/list

Response: {"error":"Unauthorized","message":"Authentication failed"}

Priya`;

const JA_SECRET = `お世話になっております。

毎朝の集計結果を BI ツール用のテーブルに書き出すため、ワークフローを実行していますが、昨日から失敗しています。
アカウントID：10999
環境：東京
接続設定は以下のとおりです。
ユーザー: etl_user
パスワード: Hunter2pass!

よろしくお願いいたします。`;

function h(mail: ReceivedMail, name: string): string | undefined {
  const v = mail.parsed.headers.get(name);
  return typeof v === 'string' ? v : undefined;
}

describe('replies that follow the ticket and the mail (running service)', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;
  let appended = 0;
  let seq = 100;

  async function cli(args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'bin', 'intake.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...sandbox.env },
      timeout: 60_000,
    });
    return stdout;
  }

  /** Appends one mail and waits until it left the inbox; returns its reply, or null when none was sent. */
  async function deliver(o: { from: string; subject: string; text: string; replyTo?: ReceivedMail }): Promise<ReceivedMail | null> {
    const before = sandbox.smtp.messages.length;
    const n = ++seq;
    const replyId = o.replyTo?.parsed.messageId;
    await appendMail(
      sandbox.dovecot,
      'INBOX',
      await buildInquiry({ n, from: o.from, subject: o.subject, text: o.text, inReplyTo: replyId, references: replyId }),
    );
    appended += 1;
    await waitForCount(sandbox.dovecot, PROCESSED, appended, 30_000);
    // The mail is moved once its reply was recorded as sent; give the receiver a moment to finish reading it.
    const deadline = Date.now() + 3_000;
    while (sandbox.smtp.messages.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(sandbox.smtp.messages.length - before).toBeLessThanOrEqual(1);
    return sandbox.smtp.messages[before] ?? null;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      env: {
        IMAP_POLL_SECONDS: '2',
        REPLY_SIGNING_KEY: 'test-signing-key-0123456789',
        SUPPORT_NAME: 'Partner Support Desk',
        CUSTOMER_SUCCESS_ADDRESS: 'cs@intake.test',
      },
    });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 30_000);
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  it('en: a complete inquiry, then "thanks" gets one acknowledgement, then nothing', async () => {
    const from = '"Doyle, Chris" <chris@agency.example>';
    const first = await deliver({ from, subject: 'Toolbelt query fails with memory limit', text: EN_COMPLETE });
    expect(first).not.toBeNull();
    expect(first!.parsed.text!.startsWith('Dear Chris Doyle,\n')).toBe(true);
    expect(h(first!, 'x-intake-kind')).toBe('complete');
    const ticket = h(first!, 'x-intake-ticket')!;
    expect(first!.parsed.subject).toBe(`[#${ticket}] Re: Toolbelt query fails with memory limit`);

    const thanks = await deliver({
      from,
      subject: `Re: [#${ticket}] Re: Toolbelt query fails with memory limit`,
      text: 'Thanks, looking forward to your findings.\n\nChris',
      replyTo: first!,
    });
    expect(thanks).not.toBeNull();
    expect(h(thanks!, 'x-intake-kind')).toBe('acknowledged');
    expect(h(thanks!, 'x-intake-ticket')).toBe(ticket);
    expect(thanks!.parsed.text).toContain(`we have added it to ticket #${ticket}`);
    expect(thanks!.parsed.text).not.toMatch(/We have what the investigation needs/);
    expect(thanks!.parsed.subject).toBe(`[#${ticket}] Re: Toolbelt query fails with memory limit`);

    const again = await deliver({ from, subject: `Re: [#${ticket}] Re: Toolbelt query fails`, text: 'Thanks again!\n\nChris', replyTo: thanks! });
    expect(again).toBeNull();
    const shown = JSON.parse(await cli(['tickets', 'show', ticket, '--json']));
    expect(shown.message_ids).toHaveLength(3);
    expect(shown.replies.map((r: { kind: string }) => r.kind)).toEqual(['complete', 'acknowledged']);
  });

  it('ja: an out-of-scope inquiry, then a question on it gets an acknowledgement, not the same text again', async () => {
    const from = '"株式会社エービーシー 佐藤様" <sato@abc.example.jp>';
    const first = await deliver({ from, subject: 'セキュリティチェックシートのご回答依頼', text: JA_CONTRACT });
    expect(first!.parsed.text!.startsWith('株式会社エービーシー 佐藤 様\n')).toBe(true);
    expect(h(first!, 'x-intake-kind')).toBe('out_of_scope');
    expect(h(first!, 'x-intake-category')).toBe('contract');
    expect(first!.parsed.text).toContain('Customer Success よりご連絡いたします');
    // Handed to Customer Success for real: copied on the reply (header and envelope), with the inquiry quoted.
    expect(first!.parsed.cc && !Array.isArray(first!.parsed.cc) ? first!.parsed.cc.value.map((a) => a.address) : []).toEqual(['cs@intake.test']);
    expect(first!.envelope.rcptTo).toEqual(['sato@abc.example.jp', 'cs@intake.test']);
    expect(first!.parsed.text).toContain('> ご回答をお願いできますでしょうか。');
    const ticket = h(first!, 'x-intake-ticket')!;

    const question = await deliver({
      from,
      subject: `Re: [#${ticket}] Re: セキュリティチェックシートのご回答依頼`,
      text: 'ご連絡ありがとうございます。\nCustomer Success からはいつ頃ご連絡いただけますでしょうか。\n\nよろしくお願いいたします。',
      replyTo: first!,
    });
    expect(h(question!, 'x-intake-kind')).toBe('acknowledged');
    expect(question!.parsed.text).toContain(`チケット #${ticket} に追加いたしました`);
    expect(question!.parsed.text).toContain('担当者が内容を確認のうえ、ご連絡いたします');
    expect(question!.parsed.text).not.toContain('サポート窓口ではなく Customer Success が担当いたします');
    expect(question!.parsed.cc).toBeUndefined();
  });

  it('en: an API key is warned about in the reply to its mail only', async () => {
    const from = `"'Priya Raghunathan' via Partner Support" <partner-support@agency2.example>`;
    const first = await deliver({ from, subject: 'API call returns 401', text: EN_SECRET });
    expect(first!.parsed.text!.startsWith('Dear Priya Raghunathan,\n')).toBe(true);
    expect(h(first!, 'x-intake-kind')).toBe('missing_items');
    expect(first!.parsed.text).toContain('TD API key: please revoke this API key and issue a new one.');
    expect(first!.parsed.text).not.toContain('0123456789abcdef0123456789abcdef01234567');
    const ticket = h(first!, 'x-intake-ticket')!;

    const more = await deliver({
      from,
      subject: `Re: [#${ticket}] Re: API call returns 401`,
      text: 'We rotated the key already. The call is made from our Node.js service on Linux (Ubuntu 22.04); we want our dashboard to list the databases. Job ID: n/a, the request fails before any job.\n\nPriya',
      replyTo: first!,
    });
    expect(more).not.toBeNull();
    expect(h(more!, 'x-intake-ticket')).toBe(ticket);
    expect(more!.parsed.text).not.toMatch(/revoke|credentials/i);
  });

  it('ja: a password is warned about once; the completing follow-up gets the complete reply; "solved" marks the ticket', async () => {
    const from = 'yamada <yamada@partner-j.example.jp>';
    const first = await deliver({ from, subject: 'ワークフローが失敗します', text: JA_SECRET });
    expect(first!.parsed.text).toContain('Partner Support Desk');
    expect(first!.parsed.text).toContain('パスワード：該当のパスワードを速やかに変更していただけますようお願いいたします。');
    expect(first!.parsed.text).not.toContain('Hunter2pass!');
    expect(first!.parsed.text!.startsWith('Yamada 様\n')).toBe(true);
    const ticket = h(first!, 'x-intake-ticket')!;

    const supply = await deliver({
      from,
      subject: `Re: [#${ticket}] Re: ワークフローが失敗します`,
      text: 'お世話になっております。\n失敗した Session ID は 98765432 です。パスワードは変更済みです。\n\nよろしくお願いいたします。',
      replyTo: first!,
    });
    expect(h(supply!, 'x-intake-kind')).toBe('follow_up_complete');
    expect(supply!.parsed.text).toContain('調査を開始いたします');
    expect(supply!.parsed.text).not.toContain('認証情報');

    const solved = await deliver({
      from,
      subject: `Re: [#${ticket}] Re: ワークフローが失敗します`,
      text: 'お世話になっております。\n解決しました、クローズして問題ございません。\n\nありがとうございました。',
      replyTo: supply!,
    });
    expect(h(solved!, 'x-intake-kind')).toBe('acknowledged');
    expect(solved!.parsed.text).toContain('解決済み');
    expect(solved!.parsed.text).not.toContain('調査を開始');
    expect(JSON.parse(await cli(['tickets', 'show', ticket, '--json'])).status).toBe('solved');

    // "If it comes back, reply to this mail": a reply after "solved" reopens the ticket and is acknowledged.
    const back = await deliver({
      from,
      subject: `Re: [#${ticket}] Re: ワークフローが失敗します`,
      text: 'お世話になっております。\n本日また同じ事象が発生しました。\n\nよろしくお願いいたします。',
      replyTo: solved!,
    });
    expect(h(back!, 'x-intake-kind')).toBe('acknowledged');
    expect(back!.parsed.text).toContain('担当者が内容を確認のうえ、ご連絡いたします');
    expect(JSON.parse(await cli(['tickets', 'show', ticket, '--json'])).status).toBe('complete');
  });
});
