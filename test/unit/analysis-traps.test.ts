// Focused cases for the reading rules that are easy to get wrong.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyse, combineAnalyses } from '../../src/analysis/analyse.ts';
import { loadRules } from '../../src/analysis/rules.ts';
import { parseMail } from '../../src/mail/parse.ts';
import { screenshots } from '../../src/analysis/items.ts';
import iconv from 'iconv-lite';
import { composeReply, loadTemplates } from '../../src/reply/compose.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const rules = loadRules(resolve(repoRoot, 'config'));

function eml(body: string, opts: { subject?: string; from?: string; headers?: string; contentType?: 'text/plain' | 'text/html' } = {}): Buffer {
  return Buffer.from(
    [
      `From: ${opts.from ?? 'Partner <p@partner.example.com>'}`,
      'To: support@td-support.example.com',
      `Subject: ${opts.subject ?? 'Inquiry'}`,
      'Message-ID: <t1@partner.example.com>',
      'MIME-Version: 1.0',
      `Content-Type: ${opts.contentType ?? 'text/plain'}; charset=utf-8`,
      'Content-Transfer-Encoding: 8bit',
      ...(opts.headers ? [opts.headers] : []),
      '',
      body,
    ].join('\r\n'),
  );
}

async function check(body: string, opts?: Parameters<typeof eml>[1]) {
  return analyse(await parseMail(eml(body, opts)), rules);
}

/** A plain-text mail with one attachment, as a mail client sends it (base64). */
function emlWith(body: string, file: { name: string; type: string; content: string }, opts: { subject?: string } = {}): Buffer {
  return Buffer.from(
    [
      'From: Partner <p@partner.example.com>',
      'To: support@td-support.example.com',
      `Subject: ${opts.subject ?? 'Inquiry'}`,
      'Message-ID: <t2@partner.example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '--b',
      `Content-Type: ${file.type}; name="${file.name}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${file.name}"`,
      '',
      Buffer.from(file.content).toString('base64'),
      '--b--',
      '',
    ].join('\r\n'),
  );
}

describe('account_id', () => {
  it('ignores phone numbers, postal codes and dates', async () => {
    const a = await check('Our job failed.\n\n--\nTEL: 03-5555-0142\n〒105-0011 東京都港区芝公園9-9-9\n2024/02/06\n');
    expect(a.items.account_id.present).toBe(false);
    expect(a.items.site.present).toBe(false);
  });
  it('reads full-width digits and colons', async () => {
    const a = await check('アカウントID：４０９１７\nジョブID：１８５０２２３３４１\nエラーになります。');
    expect(a.items.account_id.values).toEqual(['40917']);
    expect(a.items.target_id.values).toEqual(['job:1850223341']);
  });
  it("does not take another system's account", async () => {
    const a = await check('Activation to Facebook fails. Facebook ad account ID: 123456789, Google Ads account 4455667788.');
    expect(a.items.account_id.present).toBe(false);
  });
  it('does not take a company name', async () => {
    const a = await check('Our client Lumen Mart wants to know how pytd behaves.');
    expect(a.items.account_id.present).toBe(false);
  });
});

describe('target_id', () => {
  it('reads queryId as other, /jobs/N as job', async () => {
    const a = await check(
      'Saved query: https://console.treasuredata.com/app/queries/editor?queryId=4567890\nJob: https://console.treasuredata.com/app/jobs/123456789\n',
    );
    expect(a.items.target_id.values).toEqual(['other:4567890', 'job:123456789']);
    expect(a.items.site.values).toEqual(['us01']);
  });
  it('reads both numbers of a nested console path', async () => {
    const a = await check('https://console.treasuredata.com/app/ps/4821/se/903344');
    expect(a.items.target_id.values).toEqual(['other:4821', 'other:903344']);
  });
  it('rejoins an ID wrapped by the mail client', async () => {
    const a = await check(
      'The failing job is shown at this address in the console, please have a look: https://console.treasuredata.com/app/jobs/18877\n66554 thanks',
    );
    expect(a.items.target_id.values).toContain('job:1887766554');
  });
  it('only job and session IDs excuse the error message', async () => {
    const other = await check('Account ID: 10101, US\nActivation ID: 118234 fails in Audience Studio.');
    expect(other.missing).toContain('error_message');
    const job = await check('Account ID: 10101, US\nJob ID: 123456789 fails in the console.');
    expect(job.missing).not.toContain('error_message');
  });
});

describe('timezone', () => {
  it('a bare clock time needs a zone', async () => {
    const a = await check('アカウントID: 10101\n今朝10時頃から失敗しています。');
    expect(a.items.timezone.present).toBe(false);
  });
  it('日本時間 with the time is enough', async () => {
    const a = await check('アカウントID: 10101\n日本時間10時頃から失敗しています。');
    expect(a.items.timezone.present).toBe(true);
  });
  it('no clock time at all counts as present', async () => {
    const a = await check('Our job keeps failing since yesterday.');
    expect(a.items.timezone.present).toBe(true);
  });
  it('ignores attribution times, log positions and business hours', async () => {
    const a = await check(
      'It fails with:\nQuery failed: line 1:33: Column not found\n\n受付時間：平日 9:30～18:00\n\nOn Tue, Feb 13, 2024 at 6:41 PM Someone <x@example.com> wrote:\n> hello\n',
    );
    expect(a.items.timezone.present).toBe(true);
  });
  it('times inside SQL literals and pasted errors are values, not events', async () => {
    const a = await check("SELECT * FROM t WHERE time >= '2024-02-01 00:00:00'\nError: invalid time value '2026/03/11 24:10' in column 'shipped_at'");
    expect(a.items.timezone.present).toBe(true);
  });
  it("an apostrophe does not hide a bare time", async () => {
    const a = await check("It's been failing since 10:00 and the client's batch at 11:30 too.");
    expect(a.items.timezone.present).toBe(false);
  });
  it('a wrapped attribution line is metadata, its time no event', async () => {
    const a = await check('Job 1234567890 fails.\n\nOn Tue, Mar 3, 2026 at 9:00 AM TD Support <\nsupport@td-support.example.com> wrote:\n> Please send the Account ID (e.g. Account ID: 10101).\n');
    expect(a.items.timezone.present).toBe(true);
    expect(a.items.account_id.present).toBe(false);
  });
  it('a zone label above a schedule covers it', async () => {
    const a = await check('Schedule:\n  timezone: Asia/Tokyo\n  daily>: 02:00:00\n');
    expect(a.items.timezone.present).toBe(true);
  });
});

describe('secrets', () => {
  it('masked keys and env references are not secrets', async () => {
    const a = await check('td -k 67024/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx query\npassword = ********\napikey: ${TD_API_KEY}\n');
    expect(a.secrets).toEqual([]);
  });
  it('finds and redacts an unmasked TD key', async () => {
    const a = await check('-H "Authorization: TD1 39207/b82fc9496a33f14e19e270e2e077425535771d0e"');
    expect(a.secrets.map((s) => s.kind)).toEqual(['td_api_key']);
    expect(a.senderText).not.toContain('b82fc9496a33');
    expect(a.senderText).toContain('[REDACTED:td_api_key]');
  });
});

describe('whose text counts', () => {
  const autoReply = [
    'アカウントID：24680',
    '',
    '2024年2月15日(木) 18:03 TD Support <support@td-support.example.com>:',
    '> 以下の情報をお知らせください。',
    '> ・Console Environment(例:production-us01)',
    '> ・Job ID(例:Job ID: 123456789)',
    '> ・日本時間 2024/1/30 10時頃',
  ].join('\n');
  it("support's quoted auto-reply with example values does not count", async () => {
    const a = await check(autoReply, { subject: 'Re: [TD Support #84512] エラー' });
    expect(a.items.site.present).toBe(false);
    expect(a.items.target_id.present).toBe(false);
    expect(a.referencedTickets).toEqual(['84512']);
  });
  it("the sender's own inquiry quoted inside support's reply counts", async () => {
    const body = [
      'スクリーンショットを添付します。',
      '',
      '2024年2月15日(木) 18:03 TD Support <support@td-support.example.com>:',
      '> スクリーンショットをお送りください。',
      '>',
      '> ---- 元のお問い合わせ ----',
      '> アカウントID：58821(東京リージョン)',
      '> ジョブID：1879900213',
    ].join('\n');
    const a = await check(body);
    expect(a.items.account_id.values).toEqual(['58821']);
    expect(a.items.site.values).toEqual(['ap01']);
    expect(a.items.target_id.values).toEqual(['job:1879900213']);
  });
});

describe('combineAnalyses', () => {
  it('items given in any message of the ticket count', async () => {
    const first = await check('Account ID: 10101\nOur S3 export fails with Error: Access Denied. We want to export daily sales.');
    const second = await check('Site: US, job 123456789', { subject: 'Re: [TD Support #1] S3' });
    const combined = combineAnalyses([first, second], rules);
    expect(first.missing).toContain('site');
    expect(combined.missing).not.toContain('site');
    expect(combined.missing).not.toContain('account_id');
    expect(combined.category).toBe(first.category);
  });
});

describe('our own auto-reply quoted without an attribution line', () => {
  for (const language of ['ja', 'en'] as const) {
    it(`(${language}) its example values do not count`, async () => {
      const reply = composeReply(
        {
          kind: 'missing_items',
          language,
          ticketNumber: 84512,
          category: 'error',
          channel: 'workflow',
          missing: ['account_id', 'site', 'target_id', 'history', 'timezone'],
          secrets: [],
          inbound: { messageId: 'x@partner.example.com', subject: 'エラー', from: { address: 'p@partner.example.com', name: 'P' }, references: [] },
          referenceToken: '[ref:T84512-abc123]',
          messageId: 'r@intake.invalid',
          support: { address: 'support@td-support.example.com', name: 'TD Support' },
        },
        loadTemplates(resolve(repoRoot, 'templates')),
      );
      const quoted = reply.text
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
      const a = await check(`Thanks, the workflow is daily_sales.\n\n${quoted}\n`, { subject: 'Re: [TD Support #84512] error' });
      expect(a.items.account_id.present).toBe(false);
      expect(a.items.site.present).toBe(false);
      expect(a.items.target_id.present).toBe(false);
      expect(a.items.timezone.present).toBe(true);
    });
    it(`(${language}) answers written inline under its items are the sender's, labelled by the item`, async () => {
      const reply = composeReply(
        {
          kind: 'missing_items',
          language,
          ticketNumber: 84512,
          category: 'error',
          channel: 'workflow',
          missing: ['account_id', 'site'],
          secrets: [],
          inbound: { messageId: 'x@partner.example.com', subject: 'エラー', from: { address: 'p@partner.example.com', name: 'P' }, references: [] },
          referenceToken: '[ref:T84512-abc123]',
          messageId: 'r@intake.invalid',
          support: { address: 'support@td-support.example.com', name: 'TD Support' },
        },
        loadTemplates(resolve(repoRoot, 'templates')),
      );
      const out: string[] = ['Answers inline.', '', 'On Mon, Mar 2, 2026 at 10:00 AM TD Support <support@td-support.example.com> wrote:'];
      const answers = ['61390', 'production-us01'];
      const blocks = reply.text.split(/\n\s*\n/);
      let n = 0;
      for (const block of blocks) {
        out.push(...block.split('\n').map((l) => `> ${l}`), '');
        if (/10101/.test(block) && n === 0) out.push(answers[n++]!, '');
        else if (/production-us01/.test(block) && n === 1) out.push(answers[n++]!, '');
      }
      expect(n).toBe(2);
      const a = await check(out.join('\n'), { subject: 'Re: [TD Support #84512] error' });
      expect(a.items.account_id.values).toEqual(['61390']);
      expect(a.items.site.values).toEqual(['us01']);
    });
  }
});

describe('HTML-only replies', () => {
  it("support's text quoted in a <blockquote> does not count", async () => {
    const html =
      '<div>The job is 2233445566.</div><div class="gmail_quote"><div>On Mon, Mar 2, 2026 at 10:00 AM TD Support &lt;support@td-support.example.com&gt; wrote:</div>' +
      '<blockquote class="gmail_quote"><div>Please send the Account ID (e.g. Account ID: 10101) and the site (e.g. production-us01).</div></blockquote></div>';
    const raw = Buffer.from(
      ['From: p@partner.example.com', 'Subject: Re: [TD Support #5] error', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', html].join('\r\n'),
    );
    const a = analyse(await parseMail(raw), rules);
    expect(a.items.target_id.values).toEqual(['job:2233445566']);
    expect(a.items.account_id.present).toBe(false);
    expect(a.items.site.present).toBe(false);
  });
});

describe('goal', () => {
  it('asking to investigate an error is not a goal', async () => {
    expect((await check('Job 123456789 fails with Error: timeout. Please investigate this error, we want to fix it.')).items.goal.present).toBe(false);
    expect((await check('ジョブID: 123456789 がエラーになります。原因を調査していただきたいです。早急に解決したいです。')).items.goal.present).toBe(false);
  });
  it('what the sender wants to achieve is', async () => {
    expect((await check('S3へデータをエクスポートしたいのですが、Access Deniedと言うエラーが出ています。')).items.goal.present).toBe(true);
    expect((await check('We are trying to load daily logs, but the import fails.')).items.goal.present).toBe(true);
  });
});

describe('signatures', () => {
  it('a divider above pasted settings is not a signature', async () => {
    const a = await check('Export fails.\n\n--------------------\nURL: https://console.treasuredata.com/app/jobs/1234567890\nJob ID: 1234567890\n--------------------\n');
    expect(a.items.console_url.present).toBe(true);
    expect(a.items.target_id.values).toEqual(['job:1234567890']);
  });
  it('a real signature is dropped: no site from its address, no event time from its hours', async () => {
    const a = await check('ジョブが失敗します。\n\n--\n株式会社サンプル\n〒105-0011 東京都港区芝公園9-9-9\nTEL: 03-0000-0000\n受付時間 9:30~18:00\n');
    expect(a.items.site.present).toBe(false);
    expect(a.items.timezone.present).toBe(true);
    expect(a.senderText).not.toContain('TEL');
  });
});

describe('category and error text', () => {
  it('a question with no failure is a spec question', async () => {
    expect((await check('アカウントID：77889（AP01）で、スケジュールは何時で解釈されますか。')).category).toBe('spec');
  });
  it('a message quoted after "failed ... with" is error text; a paraphrase is not', async () => {
    const quoted = await check('The activation failed this morning with\n"The customer\'s account is not allowed to use Customer Match."');
    expect(quoted.items.error_message.present).toBe(true);
    const paraphrase = await check('The pytd query fails with an access denied error.');
    expect(paraphrase.items.error_message.present).toBe(false);
    const labels = await check('Environment: EU01\nAccount: 12345\nThe export shows an error (see the attached screenshot).');
    expect(labels.items.error_message.present).toBe(false);
    const code = await check('INVALID_SESSION_ID: Session expired or invalid');
    expect(code.items.error_message.present).toBe(true);
  });
});

describe('td commands', () => {
  it('"TD Query editor" in prose is no toolbelt command; td query is', async () => {
    const prose = await check('Account ID: 10101. The TD Query editor shows an error when we save the query.');
    expect(prose.items.command.present).toBe(false);
    expect(prose.channel).not.toBe('toolbelt');
    const cmd = await check('$ td -k 10101/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx query -w -d sales "SELECT 1"\nError: Read timed out');
    expect(cmd.items.command.present).toBe(true);
    expect(cmd.channel).toBe('toolbelt');
  });
});

describe('readings from the holdout12 round', () => {
  it('a question about the other vendor "itself", or not found in its documentation, is third_party_spec', async () => {
    const a = await check(
      'Our client sends audiences to Salesforce Marketing Cloud and has a question about SFMC itself: how long does Marketing Cloud keep rows in a Data Extension?',
    );
    expect(a.category).toBe('third_party_spec');
    const b = await check('We could not find this in the HubSpot documentation: does a list keep contacts after they unsubscribe?');
    expect(b.category).toBe('third_party_spec');
    // every product of config/rules/vocabulary.yaml's integrationTargets, in every cue that names the list
    const c = await check('Our client feeds a Looker dashboard from the exported table. How does Looker handle a column that changes type between refreshes?');
    expect(c.category).toBe('third_party_spec');
  });
  it('a console job page names no channel on its own (spec: channel is how it ran, not where it was looked at)', async () => {
    const a = await check('Account ID: 10388 (production-us01)\nFailed job: https://console.treasuredata.com/app/jobs/2219907713\nError text from the job page: Query exceeded per-node memory limit');
    expect(a.channel).toBe('unknown');
    expect(a.missing).toContain('method');
    const b = await check('Account ID: 10388\nThe saved query fails: https://console.treasuredata.com/app/queries/editor?queryId=1866601 with Query exceeded per-node memory limit');
    expect(b.channel).toBe('console');
  });
  it('a data flow into the sender\'s own system, told in Japanese, is the goal', async () => {
    const a = await check('日次集計結果を取得し、社内の基幹システムに取り込んでいます。11月28日からジョブ 2299120034 がエラーで失敗します。');
    expect(a.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout14-16 round', () => {
  it('a line a client wrapped mid-sentence continues it, though it reads as a label or an indented line', async () => {
    const a = await check(
      'Client is Halden Outdoor, a US outdoor-gear retailer, Account\nID: 60412, console environment us01. Their daily KPI script (pytd,\nPresto engine) fills the exec dashboard in Looker every morning and started failing on Nov 30.\n',
    );
    expect(a.items.goal.present).toBe(true);
    expect((a.items.goal.evidence ?? []).join(' ').replace(/\s+/g, ' ')).toContain('Their daily KPI script (pytd, Presto engine) fills the exec dashboard');
    const b = await check('- Yes, still failing. Every daily run since Nov 30, the last one today\n  at 07:00 UTC, same error.\n');
    expect(b.items.timezone.present).toBe(true);
    // a short line, a line that ends its sentence, or indented code is no continuation
    const c = await check('The call fails with the error below and I do not know why:\n  client = pytd.Client(apikey=key)\n');
    expect(c.items.goal.present).toBe(false);
  });
  it('names the consumer of the data as the goal', async () => {
    expect((await check('We pull the daily customer-360 scores for our client\'s call-centre app from a Go service of ours. Job 2522004417 fails.')).items.goal.present).toBe(true);
    expect((await check('We are wiring their product-return data into a weekly margin report. Job 2522004417 fails.')).items.goal.present).toBe(true);
    expect((await check('Saved Query の結果を営業部門の週次KPIレポートとして共有しております。ジョブ 2210984417 が失敗します。')).items.goal.present).toBe(true);
    expect((await check('Job 2522004417 fails on the report page. Please check.')).items.goal.present).toBe(false);
  });
  it('a list of objects asked for by kind and fields is object_listing', async () => {
    expect((await check('for Account ID 31190 pls send us:\n- all users w/ email, role, last login\n- all databases with size\n', { subject: 'need user list + db list' })).category).toBe('object_listing');
    expect((await check('Could you send the user list and db list for account 31190?')).category).toBe('object_listing');
  });
});

describe('plain-text tables and list lead-ins (holdout16-17 round)', () => {
  it('reads a cell under its column header: pipe tables and columns aligned under dashes', async () => {
    const a = await check(
      'Sessions of the daily workflow (all times JST):\n|Date |Session ID |Result |Ended|\n|11/29|64360447|ok |6:51|\n|11/30|64391158|failed |7:28|\n',
    );
    expect(a.items.target_id.values).toEqual(expect.arrayContaining(['session:64360447', 'session:64391158']));
    expect(a.items.timezone.present).toBe(true);
    const b = await check('Please list all users with role and last login for:\n\n  Client        Account ID   Site\n  ------------  -----------  ----\n  Ostara        40218        us01\n');
    expect(b.items.account_id.values).toEqual(['40218']);
  });
  it('a list heading gives the zone of the times in its items, wrapped items included', async () => {
    const a = await check(
      '■ 経緯（時刻はすべて日本時間）\n1. 11月30日までは、毎朝 6:00 のスケジュール実行にて正常に終了しておりました\n2. 12月1日、バケットポリシーの見直しが\n 行われたと伺っております\n3. 12月1日 6:00 の実行以降、毎回失敗しております\n',
    );
    expect(a.items.timezone.present).toBe(true);
  });
});

describe('readings from the holdout18 round', () => {
  it('a lead-in line that says the error below is shown makes the text below the error message', async () => {
    const a = await check('保存ボタンを押すと以下のエラーが表示されます。\n\n「Failed to save segment: Rule evaluation timed out.」\n');
    expect(a.items.error_message.present).toBe(true);
    const b = await check('When the export runs we get the following error.\n\nBucket policy rejects the PutObject call from the exporter\n');
    expect(b.items.error_message.present).toBe(true);
  });
  it('a digdag "_error:" key in a design draft is no error message, and the design question is implementation', async () => {
    const a = await check(
      'Before we start building, we would like your recommendation on how to structure this. Our draft:\n - _retry: 2 on every td_load task, _error: sends a Slack message\nCould you review this or point us to a reference architecture?',
    );
    expect(a.items.error_message.present).toBe(false);
    expect(a.category).toBe('implementation');
  });
  it('an ingestion endpoint or a TD host called from HTTP client code is the API', async () => {
    const a = await check(
      'Account ID 10455. Every POST from our collector gets a 400 since the key rotation; the segments in Audience Studio no longer update.\n\nconst res = await fetch("https://us01.records.in.treasuredata.com/web/checkout_events", { method: "POST" });\n',
    );
    expect(a.channel).toBe('api');
  });
});

describe('category boundaries from the holdout16-17 round', () => {
  it('"nothing is broken" states no failure: the question is spec', async () => {
    const a = await check('Quick spec question before we roll out (Account ID 90412, US region). Is the schedule evaluated in the workflow timezone after the DST change? Nothing is broken, I just want to get it right.');
    expect(a.category).toBe('spec');
  });
  it('"X側の仕様" is a third party only when X is not one of the service\'s own features', async () => {
    const own = await check('td table:export がエラーで終了します（ジョブ 2203318876）。キーの渡し方に問題があるのか、Export 側の仕様なのか切り分けたく、ご確認いただけますと助かります。');
    expect(own.category).toBe('error');
    const other = await check('HubSpot側の仕様についての質問になってしまうのですが、同じメールアドレスのコンタクトは更新されるのでしょうか。');
    expect(other.category).toBe('third_party_spec');
  });
  it('"Please:" leading a list of changes is a request, side questions aside', async () => {
    const a = await check('Our office moves, so our IPs change. Please:\n\n  1. add 203.0.113.40/29 to the account\'s IP allowlist\n  2. remove 198.51.100.12\n\nAnd two questions on the side:\n\n  a) Does the allowlist apply to the REST API?\n  b) Are scheduled workflows affected?\n');
    expect(a.category).toBe('request');
  });
});

describe('readings from the holdout19 round', () => {
  it('a Japanese numbered item may start with a date, and a heading\'s zone covers it', async () => {
    const a = await check('■経緯（時刻はすべて日本時間）\n1.11月27日(金)6:00の定期実行までは正常終了\n2.11月28日(土)6:00の定期実行から失敗が続いています\n');
    expect(a.items.timezone.present).toBe(true);
  });
  it('"(times in Pacific):" leading a list of times covers them', async () => {
    const a = await check('Job history (times in Pacific):\n   Sun Nov 29, 3:00 AM   scheduled run OK (job 2291020457)\n   Mon Nov 30, 3:00 AM   scheduled run failed\n');
    expect(a.items.timezone.present).toBe(true);
  });
  it('"…ているため、" gives a reason, not a purpose; "…するため、" a purpose', async () => {
    expect((await check('エンドユーザーから至急の対応を求められているため、早急にご確認いただけますと幸いです。ジョブ 2290661204 が失敗しました。')).items.goal.present).toBe(false);
    expect((await check('売上データを毎朝BIツールに取り込むため、ジョブ 2290661204 を実行していますが失敗しました。')).items.goal.present).toBe(true);
  });
});

describe('readings from the holdout21-22 round', () => {
  it('a question marked as secondary is not the main ask when something else is asked', async () => {
    const a = await check('Please update the IP allowlist for our end user, Account ID: 83311.\n\n  Add: 203.0.113.24/32\n\nOne additional question: does the allowlist restrict only console logins, or also REST API access?');
    expect(a.category).toBe('request');
    expect(a.mainAsk).toContain('Please update the IP allowlist');
  });
  it('a failure the sender calls settled or another matter is background: the question stays spec', async () => {
    const a = await check('td table:export の出力ファイルの分割単位を教えてください。\n（先週 Job 2016650012 が AccessDenied で失敗しましたが、バケットポリシーの\n修正で解消済みのため、本件とは別件です）\n出力ファイルはどの単位で分割されますか？');
    expect(a.category).toBe('spec');
  });
  it('the sender\'s own PC proxy settings are general IT', async () => {
    const a = await check('TDとは直接関係のないご質問で恐縮ですが、Windows 11 のプロキシ例外設定について、PACファイルの記述例を教えていただけますか。');
    expect(a.category).toBe('general_it');
  });
  it('goal told as what the data builds, a recurring flush, or a Japanese data flow into a system', async () => {
    expect((await check('That dashboard is built from the table our workflow produces. Session 20931177 failed.')).items.goal.present).toBe(true);
    expect((await check('The collector flushes a bulk import part to TD every 10 minutes. Every call returns 403.')).items.goal.present).toBe(true);
    expect((await check('前日分の売上明細をCSVで出力し、基幹システム側に取り込ませています。その出力処理（ジョブ 1957730021）が本日失敗しました。')).items.goal.present).toBe(true);
  });
});

describe('threads and history (holdout15-19 misses)', () => {
  it('"from: … / to: …" lines of a change request are content, not a forwarded header block', async () => {
    const a = await check(
      'Please change the Account Owner of Account ID 52019 as follows:\n\n  from: d.okafor@fenwick.example.com (left the company)\n  to:   m.lind@fenwick.example.com\n\nWe actually asked for this back in October, but the request got closed.\n',
    );
    expect(a.mentionsEarlierInquiry).toBe(true);
    expect(a.missing).toContain('related_ticket');
  });
  it('an earlier report of the same thing with its month is an earlier inquiry', async () => {
    expect((await check('We reported something very similar for another client back in October. Job 2292413388 fails.')).mentionsEarlierInquiry).toBe(true);
  });
  it('Japanese history: it used to finish, a narrower variant works, a change tried did not help', async () => {
    expect((await check('昨日までは同じクエリが3分くらいで終わっていたのですが、今朝から落ちるようになりました。ジョブ 1887320455')).items.history.present).toBe(true);
    expect((await check('ジョブ 1887320455 がエラーになります。集計期間を1ヶ月から1週間に絞ると通ります。')).items.history.present).toBe(true);
    expect((await check('timezone: Asia/Tokyo を追記して再pushしましたが、翌日のセッション（77139410）でも同じく1日ずれていました。')).items.history.present).toBe(true);
    // a setup created once and a single failure is no history
    expect((await check('Sourcesの設定を作成しましたが、取り込みジョブ 2041234567 が失敗しました。')).items.history.present).toBe(false);
  });
});

describe('readings from the holdout23 round', () => {
  it('an issue sheet attached as .txt is the sender\'s prose: form rows, aligned wrapped values, a timeline', async () => {
    const raw = Buffer.from(
      [
        'From: p@partner.example.com', 'To: support@td-support.example.com', 'Subject: Workflow failure - details attached',
        'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '',
        'All details are in the attached txt.', '--b', 'Content-Type: text/plain; charset=utf-8', 'Content-Disposition: attachment; filename="issue.txt"', '',
        'Console          : https://console.treasuredata.com  (US)',
        'What they want   : hourly load of the clickstream from GCS into TD so',
        '                   that the personalization segments stay current',
        'Session ID       : 402117783', '', 'Timeline (all times US/Eastern)',
        '2026-12-03 21:00  last successful session (402098115)', '2026-12-03 22:00  first failed session', '--b--', '',
      ].join('\r\n'),
    );
    const a = analyse(await parseMail(raw), rules);
    expect(a.items.goal.present).toBe(true);
    expect(a.items.history.present).toBe(true);
  });
  it('a two-column pipe table is a form: its rows are label and value', async () => {
    const a = await check('| 項目 | 内容 |\n|------|------|\n| AID | 31457 |\n| 実行環境 | AWS EC2 |\n');
    expect(a.items.account_id.values).toEqual(['31457']);
  });
  it('data that stopped arriving is a failure; an inquiry made to support before is an earlier inquiry', async () => {
    expect((await check('The table web_db.sessions_daily hasn\'t received any new rows since Nov 30. Account 88120, US. Could you take a look?')).category).toBe('error');
    expect((await check('We made inquiry about similar thing to your team in October, but I cannot find the mail now.')).mentionsEarlierInquiry).toBe(true);
  });
});

describe('times and lists from the holdout26 round', () => {
  it('a log line\'s stamp with its zone leads in nothing: a later time without zone is still asked for', async () => {
    const a = await check('2026-12-03 14:05:37.551 +0900 [ERROR] (0017@[0:mkt]+daily+predict): Task failed\n経緯：\n1.本日14時頃、push → start で初回実行 → 失敗\n');
    expect(a.items.timezone.present).toBe(false);
  });
  it('an indented list item is a list item, and a zone wrapped onto the next line belongs to its time', async () => {
    const a = await check('Setup:\n  - Called from a shell script started by cron every night at 23:00\n    Singapore time (UTC+8)\n  - Job 2291020457 fails with 403\n');
    expect(a.items.timezone.present).toBe(true);
  });
});

describe('console questions and downstream use (holdout26)', () => {
  it('a question about the console\'s Jobs list is a console spec question, not a listing request', async () => {
    const a = await check('Two quick questions about the console, for Account ID 51876 (ap01):\n\n1. In the TD Console Jobs list, how many days of job history can we see?\n2. Can we still download the result of a job that ran 60 days ago?');
    expect(a.category).toBe('spec');
    expect(a.channel).toBe('console');
  });
  it('someone downstream picking the output up to act on it is the goal', async () => {
    expect((await check('The export writes to our S3 bucket, and the CRM team picks the file up from there every Monday to run their win-back campaign. Job 2717733019 failed.')).items.goal.present).toBe(true);
  });
});

describe('a quote of support\'s answer introduced in the sender\'s words (holdout24)', () => {
  it('the example values in it do not count, and text at the sender\'s own level stays the sender\'s', async () => {
    const a = await check(
      'Back in September you answered a question of ours under ticket 80117.\nQuoting the relevant part of your reply:\n\n> For example, for Account\n> ID 10101 on production-us01, a schedule without a timezone runs at 03:00 UTC.\n\nFollow-up question: our customer (Account ID 38820) schedules their queries in the console. Does TD_SCHEDULED_TIME() follow the query timezone?',
    );
    expect(a.items.account_id.values).toEqual(['38820']);
    expect(a.items.site.present).toBe(false);
    const b = await check('当時いただいたご回答：\n「fetch_rows を小さくしてください」\n\nアカウントID 25066 ／ AP01\nジョブ 2190773301 が失敗しました。');
    expect(b.items.account_id.values).toEqual(['25066']);
  });
});

describe('readings from the untuned sets (holdout16, 19, 20, 25)', () => {
  it('a closing client line with the account ID is content, not signature', async () => {
    const a = await check('The upload returns 413 since Wednesday.\n\nThanks,\nDana\nClient: Coastal Pantry Co. | TD Account ID 48120 | US\n');
    expect(a.items.account_id.values).toEqual(['48120']);
  });
  it('Go\'s http.NewRequestWithContext is the API call; 予定になっております is a plan; a wider earlier-inquiry window', async () => {
    expect((await check('req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)\nfails with gzip: unexpected EOF')).items.command.present).toBe(true);
    expect((await check('このリストを使ってリターゲティング配信を行う予定になっておりますが、セグメントの配信が止まりました。')).items.goal.present).toBe(true);
    expect((await check('なお、先月も別のエンドユーザー様の件で LINE 連携についてお問い合わせさせていただいた経緯がございます。')).mentionsEarlierInquiry).toBe(true);
  });
});

describe('readings from holdout29', () => {
  it('a quoted message followed by と出て is the error message; the dashboards that read the tables are the goal', async () => {
    expect((await check('保存しようとすると\n「Query could not be saved: Name has already been taken」\nと出て保存できないそうです。')).items.error_message.present).toBe(true);
    expect((await check('session 88812345 keeps dying. it rebuilds the rollup tables the sales dashboards read every morning')).items.goal.present).toBe(true);
  });
});

describe('readings from holdout30', () => {
  it('a private key block with its body removed is no secret', async () => {
    const a = await check('private key:\n  -----BEGIN ENCRYPTED PRIVATE KEY-----\n  [removed]\n  -----END ENCRYPTED PRIVATE KEY-----\n');
    expect(a.secrets).toEqual([]);
    const b = await check('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQL2KkR9hxDBeLG5\n-----END PRIVATE KEY-----\n');
    expect(b.secrets.map((s) => s.kind)).toEqual(['private_key']);
  });
  it('answers written inline into support\'s text under the marker the sender names are the sender\'s', async () => {
    const a = await check(
      'Hi Mateo,\n\nI\'ve answered inline below, my answers start with "KV:".\n\nKatrin\n\n-----Original Message-----\nFrom: TD Support <support@td-support.example.com>\nSent: Thursday, December 3, 2026 4:18 PM\nSubject: [TD Support #60412] td_load fails\n\n1. Account ID and Console Environment (for example: Account ID: 10101, production-us01)\n\nKV: Account ID 20733, production-eu01.\n',
    );
    expect(a.items.account_id.values).toEqual(['20733']);
    expect(a.items.site.values).toEqual(['eu01']);
  });
});

describe('more readings from holdout30', () => {
  it('an earlier request with お願いをして, a wanted state as the goal, design questions, a self-hosted Embulk across a wrap', async () => {
    expect((await check('先月も別のエンドユーザー様で同じようなお願いをして、そのときは一覧をいただけたと記憶しております。')).mentionsEarlierInquiry).toBe(true);
    expect((await check("Our DAGs issue jobs via POST /v3/job/issue/presto/db. We'd like the retry to be idempotent. Does domain_key dedupe?")).items.goal.present).toBe(true);
    expect(
      (await check('We plan to build Treasure Workflow projects for three brands and have a few design questions before we start. Would you recommend one project per brand or one shared project?', { subject: 'Design advice: ID unification across three brands' })).category,
    ).toBe('implementation');
    expect((await check('弊社の EC2(Amazon Linux 2023)上で\nOSS版の Embulk を動かし、受注データを毎日TDへ取り込んでいます。0.11 系への移行方法を教えてください。')).category).toBe('oss');
  });
});

describe('short ticket numbers (our own numbering starts at 1)', () => {
  it('reads them when labelled or in a subject tag', async () => {
    expect((await check('This relates to our earlier ticket #7. Account ID: 10101')).referencedTickets).toEqual(['7']);
    expect((await check('前回のチケット番号：12 の件です。')).referencedTickets).toEqual(['12']);
    expect((await check('Thanks.', { subject: 'Re: Export question [#3]' })).referencedTickets).toEqual(['3']);
  });
  it('does not take other short numbers for tickets', async () => {
    expect((await check('We retried 3 times; step #2 fails. Request 5 of the batch.')).referencedTickets).toEqual([]);
  });
  it('reads a number that a wrap cut from its "ticket", and judges the context by its sentence', async () => {
    const wrapped = await check(
      'Forwarding a report from our customer below. We asked about a similar export problem in ticket\n' +
        '45678 last year. They want fresh order data in the finance dashboard every morning.\n',
    );
    expect(wrapped.referencedTickets).toEqual(['45678']);
    expect(wrapped.items.related_ticket.present).toBe(true);
    // a short line ending in "ticket" is no wrap, and an order number stays an order number
    expect((await check('See the ticket\n45678 rows were loaded.')).referencedTickets).toEqual([]);
    expect((await check('Our order request 45678 failed to import.')).referencedTickets).toEqual([]);
  });
});

// Issue 9: mechanisms that failed on unseen mail, each with a phrasing no rule was written for.
describe('reading that holds beyond the phrases seen', () => {
  const html = async (body: string) =>
    analyse(
      await parseMail(Buffer.from(['From: p@partner.example.com', 'Subject: Saved query error', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', body].join('\r\n'))),
      rules,
    );
  it('an HTML table reads label cell -> value cell, also across source lines and under a header row', async () => {
    const rows = await html('<table>\n<tr>\n  <td><strong>Account ID</strong></td>\n  <td>7791</td>\n</tr>\n<tr><td><b>Error message</b></td>\n<td>Access denied for user</td></tr></table>');
    expect(rows.items.account_id.values).toEqual(['7791']);
    expect(rows.items.error_message.present).toBe(true);
    const header = await html('<table><tr><th>Account ID</th><th>Region</th><th>Job ID</th></tr>\n<tr><td>7790</td><td>US</td><td>1902233451</td></tr></table>');
    expect(header.items.account_id.values).toEqual(['7790']);
    expect(header.items.site.values).toEqual(['us01']);
    expect(header.items.target_id.values).toEqual(['job:1902233451']);
    // a two-column "Item | Value" header over label rows names only the columns
    const kv = await html('<table><tr><th>項目</th><th>内容</th></tr>\n<tr><td>アカウントID</td><td>33017</td></tr><tr><td>Job ID</td><td>1902233452</td></tr></table>');
    expect(kv.items.account_id.values).toEqual(['33017']);
    expect(kv.items.target_id.values).toEqual(['job:1902233452']);
  });
  it("a partner's 'our customer Account ID N' is the account; an ad platform's customer account is not", async () => {
    expect((await check('Our customer Account ID 61007 wants a higher limit.')).items.account_id.values).toEqual(['61007']);
    expect((await check('The Google Ads customer account ID 4410 is linked.')).items.account_id.values).toEqual([]);
  });
  it('"could you help raise/transfer …" asks support to do it: request', async () => {
    const a = await check('Our customer Account ID 61007 (US) has many dashboards. Could you help raise the concurrent query limit to 30?');
    expect(a.category).toBe('request');
  });
  it('how to set up Excel to open exported data is general IT, a failing job loaded into Excel is not', async () => {
    expect((await check('TDから出力したCSVをExcelで開くと文字化けしてしまいます。\nExcel側でどのように設定すれば正しく開けるのか教えていただけますか。')).category).toBe('general_it');
    expect((await check('Job 1902233448 failed with "Query exceeded max memory". We load the result into Excel every morning. Could you check why?')).category).toBe('error');
  });
  it("this mail's own request is no earlier inquiry; support's earlier help is", async () => {
    const own = await check('セッションID：41255890 のワークフローが先月末よりエラー終了しておりますため、ご調査をお願いしたく\nご連絡差し上げました。');
    expect(own.items.related_ticket.present).toBe(true);
    const helped = await check('Job 1902233448 failed again. We had a similar problem in September and your team helped us then.');
    expect(helped.items.related_ticket.present).toBe(false);
  });
  it('a command line after a Windows shell prompt is the command', async () => {
    const ps = await check('The REST call fails:\n\nPS C:\\scripts> curl.exe -s -X POST "https://api.treasuredata.com/v3/job/issue/hive/db"\nHTTP/1.1 403 Forbidden\n');
    expect(ps.items.command.present).toBe(true);
  });
  it('the account in Japanese prose, and "our US account" as the site', async () => {
    expect((await check('アカウントは 44172（東京リージョン）になります。ワークフローが失敗しています。')).items.account_id.values).toEqual(['44172']);
    expect((await check('アカウント 67045（AP01）に登録されているユーザーの一覧をいただけますか。')).items.account_id.values).toEqual(['67045']);
    expect((await check('広告アカウント 1234567 の連携が失敗しています。')).items.account_id.values).toEqual([]);
    expect((await check('The query fails. This is on our US account, Account ID 77410.')).items.site.values).toEqual(['us01']);
  });
  it('an error after a lead-in sentence, and a failure with its HTTP status, are error text', async () => {
    const en = await check('Segment sync fails.\nThe message shown in the activation log is:\nFacebook Custom Audience: (#2650) Failed to update the custom audience\n');
    expect(en.items.error_message.present).toBe(true);
    const ja = await check('取り込みが失敗しています。\nコンソールに表示されているエラーは以下です。\n  Failed to fetch data: 403 PERMISSION_DENIED: User does not have sufficient permissions.\n');
    expect(ja.items.error_message.present).toBe(true);
  });
  it('a scheduled data flow with its destination is the goal', async () => {
    expect((await check('Our nightly extract into the reporting mart uses the JDBC driver. Job 2022104455 failed.')).items.goal.present).toBe(true);
    expect((await check('Our nightly import from S3 failed again. Job 2022104455.')).items.goal.present).toBe(false);
  });
  it('a Japanese sentence that starts with a command is prose: what was tried counts as history', async () => {
    const a = await check('セッションID：77104512 が失敗します。\ntd wf start でも試しましたが同じく失敗しました（12/3 16:40 JST 頃）。\n');
    expect(a.items.history.present).toBe(true);
  });
  it("a non-engineer's 'seems to be broken … numbers are blank' reports a failure", async () => {
    expect((await check('The Google Ads sync thing seems to be broken and the numbers are blank this week. Something about permissions?')).category).toBe('error');
  });
  it('a template with 【label】value gives the account; "your recommendation on how to design" asks for design advice', async () => {
    expect((await check('【アカウントID】12345\n【環境】production-ap01\n【対象ID】Job ID 1866601234\n')).items.account_id.values).toEqual(['12345']);
    const design = await check('We would like your recommendation on how to design the data model: one table per event type or a single wide table?\nAccount ID: 13570, US region.');
    expect(design.category).toBe('implementation');
  });
  it('"raised a similar issue with your support team in October" is an earlier inquiry', async () => {
    const a = await check('Job 1870001234 fails with Access Denied. We raised a similar S3 issue with your support team in October.');
    expect(a.items.related_ticket.present).toBe(false);
  });
  it('a cropped screen (320x200) is a screenshot; logos and banner strips are not', () => {
    const img = (width: number, height: number, n: number) => ({
      filename: `i${n}.png`, contentType: 'image/png', size: 40_000, sha256: `h${n}`, contentId: null, inline: true, text: null, image: { width, height },
    });
    const found = screenshots([img(320, 200, 1), img(1920, 1080, 2), img(160, 40, 3), img(1280, 40, 4), img(600, 100, 5)], new Set(), rules);
    expect(found).toEqual(['i1.png', 'i2.png']);
  });
  it('holdout10 readings: support named by person, a self-hosted tool on "our own Linux servers", "10 o\'clock", a dashboard kept up to date', async () => {
    const kenji = await check('Session 987654321 failed. As Kenji from your team suggested last month, I checked the permissions. Any pointers?');
    expect(kenji.items.related_ticket.present).toBe(false);
    expect(kenji.category).toBe('error');
    const oss = await check('We run Embulk 0.11 on our own Linux servers to copy MySQL into PostgreSQL (no Treasure Data involved at all). Is there a default_timezone setting?');
    expect(oss.category).toBe('oss');
    const clock = await check('Job 1945500321 failed at 3pm Pacific. I re-authorised the connection on Thursday at 10 o\'clock and it still fails.');
    expect(clock.items.timezone.present).toBe(false);
    const goal = await check('アカウントID：13579 のお客様において、売上テーブルを参照し、店舗別の日次ダッシュボードを更新しているのですが、ジョブ 1934567012 が失敗します。');
    expect(goal.items.goal.present).toBe(true);
  });
  it('UPPER_CASE keys of a pasted config are not error codes', async () => {
    const a = await check('The loader upload fails.\nConfig:\n\nTD_ENDPOINT: https://api.treasuredata.com\nTD_DATABASE: app_events\nBATCH_SIZE_ROWS: 50000\n');
    expect(a.items.error_message.present).toBe(false);
  });
  it('a zone abbreviation right after the time counts, whichever zone it is', async () => {
    expect((await check('Job 1902233448 failed at 06:15 HST today.')).items.timezone.present).toBe(true);
    expect((await check('Job 1902233448 failed at 14:00 MSK today.')).items.timezone.present).toBe(true);
    expect((await check('Job 1902233448 failed at 14:00 today.')).items.timezone.present).toBe(false);
  });
  it('a heading or lead-in that gives the zone covers the list of times under it', async () => {
    const heading = await check('セッションID：91827364\n\n■経緯（以下の時刻はすべて日本時間です）\n・11月27日 6:00 の実行で失敗\n・12月4日 9:30頃に手動でRetry\n');
    expect(heading.items.timezone.present).toBe(true);
    const pacific = await check('Job 3353001122 failed.\n\nRuns this week (all times Pacific):\n  Mon Nov 30 07:00 - failed\n  Tue Dec 1 07:00 - failed\n');
    expect(pacific.items.timezone.present).toBe(true);
    const prose = await check('Job 3353001122 failed.\nWe are in Tokyo and use JST.\n\nIt failed at 07:00 and at 08:00.\n');
    expect(prose.items.timezone.present).toBe(false);
  });
  it('a request mentioned as background does not outweigh a concrete failure', async () => {
    const a = await check('Last month the account owner change you did went fine. Since then our daily workflow fails.\nSession ID: 99887768\nError: td>: Access denied: user has no permission to database finance');
    expect(a.category).toBe('error');
  });
  it('the method and the command can be shown only in code', async () => {
    const a = await check(
      'Account ID: 41242 (EU01). The upload from our Linux host fails.\n\n  const res = await fetch(`https://api.eu01.treasuredata.com/v3/table/import/events/clicks/msgpack.gz`, {\n    method: \'PUT\',\n    headers: { "Authorization": `TD1 ${apiKey}` },\n  });\n\nResponse: HTTP/1.1 413 Payload Too Large',
    );
    expect(a.channel).toBe('api');
    expect(a.items.command.present).toBe(true);
  });
  it('goal and history told in other words and tenses', async () => {
    const goal = await check('Our Java service issues Presto jobs through td-client-java to compute nightly loyalty points. Job 2001002006 fails.');
    expect(goal.items.goal.present).toBe(true);
    const ja = await check('週次の会員分析レポートをBIツールで見られるよう、クエリ結果をS3へ出力しております。ジョブID: 2001002003 が失敗します。');
    expect(ja.items.goal.present).toBe(true);
    const onset = await check('Session ID: 88112233. The session began to fail on Tuesday.');
    expect(onset.items.history.present).toBe(true);
    const changed = await check('Job 1902233445 fails.\n\nWhat changed on our side:\n- the column store_cd became store_code\n');
    expect(changed.items.history.present).toBe(true);
  });
});

describe('readings from the holdout31-33 round', () => {
  it('"…するためのパラメータ" names the means a question asks for; "…するためのもの" is a purpose', async () => {
    const means = await check('Account ID: 92177\ntd_wait> のタイムアウトを延長するためのパラメータはございますでしょうか。');
    expect(means.items.goal.present).toBe(false);
    const purpose = await check('Account ID: 92177\n本件のクエリは、取引先に毎日の店舗別売上ファイルを渡すためのものです。ジョブID 1925500234 が失敗しました。');
    expect(purpose.items.goal.present).toBe(true);
  });
  it('pasted error text or a failing job is a failure report even without a failure verb; settled in its paragraph, it is background', async () => {
    const killed = await check(
      'Job https://console.eu01.treasuredata.com/app/jobs/2056677889 (Account ID 70218) was killed overnight:\n\n  Query exceeded maximum execution time limit of 6.00h (EXCEEDED_TIME_LIMIT)\n\nIt builds the weekly churn report that our client\'s retention team reviews. The same query has run fine every week until now.\n\nCan you see why it took so long this time?',
    );
    expect(killed.category).toBe('error');
    expect(killed.items.goal.present).toBe(true);
    expect(killed.items.history.present).toBe(true);
    const settled = await check(
      'Spec question for AID 55120 (US).\n\nBackground: in October a few nightly jobs were killed with\n"Query exceeded the maximum execution time limit of 6.00h" (job 1987766510). We have since split that query and it\'s fine now, so there is nothing to investigate there.\n\nIs the 6-hour limit measured from submission or from the start of the query?',
    );
    expect(settled.category).toBe('spec');
    const noFailure = await check(
      'アカウントID 62018(US環境)では大きめの集計クエリ(例:Job ID 1925500234)を日常的に実行されています。\nクエリ自体は正常に終了しており、エラーは出ていません。\n\n先月の請求書に記載されている Overage の内訳と、追加料金の請求方法を教えてください。',
    );
    expect(noFailure.category).toBe('contract');
  });
  it('a contract named in passing does not make a spec question a contract one', async () => {
    const a = await check(
      'エンドユーザー様(AID:52047)のダッシュボードで REST API の /v3/job/list を呼び出す実装を検討しております。\n\n1. 取得できるジョブ件数に上限はありますか。\n\nなお、以前別件でレート制限について問い合わせた際には、ご契約内容によって異なると伺いました。',
    );
    expect(a.category).toBe('spec');
    expect(a.channel).toBe('api');
    expect(a.missing).toContain('related_ticket');
  });
  it('a design choice put to support is implementation; a similar request made last year is an earlier inquiry', async () => {
    const design = await check(
      "I'd like some guidance on how to structure the Treasure Workflow side for 12 brands.\n\n a) one project with for_each>\n b) one parent workflow with call>\n\nWhich of these would you recommend for maintainability?",
    );
    expect(design.category).toBe('implementation');
    const earlier = await check(
      'Account ID is 37745. Please reassign the saved queries of a user who left to m.ueda@example.jp.\n\nWe made a similar request for another user last year and you kindly handled it.',
    );
    expect(earlier.category).toBe('request');
    expect(earlier.missing).toContain('related_ticket');
  });
});

describe('history told by outcome', () => {
  it('an earlier run by what it did and counted attempts are history; a partial success of the failing run is not', async () => {
    const earlier = await check('Account ID: 60214 (eu01). td query -f csv fails with Net::ReadTimeout.\nThe October extract (job 2161900437) downloaded fine on Nov 3.');
    expect(earlier.items.history.present).toBe(true);
    const attempts = await check('Account ID: 60214 (eu01). The download of job 2191377208 fails. Today I tried three times, always the same timeout.');
    expect(attempts.items.history.present).toBe(true);
    const partial = await check('アカウントID: 60214\n本日10時15分（日本時間）に td query を実行したところ、ジョブ自体は成功しているようですが、結果のダウンロードでエラーになりました。');
    expect(partial.items.history.present).toBe(false);
  });
});

describe('readings from the holdout34-36 round', () => {
  it('answers written between quoted questions of support: the quote stays support\'s, a bare answer takes the question as its label', async () => {
    const a = await check(
      [
        'Answers inline below.', '', 'On 3/12/24 8:03 PM, Treasure Data Support wrote:',
        '> This is an automated message. Please reply with the items below:', '>',
        '> - Account ID of the end user (e.g. Account ID: 10101)', '', '61390', '',
        '> - Console Environment (e.g. production-us01)', '', 'US, production-us01', '',
        '> - Job ID of the failed job (e.g. Job ID: 123456789)', '', "Sorry, I don't have it.", '',
        '> ---- Your original message ----', '> Since yesterday the export fails with:', '>   Error: 403 Forbidden: Access Denied',
      ].join('\n'),
    );
    expect(a.items.account_id.values).toEqual(['61390']);
    expect(a.items.account_id.evidence).toContain('61390');
    expect(a.items.target_id.present).toBe(false);
    expect(a.items.error_message.present).toBe(true);
  });
  it('a Shift_JIS .txt issue sheet is decoded; its bracket labels give IDs; its times need a zone', async () => {
    const sheet = iconvEncode('【アカウントID】71845\n【Console Environment】AP01\n【Session ID】1029384756\n【発生日時】2025/03/12 07:00 の定期実行でエラー\n');
    const raw = Buffer.concat([
      Buffer.from(
        [
          'From: p@partner.example.com', 'To: support@td-support.example.com', 'Subject: workflow error', 'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', '詳細は添付のとおりです。',
          '--b', 'Content-Type: text/plain; charset=Shift_JIS', 'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="detail.txt"', '', sheet.toString('base64'), '--b--', '',
        ].join('\r\n'),
      ),
    ]);
    const a = analyse(await parseMail(raw), rules);
    expect(a.items.account_id.values).toEqual(['71845']);
    expect(a.items.site.values).toEqual(['ap01']);
    expect(a.items.target_id.values).toContain('session:1029384756');
    expect(a.items.timezone.present).toBe(false);
  });
});

function iconvEncode(text: string): Buffer {
  return iconv.encode(text, 'Shift_JIS');
}

describe('readings from the holdout34-36 round, continued', () => {
  it('a failure only supposed is no failure report', async () => {
    const a = await check('Account ID: 57302 (ap01). If an activation run fails, does Treasure Data retry it automatically? And will the failure notification e-mail still go out?', {
      subject: 'Do failed activations retry automatically?',
    });
    expect(a.category).toBe('spec');
    const ja = await check('アカウントID 57302(東京)です。ワークフローが失敗した場合、自動でリトライされますか。');
    expect(ja.category).toBe('spec');
  });
  it('IDs and messages in other words', async () => {
    const job = await check('Account ID: 30557 (eu01). The job ID of the latest failure is 1935512290.');
    expect(job.items.target_id.values).toEqual(['job:1935512290']);
    const msg = await check('Account ID 63128 (US). Saving fails:\n\nFailed to save parent segment: column "member_id" is not found in attribute table "loyalty_members"\n');
    expect(msg.items.error_message.present).toBe(true);
    const casual = await check('AID 48771 東京\nコンソールで実行したらエラー\nなんでエラーになるのか見てもらえる？');
    expect(casual.category).toBe('error');
  });
  it('times as 14h30, retries counted in casual Japanese, a downstream deadline as the goal', async () => {
    const hhmm = await check('Account ID : 61880 (ap03). Session 3051877210 fails.\nFrom 12/03 14h30 run, every run fail with the same error.');
    expect(hhmm.items.timezone.present).toBe(false);
    const retries = await check('AID 48120 ap01\nsession 298877123 が落ちてる\nリトライ2回したけど同じ');
    expect(retries.items.history.present).toBe(true);
    const downstream = await check('Account ID: 30557 (eu01). Their nightly package issues a DELETE through the REST API to trim old rows before the morning actuarial extracts run. Job 2001002003 fails.');
    expect(downstream.items.goal.present).toBe(true);
  });
  it('earlier inquiries to support, and requests to the sender that are none', async () => {
    const asked = await check('Account ID: 90877 (ap02). Please change the Account Owner.\nLast year we asked same owner change for other customer and it was done smoothly.');
    expect(asked.missing).toContain('related_ticket');
    const approval = await check('Account ID: 55301 (us01). Please change the Account Owner.\nThey had their owner changed once before, back in 2023, and your team asked for written approval that time.');
    expect(approval.missing).toContain('related_ticket');
    const endUser = await check('アカウントID: 52018(ap01)のAccount Owner変更をお願いします。エンドユーザー様から以前ご相談があった件です。');
    expect(endUser.missing).not.toContain('related_ticket');
  });
});

describe('readings from the holdout37-39 round', () => {
  it('a main ask for the specification, a relative clause, options in brackets: spec, not error', async () => {
    const spec = await check(
      'エンドユーザー様(アカウントID: 41560)で、朝の業務開始までに集計が終わらない日が出てきています。\nつきましては、以下の仕様についてご教示ください。\n1. 同時に実行されるタスク数に上限はありますか。\n2. 超えた分はキューで待機するのでしょうか、それともエラーになるのでしょうか。',
    );
    expect(spec.category).toBe('spec');
    const deleted = await check('東京リージョンのお客様からの質問です。誤って削除してしまったテーブルを、TD側で復元していただくことは可能でしょうか。');
    expect(deleted.category).toBe('spec');
    const options = await check('Treasure Workflowのスケジュールの仕様について教えてください。アカウントID: 45571(AP01)\nスキップされたセッションはRun Historyにどのように表示されますか(表示されない、Skippedになる等)。');
    expect(options.category).toBe('spec');
    const s3 = await check('TDからAmazon S3へ日次でエクスポートしています。S3側の以下の仕様について教えていただけますでしょうか。\n・ライフサイクルルールで移行日数を変えることはできるか');
    expect(s3.category).toBe('third_party_spec');
  });
  it('the OS by its release name, a job ID named after its number, a paraphrase under an error label', async () => {
    const mac = await check('Account ID: 52904 (US). pytd fails: RuntimeError: failed to perform bulk import job 2061874410\nRun from my laptop (Sonoma 14.4.1).');
    expect(mac.items.os.values).toEqual(['mac']);
    const job = await check('アカウントID: 27731(東京)\n出力1行目の 2071203348 が print(job.job_id) で表示したジョブIDです。');
    expect(job.items.target_id.values).toEqual(['job:2071203348']);
    const paraphrase = await check('アカウントID: 33120(東京)\nアテンプトID: 88123456\nエラー内容: td_load>タスクがタイムアウトのようなエラーで失敗しています(ログはまだ取得できていません)');
    expect(paraphrase.items.error_message.present).toBe(false);
  });
  it('a command line must be one that ran: not a tool named, not a documentation template, not the toolbelt\'s own output', async () => {
    const named = await check(
      'Account ID: 47719 (US). How it runs: TD Toolbelt (td table:export) from a script on CentOS 7.\nFrom your documentation:\n  td table:export example_db table1 \\\n    --s3-bucket <S3_BUCKET_NAME> \\\n    --file-format jsonl.gz\nOutput:\n  Export job 2055871903 is queued.\n  Use \'td job:show 2055871903\' to show the status.\n  Error: Access Denied (Status Code: 403)',
    );
    expect(named.items.command.present).toBe(false);
    const ran = await check('Account ID: 10412 (ap01). macOS 14.6\n\n$ td -k 10412/xxxx -e https://api.treasuredata.co.jp \\\n    query -d sales_mart -T presto -w "SELECT 1"\nError: Net::ReadTimeout');
    expect(ran.items.command.present).toBe(true);
  });
  it('channel, site, history and earlier inquiries in more words', async () => {
    const wf = await check('Account ID: 71845 (us01). It runs on its schedule in Treasure Workflow.\nLast night\'s session: https://console.treasuredata.com/app/workflows/sessions/592301847\nThe task log says: Task failed with unexpected error: Query exceeded the maximum execution time limit of 6.00h');
    expect(wf.channel).toBe('workflow');
    const tokyo = await check("Job 2488014455 failed again, same error each time: INVALID_CAST_ARGUMENT: Value cannot be cast to date.\nWe're on the Tokyo instance, Acct ID 51230.\nI sent this to your team last week already.");
    expect(tokyo.items.site.values).toEqual(['ap01']);
    expect(tokyo.missing).toContain('related_ticket');
    const ja = await check('Account ID:52618 ap01\nSourcesのMySQL取り込みが失敗しています。\nCommunications link failure\n昨日まではエラーは出ておりませんでした。昨晩、DBサーバーのOSアップデートを行っています。');
    expect(ja.items.history.present).toBe(true);
  });
});

describe('readings from the holdout40-42 round', () => {
  it('a P.S. after the sign-off is content; a zone in a table header covers its time column', async () => {
    const ps = await check(
      'Account ID 39975 (US). Since 23:00 UTC yesterday job submissions get HTTP 429.\n\nBest,\nTom\n\nP.S. This runs on an EC2 instance with Amazon Linux 2023. Everything was fine up to the 22:00 UTC run; that last good batch included job 1931122009.',
    );
    expect(ps.items.os.values).toEqual(['linux']);
    expect(ps.items.target_id.values).toContain('job:1931122009');
    const table = await check(
      'アカウントID：27719 / 環境：AP01\nワークフローが3日連続で失敗しております。\n\n日時（日本時間）  Session ID   結果\n3/16 03:00        398519943    成功\n3/17 03:00        398812007    失敗\n\nエラー: td>: Presto query failed: Query exceeded maximum time limit of 6.00h',
    );
    expect(table.items.target_id.values).toEqual(['session:398519943', 'session:398812007']);
    expect(table.items.timezone.present).toBe(true);
  });
  it('failure and ask in other words', async () => {
    const cannot = await check('アカウントID：60772 ap03\n店舗POSデータを毎晩取り込んでいますが、11/17 午前2時（日本時間）のバッチから毎晩エラーで取り込めなくなっています。');
    expect(cannot.category).toBe('error');
    const avoid = await check(
      'アカウントID: 78841(東京)\npytd のクエリがエラーになりました。\ntrino.exceptions.TrinoQueryError: TrinoQueryError(type=INSUFFICIENT_RESOURCES, message="Query exceeded per-node memory limit of 20GB")\nSQLの書き方で回避できるものなのか、リソースの上限によるものなのかご確認いただけますでしょうか。',
    );
    expect(avoid.category).toBe('error');
    const listing = await check('Our client\'s audit needs a list of every user with Administrator rights on Account ID 44120 (us01).\nYou did the same kind of export for us last quarter for another client.');
    expect(listing.category).toBe('object_listing');
    expect(listing.missing).toContain('related_ticket');
  });
  it('goals told as automation, a weekly flow told time first, a tool used to do something', async () => {
    const automating = await check("Account ID: 40233 (US). We're automating a daily data quality check for our client. POST /v3/job/issue returns 403.");
    expect(automating.items.goal.present).toBe(true);
    const weekly = await check('TD account ID: 35590 (US). Every Monday we pull the latest churn scores out of TD and load them into their retention email tool. pytd fails with a timeout.');
    expect(weekly.items.goal.present).toBe(true);
    const uses = await check('Account ID: 72006 (eu01). Our client uses an Audience Studio activation to Meta to exclude existing customers from their campaigns. Activation 401127 fails every day.');
    expect(uses.items.goal.present).toBe(true);
    expect(uses.items.target_id.values).toContain('other:401127');
  });
  it('a form\'s empty fields say nothing; a bare date and time under a field needs a zone; a pasted paragraph\'s times are events', async () => {
    const form = await check(
      'Account ID:\n66120\n\nConsole Environment:\nUS01\n\nJob ID / Session ID:\n2115500321\n\nError message (full text):\norg.embulk.exec.PartialExecutionException: Access Denied\n\nWhen did it occur?:\n2024-11-18 14:05\n\nHistory (steps before the problem, what you tried, last successful run):\n\n\nRelated ticket number (if any):\n\n\nReference documents:\nhttps://docs.treasuredata.com/x\n',
    );
    expect(form.items.history.present).toBe(false);
    expect(form.missing).not.toContain('related_ticket');
    expect(form.items.timezone.present).toBe(false);
    const pasted = await check('Account ID 58120 on AP03. Pasting what our engineer sent:\n\n"crm_daily failed again at 04:30. Session 3120045521. I retried it twice, same result."');
    expect(pasted.items.timezone.present).toBe(false);
  });
});

describe('readings from the holdout43-45 round', () => {
  it('goals told by duty, by what the output feeds, in Japanese by what the data is made for', async () => {
    const duty = await check('Account ID: 44390 (eu01). Every month they must purge contact events older than 24 months to comply with their GDPR retention policy. td table:partial_delete fails: Error: Job 2288104567 failed');
    expect(duty.items.goal.present).toBe(true);
    const behind = await check('Account ID 7731 / production-us01. It loads their opportunities and rebuilds the sales-pipeline tables behind their weekly forecasting dashboard. Session ID: 391827645 fails.');
    expect(behind.items.goal.present).toBe(true);
    const ja = await check('アカウントID:44190 環境:AP01\nクライアントの月次売上データをCSVで取り出し、クライアントの経理システムに取り込む作業をTD Toolbeltで行っているのですが、エラーになりました。');
    expect(ja.items.goal.present).toBe(true);
  });
  it('a job ID given as an example in a question is no failing run; failed runs in general and seats priced', async () => {
    const example = await check('Account ID: 58014 (eu01). How long does the result of a finished job remain available at GET /v3/job/result/:job_id? For reference (e.g. job ID 2017788990) we download it with curl.');
    expect(example.category).toBe('spec');
    const retry = await check('Quick question (console.eu01.treasuredata.com): if a task has `_retry: 3` and the workflow defines `_error:`, does the _error task run after every failed attempt, or only once after the\nlast retry has failed?');
    expect(retry.category).toBe('spec');
    const seats = await check('Account ID 82217. Could you let us know how many seats their current licence includes and what adding ten more would cost?');
    expect(seats.category).toBe('contract');
  });
  it('earlier handling by support in Japanese and an indirect design question', async () => {
    const ja = await check('AID:38802 環境:韓国リージョン\nユーザー一覧の出力をお願いします。\n先月も別のエンドユーザー様で同様の出力をお願いし、その際はご対応いただけました。');
    expect(ja.missing).toContain('related_ticket');
    const design = await check('We are onboarding six brands (Account ID 41150, us01). Could you advise how we should structure this in Treasure Workflow?\n1. One project per brand, or one project with for_each>?');
    expect(design.category).toBe('implementation');
  });
});

describe('readings from the holdout46-47 round', () => {
  it('how to write SQL or a regular expression is general IT', async () => {
    const a = await check('顧客データの名寄せに使うため、電話番号カラムのハイフンを除去したいのですが、Presto（Trino）のSQLでどのように書けばよいでしょうか。\nregexp_replace を使う方法で考えていますが、正規表現の書き方がわかりません。');
    expect(a.category).toBe('general_it');
  });
});

describe('an ISO stamp in pasted output leads in no zone', () => {
  it('"started at 2025-03-10T17:02:11Z" in the toolbelt output does not cover "本日分（2:00起動）" in the history list', async () => {
    const a = await check(
      'AID 52918\nPS C:\\batch\\td> td query -w -d sales_db -q .\\daily.sql\nJob 2306612874 is queued.\n  started at 2025-03-10T17:02:11Z\nQuery 2306612874 failed: Query exceeded per-node memory limit of 30GB\n\n■経緯\n・3/9（日）から3日連続で失敗しています\n・本日分（2:00起動）も失敗しました',
    );
    expect(a.items.timezone.present).toBe(false);
  });
});

describe('readings from the holdout48-50 round', () => {
  it('a failure in a purpose clause or disclaimed is none; SQL shaping is general IT; another vendor billing is its own matter', async () => {
    const monitor = await check('Account ID: 81034. We are building a monitoring dashboard that polls job status, so their on-call team is alerted as soon as a nightly job fails. What is the rate limit of GET /v3/job/list?');
    expect(monitor.category).toBe('spec');
    const pivot = await check('Quick SQL question, not about a failure: we have one row per (customer_id, channel). What is the cleanest way to pivot rows into columns in SQL?');
    expect(pivot.category).toBe('general_it');
    const snowflake = await check('Account ID: 36620, site: US. Our client imports Snowflake tables every hour. Does Snowflake bill warehouse credits for the whole auto-resume window each time the connector runs a query?');
    expect(snowflake.category).toBe('third_party_spec');
  });
  it('a time before a pasted command; who uses the result; a system named with its product in brackets', async () => {
    const cron = await check('Account 48890, Tokyo region. The load runs from cron on an EC2 instance at 04:00:\n\n  td import:auto --format csv /data/pos/export.csv\n\nIt has been failing every night since Monday.');
    expect(cron.items.timezone.present).toBe(false);
    const sales = await check('Account ID: 90217\n毎朝の売上サマリーを Salesforce の商談に反映させて、営業が朝会で使う運用です。\nJob ID: 1947720031 が昨日の朝から失敗が続いています。');
    expect(sales.items.goal.present).toBe(true);
    const redshift = await check('アカウントID:28841\n月次で購買履歴テーブルをS3に書き出し、分析基盤(Redshift)へ取り込んでいます。本日 td table:export がエラーになりました。');
    expect(redshift.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout51-52 round', () => {
  it('a strip cut from the screen is a screenshot; a form field answered "none" says nothing', async () => {
    const strip = [{ contentType: 'image/png', sha256: 'a', size: 113_018, filename: 'error_bar.png', contentId: null, inline: false, text: null, image: { width: 1280, height: 180 } }];
    expect(screenshots(strip, new Set(), rules)).toEqual(['error_bar.png']);
    const banner = [{ ...strip[0]!, size: 18_000, filename: 'banner.png' }];
    expect(screenshots(banner, new Set(), rules)).toEqual([]);
    const none = await check('アカウントID: 55120(AP01)\nSession ID: 3344556677\nエラー: td>: Query failed\n経緯: 特になし');
    expect(none.items.history.present).toBe(false);
  });
  it('failed runs asked about across a line wrap; a listing of all console users for an audit', async () => {
    const retry = await check('AID: 66012(production-ap03)\n_retry を設定した場合、リトライ時は失敗したタスク\nからのみ再実行されるのでしょうか。');
    expect(retry.category).toBe('spec');
    const audit = await check('For Harbor Foods (production-us01), Account ID 77120, we need for their annual SOX audit a list of\nall console users with their roles and last login date. Could you export this as CSV?');
    expect(audit.category).toBe('object_listing');
    expect(audit.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout53 round', () => {
  it('another API\'s side, a run not yet finished supposed, goals as a state or a tool\'s output', async () => {
    const line = await check('Audience Studio のセグメントを LINE へアクティベーションする運用を検討しています。\nLINE Messaging API 側の仕様について教えてください。');
    expect(line.category).toBe('third_party_spec');
    const overlap = await check('アカウントID: 52230\nSaved Queryのスケジュール実行について質問です。前回の実行が終わらないうちに次の実行時刻を迎えた場合、2本目は前回の終了を待つのでしょうか。');
    expect(overlap.category).toBe('spec');
    const upToDate = await check('Account ID: 20871, Site: Tokyo. We run a nightly upload into Treasure Data so the sales dashboard is up to date in the morning. Job 1905512233 fails.');
    expect(upToDate.items.goal.present).toBe(true);
    const tool = await check('アカウントID 47710(US)\n月次売上レポートをExcelに出力する社内ツール(Java)で、JDBCドライバがエラーで出力できなくなりました。');
    expect(tool.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout54-55 round', () => {
  it('a label with its abbreviation, a change at a stated time, the best design asked, another vendor asked in Japanese', async () => {
    const aid = await check('Account ID (AID): 73310\nThe pytd query fails: ValueError: result is not ready');
    expect(aid.items.account_id.values).toEqual(['73310']);
    const change = await check('AID:72004\nセグメント保存時にエラーになります。\nエラー文言: Segment could not be saved: Query compile error\n3月6日 日本時間14時頃に属性 last_purchase_at をマスターセグメントに追加し、その後から発生しています。');
    expect(change.items.history.present).toBe(true);
    const design = await check('We want to design an incremental load with Treasure Workflow for a client. What would be the best design: one workflow per object or a single workflow with a loop?');
    expect(design.category).toBe('implementation');
    const bq = await check('TDコンソールのExport Results ToでBigQueryに日次で出力しています。期限切れのパーティションはBigQueryではいつ削除されるのでしょうか。');
    expect(bq.category).toBe('third_party_spec');
  });
  it('a job ID with words between label and number; a region right after the account ID with "on"', async () => {
    const printed = await check('Account ID: 73310, US.\nThe pull fails: TDQueryError: Query failed.\nThe job ID printed in the log is 2231988410.');
    expect(printed.items.target_id.values).toEqual(['job:2231988410']);
    const notId = await check('Account ID: 73310, US.\nThe pull fails: TDQueryError: Query failed.\nThe job ID field was empty. 2231988410 rows were read.');
    expect(notId.items.target_id.values).toEqual([]);
    const on = await check('Job 2250099871 failed. AID 10993 on US.');
    expect(on.items.site.values).toEqual(['us01']);
  });
});

describe('readings from the holdout56-59 round', () => {
  it('goals told as the harm downstream, as an integration, as what the data lets happen, under an indented form label', async () => {
    const empty = await check('Account ID: 41090, US. Session ID is 462011873.\nThe nightly orders load failed again. The sales dashboards are empty for the regional managers again.\nERROR: Communications link failure');
    expect(empty.items.goal.present).toBe(true);
    const renka = await check('アカウントID: 35572(東京)\n基幹システム(生産管理)への連携用に、TDのSaved QueryからSFTPサーバーへCSVを出力しているのですが、昨日から失敗が続いています。');
    expect(renka.items.goal.present).toBe(true);
    const goOut = await check('Our customer (account 12277, US01) has a nightly workflow that loads appointments into TD\nso their recall-reminder emails go out to the right patients. It started failing this week.');
    expect(goOut.items.goal.present).toBe(true);
    const form = await check('Saved Queryのスケジュール実行の仕様について、ご確認させてください。\n\n  Account ID:26640\n  Console Environment:US\n  やりたいこと:米国子会社の営業開始前までに前日分の売上集計を完了させたい\n\n夏時間の切り替わり日には実行時刻は自動で調整されますか。');
    expect(form.items.goal.present).toBe(true);
    // an indented config key is still config
    const yaml = await check('Account ID: 26640 (US)\nThe load fails:\n\n  in:\n    type: mysql\n    host: db.example.com\n\nERROR: Communications link failure');
    expect(yaml.items.goal.present).toBe(false);
  });
  it('a colleague\'s earlier ticket, a job ID told with の, a JDBC URL to the service, an error under a lead-in without a verb', async () => {
    const colleague = await check('Account ID 41090, EU01. The activation fails every day since Tuesday.\nMy colleague Giulia had a ticket with you in March about a similar problem. I don\'t have the number at hand.');
    expect(colleague.items.related_ticket.present).toBe(false);
    const no = await check('アカウントID: 35572\n失敗したジョブのIDは 2072655190 です。');
    expect(no.items.target_id.values).toEqual(['job:2072655190']);
    const jdbc = await check('Account ID 81027, EU region. The nightly report pulls data over the Presto JDBC driver and fails.\n\n  url: jdbc:trino://api-presto.eu01.treasuredata.com:443/td-presto/finance_dw?SSL=true\n\nError:\n  java.sql.SQLException: SSLHandshakeException');
    expect(jdbc.items.command.present).toBe(true);
    const shown = await check('Account ID: 70455\nThe segment count fails.\n\nThe message shown in the segment editor (copied):\n\n  Failed to compute segment size. Query exceeded the maximum execution time of 30 minutes.\n');
    expect(shown.items.error_message.present).toBe(true);
  });
  it('history under an indented numbered list with zoned times; a rule under pasted code does not start a signature', async () => {
    const hist = await check('ワークフローでエラーが発生しております。Session ID:540772913\n\n4. 経緯\n   - 6/9 04:30(JST)のセッションまでは正常終了(Session ID:540455201)\n   - 6/10 04:30(JST)のセッションから失敗\n');
    expect(hist.items.history.present).toBe(true);
    const rule = await check('アカウントID:15728\nリージョン:東京\npytd でクエリを実行するとエラーになります。\n\n---- エラー ----\nprestodb.exceptions.PrestoUserError: TABLE_NOT_FOUND\n----------------\n\n本日14時頃に実行しています。\nご確認のほどよろしくお願いいたします。\n\n--\n山口 拓海\n株式会社ネクサスワークス');
    expect(rule.items.timezone.present).toBe(false);
  });
  it('self-hosted OSS told in Japanese, a design asked how to implement, plain SQL by its own words', async () => {
    const oss = await check('お客様環境で、OSS版の Digdag を EC2 上にセルフホストで運用しております。TD のサービスは使用していないワークフローです。\n再起動中に実行時刻を迎えたスケジュールを起動後に実行させる設定はありますか。');
    expect(oss.category).toBe('oss');
    const design = await check('お客様(Account ID:47105 / AP01)向けに、MySQLからTDへの差分取り込みワークフローを設計しております。\nどのように実装するのがよいかアドバイスをいただけないでしょうか。ベストプラクティスを教えていただけますと助かります。');
    expect(design.category).toBe('implementation');
    const sql = await check('My colleague asked me how to get the latest row per customer_id. It\'s plain SQL really, but maybe you have a standard pattern for Trino. Is there a better way than a self-join?');
    expect(sql.category).toBe('general_it');
  });
});

describe('readings from the holdout60-63 round', () => {
  it('answers typed inline under a bracketed marker the sender named are the sender\'s', async () => {
    const pr = await check(
      'Hi Farah,\n\nI\'ve answered your questions inline below, marked [PR].\n\nPriya\n\nFrom: Treasure Data Support <support@td-support.example.com>\nSent: Wednesday, June 10, 2026 5:12 PM\nTo: Priya <p@lumen.example.sg>\nSubject: [TD Support #71388] JDBC fails\n\nHi Priya,\n\n1. The end user\'s Account ID and Console Environment (e.g. 10101, production-us01)\n[PR] Account ID 7719, production-us01 (US).\n\n2. The Job ID of a failed run\n[PR] Job ID 2104455667 is the most recent one.\n\nKind regards,\nFarah\n',
    );
    expect(pr.items.account_id.values).toEqual(['7719']);
    expect(pr.items.target_id.values).toEqual(['job:2104455667']);
    const kaitou = await check(
      'いただいたご質問に、下記のメール本文中へ【回答】として記入しました。\n\n-----Original Message-----\n差出人: Treasure Data Support <support@td-support.example.com>\n送信日時: 2026年6月8日 17:05\n件名: [TD Support #71234] ワークフローが失敗する件\n\n1. エンドユーザー様のAccount IDとConsole Environment(例: 10101, production-us01)\n【回答】Account ID:30582 / Console Environment:production-ap01(東京)\n',
    );
    expect(kaitou.items.account_id.values).toEqual(['30582']);
    expect(kaitou.items.site.values).toEqual(['ap01']);
  });
  it('a template field left empty above a filled one is empty; rows that land in a table are no goal; a tool named before 用', async () => {
    const form = await check('Account ID: 3390\nConsole Environment: production-ap03\nInquiry type: Service specification\nWhat you want to achieve:\nExecution method: Audience Studio (TD Console)\nQuestion:\nWhen a segment is refreshed on its schedule, are rows that land in the parent segment\'s master table while the refresh is running included in that refresh?');
    expect(form.items.goal.present).toBe(false);
    const timeline = await check('Account ID 1187 (US). The nightly workflow fails.\nSession ID 9920331871\n\nError from the attempt log:\n  Query exceeded per-node user memory limit of 20GB [Allocated: 20.00GB, Delta:\n  12.50MB, Top Consumers: {HashBuilderOperator=19.41GB}]\n\nTimeline (all times UTC):\n  - May 18 14:00  last successful session\n  - May 19 14:00  first failure\n');
    expect(timeline.items.timezone.present).toBe(true);
    // a lead-in sentence between a URL and pasted error text is no empty form field
    const leadIn = await check('Account ID 60877 (EU region): the query fails.\nURL: https://console.eu01.treasuredata.com/app/queries/editor?queryId=774102\nThe run created job 2490017733, which ended with this in the output panel:\n   SYNTAX_ERROR: line 3:6: Table \'web_sessions_v2\' does not exist');
    expect(leadIn.items.target_id.values).toContain('job:2490017733');
    const looker = await check('アカウントID: 35572(東京)\n毎朝7時に動かしているSaved Queryの結果をS3に出力し、Looker Studio用の中間テーブルとして取り込んでいるのですが、今朝からエクスポートが失敗しています。');
    expect(looker.items.goal.present).toBe(true);
  });
  it('a run labelled as the latest failure quotes no error; history and goals in more words', async () => {
    const latest = await check('AID: 52240, Korea region. The download fails with a 504.\nLatest failure: job_id 1938472201, today around 11:40.');
    expect(latest.items.timezone.present).toBe(false);
    const named = await check('Their nightly workflow "loyalty_points_sync" computes loyalty point balances and writes them back to their CRM. It fails since Monday.');
    expect(named.items.goal.present).toBe(true);
    const till = await check('TD Account ID - 31877. The pytd script fails with 401.\nThe script is scheduled in our Jenkins and it was running fine till 2nd June.');
    expect(till.items.history.present).toBe(true);
    const korean = await check('(account id : 20773 , Korea region)\nThe workflow is failed today and also retry was failed.\nSession ID : 88120457');
    expect(korean.items.history.present).toBe(true);
    const asked = await check('Account ID 21094, Korea region.\n1. Can we download a big query result as CSV from the query editor?\n2. How long the result is kept, so we can download again later?');
    expect(asked.items.goal.present).toBe(false);
    const sumu = await check('AP01環境のお客様の件です。\n取引先の基幹システムがShift_JISしか取り込めないため、TD側でShift_JISで出力できれば、間に変換処理を挟まずに済むと考えています。\n出力されるCSVの文字コードはUTF-8固定でしょうか。');
    expect(sumu.items.goal.present).toBe(true);
  });
  it('another vendor\'s product named as the subject, in the sender\'s words', async () => {
    const sfmc = await check('Quick one that is really about Salesforce Marketing Cloud rather than TD. Our client exports a contact list from TD into an SFMC Data Extension and the leading zero is gone. Does SFMC normalise Phone fields like this on import?');
    expect(sfmc.category).toBe('third_party_spec');
  });
});

describe('readings from the holdout64-67 round', () => {
  it('an earlier inquiry by its month and support\'s answer then; a dashboard in Tableau is no API client', async () => {
    const april = await check('AID：26630（東京リージョン）\nREST APIでのジョブ発行が503で失敗しています。\n4月にも同じバッチで503が出て一度お問い合わせしており、その際は一時的な事象とのご回答でした。');
    expect(april.items.related_ticket.present).toBe(false);
    const tableau = await check('エンドユーザー様（アカウントID：22409）でSalesforceのソースが昨日からエラーで取り込めなくなってます。\n用途としては、商談データを毎朝取り込んで、営業部のダッシュボード（Tableau）に出しているものになります。\nhttps://console.treasuredata.co.jp/app/sources/358812/jobs');
    expect(tableau.channel).toBe('console');
  });
  it('the output picked up downstream is the goal; the best design asked; a company\'s city in brackets is no site', async () => {
    const glue = await check('Account ID: 39012, US. Every file that lands in their bucket must be encrypted with their own KMS key. The files are then picked up by their Glue jobs.\nDoes the S3 v2 export support SSE-KMS?');
    expect(glue.items.goal.present).toBe(true);
    const design = await check('Alex here from Lumen Data Works (Singapore), a partner on account 44218 (Tokyo region).\nOur client wants to move to incremental loads in Treasure Workflow. Before we build it, could you advise on the best design?');
    expect(design.category).toBe('implementation');
    expect(design.items.site.values).toEqual(['ap01']);
  });
});

describe('readings from the holdout68-71 round', () => {
  it('goals told by the occasion and by where the data is shown', async () => {
    const mailMagazine = await check('アカウントID：31906 / 東京リージョン\nAudience Studio でセグメントを保存しようとすると500エラーが出ます。\n来週のメルマガ配信に向けて、「直近90日購入なし」のセグメントを作成しているところです。');
    expect(mailMagazine.items.goal.present).toBe(true);
    const shown = await check('アカウントID: 8046 環境: 東京（ap01）\nSalesforceの商談データをTDに取り込んで営業ダッシュボードに表示しているワークフロー（sfdc_daily）がエラーになりました。');
    expect(shown.items.goal.present).toBe(true);
  });
  it('whether a bad state can happen, asked, is a spec question; self-run Embulk upgraded is oss', async () => {
    const asked = await check('アカウントID：27740(AP01)のお客様より質問がありました。\nAudience Studio で親セグメントのスケジュール更新が走っている間、\nその親セグメント配下のセグメントの件数が一時的に0件になったり、\n更新前後のデータが混在した状態で参照されたりすることはありますでしょうか。');
    expect(asked.category).toBe('spec');
    const embulk = await check('TDとは直接関係ないかもしれませんが、ご存じでしたら教えてください。\n社内の CentOS 7 サーバで Embulk(0.11)を動かして、基幹DBの受注テーブルを毎日 CSV に書き出しています。\n先週 Embulk を 0.9 系から 0.11 に上げたところ、以下のエラーで起動しなくなりました。\n$ embulk run config.yml\norg.embulk.config.ConfigException: Unknown input plugin \'mysql\'.');
    expect(embulk.category).toBe('oss');
  });
  it('a ticket number in brackets after an earlier inquiry; a phrase the client wrapped; goals told as a meeting and a plan', async () => {
    const bracket = await check('アカウントID：10472(東京)\nなお、3月に別のお客様のスプレッドシート連携でご相談した際(#57214)は、設定の見直しで解消しました。\nエクスポートが失敗します。');
    expect(bracket.items.related_ticket.values).toEqual(['57214']);
    const wrapped = await check('We\'re onboarding a client (Account ID 48830, EU01) onto Treasure Workflow. Before we build the whole thing out I\'d like your view\non how to lay out the project.');
    expect(wrapped.category).toBe('implementation');
    const meeting = await check('みなと屋様では毎朝の店長会議で前日の店舗別売上を確認されており、\nその元データを、アカウントID 10472(東京リージョン)のTDで集計しています。\nこのワークフローが今週に入ってから失敗しております。');
    expect(meeting.items.goal.present).toBe(true);
    const plan = await check('アカウントIDは40215です。サマーセールで、お客様にLINEでクーポンをお届けする予定なのですが、その配信リストを連携するアクティベーションが失敗しています。');
    expect(plan.items.goal.present).toBe(true);
  });
  it('an opening "取り急ぎ" is no closing; a value in 「」 is no event time; where the fault lies is asked about the failure', async () => {
    const phone = await check('お世話になっております。\n取り急ぎスマホから失礼します。\n\nAID:38815 のお客様で、Audience StudioのLINE連携（Activation）が失敗しています。\nJob ID 2154877120\n\n昨日の配信分から毎回失敗しているようです。');
    expect(phone.items.account_id.values).toEqual(['38815']);
    expect(phone.items.target_id.values).toEqual(['job:2154877120']);
    const value = await check('アカウントID: 27390（AP01）\n6/9 23:30（日本時間）の実行で失敗しました。Job ID 2153320198\nCSVを確認したところ、order_at に「2026/06/09 24:05:00」という値が含まれていました。');
    expect(value.items.timezone.present).toBe(true);
    const side = await check('Client: Account ID 81120 (US)\nLatest failed activation job: 2157301144\nError as shown in the activation log (copied):\n  Google Ads API error: USER_LIST_ERROR.CUSTOMER_NOT_ALLOWLISTED_FOR_THIS_FEATURE\nIs this something on the Google Ads side only, or does the TD connector need a different customer ID?');
    expect(side.category).toBe('error');
  });
  it('how a workflow option behaves, asked, is spec; another vendor\'s timing asked as more about them than about us', async () => {
    const retry = await check('Treasure Workflowの _retry と _error の動作について質問させてください。\n対象アカウントは 27390（AP01）です。\n(1) 親タスクに _retry: 3 と _error を両方設定した場合、_error はリトライのたびに実行されますか。\n  _error:\n    +notify:\n      mail>: mail/error.txt\n      subject: "load failed"');
    expect(retry.category).toBe('spec');
    const ga4 = await check('Quick one that\'s really more about Google than about you. For Castillo Wines (Account ID 55147, US) we import the GA4 BigQuery export into TD with a BigQuery source.\nDoes Google guarantee when the daily events_ table is final?');
    expect(ga4.category).toBe('third_party_spec');
  });
  it('a column named td_client_id is no API client; how it is to be run, said outright', async () => {
    const design = await check('We\'re starting a CDP rollout (account 44810 on the US site) and I\'d love some guidance on how to design the ID unification.\n  * web events (td_client_id, plus email once logged in)\nWhat\'s the best way to structure this? We\'d run it as a scheduled Treasure Workflow and build the parent segment on top.');
    expect(design.category).toBe('implementation');
    expect(design.channel).toBe('workflow');
  });
});

describe('readings from the holdout72-75 round', () => {
  it('output that came out wrong or a workflow that does not run is a failure; goals as a hand-over and a use', async () => {
    const wrong = await check('The usual month-end rollup workflow ran fine but the numbers look wrong - revenue totals for May are roughly double.\nWe use that output for their monthly invoice reconciliation.\nSession: 91846203\nCould you take a look at what changed?\n\nP.S. account is 40418');
    expect(wrong.category).toBe('error');
    expect(wrong.items.goal.present).toBe(true);
    const notRunning = await check('AID:52031 のお客様で、いつものワークフローが動いてないです。至急確認お願いできますか。');
    expect(notRunning.category).toBe('error');
    const handOver = await check('アカウントID 31207 / Tokyo(ap01)\nいつもの月次集計がエラーで落ちました。Job 2091837465\nこのクエリの結果を本日中に先方の経理部門へ月次売上レポートとして渡す必要があります。');
    expect(handOver.items.goal.present).toBe(true);
    const used = await check('アカウントID：13377 Console Environment：Tokyo（ap01）\nExport Results ToでSFTPへCSVを出力していますが、エラーで失敗するようになりました。\n出力したCSVは先方の基幹システムで在庫引当に使われているため、早めに復旧したいと考えています。');
    expect(used.items.goal.present).toBe(true);
  });
  it('an account in a footer or in brackets after a few words; the job that failed named in a sentence', async () => {
    const footer = await check('Our nightly pytd load fails with 403 since Friday.\n\nRegards,\nPriya\n----\nPriya Raman | Data Engineering Lead\nQuantiva Analytics\nclient ref: Kinoshita Retail / TD acct# 77120');
    expect(footer.items.account_id.values).toEqual(['77120']);
    const same = await check('Treasure Workflowの td> オペレーターについて1点質問させてください。\nアカウントは前回お伝えしたものと同じ（31245／東京リージョン）です。');
    expect(same.items.account_id.values).toEqual(['31245']);
    const sentence = await check('Account 52290 in Tokyo. The JDBC extraction fails with Connection reset.\nThe job that failed this morning is 2330107765 (from the job list in the console).');
    expect(sentence.items.target_id.values).toEqual(['job:2330107765']);
  });
  it('a solved matter in a reply\'s subject is history; a link under an error label is no error text; a bracketed log stamp is log', async () => {
    const solved = await check('ご回答ありがとうございました。マスターセグメントの更新が止まっていたのが原因でした。本件は解決いたしました。\n\n別件で恐縮ですが、1点質問させてください。\ntd> オペレーターで store_last_results: true を指定した場合、保持されるのは結果の1行目だけという理解で合っていますでしょうか。', { subject: 'Re: [TD Support #70811] Audience Studioのセグメント件数が0件になる件' });
    expect(solved.category).toBe('spec');
    const link = await check('Account 40317, EU01. The Snowflake import fails.\nhttps://console.eu01.treasuredata.com/app/sources/318842\nScreenshot of the whole screen with the error:\nhttps://drive.google.com/file/d/1xQ8aVn3kTqP0mZ7rW2yL5bC9dE4fG6hJ/view\nThe error text is visible in the screenshot.');
    expect(link.items.error_message.present).toBe(false);
    const stamp = await check('アカウントID：16650（東京）\ncronで毎朝10:30（JST）に実行しています。Job ID 2327001288\n[2026-06-05 10:30:41,112] ERROR crm_batch.extract: query failed');
    expect(stamp.items.timezone.present).toBe(true);
  });
  it('an earlier request that support handled, told in Japanese', async () => {
    const earlier = await check('エンドユーザー(アカウントID: 6671)のユーザー1名について、2段階認証のリセットをお願いしたいです。\n以前にも別のユーザーで同じ依頼をして、すぐ対応していただきました。');
    expect(earlier.items.related_ticket.present).toBe(false);
  });
});

describe('readings from the holdout76-79 round', () => {
  it('how it ran said with "Run from:"; a shell session saved to a .log shows the command; an ERP that picks the file up', async () => {
    const runFrom = await check('Account ID: 52210\nConsole:    https://console.treasuredata.com  (US)\nRun from: Treasure Workflow, schedule in the attached .dig (03:00 JST daily)\nIt has failed every night since Tuesday. Ran aggregate.sql on its own from the query editor: it finishes in 40 min.');
    expect(runFrom.channel).toBe('workflow');
    const withLog = (log: string) =>
      emlWith(
        '・Account ID: 24467\n・実行方法: TD Toolbelt（td import:upload）、作業PCは Windows 11 Pro です\n・実行したコマンドと出力は添付の td_import.log のとおりです',
        { name: 'td_import.log', type: 'text/plain; charset=utf-8', content: log },
        { subject: 'td import fails' },
      );
    const session = analyse(await parseMail(withLog('PS C:\\work\\td_import> td import:upload --auto-create kaiin_db.members --format csv .\\members.csv\nJob 2062009871 failed.')), rules);
    expect(session.items.command.present).toBe(true);
    // a command the system logged, without a prompt, is not the sender's
    const logged = analyse(await parseMail(withLog('2026-06-09 10:50:01 INFO running: td import:upload --auto-create kaiin_db.members members.csv\nJob 2062009871 failed.')), rules);
    expect(logged.items.command.present).toBe(false);
    const erp = await check('Account 15503 (US). We pull the client\'s orders every night with TD Toolbelt and write it to a CSV that their ERP picks up for invoicing. It has failed every night since Monday.');
    expect(erp.items.goal.present).toBe(true);
  });
  it('Embulk on our own build server is oss; support\'s earlier finding; a department that uses the output', async () => {
    const embulk = await check('We run Embulk 0.11 on our own build server (not Treasure Data\'s Data Connector) to copy a wide PostgreSQL table into TD with embulk-output-td.\n  org.embulk.exec.PartialExecutionException: Too many columns: 524\nIs that limit in the plugin itself?');
    expect(embulk.category).toBe('oss');
    const found = await check('Korea region (ap02) account. The session fails at the first td> task since Friday; session id: 91734402.\nWe had a similar problem on their account in September and your team found it was a database permission issue at that time.');
    expect(found.items.related_ticket.present).toBe(false);
    const dept = await check('エンドユーザー様(Account ID: 51290、東京リージョン)の Saved Query がタイムアウトで失敗しています。Job ID: 2053220871\n営業部が毎朝の会議で使う売上日報の元データを作るクエリのため、至急ご確認いただけますと助かります。');
    expect(dept.items.goal.present).toBe(true);
  });
  it('Apple Mail\'s Japanese attribution; an error after "以下のエラーになります"; a past failure given as context; the vendor asked too', async () => {
    const apple = await check('アカウントID：60417\n目的としては、毎朝配信しているメールマガジンの対象者リストを作成したいと考えております。\nAudience Studioのセグメントはいつ再計算されるのでしょうか。\n\n> 2026/05/19 16:03、Treasure Data Support <support@td-support.example.com> のメール:\n>\n> 確認のため、以下の情報をお知らせいただけますでしょうか。\n> ・Console Environment(例：production-us01)\n');
    expect(apple.items.site.values).toEqual([]);
    const cast = await check('アカウントID 60772 の顧客環境で、クエリエディタでクエリを実行すると以下のエラーになります。\nCannot cast \'2026/05/19 10:15\' to timestamp\nこれはPrestoの仕様でしょうか？');
    expect(cast.items.error_message.present).toBe(true);
    expect(cast.category).toBe('error');
    const context = await check('Quick spec question. Is there a maximum run time for a query submitted over JDBC?\n\nFor context, last month one extract died after ~30 minutes (job 2138851290).\nWe never opened a case because a rerun worked, but it\'s why we\'re asking.');
    expect(context.category).toBe('spec');
    const sfdc = await check('Account ID 48213(AP01)のエンドユーザー様で、Sources から Salesforce のデータを取り込む予定です。\n- Salesforce の Enterprise Edition における 24 時間あたりの API リクエスト上限\nSalesforce 側にも問い合わせ中ですが、参考情報だけでもいただけると助かります。');
    expect(sfdc.category).toBe('third_party_spec');
    const sql = await check('In the console query editor (AP02) I\'m writing a query to dedupe their customer master. Which one is better SQL practice, ROW_NUMBER or MAX_BY? I\'m not great with window functions.');
    expect(sql.category).toBe('general_it');
  });
});

describe('readings from the holdout80-83 round', () => {
  it('a call mentioned inside a sentence does not hide its times; a ticket in brackets with a date after it', async () => {
    const mention = await check('Account ID 30984, api.treasuredata.com. The call returns 403 and no job gets created.\nIt first failed on Tuesday night at 11pm and has failed every night since. The same key can still list databases (GET /v3/database/list returns 200).');
    expect(mention.items.timezone.present).toBe(false);
    const bracket = await check('アカウントID：52088（AP01）\n※以前、別件(#58812、3月頃)で session_time についてご回答いただいております。\nスケジュールの timezone の仕様について教えてください。');
    expect(bracket.items.related_ticket.values).toEqual(['58812']);
  });
  it('a failure told outright and asked about is a failure report; a formal spec question; the spec asked with design as the occasion', async () => {
    const wrong = await check('We manage Audience Studio for a client (Account ID 61530, US console). Since Monday the activation status has been a red "Failed" badge, and Monday, Tuesday and Wednesday runs all failed.\nCan you let us know what\'s going wrong on the Google Ads side or in TD?');
    expect(wrong.category).toBe('error');
    const formal = await check('Dear Sir or Madam,\nAs part of the migration of their actuarial reporting to a lakehouse on Azure, we are assessing how query results can best be delivered to Azure Blob Storage.\nCould you kindly confirm the following:\n1. Whether the Azure Blob Storage export integration supports Parquet output, or CSV/TSV only;');
    expect(formal.category).toBe('spec');
    expect(formal.items.goal.present).toBe(true);
    const occasion = await check('エンドユーザー様のワークフロー設計にあたり、td_wait オペレーターの仕様について確認させてください。\n・アカウントID：52088\n1. td_wait は何秒間隔でクエリを再実行するのでしょうか。');
    expect(occasion.category).toBe('spec');
    const presto = await check('Not a bug, just stuck. Need to keep only the latest row per customer_id. What\'s the right way in Presto/Trino - ROW_NUMBER() over a window, or max_by()?');
    expect(presto.category).toBe('general_it');
  });
  it('earlier help from support in other words; a campaign being planned; retried again and again; 用 after a report', async () => {
    const sorted = await check('Their account ID is 24876 (AP01). The Salesforce source fails since Wednesday.\nWe actually had something similar with them last year and your team sorted it out pretty quickly.');
    expect(sorted.items.related_ticket.present).toBe(false);
    const answered = await check('Acct 33680, US. When a parent segment refresh kicks off, are rows that land during the refresh included? Your support answered something related for us a few months back.');
    expect(answered.items.related_ticket.present).toBe(false);
    const planning = await check('Account ID: 61240, EU01. The Braze activation fails since the weekend. They\'re planning a win-back campaign for Thursday.');
    expect(planning.items.goal.present).toBe(true);
    const again = await check('サクラコスメさんの環境で、Audience StudioのセグメントをLINEに連携してるんですが、アクティベーションがエラーで止まってます。\n昨日から何回実行し直してもダメで、画面に赤いエラーが出ます。');
    expect(again.items.history.present).toBe(true);
    const report = await check('AID 33951 の日次売上CSV取得バッチ（社内レポート取込用）で、td job:result がタイムアウトします。');
    expect(report.items.goal.present).toBe(true);
    const until = await check('REST APIでジョブを発行すると401になります。Account ID: 66012(韓国リージョン)\n昨日まで使っていた旧APIキーではこのコマンドで問題なく実行できていました。');
    expect(until.items.goal.present).toBe(false);
  });
});

describe('readings from the holdout84-87 round', () => {
  it('goals as the basis of board material, as a wish about a figure, as an extract into a warehouse; みたい is a guess', async () => {
    const board = await check('Account ID: 35518 / production-ap01\nSession ID: 512277340\nこの集計は、お客様の役員会(毎週月曜の朝)で配る売上資料の数字の元になっていて、そこに間に合わせるのが一番大事なところです。');
    expect(board.items.goal.present).toBe(true);
    const figure = await check('Account ID is 38854. How does Audience Studio count profiles? The marketing director wants the figure we take from TD to stand up next to the CRM\'s when the auditors go through it.');
    expect(figure.items.goal.present).toBe(true);
    const extract = await check('Account ID: 8820, US. Their nightly extract from TD into the finance data warehouse (Redshift) has been failing every night since Monday. Job 2055019934.');
    expect(extract.items.goal.present).toBe(true);
    const guess = await check('アカウントID9921のお客様でクエリがエラーになってます。\nジョブID 2052776310\nメモリが足りないとかいうエラーみたいです。');
    expect(guess.items.goal.present).toBe(false);
    const wish = await check('アカウントID9921のお客様です。毎朝S3のファイルをTDに取り込みたいのですが、ジョブ 2052776310 がエラーになります。');
    expect(wish.items.goal.present).toBe(true);
  });
  it('an earlier inquiry told as an experience; the session that failed named in a sentence', async () => {
    const experience = await check('クライアント(アカウントID：50227、東京リージョン)でセグメントを保存しようとするとエラーになります。\nなお、以前に別のクライアントさんの件で「親セグメントの属性を変えたらセグメントが保存できなくなった」という内容でそちらに問い合わせたことがあります。');
    expect(experience.items.related_ticket.present).toBe(false);
    const session = await check('Sorry for the slow reply. The session that failed is 461220987 (attempt 1203348812). It failed again last night.');
    expect(session.items.target_id.values).toContain('session:461220987');
  });
  it('a list asked for under a heading; SQL and Excel questions in the sender\'s words', async () => {
    const list = await check('For an internal access review (Account ID 77105), their compliance team needs a list of:\n- all users in the account, with their role and last login date\n- the databases and tables each user can access\nCould you export this for us as a CSV?');
    expect(list.category).toBe('object_listing');
    const rowNumber = await check('one of our analysts is stuck on a query. is ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY time DESC) the right way to do this in Presto/Trino, or max_by() maybe?');
    expect(rowNumber.category).toBe('general_it');
    const excel = await check('Not sure if this one is for you, but here goes. Our client (account 64081, EU region) gets a daily CSV in S3. When their finance team opens them in Excel on Windows 11, the Japanese names come out garbled. Is there a way to make Excel detect UTF-8 automatically?');
    expect(excel.category).toBe('general_it');
  });
});

describe('readings from the holdout88-91 round', () => {
  it('self-run Embulk said in Japanese; SQL questions in other words; a condition of zero rows is no failure', async () => {
    const embulk = await check('TDのData Connectorと同じEmbulkを、お客様の社内サーバーでもOSS版として使っております。(この処理はTDには接続していません)\norg.embulk.spi.DataException: Failed to parse JSON\n$ embulk run -b ./bundle config.yml');
    expect(embulk.category).toBe('oss');
    const idiomatic = await check('For one of our clients (account 40077) I need just the most recent row per customer_id. What\'s the idiomatic way to do this in Presto/Trino - ROW_NUMBER() over a window, or max_by()?');
    expect(idiomatic.category).toBe('general_it');
    const kakikata = await check('TDコンソールのクエリエディタ(Presto)で、会員ごとに最新の購買レコード1件だけを抽出したいのですが、書き方で悩んでいます。\n同じ時刻に複数の購買がある会員が重複してしまいます。\nROW_NUMBER() を使うのが一般的なのでしょうか。どう書くのがよいでしょうか。');
    expect(kakikata.category).toBe('general_it');
    const zero = await check('Quick question on how Export Results To (Amazon S3 v2) behaves on saved queries.\nAccount ID: 30418, production-us01\n1) When the query returns zero rows, does the export still write a file to the bucket?');
    expect(zero.category).toBe('spec');
  });
  it('three nights running; a list support gave before; a session URL cut after its last slash; a query saved and run by hand from the console', async () => {
    const running = await check('Job 2203876541 on account 11846 has failed three nights running now (Mon, Tue and last night). Can someone take a look today please?');
    expect(running.items.history.present).toBe(true);
    const before = await check('エンドユーザー様(Account ID: 9137、production-ap02)の環境棚卸しのため、全ワークフロープロジェクトの一覧をご提供いただくことは可能でしょうか。\n昨年の棚卸しの際も、同様の一覧をサポートからいただいた記憶があります。');
    expect(before.items.related_ticket.present).toBe(false);
    const cut = await check('アカウントID: 50112(東京)\nワークフローがタイムアウトで失敗しました。画面のURLを貼ります。\n\nhttps://console.treasuredata.co.jp/app/workflows/sessions/\n50882731\n');
    expect(cut.items.target_id.values).toEqual(['session:50882731']);
    const saved = await check('お客様(アカウントID ７７２１)の保存クエリが失敗しています。\nJob ID：２２９６００２４１７\nコンソールから手動で実行したものです。');
    expect(saved.channel).toBe('console');
  });
});

describe('readings from the holdout92-95 round', () => {
  it('an earlier inquiry "前に"; support\'s quoted answer is no failure; self-run Embulk that does not go through TD', async () => {
    const mae = await check('アカウントID 7731 でジョブが失敗しています。\nJob ID: 2011223344\n前に問い合わせた件と同じ原因かもしれません。');
    expect(mae.items.related_ticket.present).toBe(false);
    const quoted = await check('Account ID: 26650 / 東京リージョン\nMySQLのData Connectorで incremental: true を設定した場合、last_record に保存される値はどちらになりますか。\n以前、弊社の別メンバーが問い合わせをしており、その時は「失敗時は更新されない」と回答をいただいたと聞いています。');
    expect(quoted.category).toBe('spec');
    const embulk = await check('社内のオンプレサーバー(CentOS 7)に入れているEmbulk 0.11で、S3のCSVを自社のPostgreSQLにロードする処理がエラーになります。TDは経由していません。\norg.embulk.config.ConfigException: bucket not found');
    expect(embulk.category).toBe('oss');
  });
  it('a digdag task path is a workflow; "[Source: …]" in a Jackson exception is no Sources screen; an attempt supposed is no aim', async () => {
    const task = await check('Account ID: 5519\nSession ID: 3310298 / Attempt ID: 9981223\nThe workflow loads the catalogue so that the recommendation segments in Audience Studio use current prices.\nThe scheduled run failed in +load_catalog with:\n    org.embulk.config.ConfigException: Field \'path_prefix\' is required but not set\n      at [Source: N/A; line: -1, column: -1]');
    expect(task.channel).toBe('workflow');
    const attempt = await check('ジョブの実行結果は、どのくらいの期間保持されますか。\nまた、保持期間が過ぎた後にジョブ画面からダウンロードしようとした場合はどうなりますでしょうか。\nAccount ID：71903');
    expect(attempt.items.goal.present).toBe(false);
    const sql = await check('Probably a simple one. I need only the most recent row for each customer_id. What\'s the standard way to write this in SQL? Is ROW_NUMBER() the way to go?');
    expect(sql.category).toBe('general_it');
  });
});

describe('readings from the holdout96-99 round', () => {
  it('a subject naming the specification over a question that names no failure; self-run Digdag "are running"; SQL help; a design asked "kindly"', async () => {
    const split = await check(
      'Account ID：45120\n小売のお客様で、毎晩の売上集計結果をS3へ出力しており、その後お客様のERPが1ファイルとして取り込んでいます。\n出力ファイルが複数に分割されるとERP側の取り込みが失敗してしまいます。\n\nS3へのエクスポートでは、どの条件（サイズ・行数など）で出力ファイルが分割されるのでしょうか。',
      { subject: 'S3エクスポート時のファイル分割の仕様について' },
    );
    expect(split.category).toBe('spec');
    const digdag = await check('We are running open source Digdag 0.10.5 on our own EC2 server for some internal batch, not related with TD account. Schedule is not firing at expected time. Is it digdag bug or config issue?');
    expect(digdag.category).toBe('oss');
    const topN = await check('Need one help in SQL. In Presto, how to get top 3 products by sales for each store? I tried with GROUP BY and LIMIT 3 but it gives only 3 rows total.\nAlso if two products have same sales, how to include both? RANK or ROW_NUMBER which is better?');
    expect(topN.category).toBe('general_it');
    const design = await check('We are designing a new incremental load for our client (Account 66710, ap01) from their MySQL into TD with Treasure Workflow.\nCould you kindly suggest the best design for below points?\n1. Should we use incremental mode?\n2. How to handle deleted rows in source?');
    expect(design.category).toBe('implementation');
  });
  it('an HTTP status with its reason phrase and a JSON list of errors are error text; object IDs in a REST path of the service', async () => {
    const ps = await check(
      'The pull from TD has started failing with a 400.\n\nPS C:\\jobs> Invoke-RestMethod -Method Post -Uri "https://api-cdp.treasuredata.com/audiences/3341/segments/99871/query"\nInvoke-RestMethod: Response status code does not indicate success: 400 (Bad Request).\n',
    );
    expect(ps.items.error_message.present).toBe(true);
    expect(ps.items.target_id.values).toEqual(['other:3341', 'other:99871']);
    const list = await check('The segment sync fails:\n\n{"errors":["Segment rule references attribute \'ltv\' which does not exist in the parent segment"]}\n');
    expect(list.items.error_message.present).toBe(true);
    const log = await check('The sync fails every morning:\n\n[2026-05-21 06:00:03] ERROR 400 Bad Request\n');
    expect(log.items.error_message.present).toBe(true);
  });
  it('goals told as a wanted state, a consumer and a recurring flow; a ticket with you; onset at a clock time; a ticket tag beside "daily_orders"', async () => {
    const wants = await check("Quick one - whats the most frequent schedule we can put on an Audience Studio activation? client wants the segment refreshed hourly into Google Ads for a 48h flash sale. acct id 40921");
    expect(wants.items.goal.present).toBe(true);
    const bi = await check("Workflow mp_scan_consolidation, session 530118842 fails.\nWe consolidate the day's parcel scan events every night; the customer's BI uses it for their on-time delivery KPIs.\nQuery exceeded per-node user memory limit of 20GB");
    expect(bi.items.goal.present).toBe(true);
    const flow = await check('Account ID 27719 (Japan region). Our customer, a home-improvement retailer, pulls yesterday\'s store inventory out of TD into their SQL Server every night.\nIt failed with the error below.\njava.sql.SQLException: Failed to connect');
    expect(flow.items.goal.present).toBe(true);
    const ticket = await check('Please transfer the Account Owner role for our end user.\nAccount ID: 20994\n\nWe did the same for this customer\'s staging account last year through a ticket with you, and you needed a signed approval letter.');
    expect(ticket.items.related_ticket.present).toBe(false);
    const onset = await check('アカウントID:33901\nワークフロー(s3_ingest_hourly)が失敗しています。Session ID: 88104990\norg.embulk.config.ConfigException: bucket not found\n日本時間04:00の回以降、毎時失敗し続けています。');
    expect(onset.items.history.present).toBe(true);
    const tag = await check('Please find below information.\n- Session ID: 412233901', { subject: 'RE: [TD Support #63120] Workflow td_load task failing - daily_orders' });
    expect(tag.referencedTickets).toEqual(['63120']);
  });
});

describe('readings from the holdout100-103 round', () => {
  it('"keeps timing out" is a failure but no history without a time; an error quoted in a supposing question is no report', async () => {
    const phone = await check('Hi - query for Pinecrest keeps timing out, job 2188830412. AID 55120 on US. Can someone take a look?', { subject: 'slow query' });
    expect(phone.category).toBe('error');
    expect(phone.items.history.present).toBe(false);
    const retry = await check('A question on workflow retry behaviour for our client (Account ID 61934, production-eu01).\na) If a td> task fails with "Query exceeded maximum time limit", does _retry set at workflow level re-run only the failed task, or the whole workflow?\nb) Does the retry count reset per attempt?');
    expect(retry.category).toBe('spec');
  });
  it('a city\'s time after the clock and "(all Pacific)" over a timeline are zones; "Start time" is none', async () => {
    const lisbon = await check('Job 2190777301 failed. We re-ran twice, at 14:30 and 15:10 Lisbon time (WEST), both failed the same way.');
    expect(lisbon.items.timezone.present).toBe(true);
    const start = await check('Job 2190777301 failed at 09:00 Start time was fine.');
    expect(start.items.timezone.present).toBe(false);
    const pacific = await check('Latest failed job: 2234455667.\n\nTimeline (all Pacific):\n- Mon 6/1, 6:40 AM - last successful run\n- Tue 6/2, 6:40 AM - first failure\n');
    expect(pacific.items.timezone.present).toBe(true);
  });
  it('goals told as what the failing thing builds, as "…用の" and as the process being built; "do we need to" wants nothing', async () => {
    const builds = await check('Our feature-store refresh (it builds the daily churn features the model scores on) has failed on every run since Monday. Job 2190777301.');
    expect(builds.items.goal.present).toBe(true);
    const yo = await check('クレジットカードの利用明細から不正検知モデル用の特徴量を作り、\nTDのテーブルに書き戻す処理を pytd で実装しています。\n書き込みが毎回 403 で失敗します。');
    expect(yo.items.goal.present).toBe(true);
    const need = await check('When we guess an SFTP source config with the toolbelt, does the guess detect Shift_JIS encoded CSV files by itself, or do we need to put the charset into the seed file ourselves?');
    expect(need.items.goal.present).toBe(false);
  });
  it('onset "…から…ようになりました"; a label with a long note above the error; an attempt ID "from the latest failure"', async () => {
    const onset = await check('Account ID: 60278\nセグメントのURL: https://console.ap02.treasuredata.com/app/ps/3391/se/120554\nこのセグメントが、今週月曜から0人と表示されるようになりました。');
    expect(onset.items.history.present).toBe(true);
    const label = await check('Our activation has stopped delivering.\n\nError shown in the activation log (copied as-is):\n\n  Activation failed: [GoogleAdsException] USER_LIST_ERROR:\n  CUSTOMER_NOT_ACCEPTED_CUSTOMER_DATA_TERMS - Customer has not accepted the terms.\n');
    expect(label.items.error_message.present).toBe(true);
    const attempt = await check('Here is the attempt ID from the latest failure: 7712034\nIt failed again this morning at 04:10 UTC.');
    expect(attempt.items.target_id.values).toEqual(['attempt:7712034']);
  });
  it('user changes requested; a list of authentications asked for; Embulk on "our own Ubuntu 20.04 batch server"; a workflow project failing in a task', async () => {
    const users = await check("Could you please make the following user changes on Caldera Home's Treasure Data account?\n\nAdd:\n  - nina@example.com\nRemove:\n  - tom@example.com");
    expect(users.category).toBe('request');
    const auths = await check('Before we delete the matching authentications in the console we need to know which saved queries still use them.\nCould you export for us a list of all Authentications in the account and, for each one, the saved queries that reference it?');
    expect(auths.category).toBe('object_listing');
    const embulk = await check('We run Embulk (0.11.4) on our own Ubuntu 20.04 batch server to sync POS receipts from MySQL into Treasure Data with embulk-output-td.\norg.embulk.config.ConfigException: Last value of incremental column \'id\' is not set\nDo we need to edit the diff file by hand?');
    expect(embulk.category).toBe('oss');
    const project = await check('Our client syncs loyalty tiers from their parent segment to Braze every night. The Treasure Workflow project braze_loyalty_sync, scheduled in the console, now fails in the braze_sync task with:\n  Braze API returned 400: {"message":"Invalid external_id"}');
    expect(project.channel).toBe('workflow');
  });
});

describe('readings from the holdout104-107 round', () => {
  it('Embulk on an in-house server "Treasure Dataは使っておらず…単体で"; a failure told "…with:" above its text', async () => {
    const embulk = await check('社内のCentOS Stream 9サーバーでEmbulk 0.11.2を使い、基幹のMySQLから分析用のPostgreSQLへ受注データを毎晩コピーしています。\n(Treasure Dataは使っておらず、Embulkを単体で動かしています)\n\norg.embulk.exec.PartialExecutionException: java.lang.OutOfMemoryError: Java heap space\n\nヒープサイズを増やす方法を教えていただけますでしょうか。');
    expect(embulk.category).toBe('oss');
    const withColon = await check('Our Google Ads source stopped importing.\n\nThe import failed at 6am this morning with:\n\n  invalid_grant: Token has been expired or revoked.\n');
    expect(withColon.items.error_message.present).toBe(true);
  });
  it('history told casually ("ここ3日くらい毎朝こけてます", "Retryも1回やってみたけどダメ"); vague attempts are none', async () => {
    const casual = await check('AID 31876(ap01)のワークフロー、ここ3日くらい毎朝こけてます。\nhttps://console.treasuredata.co.jp/app/workflows/sessions/5528810347');
    expect(casual.items.history.present).toBe(true);
    const dame = await check('AID 31876のワークフローが失敗しました。Session ID: 5528810347\nRetryも1回やってみたけどダメでした。');
    expect(dame.items.history.present).toBe(true);
    const vague = await check("One of our client's workflows fell over this morning: https://console.treasuredata.com/app/workflows/sessions/418822001\nWe've tried a few things on our end and tweaked some bits but no luck so far. Can you have a look?");
    expect(vague.items.history.present).toBe(false);
    const some = await check('The py> task fails. Session ID 503344120.\nWe have tried some changes to the script but no luck. Kindly check urgently.');
    expect(some.items.history.present).toBe(false);
  });
  it('goals told as "…のために実行している", "the one that refreshes…", "wiring up our … dashboard", an app showing wrong data; "so that shouldn\'t be it" is none', async () => {
    const tame = await check('アカウントID 61122のお客様で、会員ランク判定のために毎日実行しているワークフロー（member_rank_daily）が、6月15日から毎日失敗しています。');
    expect(tame.items.goal.present).toBe(true);
    const kakunin = await check('アカウントID 61122のワークフローが失敗しています。確認のために手動で実行しましたが同じでした。');
    expect(kakunin.items.goal.present).toBe(false);
    const one = await check("The workflow fell over this morning: https://console.treasuredata.com/app/workflows/sessions/418822001\nIt's the one that refreshes their Meta custom audience before the marketing team starts work.");
    expect(one.items.goal.present).toBe(true);
    const wiring = await check("We're wiring up our internal reporting dashboard for Cobalt Outdoor so it pulls query results straight from the REST API.\nThe result call returns 404: {\"error\":\"Resource not found\"}");
    expect(wiring.items.goal.present).toBe(true);
    const app = await check("Our client's daily loyalty points aggregation has stopped and their mobile app shows wrong points balances to customers.\nSession ID 503344120\nKeyError: 'loyalty_tier'");
    expect(app.items.goal.present).toBe(true);
    const soThat = await check('the crm_sync workflow blew up again, attempt 99123456.\nWe did reset the S3 creds a while ago, so that shouldn\'t be it.');
    expect(soThat.items.goal.present).toBe(false);
  });
  it('a traceback\'s source line is no command; "like I wrote you last time" is an earlier inquiry', async () => {
    const frame = await check('Our DAG calls pytd.\n\nTraceback (most recent call last):\n  File "/opt/airflow/dags/extract.py", line 41, in run\n    df = client.query(sql)\n  tdclient.errors.APIError: Job 2210938817 failed\n');
    expect(frame.items.command.present).toBe(false);
    const wrote = await check('the crm_sync workflow blew up again at 6:00 UTC, attempt 99123456.\nSame thing as before, like I wrote you last time.');
    expect(wrote.items.related_ticket.present).toBe(false);
  });
});

describe('readings from the holdout108-111 round', () => {
  it('output that came out short, shifted, doubled or empty is a failure report; a concern about duplicates is none', async () => {
    const short = await check('Account ID: 10423\nJob with the short file: 2214500871\nThe CSV that landed in S3 has 47,902 data rows (header excluded). 308 rows short.\nWhere do the rows go?');
    expect(short.category).toBe('error');
    const shifted = await check('Since last Monday the hourly_visits export for one of our clients shows every hour shifted by 9.\nCan you confirm that is why, and whether TD_TIME_RANGE is also evaluated in UTC here?');
    expect(shifted.category).toBe('error');
    const dup = await check("Their nightly customer export has duplicate customer_ids since mid-March. Could you take a look at what is producing the duplicates on your side?");
    expect(dup.category).toBe('error');
    const zero = await check('Our activation to Meta Custom Audiences delivered 0 profiles this morning, while the segment page shows about 121k profiles. Could you check what changed?');
    expect(zero.category).toBe('error');
    const ja = await check('4/1 に実行した3月分のエクスポートで、3/1 分の前半のデータが入っておらず、逆に 4/1 の午前中のデータが含まれていました。\n--from/--to の時刻はどのタイムゾーンとして解釈されるのでしょうか。');
    expect(ja.category).toBe('error');
    const concern = await check('Question: if we add _retry: 3 to a td> task that uses insert_into:, does a retry re-run the whole query? Duplicated rows will be a big problem for us, so we want to avoid inserting duplicate rows.');
    expect(concern.category).toBe('spec');
  });
  it('a session named after a longer label; history "…まで…問題はありませんでした"; goals "監査用に", "Why it matters:", the load being done', async () => {
    const label = await check('The hourly export shifted.\nSession that produced the first wrong file: 498812001');
    expect(label.items.target_id.values).toEqual(['session:498812001']);
    const made = await check('エクスポートの件数がずれています。Job 1998123456\n2月分(3/1 に実行、Job ID 1996740031)まで毎月同じコマンドで問題はありませんでした。');
    expect(made.items.history.present).toBe(true);
    const audit = await check('監査用に前月分のアクセスログを毎月S3へ保存しています。Job 1998123456 のエクスポートで件数が合いません。');
    expect(audit.items.goal.present).toBe(true);
    const matters = await check('The segment activation to Facebook fails every run since Friday.\n\nWhy it matters: the client launches a retargeting campaign on Wednesday and needs this audience synced before then.');
    expect(matters.items.goal.present).toBe(true);
    const load = await check("We're doing the initial historical load for AID 12044 (~180 GB of order history) using the bulk import commands, and the upload step keeps dying part-way through.\nError: Connection reset by peer - SSL_connect");
    expect(load.items.goal.present).toBe(true);
  });
  it('a quote for seats is contract; another vendor\'s limits and editions are its own; "which design is better"', async () => {
    const seats = await check('hey, how much would 5 more Data Workbench seats run for acct 44120 (us01)? client wants a quote by eow. ty');
    expect(seats.category).toBe('contract');
    const allows = await check("quick one - does anyone know how many Bulk API batches salesforce allows per 24h on Enterprise edition? client's SFDC admin is asking. acct 40217");
    expect(allows.category).toBe('third_party_spec');
    const sfmc = await check('Our customer pushes segments into Salesforce Marketing Cloud data extensions.\nWhat exactly is the SFMC REST API rate limit per minute for data extension row inserts, and does it differ between SFMC editions?');
    expect(sfmc.category).toBe('third_party_spec');
    const design = await check("We're at the design stage for Brightwave Retail (Account ID: 55107).\nQuestions:\n a) Design review: Airflow or Treasure Workflow?\n b) One database per brand vs one database with a brand column - which design is better for performance?");
    expect(design.category).toBe('implementation');
  });
  it('a region after "アカウント N /" or before "acct"; the screen\'s text under "画面に出てるのは"; a dashboard that "hasn\'t refreshed"; "we had a ticket … last month"', async () => {
    const jaSite = await check('お疲れ様です！アカウント 41772 / US です。\nセグメントが保存できません。');
    expect(jaSite.items.site.values).toEqual(['us01']);
    const acct = await check('Tableau refresh keeps timing out since the weekend.', { subject: 'tableau jdbc timeout - US acct 38450' });
    expect(acct.items.site.values).toEqual(['us01']);
    const screen = await check('セグメントが保存できません。\n画面に出てるのは\n「Segment could not be saved: rule contains an invalid attribute "last_purchase_dt"」\nです。');
    expect(screen.items.error_message.present).toBe(true);
    const refreshed = await check("Tableau Server -> TD over JDBC keeps timing out since the weekend. the end user's exec dashboard hasn't refreshed since friday");
    expect(refreshed.items.goal.present).toBe(true);
    const had = await check('hi - job 2231190044 failed at 3:14am UTC with "Query exceeded the maximum execution time". acct id 55102. we had a ticket about timeouts last month too');
    expect(had.items.related_ticket.present).toBe(false);
  });
});

describe('readings from the holdout112-115 round', () => {
  it('another vendor capping on its side; SQL help that is "not strictly a TD question"; Looker\'s own behaviour', async () => {
    const line = await check('Quick one. Does LINE cap on their side how many audience uploads we can make per day? If you have any reference info from other customers that would be great.');
    expect(line.category).toBe('third_party_spec');
    const sql = await check('Maybe not strictly a TD question, sorry. In Trino, what is the cleanest way to keep only the latest row per order_id?\nIs max_by() faster than ROW_NUMBER() for ~200M rows?', { subject: 'SQL help: latest row per order_id' });
    expect(sql.category).toBe('general_it');
    const looker = await check('Account 4410 / US. We connect Looker to TD through the Trino dialect.\nCan you tell us how Looker decides when to rebuild a persistent derived table? We\'d like to know if that is Looker\'s documented behaviour.');
    expect(looker.category).toBe('third_party_spec');
  });
  it('history: "…までは…届いていました", the next run failing too on a wrapped list item; a deferred answer is none', async () => {
    const todoite = await check('アカウントID：63018（AP01）\n代理店向けの成績ファイルが今朝届いておりませんでした。\n先週金曜（5/15）まではファイルが届いていました。');
    expect(todoite.items.history.present).toBe(true);
    const wrapped = await check(' ・Session ID：499201558\n ・当該セッションは現在も失敗のままです。翌日 5/20 04:10(JST) のセッションも\n 　同様に失敗しました（Session ID：499388102）。');
    expect(wrapped.items.history.present).toBe(true);
    const deferred = await check("1. Account ID: 50312\n2. Session ID of the failed run: 88120045\n\nFor your 4th question (what changed before it started failing / last good run) I need to check with the customer's data engineering team.");
    expect(deferred.items.history.present).toBe(false);
  });
  it('goals "Goal is simply to…", a dashboard refreshed, events streamed "for the CDP", "毎晩の…を書き込む"; support\'s convenience and kicking off a query are none', async () => {
    const simply = await check('Every refresh fails with: ERROR [HY000] Query exceeded maximum time limit\nGoal is simply to get the morning refresh back.');
    expect(simply.items.goal.present).toBe(true);
    const stream = await check('We stream mobile app events into TD for the CDP using the Ruby client.\nTreasureData::NotFoundError: 404: Import failed');
    expect(stream.items.goal.present).toBe(true);
    const kaki = await check('毎晩の受注データをTDのテーブルに書き込むJavaバッチがエラーになっています。\njava.io.IOException: 403 Forbidden');
    expect(kaki.items.goal.present).toBe(true);
    const summary = await check('As requested, here is the full summary of the issue in one place so your engineers don\'t have to go through the whole thread.\nLatest failed job: 2305566778\ncom.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure');
    expect(summary.items.goal.present).toBe(false);
    const kick = await check("hey, our AID is 3391.\ntrying to kick off a presto query with plain curl and it keeps coming back 400. what am I doing wrong?\n$ curl -sS -X POST https://api.treasuredata.co.jp/v3/job/issue/presto/sales_db");
    expect(kick.items.goal.present).toBe(false);
  });
  it('an SDK call "client.showJob(…)" is the command; a ticket number the sender says they lack; a solved matter then a new question', async () => {
    const node = await check('Node.js から REST API を呼び出しています。\n\nfunction poll(jobId) {\n  client.showJob(jobId, (err, res) => {\n  });\n}\nHTTP/1.1 429 Too Many Requests');
    expect(node.items.command.present).toBe(true);
    const lacks = await check("We're seeing HTTP 429s on bulk import again and I suspect it's related to #66102. My colleague also opened a ticket last month about this pipeline; I can't find the number in our shared inbox, sorry.");
    expect(lacks.items.related_ticket.present).toBe(false);
    const solved = await check('Confirming the fix works - moving _retry to the group level did it. Please go ahead and close the ticket.\n\nOne new question while I have you. When ops re-runs a failed day from the console with\n"Retry failed tasks", does the retried attempt keep the session_time of the original session?', { subject: 'Re: [TD Support #71002] _retry not re-running failed task' });
    expect(solved.category).toBe('spec');
  });
});

describe('readings from the holdout116-119 round', () => {
  it('what did not go out or dropped to zero, and numbers that look off, told by non-engineers, are failures', async () => {
    const list = await check("Hi, the campaign list didn't go out this morning. can you take a look asap?");
    expect(list.category).toBe('error');
    const zero = await check('Attaching the screenshot you asked for. Account ID 64402.', { subject: 'Segment count dropped to zero - Kinfolk Coffee' });
    expect(zero.category).toBe('error');
    const todokanai = await check('毎朝のメルマガ配信用に、TDからSalesforce Marketing Cloudへ会員リストを送っているのですが、今朝8時の分のリストが届いていないようです。\n確認いただけますでしょうか。');
    expect(todokanai.category).toBe('error');
    const suuji = await check('TDのダッシュボードの数字がなんだかおかしい気がします。ECの売上がPOSより大きく出ているような…\n見ていただけますか。');
    expect(suuji.category).toBe('error');
  });
  it('a listing of schedules asked in Japanese; SQL written two ways and compared, in Japanese; "Salesforce itself"', async () => {
    const sched = await check('夏時間切替に伴うスケジュールの棚卸しを行うため、全ワークフローのスケジュール一覧の出力をお願いできないでしょうか。\nアカウントID:33018');
    expect(sched.category).toBe('object_listing');
    const sql = await check('購買テーブルから、ユーザーごとに最新の購買レコード1件だけを取り出したいと考えています。\n以下の2つの書き方のどちらが一般的に良いのでしょうか。');
    expect(sql.category).toBe('general_it');
    const itself = await check("We import Salesforce objects through the Salesforce source in TD Console. The client's admin is asking how *Salesforce itself* counts API usage: is the limit a rolling 24-hour window?");
    expect(itself.category).toBe('third_party_spec');
  });
  it('an HTML label/value table whose value is in full-width digits keeps its first row; "アカウント(ID: N)"; zones written out in Japanese', async () => {
    const a = await check(
      '<div>仕様について教えてください。</div><table><tr><td>アカウントID</td><td>９９０１２</td></tr><tr><td>Console Environment</td><td>AP02</td></tr></table>',
      { contentType: 'text/html', subject: '仕様確認' },
    );
    expect(a.items.account_id.values).toEqual(['99012']);
    const paren = await check('AP01のアカウント(ID: 55302)で、cron から td-client-python を使ってクエリを投げています。\nRuntimeError: timeout');
    expect(paren.items.account_id.values).toEqual(['55302']);
    const east = await check('アカウントID 47750の案件で、毎日 米国東部時間 6:00 にタスクスケジューラから TD Toolbelt を呼び出しています。\nJob 1940012345 が失敗しました。');
    expect(east.items.timezone.present).toBe(true);
  });
  it('goals: "…を抽出したくて", a deck pulling from the sheet, a report fed, "so our client\'s (account N) dashboard always has…", a legal obligation, "to build ad-hoc reports", numbers needed for a review', async () => {
    const takute = await check('キャンペーンの対象者を抽出したくて、いつも使っている保存済みクエリを実行したのですが、赤いエラーが出て止まってしまいました。\nhttps://console.treasuredata.co.jp/app/jobs/2233445566');
    expect(takute.items.goal.present).toBe(true);
    const deck = await check('the Google Sheet our exec KPI deck pulls from didn\'t refresh this week.\nhttps://console.treasuredata.com/app/queries/editor?queryId=6618204');
    expect(deck.items.goal.present).toBe(true);
    const report = await check('毎朝 5:00(JST)にcronからクエリを実行し、結果をS3に出力して、先方のBIツールの日次売上レポートに取り込んでいます。\nerror: Result export failed');
    expect(report.items.goal.present).toBe(true);
    const paren = await check("A Lambda writes campaign conversion rows with pytd, so our client's (account 50992) bidding dashboard always has fresh conversions.\ntdclient.errors.ForbiddenError: 403");
    expect(paren.items.goal.present).toBe(true);
    const legal = await check('The gdpr_erasure workflow deletes customers who asked to be erased; the client has a legal obligation to process erasure requests within 30 days.\nSession 9012377410 fails.');
    expect(legal.items.goal.present).toBe(true);
    const adhoc = await check("Our client's analyst connects DBeaver to TD over JDBC to build ad-hoc reports for their weekly sales meeting.\njava.sql.SQLException: Authentication failed: 401 Unauthorized");
    expect(adhoc.items.goal.present).toBe(true);
    const review = await check("Account ID 30145. This morning every dashboard shows zero rows. The client's exec team has their weekly KPI review at 2pm UTC and needs these numbers.");
    expect(review.items.goal.present).toBe(true);
  });
  it('an inquiry to support told in a forwarded mail counts; one to the partner does not', async () => {
    const fwd = await check('Forwarding the thread below from our client. Their account is 22415 on EU01.\n\n________________________________\nFrom: Lena Vogt <lena@brightwater.example.de>\nSent: Tuesday, May 19, 2026 4:12 PM\nSubject: pytd write fails with 403\n\nHi Marc,\n\nSince 12 May our nightly job fails with 403, job 1883201944.\nWe actually raised this with Treasure Data directly a few weeks ago but nobody here can find the ticket anymore.\n');
    expect(fwd.items.related_ticket.present).toBe(false);
    const partner = await check('Forwarding the thread below from our client. Their account is 22415 on EU01.\n\n________________________________\nFrom: Lena Vogt <lena@brightwater.example.de>\nSent: Tuesday, May 19, 2026 4:12 PM\nSubject: GA4 data\n\nHi Marc,\n\nAs I asked you last week, we need the GA4 sessions data in Treasure Data to report campaign traffic.\n');
    expect(partner.items.related_ticket.present).toBe(true);
  });
});

describe('readings from the holdout120-123 round', () => {
  it('history "ran every Monday through May" and "As of this Monday … fails"; "アカウント（IDは15562番…）"', async () => {
    const monday = await check("We upload the weekly survey responses into TD every Monday.\nAs of this Monday the upload fails with a 403.\ntdclient.errors.ForbiddenError: 403\nThe same script ran every Monday through May without changes on our side.");
    expect(monday.items.history.present).toBe(true);
    const ha = await check('エンドユーザー様のアカウント（IDは15562番、USリージョンでご利用）にて、SFTP出力がエラーになりました。');
    expect(ha.items.account_id.values).toEqual(['15562']);
  });
  it('a state supposed in a question is no failure; a deck whose numbers come from the query; a shell that does not know the command', async () => {
    const empty = await check('I would like to understand some more points about predictive scoring:\n- If a profile is new since the last training, it receives a score or it stays empty ?\n- It is possible to see the date of the last scoring ?');
    expect(empty.category).toBe('spec');
    const deck = await check("Every Monday the client's CFO walks the board through a bookings deck, and the numbers in that deck come straight from this saved query's result.\nJob ID of the last failed run is 2034456712.");
    expect(deck.items.goal.present).toBe(true);
    const cmd = await check("I installed TD Toolbelt so I can pull query results, but the td command is not found.\n\nC:\\Users\\jdoe>td --version\n'td' is not recognized as an internal or external command,\noperable program or batch file.\n\nWhat am I missing?");
    expect(cmd.category).toBe('error');
    expect(cmd.items.error_message.present).toBe(true);
  });
  it('how to write a conversion in PowerShell is a general question; a container image names its Linux', async () => {
    const ps = await check('td query で出力したCSV（UTF-8）を、お客様がExcelでそのまま開くと文字化けするため、PowerShellでShift_JISに変換してから渡したいと考えています。\n一部の文字が「?」になってしまいます。\nPowerShell 5.1でこれを化けさせずに変換する書き方、またはBOM付きUTF-8で保存する方法があれば教えていただけますでしょうか。');
    expect(ps.category).toBe('general_it');
    const alpine = await check('The sync job runs in a Kubernetes pod on EKS (image python:3.12-alpine, td-client 1.2.1) and fails.\nRuntimeError: timeout');
    expect(alpine.items.os.values).toEqual(['linux']);
    const al = await check('・実行環境：ECS Fargate上のコンテナ（ベースイメージ amazonlinux:2023）、td 0.17.1\nError: Job 1990233108 failed: Access Denied');
    expect(al.items.os.values).toEqual(['linux']);
  });
});

describe('an ask the sender marks as secondary', () => {
  it('a question after "Also - unrelated to the failure" does not take the category from a failure report; "別件で恐縮ですが、1点確認させてください" introduces the matter itself', async () => {
    const also = await check('Our monitoring workflow has failed every night since Thursday.\nLatest failed session: 88431902\n\n  java.lang.RuntimeException: Failed to get users. status=403\n\nAlso - unrelated to the failure, or sort of related - the client\'s security team still needs their quarterly access review. Could you send us a list of all users in the account?');
    expect(also.category).toBe('error');
    const betsu = await check('先日の件はご案内いただいた手順で解消しました。ありがとうございました。\n\n別件で恐縮ですが、1点確認させてください。\nExport Results To で S3 に出力する場合、1ファイルあたりのサイズ上限や自動でファイルが分割される仕様はありますでしょうか。\n\n対象アカウントID：72290', { subject: 'RE: [TD Support #69877] セグメントが更新されない件' });
    expect(betsu.category).toBe('spec');
  });
});

describe('an HTML table of label and value whose first value is a link', () => {
  it('keeps its first row ("画面 | https://console…/app/sources"): a link names no column', async () => {
    const a = await check(
      '<p>コンソールのSourcesから作成したGCSの取り込みが失敗します。</p><table><tr><td>画面</td><td><a href="https://console.treasuredata.co.jp/app/sources">https://console.treasuredata.co.jp/app/sources</a></td></tr><tr><td>Source名</td><td>gcs_member_master_daily</td></tr><tr><td>エラー</td><td>403 Forbidden: access denied</td></tr></table>',
      { contentType: 'text/html', subject: 'GCS import error' },
    );
    expect(a.items.console_url.present).toBe(true);
  });
});

describe('readings from the holdout128-131 round', () => {
  it('"what status code comes back" asks about one; open-source Digdag wrapped before its version and "nothing to do with Treasure Workflow"; a choice of designs "どちらが推奨"', async () => {
    const status = await check("What's the rate limit on POST /v3/job/issue for account 11675 (US)? Is it counted per API key or per account, and what status code / headers come back when we hit it?");
    expect(status.category).toBe('spec');
    const oss = await check('Not sure if this is something you cover. We run open-source Digdag\n0.10.5 ourselves on an EC2 box (PostgreSQL backend), nothing to do with Treasure Workflow.\nAfter we restarted the scheduler, two projects stopped creating sessions. Is there a known issue?');
    expect(oss.category).toBe('oss');
    const design = await check('【ご相談】Treasure Workflow での差分ロードの設計について\n・差分の判定に updated_at を使うか、CDC 用のテーブルを別途用意するか、どちらが推奨でしょうか\nまだ設計段階のため、エラー等は発生しておりません。\nベストプラクティスがあればご教示いただけますと幸いです。');
    expect(design.category).toBe('implementation');
  });
  it('a Source with its number is a console object and an ID; an inquiry "御社経由でTDさんに問い合わせていただいた" in a forwarded mail', async () => {
    const source = await check('HubSpot source 66120 keeps erroring out, see pic. Can someone look?');
    expect(source.channel).toBe('console');
    expect(source.items.target_id.values).toEqual(['other:66120']);
    const viaPartner = await check('お客様から下記の問い合わせを受けましたので転送いたします。\nSession ID：588120734\n\n-----Original Message-----\nFrom: 高橋 一郎 <i.takahashi@kaede-retail.example.jp>\nSent: Tuesday, June 9, 2026 9:12 AM\nSubject: TDワークフローの失敗について\n\n毎朝5:00(日本時間)に動いている売上集計のワークフローが失敗しています。\nたしか3月にも似たような事象で、御社経由でTDさんに問い合わせていただいたと記憶していますが、同じ原因でしょうか。\n');
    expect(viaPartner.items.related_ticket.present).toBe(false);
  });
  it('goals: "売上ダッシュボード更新用のワークフロー", "for a one-off attribution analysis", "keeps our call-centre CRM in line with…"', async () => {
    const mart = await check('売上ダッシュボード更新用のワークフロー daily_sales_mart が今週に入ってから失敗しています。\nhttps://console.treasuredata.co.jp/app/workflows/sessions/60215587');
    expect(mart.items.goal.present).toBe(true);
    const analysis = await check("I'm pulling last quarter's clickstream into a local CSV for a one-off attribution analysis the marketing VP asked for.\nJob 2044120987 failed.");
    expect(analysis.items.goal.present).toBe(true);
    const crm = await check("Job ID 2047781100 failed: Salesforce export failed: INVALID_FIELD.\nThe sync keeps our call-centre CRM in line with the loyalty programme, so it's fairly important.");
    expect(crm.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout132-135 round', () => {
  it('"Account ID .......... 7720"; "We did ask for a similar list back in March"; asking support to carry out a deletion', async () => {
    const dots = await check('Before we sign it off I would like to confirm how the platform behaves.\n\n Account ID .......... 7720\n Environment ......... EU01\n\nIs the profile gone from the parent segment after the next refresh?');
    expect(dots.items.account_id.values).toEqual(['7720']);
    const did = await check('Could you export for us every activation across all parent segments?\nAccount: 41807\nWe did ask for a similar list back in March and your colleague sent IDs only.');
    expect(did.items.related_ticket.present).toBe(false);
    const deletion = await check("Following the guidance we got in ticket #69110, we'd like to ask your team to carry out a data deletion for three data subjects who withdrew consent.\nAccount ID: 50933");
    expect(deletion.category).toBe('request');
  });
});

describe('the holdout132-135 open misses', () => {
  it('history "昨日までは普通に使えていました", "Tried another prefix … got the same"; "keeps failing again" has no time in it', async () => {
    const tsukaeta = await check('Data Workbenchを開くとエラーになります。昨日までは普通に使えていました。\nアカウントID 51190');
    expect(tsukaeta.items.history.present).toBe(true);
    const another = await check('$ td connector:guess seed.yml -o load.yml\nError: AmazonS3Exception: Access Denied\nTried another prefix (events/2026/04/) and got the same.');
    expect(another.items.history.present).toBe(true);
    const again = await check('our export keeps failing again. can you check whats going on pls');
    expect(again.items.history.present).toBe(false);
  });
  it('goals: "Our nightly export of order facts from TD into the client\'s on-prem DWH", "会員向けメール配信"', async () => {
    const dwh = await check("Our nightly export of order facts from TD into the client's on-prem DWH has timed out every night since 15 May.\njava.sql.SQLException: Query timeout after 600 seconds (job_id: 2240011223)");
    expect(dwh.items.goal.present).toBe(true);
    const mail = await check('会員向けメール配信の対象者数を確認したく、Audience Studioでセグメントを作成していますが、プレビューでエラーになります。');
    expect(mail.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout136-139 round', () => {
  it('"the activation on segment 88213" names the segment; ownership "moved to" someone is a request; a run far slower than usual is a failure', async () => {
    const seg = await check('The activation on segment 88213 has failed on every scheduled run since Monday.\nActivation failed: Google Ads API returned PERMISSION_DENIED');
    expect(seg.items.target_id.values).toEqual(['other:88213']);
    const owner = await check("Their Account Owner (Jason Pike) has left the company and they need ownership moved to Melissa Grant, who is already an admin user.\nAccount ID: 19024");
    expect(owner.category).toBe('request');
    const slow = await check("Hi - our parent segment refresh in Audience Studio has been taking 6+ hrs since Monday instead of ~1 hr, so the loyalty tier attribute is a day behind and this morning's emails went out with old tiers");
    expect(slow.category).toBe('error');
    expect(slow.items.goal.present).toBe(true);
  });
});

describe('a wish told with たいため', () => {
  it('"行動ログをS3に退避して長期保管したいため" is the goal', async () => {
    const a = await check('エンドユーザー様の行動ログをS3に退避して長期保管したいため、TD Toolbeltでテーブルのエクスポートを行っています。\nerror: Export failed: Access Denied\nExport job 2213650487');
    expect(a.items.goal.present).toBe(true);
  });
});

describe('a label naming two things, and a use told inside a question', () => {
  it('"Account ID and Console Environment: 40127, US region" gives the account; "学習に使われるデータ…ありますか" states no goal', async () => {
    const pair = await check('Account ID and Console Environment: 40127, US region (console.treasuredata.com).\nSession 7733120981 fails with: JSchException: Auth fail');
    expect(pair.items.account_id.values).toEqual(['40127']);
    const asked = await check('アカウントID: 34977\n環境: ap01\n\nPredictive Scoringの仕様を確認させてください。\n学習に使われるデータの期間に上限はありますか。');
    expect(asked.items.goal.present).toBe(false);
    const told = await check('アカウントID: 34977\n日次の売上レポートに使うテーブルが昨日から更新されません。');
    expect(told.items.goal.present).toBe(true);
  });
});

describe('readings from the open misses of the holdout136-139 round', () => {
  it("support's quoted reply signed only with its name, or 'トレジャーデータサポートです。', is support's: its example ID is no answer", async () => {
    const quote = '> 青木様\n>\n> 調査のため、以下の情報をお知らせいただけますでしょうか。\n> ・Account ID と Console Environment(例: Account ID: 10101, production-us01)\n>\n> よろしくお願いいたします。\n> トレジャーデータ サポート';
    const signed = await check('ご返信ありがとうございます。\nSession ID: 503377120\n昨日から処理が4時間以上かかっています。\n\n青木\n\n' + quote);
    expect(signed.items.account_id.present).toBe(false);
    const named = await check('ご返信ありがとうございます。\nSession ID: 503377120\n\n> お問い合わせいただきありがとうございます。トレジャーデータサポートです。\n> ・Account ID(例: Account ID: 10101)\n> よろしくお願いいたします。');
    expect(named.items.account_id.present).toBe(false);
  });
  it("'the session that failed last night is N', '(project: p, workflow: w)' tell a workflow; 'The activation log shows' an activation", async () => {
    const wf = await check("As requested, the session that failed last night is 5180227361\n(project: loyalty_sync, workflow: crm_daily).\nWe updated the authentication in the console the same day; the Audience Studio segments used for the morning sends are stale.");
    expect(wf.channel).toBe('workflow');
    const act = await check('Our "Cart abandoners 7d" activation to Meta Custom Audiences did not sync this morning. The activation log shows:\n\n  Activation failed: (#200) Permissions error');
    expect(act.channel).toBe('console');
  });
  it("'The last successful sync was on 3 June' is history; 'We download … nightly … and reconcile it every morning' a goal", async () => {
    const sync = await check('Our activation to Meta did not sync this morning. The last successful sync was on 3 June.');
    expect(sync.items.history.present).toBe(true);
    const dl = await check('We download the result of our nightly orders job via the REST API and reconcile it against the finance ledger every morning. Since Mar 3 the CSV we get is short.');
    expect(dl.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout140-143 round', () => {
  it("answers typed between the '>' lines of support's mail under an Outlook header block are the sender's, arrows and all", async () => {
    const body = [
      'ご質問いただいた項目について、以下に回答いたします。',
      '',
      '----- Original Message -----',
      'From: トレジャーデータ テクニカルサポート <support@td-support.example.com>',
      'Sent: Wednesday, June 10, 2026 3:05 PM',
      'Subject: [TD Support #225118] クエリエディタでの実行がエラーになる',
      '',
      '> 調査の開始にあたり、以下の情報が不足しております。',
      '> ■エンドユーザーのAccount IDとConsole Environment(例: Account ID: 10101, production-us01)',
      '',
      '→本番環境です。東京リージョンを利用しています。',
      '',
      '> ■エラーが発生したJob ID',
      '',
      '→2116042275',
      '',
      '> ■経緯',
      '',
      '→修正前のクエリは6/9まで毎日正常に実行できていました。',
    ].join('\n');
    const a = await check(body);
    expect(a.items.site.values).toEqual(['ap01']);
    expect(a.items.target_id.values).toEqual(['job:2116042275']);
    expect(a.items.history.present).toBe(true);
    expect(a.items.account_id.present).toBe(false);
  });
  it('a label naming two things, in Japanese or as a numbered form table, gives the account', async () => {
    const inline = await check('ご回答します。\n\nOn 2026/06/09 13:48, Treasure Data Support wrote:\n> (1) エンドユーザーのAccount IDとConsole Environment\n>     (例: Account ID: 10101, production-us01)\n\n51127 / AP01 です。\n');
    expect(inline.items.account_id.values).toEqual(['51127']);
    const table = await check('| No | ご質問の項目 | 回答 |\n|----|----|----|\n| 1  | Account ID / Console Environment | 44718 / production-ap01 |\n| 2  | 実行環境(OS) | Ubuntu 22.04 |\n');
    expect(table.items.account_id.values).toEqual(['44718']);
  });
  it("Presto's 'Query failed (#id): line 18:5: …' is error text", async () => {
    const a = await check("クエリエディタで実行するとエラーになります。\n\n Query failed (#20260610_052211_00431_k8f3q): line 18:5: Column 'store_cd' cannot be resolved");
    expect(a.items.error_message.present).toBe(true);
  });
  it('an error shown under "If the job fails with error like this:" and answered by a question is supposed: a spec question', async () => {
    const body = 'Before we go live next week I want to understand one thing about Export Results To S3 (Account ID 56302).\n\nIf the job fails with error like this:\n\n    AmazonS3Exception: Please reduce your request rate. (Service: Amazon S3; Status Code: 503; Error Code: SlowDown)\n\nwill TD retry the export part automatically, or is the whole job marked as error? If it retries, how many times?';
    const a = await check(body);
    expect(a.category).toBe('spec');
    const told = await check('Our export failed last night. When we ran it again we got this:\n\n    AmazonS3Exception: Please reduce your request rate. (Status Code: 503; Error Code: SlowDown)\n\nCan you check why?');
    expect(told.category).toBe('error');
  });
  it("the Node client's calls, 'our REST export script', an activation's run history; a ticket number the sender forgot", async () => {
    const node = await check("Our Express backend issues an hourly Presto query:\n\n    client.prestoQuery('storefront', SQL, { priority: 0 }, (err, res) => {});\n\nEvery run since June 10 fails (job 2096610045).");
    expect(node.channel).toBe('api');
    const rest = await check('Job 2053677015 failed again last night, 3rd night in a row. AID 40552, US. Runs from our REST export script.');
    expect(rest.channel).toBe('api');
    const act = await check('The Google Ads Customer Match activation from our "Lapsed buyers 180d" segment has stopped syncing. The latest failed activation job is 2050112873.');
    expect(act.channel).toBe('console');
    const forgot = await check('追加情報です。Session ID:463210774\nなお、昨年も同じエラーで別のチケットを起票した記憶があるのですが、番号を失念してしまいました。', { subject: 'RE: [TD Support #75102] ワークフローの Hive クエリが失敗する' });
    expect(forgot.items.related_ticket.present).toBe(false);
  });
});

describe('readings from the holdout144-147 round', () => {
  it("failures told by what they did: 'didnt go out', 'gone from ~40 minutes to over 3 hours', '人数が…急に減っていました'", async () => {
    const out = await check('Hi - our Cyber Monday list to Klaviyo didnt go out from audience studio. Acct 77310, US. Can someone look asap??');
    expect(out.category).toBe('error');
    const slow = await check("Short version: the workflow that builds the tables behind our daily trading dashboard has gone from ~40 minutes to over 3 hours this week, so the dashboard isn't ready for the call.");
    expect(slow.category).toBe('error');
    const drop = await check('歳末セールの配信に使っている「冬ギフト」というセグメントの人数が、今朝見たら急に減っていました。\n何が起きているのかを確認していただけますでしょうか。');
    expect(drop.category).toBe('error');
  });
  it('earlier inquiries told in passing: a colleague who opened a ticket with TD, "your colleague suggested", "Last year you kindly sent us"', async () => {
    const priya = await check("Our nightly workflow 'daily_mart' failed (session 412877051).\nAlso - didn't Priya open a ticket with TD about slowness back in the summer? I don't have the number.");
    expect(priya.items.related_ticket.present).toBe(false);
    const colleague = await check('Our rollup workflow was killed (session_id=88120457). We had the same thing back in April and your colleague suggested splitting the big query.');
    expect(colleague.items.related_ticket.present).toBe(false);
    const list = await check('Could you send us the list of all databases and tables in account 20415? Last year you kindly sent us a similar list of users for the same client.');
    expect(list.items.related_ticket.present).toBe(false);
  });
  it("history: '先週から誰も変更していない', '確認したときは…でした', 'updated fine every week until'; 'failed again last night' alone is none", async () => {
    const unchanged = await check('セグメントの人数が急に減りました。セグメントの条件は先週から誰も変更していないはずです。');
    expect(unchanged.items.history.present).toBe(true);
    const before = await check('セグメントの人数が急に減りました。昨日の17時頃(日本時間)に確認したときは約128万人でしたが、本日は3,412人です。');
    expect(before.items.history.present).toBe(true);
    const until = await check("The Google Sheet didn't refresh this week. It updated fine every week until last Monday.");
    expect(until.items.history.present).toBe(true);
    const again = await check('Hi, our BQ export failed again last night, job 2052310458. Can you check asap?');
    expect(again.items.history.present).toBe(false);
  });
  it("goals: 'I refresh a couple of Google Sheets dashboards', '…に切り替える予定のため', '…を更新する必要があるため'", async () => {
    const sheets = await check('I refresh a couple of Google Sheets dashboards (holiday sales by channel) from a Jupyter notebook. Since yesterday every query fails with a 403.');
    expect(sheets.items.goal.present).toBe(true);
    const plan = await check('日次の取込ワークフローを、来月から1時間ごとの取込に切り替える予定のため、事前に確認させてください。td_load> を同時に実行するとどうなりますか。');
    expect(plan.items.goal.present).toBe(true);
    const need = await check('判定結果は翌営業日の朝にCRMへ連携して会員ランクを更新する必要があるため、処理が打ち切られないかを確認したいです。上限はありますか。');
    expect(need.items.goal.present).toBe(true);
  });
  it("categories: '必要な権限の一覧' is no listing; 'nothing has failed, I'm just asking' no failure; 'SQLとしてこういう動き' general IT; 'Google側では…のか' third party", async () => {
    const perms = await check('Snowflakeへの出力タスクが失敗します(Session ID: 198877412)。\nTask failed: SnowflakeSQLException: SQL access control error\n必要な権限の一覧があればご教示ください。');
    expect(perms.category).toBe('error');
    const asking = await check("Do you return 429 Too Many Requests if we open more than N bulk import sessions in parallel? We haven't hit it - nothing has failed, I'm just asking.", { subject: 'ERROR 429 on bulk import API?' });
    expect(asking.category).toBe('spec');
    const sql = await check('クエリエディタで COUNT(*) と COUNT(user_id) の件数が異なりました。バグでしょうか、それともSQLとしてこういう動きになるものなのでしょうか。');
    expect(sql.category).toBe('general_it');
    const google = await check('Audience StudioからGoogle広告のカスタマーマッチへ連携しています。TD側のActivationは毎回成功していますが一致率が低いです。Google側ではどのような条件で一致と判定されているのか、ご教示いただけますでしょうか。');
    expect(google.category).toBe('third_party_spec');
  });
  it("zones: a log line ending in a colon leads in nothing; a config's timezone stops at the sender's next heading; 'Brasília time'", async () => {
    const body = 'dig:\n----\ntimezone: Asia/Tokyo\n\nschedule:\n  daily>: 02:30:00\n----\n\nログ:\n----\n2026-06-17 02:36:12.441 +0900 [ERROR] (0051@[0:p]+w+score) OperatorManager: Task failed: SQL access control error:\nInsufficient privileges\n----\n\n経緯:\n・火曜以降、毎晩 2:30 の実行が失敗し続けています。';
    const a = await check(body);
    expect(a.items.timezone.values).toEqual(['2:30']);
    const br = await check('The workflow fails since yesterday (session 318840152). The last good session was 318512904 (15 June, 03:00\nBrasília time).');
    expect(br.items.timezone.present).toBe(true);
  });
});

describe('readings from the holdout148-151 round', () => {
  it('a URL cut inside an ID, a list bullet after a URL, a link whose address only the HTML holds', async () => {
    const cut = await check('・親セグメントの画面URL:\n　https://console.treasuredata.co.jp/app/ps/30\n512/config\n・操作方法:画面から手動実行');
    expect(cut.items.target_id.values).toEqual(['other:30512']);
    const bullet = await check('- job page: https://console.eu01.treasuredata.com/app/jobs/1988412275\n- error: Query exceeded per-node user memory limit of 6GB');
    expect(bullet.items.target_id.values).toEqual(['job:1988412275']);
    const html = await check('<p>Problem: in the <a href="https://console.ap02.treasuredata.com/app/ps/1204/journeys/377/canvas">journey canvas</a> the Activation step shows a red icon.</p>', { contentType: 'text/html' });
    expect(html.items.console_url.present).toBe(true);
    expect(html.items.target_id.values).toEqual(['other:1204', 'other:377']);
  });
  it("IDs with thousands separators; a region name in lower case or before の環境", async () => {
    const comma = await check('py>タスクが失敗します。\n\n■セッションID\n589,112,304\n');
    expect(comma.items.target_id.values).toEqual(['session:589112304']);
    const tokyo = await check('our workflow keeps dying at the +load_leads task, its on the tokyo region');
    expect(tokyo.items.site.values).toEqual(['ap01']);
    const us = await check('td query が失敗します', { subject: 'td query が USの環境で失敗します (aid 15562)' });
    expect(us.items.site.values).toEqual(['us01']);
  });
  it('error text: a message above "と表示されて", under "The page only shows:", with "(code: SEGMENT_SIZE_TIMEOUT)"; the M language\'s Web.Contents is a command', async () => {
    const trailer = await check('「Add User」でメールアドレスを入力して招待すると、\n\n　Email has already been taken\n\nと表示されて追加ができません。');
    expect(trailer.items.error_message.present).toBe(true);
    const shows = await check('I cannot open our parent segment any more. The page only shows:\n\n  You do not have access to this parent segment. Contact your account administrator.');
    expect(shows.items.error_message.present).toBe(true);
    const code = await check('Hovering over it gives\n\n    Unable to calculate segment size. Please try again later. (code: SEGMENT_SIZE_TIMEOUT)');
    expect(code.items.error_message.present).toBe(true);
    const m = await check('Power Query (M):\n\n    Source = Web.Contents("https://api.treasuredata.com/v3/job/result/" & JobId, [Query = [format = "csv"]])');
    expect(m.items.command.present).toBe(true);
  });
  it("categories: the sender's framing over a failure; a self-run digdag that is not Treasure Workflow; '今のところエラーにはなっていません'; owner changes and design questions in casual words", async () => {
    const powerbi = await check('Quick question that is really about Power BI rather than TD. The refresh of our dataset fails after exactly 2 hours: "The refresh operation timed out." The TD jobs (e.g. job 2119034481) succeed. Is the 2-hour limit imposed by the Power BI Service?');
    expect(powerbi.category).toBe('third_party_spec');
    const digdag = await check('社内の Kubernetes 上で OSS の digdag を動かしており、td> オペレーターで TD にクエリを投げています。\n(Treasure Workflow ではなく、自社で運用している digdag サーバーです)\n\n  com.treasuredata.client.TDClientHttpUnauthorizedException: [401:Unauthorized]');
    expect(digdag.category).toBe('oss');
    const notYet = await check('.dig 内に timezone を記載していないのですが、実際の起動は16時頃になっているように見えます(今のところエラーにはなっていません)。\ntimezone 未指定の場合、schedule の時刻は UTC として解釈される仕様でしょうか。');
    expect(notYet.category).toBe('spec');
    const owner = await check('quick one. need the Account Owner on 60219 moved over pls: current owner priya@example.co.uk, new owner m.obrien@example.co.uk', { subject: 'acct owner change — acct 60219 (EU)' });
    expect(owner.category).toBe('request');
    const design = await check('more of a "how would you do it" question: one big wf for the 3 loads + a merge step, or keep them separate? where should the dedupe / id stitching logic live?', { subject: 'best way to structure a dedupe wf across 3 sources?' });
    expect(design.category).toBe('implementation');
  });
  it('goals, history and earlier inquiries of this round', async () => {
    const validating = await check('We (Meridian Risk Partners) are validating the input features of a card-fraud model for our client before the model is handed over. The query fails with Access Denied (job 2116023345).');
    expect(validating.items.goal.present).toBe(true);
    const daily = await check('契約サマリーを保険数理部門のデータレイク(S3)へ日次で連携しているワークフローが、本日失敗しました。');
    expect(daily.items.goal.present).toBe(true);
    const board = await check('Power BI scheduled refresh against TD failed overnight. Need this sorted before the board pack goes out Thursday.');
    expect(board.items.goal.present).toBe(true);
    const operated = await check('アカウントID:31055で運用しているワークフロー「crm_score_update」の py> タスクが失敗しています。');
    expect(operated.items.goal.present).toBe(false);
    const refresh = await check('セグメントの人数が0人になりました。4/20(月)に見たときは約12,000人いました。Refreshを何回か押してもダメでした。');
    expect(refresh.items.history.present).toBe(true);
    const since = await check('セグメントを開くと画面が真っ白になります。本日10時頃(日本時間)からずっとこの状態です。');
    expect(since.items.history.present).toBe(true);
    const swap = await check('need the Account Owner on 60219 moved over pls. we did the exact same owner swap for a different client with you guys back in jan.');
    expect(swap.items.related_ticket.present).toBe(false);
    const similar = await check('Could your team export the list of all workflows as a CSV? You did a similar export of the user list for us at the beginning of the year.');
    expect(similar.items.related_ticket.present).toBe(false);
  });
});

describe('readings from the holdout152-155 round', () => {
  it('categories of mail that is no failure report: an owner handover, a list asked for below, SQL technique, shell tools, ways weighed, a feared failure', async () => {
    const owner = await check('岡田様が5月末で退職され、ユーザーは既にSSO側で無効化されてログインできない状態です。\nつきましては、オーナーを同部の藤井様へ切り替えていただけないでしょうか。\nアカウントID:21408');
    expect(owner.category).toBe('request');
    const list = await check('ワークフローが増えすぎてしまい、棚卸しを行うことになりました。\nそこで、下記を一覧(CSV等)でいただくことは可能でしょうか。\n  1. 全プロジェクトと、その配下のワークフロー名\n  2. 各ワークフローのスケジュール設定');
    expect(list.category).toBe('object_listing');
    const sql = await check('ROW_NUMBER で3件に絞ったうえで差分日数を並べる方法が分からず、手が止まっています。LAG を使うのが定番なのか、自己結合の方がよいのか、Presto での書き方のお手本を教えていただけると助かります。');
    expect(sql.category).toBe('general_it');
    const shell = await check("My bash backfill script dies on a Mac:\n\n  $ ./backfill.sh 2026-05-01 2026-05-31\n  date: illegal option -- d\n\nWhat's the cleanest way to make the date arithmetic work with both GNU and BSD date?");
    expect(shell.category).toBe('general_it');
    const ways = await check('取り込み方式として以下の3つを検討していますが、どれが適切か、またそれぞれの注意点を教えていただけないでしょうか。一般的な構成例などがあればご紹介ください。');
    expect(ways.category).toBe('implementation');
    const feared = await check('1回の実行が1時間を超えることがあり、次のセッションが並行して走ると、集計テーブルが二重に更新されてしまうのではないかと懸念しています。これは hourly> のスケジュールでも同じ動きになるのでしょうか。');
    expect(feared.category).toBe('spec');
  });
  it('wrong data told plainly is a failure: profiles dropped, a send that went out twice, counts too low, a segment showing 0 profiles; a waived charge is contract', async () => {
    const dropped = await check('The segment page says 1,204,388 profiles but the activation delivered 1,187,902. So 16,486 profiles are missing. Can you help us understand where they are dropped?');
    expect(dropped.category).toBe('error');
    const twice = await check("Yesterday's send went out twice to 2,314 people. Braze received duplicate user records in the sync coming from TD. Can you check what the activation sent?");
    expect(twice.category).toBe('error');
    const low = await check('Problem: the count for an hour is consistently too low when we first compute it and goes up later. Is that expected?');
    expect(low.category).toBe('error');
    const zero = await check('Hi, our "Lapsed buyers 90d" segment in Audience Studio is showing 0 profiles. Can you check?');
    expect(zero.category).toBe('error');
    const waive = await check('重複取込で月間の取込レコード数が契約上の上限を超過しました。今回の超過分について、ご請求の対象外としていただくことは可能でしょうか。');
    expect(waive.category).toBe('contract');
  });
  it('an answers table drawn with + corners; history and goals of this round', async () => {
    const table = await check('+--------------+---------+\n| Item         | Answer  |\n+--------------+---------+\n| Account ID   | 41877   |\n| Where it runs | EC2    |\n+--------------+---------+');
    expect(table.items.account_id.values).toEqual(['41877']);
    const sameAs = await check("Yesterday's Thursday send went out twice to 2,314 people, same as the June 4 send.");
    expect(sameAs.items.history.present).toBe(true);
    const elsewhere = await check('別のSaved Queryでも同じエラーが出ることがわかりました。Job IDは 2098812345 です。');
    expect(elsewhere.items.history.present).toBe(false);
    const task = await check('前日の作業で、member_master_tmp を作成するタスクの順番を変更しております。');
    expect(task.items.goal.present).toBe(false);
    const print = await check('ワークフローからSFTPサーバーへクエリ結果を連携しており、委託先の印刷会社様のシステムに取り込んで会報誌の発送リストを作成しています。');
    expect(print.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout156-159 round', () => {
  it('a table drawn with box lines, td.bat, SDK calls', async () => {
    const box = await check('環境情報は下表のとおりです。\n\n┌────────┬────────┐\n│項目　　│内容　　│\n├────────┼────────┤\n│ＡＩＤ　│１０２３４　│\n│実行環境│Windows Server 2019│\n└────────┴────────┘');
    expect(box.items.account_id.values).toEqual(['10234']);
    const bat = await check('■実行コマンド\nC:\\td\\bin\\td.bat -k 10234/**** query -w -d toho_iot -T presto -q C:\\batch\\daily.sql');
    expect(bat.items.command.present).toBe(true);
    const sdk = await check('Init code (Kotlin, Application.onCreate):\n\n    TreasureData.initializeEncryptionKey(BuildConfig.TD_ENCRYPTION_KEY)');
    expect(sdk.items.command.present).toBe(true);
  });
  it("the sender's framing 'really about Branch's side'; 'stop to import'; a mail that asks nothing and tells a failure is no vendor question", async () => {
    const branch = await check("Our client sends Branch postbacks to the TD Postback API. My questions are really about Branch's side of things:\n- When the endpoint responds with a 5xx or times out, does Branch retry the postback?");
    expect(branch.category).toBe('third_party_spec');
    const stop = await check('The Snowflake source in TD console stop to import since monday. The client only rotate the password on the Snowflake side monday morning and put the new password in the TD authentication. Thanks for the help.');
    expect(stop.category).toBe('error');
  });
  it("history '土曜の夜からほぼ全部こけてます', '再実行するも、同一エラー'; a numbered item '１．2026/06/01 10:00頃' under a zoned lead-in; goal '毎朝…を取得して表示'", async () => {
    const since = await check('アカウントID 3321 のワークフローが土曜の夜からほぼ全部こけてます。至急確認お願いします。');
    expect(since.items.history.present).toBe(true);
    const timeline = await check('【経緯】(時刻はすべて日本時間)\n１．2026/06/01 10:00頃、出力先を本番用バケットへ切り替え\n２．同日 10:15頃、Saved Query を実行したところエラーが発生\n３．同日 13:40頃、IAM ポリシーを確認のうえ再実行するも、同一エラー');
    expect(timeline.items.timezone.present).toBe(true);
    expect(timeline.items.history.present).toBe(true);
    const shown = await check('お客様の社内ダッシュボード(毎朝、前日分のKPIをTDのジョブ結果から取得して表示)で、週末からジョブ結果の取得がタイムアウトするようになりました。');
    expect(shown.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout160-163 round', () => {
  it("a template filled with 'see attached', 'なし' and company names gives nothing; 【label】value and a ticket number after は", async () => {
    const attached = await check('Per your template:\n\nAccount ID: 27530\nJob ID: see attached\nError message: see attached\nHistory: worked fine until Fri May 29.');
    expect(attached.items.error_message.present).toBe(false);
    const none = await check('◆Account ID\n16204\n\n◆エラーメッセージ全文\nQuery 2124901776 failed: line 14:8: Column \'utm_campaign\' cannot be resolved\n\n◆関連チケット番号\nなし');
    expect(none.items.related_ticket.present).toBe(true);
    const company = await check('- Account ID: Globex Retail Japan K.K.\n- Console Environment / Region: Asia\n- Question: does GET /v3/job/list return jobs of all users?');
    expect(company.items.site.present).toBe(false);
    const bracket = await check('【Account ID】31846\n【Console Environment】東京\n【実行手段】TD Toolbelt');
    expect(bracket.items.site.values).toEqual(['ap01']);
    const ha = await check('以前、同様の証明書エラーで問い合わせた際のチケット番号は 176552 です。');
    expect(ha.referencedTickets).toEqual(['176552']);
    const status = await check('curl で実行するとリクエストは403 Forbidden になります。');
    expect(status.referencedTickets).toEqual([]);
  });
  it("history needs its time: 'has started failing' alone is none, 'started failing on Tuesday' is; 'see my previous mail' is an earlier inquiry; an onset after an update", async () => {
    const bare = await check("We're trying to deliver the daily churn scores to the client's S3 bucket, and the export has started failing.");
    expect(bare.items.history.present).toBe(false);
    const timed = await check('The export started failing on Tuesday after the bucket policy change.');
    expect(timed.items.history.present).toBe(true);
    const previous = await check('Account ID: same as last time\nRelated ticket: see my previous mail');
    expect(previous.items.related_ticket.present).toBe(false);
    expect(previous.items.history.present).toBe(false);
    const update = await check('Toolbelt を 0.16.10 から 0.17.1 にアップデートしてから、このエラーが出るようになりました。');
    expect(update.items.history.present).toBe(true);
  });
  it("a suspicion relayed ('「…ずれているのではないか」と問い合わせがあり') is no failure report", async () => {
    const relayed = await check('エンドユーザー様の情報システム部から弊社に「夜間バッチの実行時刻がずれているのではないか」と\n問い合わせがあり、Treasure Workflow のスケジュールの仕様を確認させてください。\n.dig に timezone を書かない場合、daily>: 04:00:00 は UTC として解釈されますか。');
    expect(relayed.category).toBe('spec');
  });
});

describe('readings from the holdout164-167 round', () => {
  it('listings asked as questions; no failure said outright; "TD side issue or Google side?" asks about the failure; a query-language function', async () => {
    const admins = await check('could you tell us which users on Account ID 63390 currently have Admin privileges, and when each of them last logged in?');
    expect(admins.category).toBe('object_listing');
    const tables = await check('つきましては、過去90日間に一度もクエリから参照されていないテーブルはどれになりますでしょうか。データベース名・テーブル名の一覧の形でいただけますと大変助かります。');
    expect(tables.category).toBe('object_listing');
    const nothing = await check("Nothing is failing here, it's just something we can't explain. The table page shows 14,203,118 rows, but SELECT COUNT(*) returned 14,198,640 (job 2213077761). Is the row count on the table page an estimate?");
    expect(nothing.category).toBe('spec');
    const notError = await check('仕様についてご質問させてください。エラーではありません。\nコンソールの「Session Time」が前日の日付で表示されています。この画面の表示はUTCなのでしょうか。');
    expect(notError.category).toBe('spec');
    const side = await check('From 3rd June the activation to Google Ads fail every time.\n\nGoogleAdsException: errors { authorization_error: CUSTOMER_NOT_ALLOWLISTED_FOR_THIS_FEATURE }\n\njob id is 2209984412\n\nPlease check is it TD side issue or Google side?');
    expect(side.category).toBe('error');
    const fn = await check("Hi, what's the Presto/Trino function to get the last day of the month from a date?");
    expect(fn.category).toBe('general_it');
  });
  it("goals told as the consumer ('use Tableau dashboard for the quarter close sales meeting', '四半期決算用に', '役員報告で使うダッシュボードのため'); 'The console shows: CODE: …'", async () => {
    const tableau = await check('Our client use Tableau dashboard for the quarter close sales meeting, and the data is pushed from TD by Export Results To. From this Monday the export is fail.');
    expect(tableau.items.goal.present).toBe(true);
    const close = await check('お客様の四半期決算用に、TD Toolbelt で売上明細をCSV に出力しています。今朝9時頃に実行したところエラーとなりました。');
    expect(close.items.goal.present).toBe(true);
    const board = await check('TD JDBC ドライバ経由で発行されたクエリがエラーとなります。7/1 の役員報告で使うダッシュボードのため、回避方法を含めてご教示ください。');
    expect(board.items.goal.present).toBe(true);
    const shows = await check('The Salesforce import ran fine every day until June 9, nothing since. The console shows: INVALID_SESSION_ID: Session expired or invalid');
    expect(shows.items.error_message.present).toBe(true);
  });
});

describe('readings from the holdout164-167 round, second pass', () => {
  it("a timeline's heading with its zone; 'yesterday it was still working'; 'Same kind of reset you did for us last month'; '…作成用の日次WF'", async () => {
    const timeline = await check('The calls fail with 403.\n\n[Timeline, KST]\n- May 19 02:00  last run with the old key -> OK (job 1420093381)\n- May 21 10:15  I repeated the same curl by hand -> 403');
    expect(timeline.items.timezone.present).toBe(true);
    const yesterday = await check('Since today 10:00 CEST it fails, yesterday it was still working (job 2069980101).');
    expect(yesterday.items.history.present).toBe(true);
    const reset = await check('Could you reset two-factor auth for kenji@example.com? He replaced his phone. Account ID 60217.\nSame kind of reset you did for us last month.');
    expect(reset.items.related_ticket.present).toBe(false);
    const wf = await check('MAツールへの配信リスト作成用の日次WFが、本日6:10(JST)のsessionで失敗しました。');
    expect(wf.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout168-171 round', () => {
  it("'came out empty for today's send'; an object's '(id N)'; td_ddl named without '>'; earlier inquiries with 'your team' or a colleague's name", async () => {
    const empty = await check('Hi - our "Churn risk - postpaid" segment came out empty for today\'s retention SMS send. account 61190. pls check asap');
    expect(empty.category).toBe('error');
    expect(empty.items.goal.present).toBe(true);
    const ids = await check('Parent segment "EU Customers" (id 9921) -> segment "Lapsed buyers 90d" (id 318845)\nActivation failed: Salesforce Marketing Cloud returned 401 Unauthorized');
    expect(ids.items.target_id.values).toEqual(['other:9921', 'other:318845']);
    const ddl = await check('TDコンソールのワークフロー画面から手動で Run すると、recreate_tables タスクでエラーになります。Audience Studio でのセグメント作成に使いたいと考えています。\nSession ID: 154221987\ntd_ddl のドキュメントを見ると create_databases を指定すればよいようにも読めます。');
    expect(ddl.channel).toBe('workflow');
    const team = await check('We would like to request an Account Owner change (Account ID: 33710). We went through the same change for another of our clients with your team a few months ago.');
    expect(team.items.related_ticket.present).toBe(false);
    const named = await check('Failing session: 209914553. Last month your colleague Ayaka recommended that we split the big INSERT into daily chunks.');
    expect(named.items.related_ticket.present).toBe(false);
    const backup = await check('Account ID 52904, US region. td table:export keeps failing.', { subject: 'Need nightly backup of web_events to our own S3 bucket - td table:export keeps failing' });
    expect(backup.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout172-175 round', () => {
  it("earlier inquiries 'as when we wrote in last month', 'back in March and you guys sorted it'; goals 'so the rollup lands in the reporting DB', '…取り込んで欠品アラートを出している'", async () => {
    const wrote = await check('Our Meta Custom Audience activation from Audience Studio is failing. Same thing as when we wrote in last month.');
    expect(wrote.items.related_ticket.present).toBe(false);
    const sorted = await check('Can you reset 2FA for jenna@example.com? We had the same thing happen with another user back in March and you guys sorted it within a day.');
    expect(sorted.items.related_ticket.present).toBe(false);
    const lands = await check('Trying to kick off a Presto query through the REST API from our Airflow box so the nightly revenue rollup lands in the reporting DB before the finance team logs in.');
    expect(lands.items.goal.present).toBe(true);
    const alert = await check('店舗別の在庫データをTDに取り込んで欠品アラートを出しているワークフローが、エラーになります。');
    expect(alert.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout176-179 round', () => {
  it("a goal field holding the form's example, the problem itself or no aim; a field left with the form's hint", async () => {
    const example = await check('【アカウントID】20931\n【最終的に実現したいこと】(例:○○のデータを××へ連携したい)\n【対象ID】Session ID: 1088421937\n【エラーメッセージ】Task failed with unexpected error: timeout');
    expect(example.items.goal.present).toBe(false);
    const fix = await check('Account ID: 28834\nGoal: Fix the 404 error\nJob ID: 2340981234\nError: HTTP 404 Not Found');
    expect(fix.items.goal.present).toBe(false);
    const justInCase = await check('アカウントID: 10233\n目的・背景: 念のため確認させていただきたく\n質問: ジョブ結果は何日間取得できますか?');
    expect(justInCase.items.goal.present).toBe(false);
    const purpose = await check('Account ID: 28834\nGoal: Fix the 404 error so the nightly sales report reaches the stores again\nJob ID: 2340981234');
    expect(purpose.items.goal.present).toBe(true);
  });
  it("earlier inquiries: 'previous tickets', 'さっき送った…メールの追記', '昨年も同様の依頼をさせていただいております', '前回も同じお願いして出してもらった'", async () => {
    const tickets = await check('Account ID 23817, US01. Execution environment: same as in our previous tickets. The load fails with 403.');
    expect(tickets.items.related_ticket.present).toBe(false);
    const addendum = await check('さっき送ったAccount Owner変更のメールの追記です。環境は東京(AP01)です。AIDは7702', { subject: '追記' });
    expect(addendum.items.related_ticket.present).toBe(false);
    const lastYear = await check('アカウントID: 33091\n環境: US\nユーザー一覧をCSVで出力していただけないでしょうか。\n関連チケット: 昨年も同様の依頼をさせていただいております');
    expect(lastYear.items.related_ticket.present).toBe(false);
    const again = await check('AID 20581 の全DBのtable一覧をCSVでもらえますか。前回も同じお願いして出してもらったのでいけると思います');
    expect(again.items.related_ticket.present).toBe(false);
    expect(again.category).toBe('object_listing');
  });
  it("terse asks: 'Account Ownerを下記にかえてください', a subject 'user list export pls', a terse design question, an SQL how-to in Presto", async () => {
    const owner = await check('担当者退職のため、Account Ownerを下記にかえてください\n新: 高木\nAID 7702');
    expect(owner.category).toBe('request');
    const list = await check('need a list of everyone on this account incl. last login date, for an access review. csv is fine. thx', { subject: 'user list export pls - AID 81234 / EU01' });
    expect(list.category).toBe('object_listing');
    const design = await check('designing a pipeline for a client: mysql 8 -> td every 15 min via treasure workflow.\nshould i use td_load w/ incremental: true on updated_at, or a custom py> step?');
    expect(design.category).toBe('implementation');
    const sql = await check('how do i get the last day of previous month as a date in presto / trino? AID 55012');
    expect(sql.category).toBe('general_it');
  });
  it("a failure supposed for the day it happens ('抽出が失敗した日に翌日取り直す運用にしたい'); a way around a failure asked is its report; 'took 3h40' is no clock time", async () => {
    const day = await check('REST APIの GET /v3/job/result/:job_id で結果を後から取り直したいんですが、ジョブ終了後どのくらいの期間取得できますか?\nBI側の抽出が失敗した日に翌日取り直す運用にしたいので確認です');
    expect(day.category).toBe('spec');
    const around = await check('ワークフローからBigQueryへのエクスポートが失敗しています。\nSession ID: 405521876\nエラー: Provided Schema does not match Table crm.daily_users.\nBigQuery側のテーブルを作り直さずに、エクスポート設定側で型を合わせる方法はありますでしょうか。');
    expect(around.category).toBe('error');
    const took = await check('The workflow fails every night since 3 June at 02:47 UTC (session 1905518842). The last successful run, session 1903220917, took 3h40.');
    expect(took.items.timezone.present).toBe(true);
    expect(took.items.timezone.values).toEqual([]);
  });
  it("an onset told from a run's time ('今朝9時の分から全部Failedです'); a goal 'feeding BI dashboard'", async () => {
    const onset = await check('AID 33490 のセグメントからのLINE配信のactivationが今朝9時の分から全部Failedです');
    expect(onset.items.history.present).toBe(true);
    const feeding = await check('^ pls check thx', { subject: 'AID 45011 ap01 | wf session 402299118 td_load s3 NoSuchKey since 6/1 | daily ingest feeding BI dashboard' });
    expect(feeding.items.goal.present).toBe(true);
  });
  it("support's question quoted inline above its attribution is support's; a German Outlook header block; a settled failure told only in the quoted first mail", async () => {
    const inline = await check('ご質問の点、以下にインラインで回答いたします。\n\n> 1. エンドユーザー様のAccount IDとConsole Environmentをお知らせください。\n> （例：Account ID: 10101, production-us01）\n\nアカウントIDは20488、環境はAP01です。\n\n2026/06/09 16:48、Treasure Data Support <support@td-support.example.com> のメール:\n> 1. エンドユーザー様のAccount IDとConsole Environmentをお知らせください。\n> （例：Account ID: 10101, production-us01）\n> よろしくお願いいたします。');
    expect(inline.items.account_id.values).toEqual(['20488']);
    expect(inline.items.site.values).toEqual(['ap01']);
    const german = await check('thank you, now it is clear. How must the SQL look so that only the newest row per customer_id remains, in Presto?\n\n-----Ursprüngliche Nachricht-----\nVon: Treasure Data Support <support@td-support.example.com>\nGesendet: Dienstag, 9. Juni 2026 12:10\nAn: Hannah <h@example.de>\nBetreff: [TD Support #70902] Duplicate rows\n\nWe checked job 2203350019 on account 81234.\n\nBest regards,\nTreasure Data Support');
    expect(german.items.account_id.present).toBe(false);
    expect(german.items.target_id.values).toEqual([]);
    const settled = await check('ご調査いただきありがとうございました。ご指摘のとおり、Salesforce側のAPIリクエスト上限に達していたことが原因でした。\n先方で他システム連携の実行時間をずらしていただいたところ、昨晩の実行は正常に完了しております。\n\nその上で、先方から追加で以下のご質問をいただいております。\nSalesforce側の仕様になるかと思いますので、ご存じの範囲で構いません。\n\n1. Bulk API 2.0 の「24時間あたりのレコード処理上限」は、どの時点を起点に24時間をカウントするのでしょうか。\n\n2026年6月9日(火) 17:22 Treasure Data Support <support@td-support.example.com>:\n> ログを確認しましたところ、上限に達していた可能性がございます。\n>\n> 2026年6月8日(月) 10:05 森 <s.mori@example.co.jp>:\n>> ワークフローからSalesforceへのエクスポートが6/1から毎日失敗しています。\n>>\n>> セッションID：1899014477\n>> エラー：\n>> java.lang.RuntimeException: com.sforce.async.AsyncApiException: InvalidBatch : REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.');
    expect(settled.category).toBe('third_party_spec');
  });
});

describe('language of a short addendum', () => {
  it("'追記です job id 2213300456 (今朝のぶん)' above the sender's own Japanese mail is Japanese; a short English note signed in kanji stays English", async () => {
    const addendum = await check('追記です job id 2213300456 (今朝のぶん)\n\n2026/06/03 8:12、大塚 <s.otsuka@example.co.jp>のメール:\n\n> Saved QueryのExport Results ToでSFTPに出してるやつ、昨日の朝から毎回失敗してます\n> 取引先の倉庫に毎朝在庫CSVを渡すためのエクスポートなので止まるとまずいです', { subject: 'Re: SFTPエクスポートが落ちる' });
    expect(addendum.language).toBe('ja');
    const note = await check('Please see the job below, it failed again this morning. Job ID 2213300456. Thanks, 田中');
    expect(note.language).toBe('en');
  });
});

describe('readings from the holdout180-183 round', () => {
  it('a table with pipes between its cells only: label and value per row, several IDs in one cell', async () => {
    const table = await check('平日の毎朝スケジュール実行しているSaved Queryが、先週金曜日からタイムアウトで失敗しております。\n\n  項目                 | 内容\n  ---------------------+------------------------------\n  アカウントID         | 60254\n  Console Environment  | 東京（AP01）\n  失敗したJob ID       | 2047733190（6/15 実行分）、2046901258（6/12 実行分）\n  エラーメッセージ     | Query 2047733190 failed: Query exceeded the maximum execution\n                       | time limit of 1.00h\n');
    expect(table.items.account_id.values).toEqual(['60254']);
    expect(table.items.target_id.values).toEqual(expect.arrayContaining(['job:2047733190', 'job:2046901258']));
  });
  it("earlier inquiries 'last autumn through your support desk', 'we asked you something similar last year' in a reply on this thread's ticket", async () => {
    const desk = await check('Please add 203.0.113.45/32 to the IP allowlist of our client (Tokyo region).\nWe did the same kind of change last autumn through your support desk and it went smoothly.');
    expect(desk.items.related_ticket.present).toBe(false);
    const lastYear = await check('Region: Tokyo, api.treasuredata.co.jp. Is there a maximum result size for GET /v3/job/result?\nAlso, we asked you something similar last year about long-running queries. Is that still the case?', { subject: 'Re: [TD Support #232115] Max result size' });
    expect(lastYear.items.related_ticket.present).toBe(false);
    const sameThread = await check('Thanks, as I wrote in my first mail the account is 48213. The job still fails.', { subject: 'Re: [TD Support #232115] Job fails' });
    expect(sameThread.items.related_ticket.present).toBe(true);
  });
  it("goals 'Our target: … must finish before …', '…, to push the first repurchase'; 'エラーとなるため' gives a reason", async () => {
    const target = await check('Account ID: 62017\nOur target: the daily order workflow must finish before the warehouse system picks up the shipment file at 06:00 JST.\nDoes a new session start while the previous one is still running?');
    expect(target.items.goal.present).toBe(true);
    const push = await check('We build an onboarding journey: the new loyalty members receive 3 emails through the activation to Brevo, to push the first repurchase. Since this morning the journey cannot be saved.');
    expect(push.items.goal.present).toBe(true);
    const reason = await check('→ ジョブ投入の時点でエラーとなるため、Job IDは発行されておりません。\n→ CentOS 7.9、Java 11\ncom.treasuredata.client.TDClientHttpException: [500:Internal Server Error] API request to /v3/job/issue/presto/dwh has failed');
    expect(reason.items.goal.present).toBe(false);
  });
  it("error text after 'I have this error (screenshot below also):' and 'failed with this message:'; not after 'In case you need to log in as her, her credentials are:'", async () => {
    const have = await check('Since this morning when I click on "Save & Launch" I have this error (screenshot below also):\n\nFailed to save journey. Activation step "Email J+3" references segment 903117 which does not exist or was deleted.');
    expect(have.items.error_message.present).toBe(true);
    const message = await check('From 10 June the activation is failed with this message:\n\nTikTok Business API error code 40105: Access token is invalid or has expired.');
    expect(message.items.error_message.present).toBe(true);
    const login = await check('Please reset 2FA for m.ortega@example.mx, account 48213, US region.\n\nIn case you need to log in as her to check, her current credentials are:\nuser: m.ortega@example.mx\npassword: Verde$2026!mo');
    expect(login.items.error_message.present).toBe(false);
    expect(login.category).toBe('request');
  });
  it("a city's time in brackets after the clock: '10:15 (Brasília time)'", async () => {
    const brasilia = await check('Today at 10:15 (Brasília time) I run the activation manually and got the same error. Activation ID: 77120');
    expect(brasilia.items.timezone.present).toBe(true);
  });
  it("asks: 'Can you advise us how to design this?', 'tell us how you would restructure it', 'anything your team could pull … even just the IDs of the workflow projects'", async () => {
    const advise = await check('We need to build a customer journey for a loyalty program with 4 tiers. Can you advise us how to design this? One journey with many stages, or one per tier?');
    expect(advise.category).toBe('implementation');
    const restructure = await check('Today the list has 60 tables and the run takes 2 hours. What we would really like is for someone on your team to look at the structure above and tell us how you would restructure it for 400 tables.');
    expect(restructure.category).toBe('implementation');
    const pull = await check('Our client (Account ID 63310, Tokyo) retires the legacy_crm database in July, and nobody knows which workflows still use it. Anything your team could pull for us - even just the IDs of the workflow projects that reference legacy_crm - would be a big help.');
    expect(pull.category).toBe('object_listing');
  });
  it("answers marked '【回答】' as the sender announced ('下記に【回答】としてインラインで記載いたしました') are the sender's, the mark aside", async () => {
    const marked = await check('ご依頼の件、下記に【回答】としてインラインで記載いたしました。\n\n-----Original Message-----\nFrom: Treasure Data Support <support@td-support.example.com>\nSent: Wednesday, June 3, 2026 6:25 PM\nSubject: [TD Support #231845] S3へのエクスポートでAccess Deniedが発生する\n\n西川様\n\n1. Account IDとConsole Environment(例:Account ID: 10101, production-us01)\n【回答】アカウントID:56078、Console EnvironmentはAP01です。\n\n2. エラーが発生したJob ID(例:123456789)\n【回答】1952233401\n\nよろしくお願いいたします。\nトレジャーデータサポート 小林');
    expect(marked.items.account_id.values).toEqual(['56078']);
    expect(marked.items.site.values).toEqual(['ap01']);
    expect(marked.items.target_id.values).toEqual(['job:1952233401']);
  });
  it("a question the sender says is about the service itself, not SQL, is spec; a seat limit raised in persons is the contract's", async () => {
    const service = await check("We pull data with pytd. What I'm not sure about is how TD itself behaves here, not how to write the SQL: when TD_TIME_FORMAT is called without the timezone argument, which zone does TD use?", { subject: 'SQL question: timestamps in TD' });
    expect(service.category).toBe('spec');
    const seats = await check('【依頼】アカウントID：19876(AP01)\nユーザーを5名追加したいのですが、現在のご契約のユーザー数(シート数)の上限である20名にすでに達しています。\nお手数ですが、上限を25名に引き上げていただくよう手配をお願いできますでしょうか。');
    expect(seats.category).toBe('contract');
  });
});

describe('an open-source tool the sender moved away from', () => {
  it("'moving the load from an open-source Embulk 0.9.25 on our own server to the TD Data\\nConnector' reports a failure on the service", async () => {
    const moved = await check('We are moving the nightly load of our client (Account ID\n81123, US region) from an open-source Embulk 0.9.25 on our own server to the TD Data\nConnector.\n\n$ td connector:issue load.yml --database web --table access_logs\n\nToday\'s run failed: job 2015553104.\n\n  org.embulk.spi.DataException: Invalid record at s3://logs/access_0003.csv.gz:18422\n\nWhat should we change so the load goes through?');
    expect(moved.category).toBe('error');
    const own = await check('We run an open-source Embulk 0.9.25 on our own server (it does not use TD). The s3 input fails with org.embulk.spi.DataException: Invalid record. What should we change?');
    expect(own.category).toBe('oss');
  });
});

describe('readings from the holdout184-187 round', () => {
  it("a plain-text part that only points at the HTML one reads the HTML, every character reference decoded", async () => {
    const raw = Buffer.from(
      [
        'From: p@partner.example.com', 'To: support@td-support.example.com', 'Subject: td table:export to S3 fails with EntityTooLarge',
        'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '',
        '[This message was composed in HTML. Please use an HTML-capable mail client to read it.]', '--b', 'Content-Type: text/html; charset=utf-8', '',
        '<html><body><p>I&rsquo;m exporting a big table to S3 for a client&rsquo;s data-lake migration &mdash; the export job fails every time.</p>',
        '<table><tr><td>Account ID</td><td>10388</td></tr><tr><td>Region</td><td>US (console.treasuredata.com)</td></tr>',
        '<tr><td>Output</td><td>Export job 2236650019 &rarr; Status : error</td></tr></table></body></html>', '--b--', '',
      ].join('\r\n'),
    );
    const mail = await parseMail(raw);
    expect(mail.text).toContain('client’s data-lake migration — the export job');
    expect(mail.text).toContain('→');
    const a = analyse(mail, rules);
    expect(a.items.account_id.values).toEqual(['10388']);
    expect(a.items.site.values).toEqual(['us01']);
  });
  it('an attached CSV is read under its header line: the account in a td_account_id column', async () => {
    const raw = Buffer.from(
      [
        'From: p@partner.example.com', 'To: support@td-support.example.com', 'Subject: Request: list of users + last login',
        'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '',
        'For an internal audit we need the list of all users of the account with their role and last login. The account details are in the attached file.',
        '--b', 'Content-Type: text/csv; charset=utf-8', 'Content-Disposition: attachment; filename="account_info.csv"', '',
        'customer_name,td_account_id,console_environment,contact', '"Ferrovie Lago S.r.l.",39075,production-eu01,it-audit@example.com', '--b--', '',
      ].join('\r\n'),
    );
    const a = analyse(await parseMail(raw), rules);
    expect(a.items.account_id.values).toEqual(['39075']);
  });
  it("linux from a container image ('node:20.14-alpine3.20', 'gcr.io/distroless/static-debian12'); job IDs in a structured log ('job=2152777001')", async () => {
    const alpine = await check('The nightly CronJob fails with socket hang up (job 2152210087). Environment: Kubernetes CronJob on GKE, container image node:20.14-alpine3.20, npm package td 0.5.1.');
    expect(alpine.items.os.values).toEqual(['linux']);
    const distroless = await check('Runtime: Kubernetes deployment, image gcr.io/distroless/static-debian12, Go 1.22 binary. We get HTTP 429 from /v3/job/status.\n\n    level=warn job=2152777001 msg="status poll failed" code=429');
    expect(distroless.items.os.values).toEqual(['linux']);
    expect(distroless.items.target_id.values).toEqual(['job:2152777001']);
  });
  it("goals 'implementing td-js-sdk … to collect pageviews', 'they want 2019 web events queryable in Athena'; an SQL-free programming question; a colleague's ticket of last month", async () => {
    const sdk = await check('We are agency implementing td-js-sdk on the e-commerce shop of our client, to collect pageviews into TD and later build audience segments from them. Since 2 June every request is rejected with 403.');
    expect(sdk.items.goal.present).toBe(true);
    const athena = await check("I'm exporting a big historic table to S3 for a client's migration (they want 2019 web events queryable in Athena). The export job 2236650019 fails every time.");
    expect(athena.items.goal.present).toBe(true);
    const node = await check('Quick question from our dev team, not a bug. We download query results with the REST API from Node.js. What is the idiomatic way to do this in Node 20 (stream.pipeline, readline, async iterators)?');
    expect(node.category).toBe('general_it');
    const colleague = await check('The Salesforce source import fails with INVALID_SESSION_ID (job 2231187765). Also my colleague Minh sent a ticket about the same source last month, maybe you can check it together.');
    expect(colleague.items.related_ticket.present).toBe(false);
  });
});

describe('readings from the holdout188-191 round', () => {
  it("sites 'Instance: Frankfurt', 'EU（フランクフルト）環境'; an account label closing a bracket ('TD 계정 ID (Account ID): 16044'); Korean clock times and zones", async () => {
    const instance = await check('Please change the Account Owner of account 52210 to anna@example.de.\nInstance: Frankfurt');
    expect(instance.items.site.values).toEqual(['eu01']);
    const bracket = await check('ドイツのエンドユーザー様で、EU（フランクフルト）環境のコンソールをご利用です。スケジュールの仕様について教えてください。アカウントID: 52210');
    expect(bracket.items.site.values).toEqual(['eu01']);
    const korean = await check('Our hourly import from BigQuery fails. Since 오늘 오전 9시 every hourly run fails.\nTD 계정 ID (Account ID): 16044\nLast failed job: 2248890021');
    expect(korean.items.account_id.values).toEqual(['16044']);
    expect(korean.items.timezone.present).toBe(false);
    const zoned = await check('Since 오늘 오전 9시 (한국 시간) every hourly run fails. Account ID: 16044, Korea region. Last failed job: 2248890021');
    expect(zoned.items.timezone.present).toBe(true);
  });
  it("a private key in an attached .pem is found; SAML SSO into the console is the console; 'APIを叩くと403' is the API; an IdP's own settings are third_party_spec", async () => {
    const raw = Buffer.from(
      [
        'From: p@partner.example.co.jp', 'To: support@td-support.example.com', 'Subject: SAML SSOでTDコンソールにログインできない',
        'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '',
        'SAML SSOでTDコンソールにログインできなくなっております。アカウントID：28417、東京リージョン。念のため、アップロードしたファイルを添付します。',
        '--b', 'Content-Type: application/x-pem-file', 'Content-Disposition: attachment; filename="td_saml_new.pem"', '',
        '-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', 'MZ1v2bq9Cv3QeGz7sX0Lm7rYp0cQmHqk4Y3T8yV0n1bR2c5fE6h7iJ8k9L0mN1o', '-----END PRIVATE KEY-----', '--b--', '',
      ].join('\r\n'),
    );
    const sso = analyse(await parseMail(raw), rules);
    expect(sso.secrets.map((s) => s.kind)).toContain('private_key');
    expect(sso.channel).toBe('console');
    const api = await check('お世話になっております。\nAPIを叩くと403が返ってきます。今朝9時頃からずっとこの状態です。\n至急確認お願いします。');
    expect(api.channel).toBe('api');
    const okta = await check('エンドユーザー様（アカウントID 63012 / us01）で、TDコンソールへのログインをOkta経由のSAML SSOに切り替える準備をしています。Okta側の設定について質問させてください。\n1. OktaのSAMLアプリで「Assertion validity」のデフォルト値は何分でしょうか。\n2. OktaのName ID formatは「EmailAddress」と「Unspecified」のどちらにするのがOkta側のベストプラクティスでしょうか。');
    expect(okta.category).toBe('third_party_spec');
  });
  it("goals: a failure's rhythm is no data flow ('our nightly load has been failing every night'); the run a downstream batch waits for; 'ためには…必要でしょうか' asks the means", async () => {
    const rhythm = await check("Hi, our customer's nightly load has been failing every night since Monday, even with the retries it's set to. Account 39915. Can someone look at it asap please?");
    expect(rhythm.items.goal.present).toBe(false);
    const downstream = await check('エンドユーザー様のジョブスケジューラから Treasure Workflow のセッション完了を確認し、後続の基幹バッチを起動する運用をしています。このセッション状態の取得が 401 エラーになるようになりました。');
    expect(downstream.items.goal.present).toBe(true);
    const means = await check('下記ワークフローがエラーになります。原因の調査をお願いします。\nSession ID:904417263\nあわせて、クエリの実行時間上限(1時間)を延ばすためにはプラン変更が必要でしょうか。');
    expect(means.items.goal.present).toBe(false);
  });
  it("a paragraph that calls itself a side matter ('Separately, and I realise this may belong to a different team: …') does not decide the category", async () => {
    const side = await check("We're building a nightly process that pulls finished query results through the REST API. Before we commit to the design, a question:\n\n1. How long are job results kept and retrievable through the job result endpoint after the job finishes?\n\nSeparately, and I realise this may belong to a different team: the client asked what it would cost to move to a plan with more Presto concurrency. If that's not something you handle, could you pass it to whoever does?");
    expect(side.category).toBe('spec');
  });
});

describe('readings from the holdout192-195 round', () => {
  it("listing asks 'アクティベーション（…）をすべて洗い出して、一覧でいただく', 'we need a list of all databases …' over a background sentence", async () => {
    const sweep = await check('アカウントID：41206で年度替わりの棚卸しを行っております。\nAudience Studioで各セグメントに設定されているアクティベーション（外部媒体への連携設定）を\nすべて洗い出して、一覧でいただくことはできますでしょうか。');
    expect(sweep.category).toBe('object_listing');
    const dbs = await check('For our client we need a list of all databases in their account with the size of each one. The background is that the client wants to reduce storage before their contract renewal and they want to know which databases are not used anymore.\n\nAID 48213, console.eu01.treasuredata.com');
    expect(dbs.category).toBe('object_listing');
  });
  it("'…それとも停止してしまうのでしょうか' supposes a failure; 'cannot sign in' with what 'she gets:' is a failure report with its text", async () => {
    const stop = await check('ワークフローをpushしたユーザーを削除した場合、そのワークフローのスケジュール実行はそのまま継続されるのでしょうか。\nそれとも停止してしまうのでしょうか。アカウントID 37721');
    expect(stop.category).toBe('spec');
    const locked = await check('One of their analysts needs to pull the weekly sales report but cannot sign in (Account ID 39054).\n\nWhen she enters her email and password at https://console.treasuredata.com/users/sign_in she gets:\n\n"Your account is locked. Please contact your account administrator."\n\nCan you tell us why the account is locked?');
    expect(locked.category).toBe('error');
    expect(locked.items.error_message.present).toBe(true);
  });
});

describe('readings from the holdout192-195 round, second part', () => {
  it("a console address without its scheme, and a URL cut inside a path word ('…/workflows/sess' + 'ions/3318842207')", async () => {
    const bare = await check('明日のキャンペーン配信のため、会員セグメントをLINEへ連携したいです。アクティベーションが失敗します。アカウントID: 41207\n画面：console.treasuredata.co.jp/app/ps/41207/se/882310/activations');
    expect(bare.items.console_url.present).toBe(true);
    expect(bare.items.target_id.values).toEqual(expect.arrayContaining(['other:882310']));
    const cut = await check('Our scheduled workflow crm_daily_sync failed again this morning. Session link:\n\nhttps://console.treasuredata.com/app/workflows/sess\nions/3318842207\n\nAccount ID: 70315 (US)');
    expect(cut.items.target_id.values).toEqual(['session:3318842207']);
  });
  it("earlier talks with support by chat or thread ('mention this to Sophie on your chat', 'a thread with Marcus from your side', 'サポートの佐藤様にチャットで…伺った')", async () => {
    const chat = await check('The rollup fails with EXCEEDED_LOCAL_MEMORY_LIMIT (session 77120455). I did mention this to Sophie on your chat last Tuesday and she suggested splitting the GROUP BY.');
    expect(chat.items.related_ticket.present).toBe(false);
    const thread = await check('pytd now fails with 403 (job 2241876650). On 29 May I had a thread with Marcus from your side about the query engine setting.');
    expect(thread.items.related_ticket.present).toBe(false);
    const ja = await check('過去のジョブ結果は何日間取得できますか。なお、以前サポートの佐藤様にチャットでジョブの履歴について少し伺ったことがあります。アカウントID 40112');
    expect(ja.items.related_ticket.present).toBe(false);
  });
  it("goals 'wants a monthly archive of …', '…must land before our 06:00 JST dashboard refresh', a subject '…抽出したい：…'; 'ご容赦ください' asks nothing; 'TD側で最近何か変わったということはないでしょうか' asks about the failure", async () => {
    const archive = await check('Our client wants a monthly archive of their web events table in their own S3 bucket; td export:table fails with "The specified bucket does not exist". Job ID: 2129004417');
    expect(archive.items.goal.present).toBe(true);
    const land = await check('Failed job: 2128866203. The Salesforce source fails with INVALID_SESSION_ID.', { subject: 'Nightly Salesforce import must land before our 06:00 JST dashboard refresh - source job failing' });
    expect(land.items.goal.present).toBe(true);
    const subj = await check('pytdからのクエリ実行でエラーが発生しておりますので、調査をお願いいたします。Job ID: 2248810021', { subject: 'pytdで会員スコアをpandasに読み込んで来月のDM対象を抽出したい：クエリ実行がタイムアウトします' });
    expect(subj.items.goal.present).toBe(true);
    const excuse = await check('こちらのブランド様は韓国の本社でTDをご契約されていて、弊社はアカウントの管理者権限を持っておらず、確認できる範囲が限られている点、ご容赦ください。\n\n今週の実行からアクティベーションが失敗のステータスになっています。アカウントID: 90412');
    expect(excuse.category).toBe('error');
    const changed = await check('S3へのエクスポートが昨日から失敗するようになりました。エラー: Status Code: 403; Error Code: AccessDenied\n個人的にはS3側のバケットポリシーが怪しいと思っているのですが、TD側で最近何か変わったということはないでしょうか。');
    expect(changed.category).toBe('error');
  });
});

describe('readings from the holdout192-195 round, third part', () => {
  it("goals '毎晩23時（JST）に…取り込んでいます', '翌日のレコメンド用テーブルを作るワークフロー', 'need this csv on the client's sftp every morning … for their call center list'", async () => {
    const nightly = await check('基幹システムから出力した売上明細のCSVを、毎晩23時（JST）にタスクスケジューラからTD Toolbeltで取り込んでいます。6/12の夜から取り込みが失敗するようになりました。');
    expect(nightly.items.goal.present).toBe(true);
    const reco = await check('商品マスタと受注データを毎朝結合して翌日のレコメンド用テーブルを作るワークフローが、今週に入ってから途中のタスクで止まるようになりました。');
    expect(reco.items.goal.present).toBe(true);
    const csv = await check('export to sftp from a saved query fails with\n\ncom.jcraft.jsch.JSchException: Auth fail\n\nneed this csv on the client\'s sftp every morning for their call center list.');
    expect(csv.items.goal.present).toBe(true);
  });
  it("a button pressed on the Jobs page is the console; 'we could download at last week (job 1185520031)' tells when it last worked", async () => {
    const jobs = await check('We want to download the query result as CSV from Jobs page. But when I click "Download" button in job detail page, error is show like this:\n\n  Error : Download failed \'Result is too large to download from console (> 500 MB)\'\n\nSame query result we could download at last week (job 1185520031) without problem.');
    expect(jobs.channel).toBe('console');
    expect(jobs.items.history.present).toBe(true);
  });
});

describe('readings from the holdout196-199 round', () => {
  it("an account told with a few words between label and number ('アカウントIDは、コンソール右上のメニューで確認したら 70415 でした'), not across another ID's name", async () => {
    const words = await check('クエリ結果のCSVが1万行で切れます。\nアカウントIDは、コンソール右上のメニューで確認したら 70415 でした。東京の環境です。');
    expect(words.items.account_id.values).toEqual(['70415']);
    const bracket = await check('セグメントの人数とクエリの人数が合いません。会社のID(アカウントIDというものだと思います)は 27716 です。');
    expect(bracket.items.account_id.values).toEqual(['27716']);
    const other = await check('Account ID unknown to me, job 2210983344 failed. Please check.');
    expect(other.items.account_id.values).toEqual([]);
  });
  it("a td command continued with '\\\\' between its options; 'shows the wrong date' is a failure; '次のように表示されています。' leads in the text", async () => {
    const cont = await check('Our nightly extract via TD Toolbelt started failing on Saturday (Ubuntu 22.04).\n\n  td -k 4821/xxxx -e https://api.treasuredata.co.jp \\\n     query -d sales_dw -T presto -w -f csv "SELECT 1"\n\n  Error: Query 2300441872 failed');
    expect(cont.items.command.present).toBe(true);
    const wrong = await check('The daily orders report in our console shows the wrong date: every row is labelled with the day before. Account ID: 16094 (EU). Is this a bug or are we doing something wrong?');
    expect(wrong.category).toBe('error');
    const shown = await check('GA4を取り込んでいるSourceが止まっているようでした。Sourceの画面には次のように表示されています。\n\ninvalid_grant: Token has been expired or revoked.\n\nアカウントID:45102');
    expect(shown.items.error_message.present).toBe(true);
  });
  it("history 'まではX万人前後で推移していた', 'still shows last Tuesday's numbers', '2回実行しなおしましたが'; a goal read in Tableau; 'SQLの初歩的な質問' is general_it", async () => {
    const trend = await check('セグメントの人数が急に少なくなりました。先週金曜までは 120万人前後 で推移していたのですが、昨日は 3万1千人 でした。アカウントID:38127');
    expect(trend.items.history.present).toBe(true);
    const stale = await check('The Google Sheet that Treasure Data fills every night still shows last Tuesday\'s numbers. The query page says the runs are "Success".');
    expect(stale.items.history.present).toBe(true);
    const redo = await check('CSVをダウンロードすると1万行で切れています。昨日と今日、2回実行しなおしましたが、どちらも1万行で切れていました。');
    expect(redo.items.history.present).toBe(true);
    const tableau = await check('Tableauで見ているWebアクセスのダッシュボードの数字が、3日前から変わっていません。');
    expect(tableau.items.goal.present).toBe(true);
    const sql = await check('SQLの初歩的な質問で恐縮ですが、COUNT(*) と COUNT(DISTINCT customer_id) の結果が違います。どちらが正しいのでしょうか。正しい書き方を知りたいです。');
    expect(sql.category).toBe('general_it');
  });
});

describe('readings from the holdout196-199 round, second part', () => {
  it("'対象者数を見積もって予算を決めたい' is no quotation and 'セグメントの人数はどのように数えているのか' asks the specification", async () => {
    const estimate = await check('Audience Studioのセグメントの人数と、クエリで数えた人数が合いません。\n広告の配信前に対象者数を見積もって予算を決めたいので、どちらの数字を信じればよいのか、また、セグメントの人数はどのように数えているのかを教えていただけますか。\nアカウントIDは 27716 です。');
    expect(estimate.category).toBe('spec');
    const quote = await check('来期のライセンス追加について、お見積りをいただけますでしょうか。アカウントID: 27716');
    expect(quote.category).toBe('contract');
  });
  it("a count that 'jumped from about 80k yesterday to 2.1 million this morning' is a failure; 'We didn't touch it' tells the history", async () => {
    const jump = await check("Hi - the audience for our summer campaign jumped from about 80k yesterday to 2.1 million this morning in Audience Studio. We didn't touch it. We send the email tomorrow so really need to know if it's right!\n\nAccount 24480, Tokyo", { subject: 'audience size jumped?!' });
    expect(jump.category).toBe('error');
    expect(jump.items.history.present).toBe(true);
    const untouched = await check('The nightly sync to Braze failed again. Job 2210983344. Nobody changed the segment.');
    expect(untouched.items.history.present).toBe(true);
  });
});

describe('readings from the holdout200-203 round', () => {
  it('an alert forwarded from a no-reply address is passed on, not support\'s: its error text and IDs count', async () => {
    const fwd = await check('Hi team,\n\nForwarding the PagerDuty alert below. The revenue_daily workflow (Account ID 72213, US region) feeds the finance dashboard.\n\nCheers,\nRachel\n\n---------- Forwarded message ---------\nFrom: PagerDuty <no-reply@pagerduty.example>\nDate: Thu, May 14, 2026 at 2:19 AM\nSubject: [Triggered] TD workflow revenue_daily attempt failed\nTo: <oncall@client.example>\n\nSummary: revenue_daily attempt 5523817760 failed\n\nDetails:\n  attempt_id: 5523817760\n  error: "Query exceeded per-node memory limit of 200GB"\n');
    expect(fwd.items.error_message.present).toBe(true);
    expect(fwd.items.target_id.values).toContain('attempt:5523817760');
  });
  it("a workflow's ID in a JSON body and a project ID the sender labels are targets; digdag's 'project id=3021' log field is not", async () => {
    const json = await check('The trigger call fails with 401 since Monday.\n\nPUT https://api-workflow.treasuredata.com/api/attempts\n  {"workflowId": "4410982", "params": {}}\n\nHTTP/1.1 401 Unauthorized');
    expect(json.items.target_id.values).toEqual(['other:4410982']);
    const project = await check('Our workflow push fails. Project ID: 612345. Error: 409 Conflict');
    expect(project.items.target_id.values).toEqual(['other:612345']);
    const log = await check('The workflow fails:\n\n2026-05-01 10:00:00.123 +0000 [INFO] (main): Starting a new session project id=3021 workflow name=daily\nError: 409 Conflict');
    expect(log.items.target_id.values).toEqual([]);
  });
  it("'Questions (all about Opsgenie, sorry):' frames the mail as a question about another product", async () => {
    const ops = await check('Our customer posts workflow alerts to Opsgenie from an http> task. They get a separate alert for every failed run.\n\nQuestions (all about Opsgenie, sorry):\n- Does Opsgenie deduplicate on the "alias" field only, or also on message?\n- Does the "priority" field override the team\'s routing rules?\n\nDescription: session 40017723 ended with status error');
    expect(ops.category).toBe('third_party_spec');
  });
  it("a command traced by the shell ('+ td query … --result s3://…/daily/…') tells no goal", async () => {
    const cron = await check('cronのメールをそのまま転送します。アカウントID 77031、USリージョンです。\n\n+ td query -w -d web_logs -T presto --result \'s3://AKIAXXXXXXXXXXXXXXXX:****@yamabuki-export/daily/access.csv\' -f /opt/etl/sql/daily_access.sql\nJob 2124501177 is queued.\nerror: Query 2124501177 failed');
    expect(cron.items.goal.present).toBe(false);
  });
  it("a count shown on a screen is no error message ('「1,000 未満」と表示されたまま'), nor an outcome only supposed ('…となってしまう可能性もあり')", async () => {
    const ads = await check('本日は、Google 広告側の仕様について、参考までにお伺いしたくご連絡させていただきました。TD の範囲外のご質問となってしまう可能性もあり大変恐縮なのですが、ご教示いただけますと幸いです。\nTD 側のアクティベーションはいずれも正常に完了しております。\nGoogle 広告の管理画面上では\n・リストのサイズが「1,000 未満」と表示されたまま\nとなっております。\nGoogle 広告側でリストサイズが反映されるまで、通常どの程度の時間がかかるものでしょうか。');
    expect(ads.items.error_message.present).toBe(false);
    expect(ads.category).toBe('third_party_spec');
  });
  it("'…does the activation remove the row, or does it just stop sending it?' asks about behaviour, it reports no stop", async () => {
    const sfmc = await check('The activation is scheduled daily. My question is about how the activation behaves:\n\n1. Does each run send the full segment, or only the profiles that were added since the last run?\n2. If a profile leaves the segment, does the activation remove the row from the data extension, or does it just stop sending it?\n\nAccount ID 52219, US.', { subject: 'How does the SFMC activation handle profiles that leave a segment?' });
    expect(sfmc.category).toBe('spec');
  });
  it("what support once said ('「設定変更後すぐには反映されない」と伺った') and being asked for something ('…ように言われてしまいまして') report no failure", async () => {
    const heard = await check('テーブル単位でデータ保持期間を設定した場合について、削除はどのタイミングで行われるのかをご教示いただけますでしょうか。\nなお、以前お問い合わせした際、「設定変更後すぐには反映されない」と伺った記憶があります。\n\n法務から、広告ログを13ヶ月で消すように言われてしまいまして…\nアカウントID: 52840 / AP01');
    expect(heard.category).toBe('spec');
  });
  it("a count that shows zero ('対象人数が「0」と表示されておりました'), output cut short ('1万行ちょうどしか入っていません') are failures; '確認した時点では…と表示されておりました' is history", async () => {
    const zero = await check('本日10時頃にセグメントを開いた際、対象人数が「0」と表示されておりました。\n先週金曜日に確認した時点では約12万件と表示されておりました。\n原因についてご教示いただけますと幸いでございます。', { subject: 'セグメントの対象人数について' });
    expect(zero.category).toBe('error');
    expect(zero.items.history.present).toBe(true);
    const cut = await check('クエリエディタで実行したクエリの結果について質問です。\n画面上では「10,234件」と表示されるのに、結果をCSVでダウンロードすると1万行ちょうどしか入っていません。\nジョブ番号は 2210983344 です。');
    expect(cut.category).toBe('error');
  });
  it("options laid out and support asked to pick ('Option A: … Option B: … Which of the two would you build') is implementation", async () => {
    const opts = await check('What we need to build: every hour, pull only the changed rows from the client\'s MySQL orders table into TD.\n\nOption A: td_load in a workflow with incremental: true on updated_at.\nOption B: td_load into a staging table, then dedupe into the master.\n\nWhich of the two would you build, and is there a sample workflow for this pattern?');
    expect(opts.category).toBe('implementation');
  });
  it("'SFMC 側のどの上限にカウントされるのか、ご存知の範囲で' asks about the other product; 'TD 側・Snowflake 側のどちらで発生しているか' asks about a failure", async () => {
    const sfmc = await check('SFMC側のAPI呼び出し上限について、Audience Studio からのアクティベーション1回で SFMC の API が何回程度呼ばれるのか、また SFMC 側のどの上限にカウントされるのか、ご存知の範囲で教えていただけますでしょうか。');
    expect(sfmc.category).toBe('third_party_spec');
    const where = await check('Snowflake へのエクスポートが失敗します。\nError: java.net.SocketTimeoutException: Read timed out\n\n・Read timed out が TD 側・Snowflake 側のどちらで発生しているか、切り分けに必要な情報をご教示いただけますでしょうか。');
    expect(where.category).toBe('error');
  });
  it("an earlier inquiry told as 'the same situation last autumn … you turned it round within a day' or 'I don't have that ticket reference to hand'", async () => {
    const autumn = await check('Please reset the 2FA of h.kaneko@client.example. Account ID: 22975, Tokyo.\n\nWe had exactly the same situation last autumn for another client and you turned it round within a day.');
    expect(autumn.items.related_ticket.present).toBe(false);
    const ref = await check('Please reset the 2FA of h.kaneko@client.example. Account ID: 22975, Tokyo. This came up before - I\'m afraid I don\'t have that ticket reference to hand.');
    expect(ref.items.related_ticket.present).toBe(false);
  });
  it("goals 'クーポン配信のため、LINEに配信対象者を連携しているワークフローです', 'so the BI marts refresh right after the load'; a job named '日次集計' is none", async () => {
    const coupon = await check('クーポン配信のため、LINEに配信対象者を連携しているワークフローです。本日 10:12 (KST) に失敗しました。');
    expect(coupon.items.goal.present).toBe(true);
    const marts = await check('After their upstream ETL finishes, their scheduler calls the workflow API to start refresh_mart, so the BI marts refresh right after the load. Since Monday every call gets a 401.');
    expect(marts.items.goal.present).toBe(true);
    const named = await check('本日 9:40 頃の実行で再発しました。\n\nJob ID: 2104455120\n\n再調査をお願いできますでしょうか。', { subject: 'Re: 日次集計のジョブが失敗する' });
    expect(named.items.goal.present).toBe(false);
  });
});

describe('readings from the holdout204-207 round', () => {
  it("a sentence that leads into a list ('…any more. Could you please:' / '1. Remove these three users') is no empty form field, and asks for the listed changes", async () => {
    const list = await check('The only Administrator left the client, so nobody on the\nclient side can manage users any more. Could you please:\n\n1. Remove these three users (all have left the company):\n   - a@client.example\n   - b@client.example\n2. Give Administrator rights to c@client.example (already a user).\n\nAccount ID: 71904', { subject: 'User removal + new Administrator' });
    expect(list.category).toBe('request');
  });
  it("'画面には下記が出ます。' leads in the screen's text; not being able to open the console names it; '保存したのですが、その直後から' tells the history", async () => {
    const lock = await check('本日9時半ごろ、IPアドレス制限を設定しました。お客様事務所のIPだけを許可リストに入れて保存したのですが、その直後から全員コンソールを開けなくなりました。画面には下記が出ます。\n\n  Access denied. Your IP address (203.0.113.58) is not allowed to access this account.\n\nまずは至急、制限の解除をお願いできないでしょうか。', { subject: '【緊急】IP制限を設定したらコンソールに入れなくなりました' });
    expect(lock.items.error_message.present).toBe(true);
    expect(lock.items.history.present).toBe(true);
    const open = await check('その直後から全員コンソールを開けなくなりました。アカウントID: 22870');
    expect(open.channel).toBe('console');
  });
  it("an ISMS audit as the occasion of a spec question is no contract matter; a security assessment sheet is; '証跡として提出する' is a goal", async () => {
    const audit = await check('エンドユーザー様のISMS内部監査に関連し、TDコンソールの「Audit Logs」画面について仕様を確認させていただきたく、ご連絡いたしました。\n監査では、過去1年分の操作履歴を証跡として提出する必要がございます。つきましては、以下についてご教示ください。\n 1. ログの保持期間\n 2. CSVでダウンロードすることは可能か\nアカウントID:22870 環境:AP01');
    expect(audit.category).toBe('spec');
    expect(audit.items.goal.present).toBe(true);
    const sheet = await check('今年もトレジャーデータ様の評価シートへの回答を依頼されております。添付の年次セキュリティ評価シートへのご記入をお願いできますでしょうか。また、ISMS認証の登録証の写しもご提供いただけますと助かります。');
    expect(sheet.category).toBe('contract');
  });
  it("'more of an Okta question than a Treasure Data one' frames the mail; 'getting \"Login failed. …\"' quotes the error", async () => {
    const okta = await check('This is probably more of an Okta question than a Treasure Data one. What does Okta put in the NameID when "Unspecified" is selected? Account 33840, US.');
    expect(okta.category).toBe('third_party_spec');
    const sso = await check('all users on account 88213 getting "Login failed. SAML assertion could not be verified." on the console login since 2pm today, still failing. pls help asap', { subject: 'URGENT nobody can log in via SSO' });
    expect(sso.items.error_message.present).toBe(true);
  });
  it("'Getting this every time I hit Save on the segment' reports a failure on the console; 'データワークベンチ' is the console", async () => {
    const pic = await check('Getting this every time I hit Save on the segment, see pic', { subject: 'error??' });
    expect(pic.category).toBe('error');
    expect(pic.channel).toBe('console');
    const wb = await check('', { subject: 'データワークベンチでノートブックを開くとエラーになります AID 31177 ap02' });
    expect(wb.channel).toBe('console');
  });
  it("a sentence that starts with the command's name is prose: 'td query keeps returning 401 since we rotated keys yday.' tells history, 'td wf push で登録したもので、毎朝6時に定期実行しています。' a clock time", async () => {
    const since = await check('td query keeps returning 401 since we rotated keys yday. tried 3x, also re-ran td account, same thing.\nenv: macOS 14.4, td 0.17.1');
    expect(since.items.history.present).toBe(true);
    const six = await check('日次でS3にファイルを置くワークフローが失敗しています。\ntd wf push で登録したもので、毎朝6時に定期実行しています。\nセッションID：31442907');
    expect(six.items.timezone.present).toBe(false);
    expect(six.items.goal.present).toBe(true);
  });
  it("'Prestoで…変換する書き方ってどうなりますか' is general_it; '先週金曜までは毎日取れてました' is history; 'used for the … e-mail' is a goal; '東京リージョンで使っています' is none", async () => {
    const sql = await check("すみません、Prestoで '2026/05/01' みたいなスラッシュ区切りの文字列をDATE型に変換する書き方ってどうなりますか？\ndate_parseの書式指定がよく分からなくて。");
    expect(sql.category).toBe('general_it');
    const friday = await check('SourcesのSFTP取り込みが失敗します。source id 55012\nエラー:\nFailed to connect to SFTP server: Auth fail\n先週金曜までは毎日取れてました。');
    expect(friday.items.history.present).toBe(true);
    const used = await check('Point balances in TD are stale since Apr 4, so the nightly CRM campaign audience (used for the "points expiring" e-mail) is built from old data.');
    expect(used.items.goal.present).toBe(true);
    const region = await check('Google スプレッドシートへの Export Results To について教えてください。\n・1回のエクスポートで書き込める行数に上限はありますか?\n東京リージョンで使っています。');
    expect(region.items.goal.present).toBe(false);
  });
  it("'How are data connectors counted against our contract?' with a contract that 'says up to 10 data integrations' is a contract matter", async () => {
    const count = await check('Question about how connectors are counted under our client\'s subscription.\nThe client (Account ID 21877) has a contract that says "up to 10 data integrations".\n - Does each source / export connection count as one integration, or is it counted per connector type?\n - If we go over 10, what is the price for the next tier?', { subject: 'How are data connectors counted against our contract?' });
    expect(count.category).toBe('contract');
  });
});

describe('readings from the holdout208-211 round', () => {
  it("a chat pasted in ('山下 健司  9:05', 'Mei Ling  [3:12 PM]  …', '[5/21 8:55] 川口: …', '[鈴木 8:47] …') stamps its messages: no clock time to ask a zone for", async () => {
    const slack = await check('ワークフローが失敗しているようです。Slack で言われて気づきました↓\n\n----\n山下 健司  9:05\nダッシュボードの数字が昨日のままっぽいです…\n森田 健  9:11\n確認します！\n----\n\n毎朝 6:30(日本時間)にスケジュール実行しています。セッション 512004418');
    expect(slack.items.timezone.present).toBe(true);
    const bracket = await check('Since Wednesday the import calls fail. This is what our Slack looked like:\n\n  Mei Ling  [3:12 PM]  dashboard shows 0 events for today??\n  Arjun     [3:20 PM]  checking, looks like the import is getting 403s\n\nFirst failure Wednesday 20 May at 3:05pm Singapore time (UTC+8).');
    expect(bracket.items.timezone.present).toBe(true);
    const teams = await check('同僚から Teams で来た内容も貼っておきます。\n  [5/21 8:55] 川口: 森下さん、今朝も受注データ入ってないです。\n  [鈴木 8:47] 吉村さん、TDのやつ開いても真っ白です\nセッション 512004418');
    expect(teams.items.timezone.present).toBe(true);
    const own = await check('山下 健司  9:05 に実行したジョブが失敗しました。Job ID: 2047719236');
    expect(own.items.timezone.present).toBe(false);
  });
  it("'TDのレポートが見れない', '開いても真っ白です' report a failure", async () => {
    const blank = await check('社内からTDのレポートが見れないと言われています。開いても真っ白です。お手数ですが調べていただけますでしょうか。');
    expect(blank.category).toBe('error');
  });
  it('a sheet pasted with tabs keeps its empty cells: the Job ID column is read', async () => {
    const tsv = await check('Pasted from our tracking sheet:\n\nAccount ID\t10442\nRegion\tUS\n\nJob ID\tStarted\tStatus\tMessage\n1893300121\t2026-06-07 23:30\tsuccess\t\n1893412907\t2026-06-08 23:30\terror\tAccessDenied: Access Denied (Status Code: 403)\n');
    expect(tsv.items.target_id.values).toEqual(['job:1893300121', 'job:1893412907']);
  });
  it("a column headed 'JobID' lists jobs; 'td query from our cron box keeps failing every night since Monday, the' is prose", async () => {
    const ascii = await check('td query from our cron box keeps failing every night since Monday, the\n02:00 run. Details:\n\n+------------+--------+\n| JobID      | Status |\n+------------+--------+\n| 2103334455 | error  |\n| 2103210098 | error  |\n+------------+--------+\n');
    expect(ascii.items.target_id.values).toEqual(['job:2103334455', 'job:2103210098']);
    expect(ascii.items.history.present).toBe(true);
  });
  it("goals 'We're backfilling a quarterly summary table for the client's finance team', '…出荷指示用のテーブルを作るワークフロー'; 'same as the last time I wrote in' is an earlier inquiry", async () => {
    const backfill = await check("We're backfilling a quarterly summary table for the client's finance team, using the toolbelt. Job 2058816490 failed.");
    expect(backfill.items.goal.present).toBe(true);
    const make = await check('受注データを取り込んで出荷指示用のテーブルを作るワークフロー「order_import」が、先週金曜から毎朝止まってしまいます。');
    expect(make.items.goal.present).toBe(true);
    const again = await check('Hi, the daily_kpi export failed again this morning, same as the last time I wrote in. Can you take a look?');
    expect(again.items.related_ticket.present).toBe(false);
  });
  it("a browser console's 'Refused to connect to … because it violates the following Content Security Policy directive' is error text", async () => {
    const csp = await check("■ DevToolsのコンソール出力\nRefused to connect to 'https://us01.records.in.treasuredata.com/js/v3/event/web/form_submit' because it violates the following Content Security Policy directive: \"connect-src 'self'\".");
    expect(csp.items.error_message.present).toBe(true);
  });
});

describe('one list of answers that give nothing (config/rules/reading.yaml notAnswered)', () => {
  it("a form field answered '確認中' or 'TBD' is empty: '経緯: 確認中' tells no history, 'Error message: see attached' no text", async () => {
    const form = await check('事象: 日次ワークフローが失敗しています。\nセッションID: 512004418\n経緯: 確認中\nご依頼事項: 原因の調査をお願いします。');
    expect(form.items.history.present).toBe(false);
    const pointer = await check('The export fails.\nError message: see attached\nJob ID: 2047719236');
    expect(pointer.items.error_message.present).toBe(false);
  });
});

describe('readings from the holdout212-215 round', () => {
  it("slow and queued runs told as trouble ('sits in the queue for 30 to 50 minutes', 'とても遅くて困っています', '以前は5分程度で終わっていたのに、今日は2時間以上かかりました') are failures", async () => {
    const queued = await check('Since Monday morning every one of our scheduled saved queries sits in the queue for 30 to 50 minutes before it starts. Are we hitting some concurrency limit?');
    expect(queued.category).toBe('error');
    const slow = await check('weekly_sales_agg というクエリがとても遅くて困っています。\n確認いただけますか。');
    expect(slow.category).toBe('error');
    const longer = await check('顧客向けのKPIダッシュボードを毎朝更新するためのクエリが、以前は5分程度で終わっていたのに、今日は2時間以上かかりました。原因を調べていただけますでしょうか。');
    expect(longer.category).toBe('error');
  });
  it("'Could you please kill job 2065590031' is a request; 'Is there a way to run this deletion, or can you raise the limit' under pasted error text asks about the failure", async () => {
    const kill = await check("A Hive job has been running for more than 14 hours. Could you please kill job 2065590031 on Account ID 40771?");
    expect(kill.category).toBe('request');
    const limit = await check('$ td table:partial_delete crm_eu web_events --from 1714521600 --to 1714608000 -w\nerror: Job 412877031 failed: PartialDeleteError: number of partitions affected (18432) exceeds limit (10000)\n\nIs there a way to run this deletion, or can you raise the limit for this one table?');
    expect(limit.category).toBe('error');
  });
  it("a questionnaire to fill in ('「個人データ取扱い状況確認シート」へのご記入を依頼') and a data processing agreement ('countersign their Data Processing Agreement', 'sub-processors') are contract matters", async () => {
    const sheet = await check('エンドユーザー様の法務部門より、添付の「個人データ取扱い状況確認シート」へのご記入を依頼されております。6月5日(金)までにご返送いただけますと大変助かります。アカウントID 51833');
    expect(sheet.category).toBe('contract');
    const dpa = await check('1. Can Treasure Data countersign their Data Processing Agreement annex?\n2. Please send the current list of sub-processors for the EU region.\nAccount ID 66071, EU region.');
    expect(dpa.category).toBe('contract');
  });
  it("history '1回目は昨日22時頃、2回目は本日8時頃に流しています', 'It started with the May 4 file and has happened every week since', 'with no problems up to last week'", async () => {
    const twice = await check('コンソールのクエリエディタからDELETE文を実行していますが、2回とも6時間で打ち切られてしまいました。\n1回目は昨日22時頃、2回目は本日8時頃に流しています。');
    expect(twice.items.history.present).toBe(true);
    const since = await check('The weekly orders CSV has duplicate rows in it. It started with the May 4 file and has happened every week since.');
    expect(since.items.history.present).toBe(true);
    const upTo = await check('The activation went out every Tuesday at 9am ET with no problems up to last week. This week there is a red error on it.');
    expect(upTo.items.history.present).toBe(true);
  });
  it("'RFM分析の実装方法についてのご相談' with 'おすすめの作り方' is implementation", async () => {
    const rfm = await check('クライアントから「RFM分析をしたい。TDでどういう手順・構成で作ればいいか教えてほしい」と相談されました。おすすめの作り方や、参考になる事例などあれば教えていただけないでしょうか。', { subject: 'RFM分析の実装方法についてのご相談' });
    expect(rfm.category).toBe('implementation');
  });
});

describe('readings from the holdout216-219 round', () => {
  it("a city's time in Asia written out ('7:00(台北時間)', '北京時間 2:00') is a zone; 'since 0300' is a clock time without one", async () => {
    const taipei = await check('スケジュールは毎朝 7:00(台北時間)で、6/1 から毎日同じタスクで失敗しています。セッション 512004418');
    expect(taipei.items.timezone.present).toBe(true);
    const beijing = await check('スケジュールは毎日 北京時間 2:00 です。今朝 北京時間 8:30 に Retry をしましたが同じエラーでした。セッション 512004418');
    expect(beijing.items.timezone.present).toBe(true);
    const red = await check("every workflow in our client's project is red since 0300. retry does nothing. is TD down?", { subject: 'outage??' });
    expect(red.items.timezone.present).toBe(false);
    expect(red.category).toBe('error');
    const year = await check('The workflow has run fine since 2019 and failed today at 10:00 JST. Session 512004418');
    expect(year.items.timezone.present).toBe(true);
  });
  it("answers under a quote with no attribution line ('> ・Console Environment' / '東京です。') read with their question", async () => {
    const inline = await check('いただいたご質問に順番にお答えします。\n\n> ・エンドユーザーのAccount ID\n確認中です。\n\n> ・Console Environment\n東京です。\n\n> ・実行環境(OS)\nWindows 10 Pro です。', { subject: 'Re: [TD Support #70188] td queryコマンドが失敗する件' });
    expect(inline.items.site.values).toEqual(['ap01']);
  });
  it("'Job ID：N/A(エラーではありません)' denies a failure; 'Query exceeded per-node user memory limit' pasted is error text", async () => {
    const na = await check('1. アカウントID：20877\n2. 環境：US\n3. Job ID：N/A(エラーではありません)\n\nお伺いしたいのはSalesforce側の仕様についてで、Salesforce Marketing Cloudの1日あたりのAPIコール上限に対して、TDからの連携がどのようにカウントされるのかという点です。');
    expect(na.category).toBe('third_party_spec');
    const mem = await check('> 4. Full error text\n\nQuery exceeded per-node user memory limit of 6GB [Allocated: 5.99GB, Delta: 12.41MB]');
    expect(mem.items.error_message.present).toBe(true);
  });
  it("an earlier request for another client ('以前、別のお客様の…同じようなお願いをした際は') in a reply is another inquiry; '…ご調査をお願いしたく' is this mail's own", async () => {
    const other = await check('AID：1180 環境：韓国リージョン\nアカウント内の全ユーザーの一覧をいただけますでしょうか。\n以前、別のお客様のテーブル一覧で同じようなお願いをした際はIDの一覧をいただけたと記憶しております。', { subject: 'Re: [TD Support #70318] ユーザー一覧の出力依頼' });
    expect(other.items.related_ticket.present).toBe(false);
    const own = await check('ワークフローが、先月末よりエラー終了する事象が継続しておりますため、ご調査をお願いしたくご連絡差し上げました。');
    expect(own.items.related_ticket.present).toBe(true);
  });
  it("'Could you please re-run the following sessions' is a request; SLA credits and refunds are contract; an R glm or overfitting question is general_it", async () => {
    const rerun = await check('Following tonight\'s incident a batch of our client\'s scheduled sessions failed. Account ID 88903, US region.\n\nCould you please re-run the following sessions on your side, with their original session times?\n\n| Session ID | Workflow |\n|---|---|\n| 402118830 | crm_contacts_sync |', { subject: 'Request: re-run of sessions that failed during the 6/9 incident' });
    expect(rerun.category).toBe('request');
    const sla = await check('先日の障害について、エンドユーザーから「契約上のSLAを下回ったのではないか、その場合は利用料のクレジットを受けられるのか」との問い合わせを受けております。来月の請求書への反映時期についてご教示いただけますでしょうか。');
    expect(sla.category).toBe('contract');
    const glm = await check('Rのglm（ロジスティック回帰）で一部の係数がNAになります。\nglm(purchased ~ ., data = df, family = binomial)\n多重共線性が原因でしょうか？どう対処すればいいですか。');
    expect(glm.category).toBe('general_it');
  });
  it("goals 'We are helping PT Nusantara Kopi build an audience for their Ramadan promo', '…LTV 予測モデルを作っています', 'reports … from this number on their board dashboard'", async () => {
    const helping = await check('We are helping PT Nusantara Kopi build an audience for their Ramadan promo that goes to Google Ads. When we click Save on the segment a red error banner pops up.');
    expect(helping.items.goal.present).toBe(true);
    const ltv = await check('先方のデータサイエンティストが、RStudio から JDBC で TD に接続し、会員の購買特徴量を R に読み込んで LTV 予測モデルを作っています。今朝から接続でエラーになります。');
    expect(ltv.items.goal.present).toBe(true);
    const board = await check('A drop of 350k profiles is hard to explain to the client, who reports "unique customers" from this number on their board dashboard.');
    expect(board.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout220-223 round', () => {
  it('a log saved from the shell tells its system by its prompts and by what uname printed; the rest of a log names none', async () => {
    const withLog = async (log: string) =>
      analyse(
        await parseMail(
          Buffer.from(
            [
              'From: p@partner.example.com', 'To: support@td-support.example.com', 'Subject: td query fails',
              'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '',
              'The nightly td query fails, the log is attached. Account ID 66021, US.', '--b',
              'Content-Type: text/plain; charset=utf-8', 'Content-Disposition: attachment; filename="run.log"', '', log, '--b--', '',
            ].join('\r\n'),
          ),
        ),
        rules,
      );
    const ps = await withLog('PS C:\\work\\kaede> td query -w -d web_logs "SELECT 1"\r\nError: Authentication failed (401)');
    expect(ps.items.os.values).toEqual(['windows']);
    const uname = await withLog('2026-05-11 02:30:01 starting the nightly extract of the orders table\r\n[ec2-user@ip-10-0-3-12 extract]$ uname -a\r\nLinux ip-10-0-3-12.ec2.internal 6.1.90 x86_64 GNU/Linux\r\n[ec2-user@ip-10-0-3-12 extract]$ td query -w "SELECT 1"\r\nError: 401');
    expect(uname.items.os.values).toEqual(['linux']);
    // the evidence is the line uname printed, cited from the attachment
    expect(uname.items.os.evidence).toEqual(['Linux ip-10-0-3-12.ec2.internal 6.1.90 x86_64 GNU/Linux']);
    const talk = await withLog('2026-05-11 02:30:01 INFO connecting to the Windows file share of the client\r\nError: 401');
    expect(talk.items.os.values).toEqual([]);
  });
  it("'※時刻はすべて日本時間（JST）です' covers every time of its block, circled item numbers included", async () => {
    const all = await check('【経緯】※時刻はすべて日本時間（JST）です\n①令和７年６月９日（月）午前９時半　クエリを作成し、単体実行でSuccessを確認\n②同日　午前１１時頃　Export Results ToにGCSを設定して実行　→　上記エラー\nジョブID：1982044517');
    expect(all.items.timezone.present).toBe(true);
  });
  it("self-hosted Embulk said in one breath ('弊社サーバー上で動かしているEmbulk') is oss; 'Probably a basic SQL thing' frames a general SQL question; 'The activation keeps failing' is the console", async () => {
    const embulk = await check('弊社サーバー上で動かしているEmbulk(0.11.2)で、S3上のCSVをPostgreSQLへロードする処理がエラーになります。原因についてご意見をいただけないでしょうか。');
    expect(embulk.category).toBe('oss');
    const join = await check("Probably a basic SQL thing, but I'm stuck. Why would a LEFT JOIN return more rows than the left table has?");
    expect(join.category).toBe('general_it');
    const act = await check('Our client needs the "Lapsed buyers 90d" audience synced to Google Ads. The activation keeps failing since Monday around 9am Pacific.');
    expect(act.channel).toBe('console');
  });
  it("'This is now the third time I'm writing in about this' mentions earlier inquiries; '…every day so the win-back journey picks it up' is a goal", async () => {
    const third = await check("This is now the third time I'm writing in about this. Failed job: 2104877312. Account ID: 10442");
    expect(third.items.related_ticket.present).toBe(false);
    const journey = await check('They want the "Lapsed Members 90d" segment synced to Salesforce Marketing Cloud every day so the win-back journey picks it up. The activation has failed on every scheduled run since 6/1.');
    expect(journey.items.goal.present).toBe(true);
  });
  it("'LINE公式アカウント' / '側の「月間メッセージ数の上限」に…どのようにカウントされるのでしょうか' asks about the other product", async () => {
    const line = await check('Audience StudioのActivationでLINEへセグメントを連携しているのですが、LINE公式アカウント\n側の「月間メッセージ数の上限」に、同じユーザーへの重複配信はどのようにカウントされるのでしょうか。');
    expect(line.category).toBe('third_party_spec');
  });
});

describe('readings from the holdout220-223 round, second part', () => {
  it("'前にも一度同じお願いをして出してもらった気がします' mentions an earlier request; '会員データを毎朝マスタテーブルに統合しているワークフロー' tells a goal", async () => {
    const before = await check('AID 33105（東京リージョン）のユーザー一覧を出してもらえますか。\n前にも一度同じお願いをして出してもらった気がします。');
    expect(before.items.related_ticket.present).toBe(false);
    const merge = await check('会員データを毎朝マスタテーブルに統合しているワークフローが、昨日からメモリ超過で失敗しています。セッションID：460223189');
    expect(merge.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout224-227 round', () => {
  it("'失敗したワークフローを Retry した場合、…のでしょうか' supposes a failure: the mail asks about the specification", async () => {
    const retry = await check('アカウントID：30411、リージョン：AP01 の運用手順書を作成しています。\n1. 失敗したワークフローをコンソールから Retry した場合、新しいセッションが\n   作られるのでしょうか。\n2. 手順書には障害時にどのIDを控えるよう書いておけばよいでしょうか。');
    expect(retry.category).toBe('spec');
  });
  it("'書き方がよく分かりません', 'COALESCEとIFNULLはどちらを使うべきでしょうか' and sample SQL asked for are a general SQL question", async () => {
    const sql = await check('店舗ごとの前月比を出したいのですが、LAGの PARTITION BY の書き方がよく分かりません。');
    expect(sql.category).toBe('general_it');
    const which = await check('前月のデータがない行は0にしたいのですが、COALESCEとIFNULLはどちらを使うべきでしょうか。');
    expect(which.category).toBe('general_it');
    const sample = await check('会員ごとの累計購入額を出したいです。サンプルのSQLを書いていただけると助かります。');
    expect(sample.category).toBe('general_it');
  });
  it('a tie between two categories goes to the one the main ask speaks of: a list pulled as a step of a design asked about', async () => {
    const design = await check('We are designing a monthly access review in Treasure Workflow:\n  * pull the list of users and their roles once a month,\n  * diff it against last month.\n\nIs there a recommended pattern for this?', { subject: 'Design advice for an access review workflow' });
    expect(design.category).toBe('implementation');
  });
  it("'金融庁検査への対応として…提出する必要がございます' tells what the answer is for", async () => {
    const inspection = await check('エンドユーザー様が金融庁検査への対応として、操作ログを提出する必要がございます。監査ログはREST APIで取得できますでしょうか。アカウントID 23311、AP01');
    expect(inspection.items.goal.present).toBe(true);
  });
  it("'Tried sending it form-encoded instead … the 400 is the same either way' tells what was tried; 'tried nothing else' does not", async () => {
    const tried = await check('The REST call returns 400 "Query parameter is required". Account ID 5521, US.\nTried sending it form-encoded instead of JSON, and through the gateway the 400 is the same either way.');
    expect(tried.items.history.present).toBe(true);
    const nothing = await check('The REST call returns 400 "Query parameter is required". Account ID 5521, US. We tried nothing yet.');
    expect(nothing.items.history.present).toBe(false);
  });
  it("'I know these are really AppsFlyer questions' frames the other vendor's product as the subject", async () => {
    const af = await check("The AppsFlyer import into TD runs fine. Does the AppsFlyer raw data report include re-attributions in installs, or only new installs? I know these are really AppsFlyer questions; any pointers are welcome.");
    expect(af.category).toBe('third_party_spec');
  });
  it("a company whose name ends in 'line' ('Coastline's side') is not LINE's side (the tie rule above would give it the ask)", async () => {
    const owner = await check("Please transfer the Account Owner role of Coastline Insurance to Mr. Reid. Account ID: 83021.\nPlease let us know if you need a written confirmation from Coastline's side.", { subject: 'Request: change Account Owner' });
    expect(owner.category).toBe('request');
  });
});

describe('older open misses read since 2026-12-06', () => {
  it("'the difference between RANGE and ROWS' of a window frame is a general SQL question", async () => {
    const frame = await check("I'm computing a running total per customer with SUM() OVER (PARTITION BY customer_id ORDER BY order_date). Rows on the same date get the same total. What's the difference between RANGE and ROWS here, and which one should I use?");
    expect(frame.category).toBe('general_it');
  });
  it("'月曜の朝会で使う数字なので' tells what the output is for; a dashboard that shows the data tells it too", async () => {
    const meeting = await check('週末に流れたクエリが失敗していました。Job ID 2300988114 です。\n月曜の朝会で使う数字なので至急確認お願いします。');
    expect(meeting.items.goal.present).toBe(true);
    const board = await check('エンドユーザー様の経営ダッシュボード（自社BIサーバ）で、TDのデータをJDBC経由で集計して表示しています。\n本番サーバだけ接続時にSSLエラーになります。アカウントID：16077');
    expect(board.items.goal.present).toBe(true);
  });
  it("'It was all fine last Friday', 'I try again with option … but error is same' tell the history", async () => {
    const fine = await check("This week the numbers came out blank; the job failed with: Table 'web_events_v2' does not exist. It was all fine last Friday and the Friday before.");
    expect(fine.items.history.present).toBe(true);
    const same = await check('td import:auto gives error: invalid byte sequence in UTF-8. Today I try again with option --encoding Shift_JIS but error is same.');
    expect(same.items.history.present).toBe(true);
  });
});

describe('readings from the holdout228-231 round', () => {
  it('rows of pasted CSV data carry the data\'s stamps, no event time to ask a zone for; a list of times in prose still asks', async () => {
    const csv = await check('Since the firmware update at 08:30 JST the S3 import fails on the new rows:\n\ndevice_id,measured_at,vib_rms,temp_c\nL3-VIB-07,2026/06/03 9:00:07,2.81,41.2\nL3-VIB-08,2026/06/03 9:00:09,3.02,43.8\n\nAccount ID 31742, ap01.');
    expect(csv.items.timezone.present).toBe(true);
    const prose = await check('The S3 import failed at 9:00, 10:00, 11:00 and 12:00 today. Account ID 31742, ap01.');
    expect(prose.items.timezone.present).toBe(false);
  });
  it("'Sesion ID 1190238847' typed on a phone names the session", async () => {
    const typo = await check('Our daily audience refresh workflow has been failing since 3am CET. Sesion ID 1190238847, account 27731 on EU.');
    expect(typo.items.target_id.values).toEqual(['session:1190238847']);
  });
  it("'BI側で毎朝このファイルを読み込んでるので' tells what the export is for", async () => {
    const bi = await check('Saved QueryのExport Results ToでS3に日次ファイルを出してるのですが、今日からAccess Deniedで失敗してます。BI側で毎朝このファイルを読み込んでるので早めに直したいです。');
    expect(bi.items.goal.present).toBe(true);
  });
  it("'取り急ぎ送ってしまい、情報が不足しており失礼いたしました' apologises for a mail: no failure reported", async () => {
    const sorry = await check('昨夜はスマートフォンから取り急ぎ送ってしまい、情報が不足しており失礼いたしました。\n改めて、timezone を省略した場合 schedule の daily> は UTC 扱いになるのでしょうか。Account ID:70254、AP01', { subject: 'ワークフローのスケジュール時刻について' });
    expect(sorry.category).toBe('spec');
  });
});

describe('readings from the holdout228-231 round, second part', () => {
  it("'一般的な SQL に関するご質問' (with a space) and 'どのような書き方が一般的でしょうか' frame a general SQL question", async () => {
    const sql = await check('一般的な SQL に関するご質問となり恐縮ですが、ご教示ください。\nweek_of_year は ISO 週番号を返すため、4月始まりの会計週とずれてしまいます。\n会計週を正しく算出するには、どのような書き方が一般的でしょうか。');
    expect(sql.category).toBe('general_it');
  });
  it("'先週…にお送りいたしました…のご依頼につきまして' and 'As mentioned in our previous mail to TD Support' mention an earlier inquiry", async () => {
    const resend = await check('先週6月15日(月)にお送りいたしました、Account Owner 変更のご依頼につきまして、その後の状況はいかがでしょうか。\nアカウントID:45821、Tokyo(production-ap01)');
    expect(resend.items.related_ticket.present).toBe(false);
    const ours = await check('Is there a rate limit for upload_part? As mentioned in our previous mail to TD Support about the bulk import, our volume is about 2,000 records per store.');
    expect(ours.items.related_ticket.present).toBe(false);
  });
  it("'…before we hand it over to the customer for UAT next week' tells what the work is for", async () => {
    const uat = await check("I'm running validation queries with td from my MacBook to verify the campaign mart before we hand it over to the customer for UAT next week. Since yesterday every command fails: Error: certificate verify failed");
    expect(uat.items.goal.present).toBe(true);
  });
  it("a design review the answer serves ('設計レビューの参考とさせていただきたく、仕様をご教示') asks the specification; 'advise on the following design points' asks for a design", async () => {
    const review = await check('Treasure Workflow のスケジュール実行の仕様について確認させてください。\n前回のセッションが実行中のまま次のスケジュール時刻に到達した場合、次のセッションが待機されるかどうかについてです。\nなお、現時点でエラー等は発生しておりません。\n設計レビューの参考とさせていただきたく、仕様をご教示いただけますと幸いでございます。');
    expect(review.category).toBe('spec');
    const points = await check('We want to change the hourly MySQL load to incremental loading. Could you please advise on the following design points?\n a) incremental: true, or a workflow variable?\n b) When an hourly run fails, how can the next run catch up without duplicate rows?');
    expect(points.category).toBe('implementation');
  });
});

describe('older open misses read since 2026-12-06, second part', () => {
  it("'コンソールでエラーになり発行できません' is the console, whatever SDK the key is for", async () => {
    const key = await check('アプリにiOS/Android SDKを組み込むため、Write-onlyのAPIキーを発行したいのですが、コンソールでエラーになり発行できません。\nアカウントID: 5528、東京\n画面URL: https://console.treasuredata.co.jp/app/mp/apikeys\n表示されたエラー: API key could not be created: You do not have permission to perform this action.');
    expect(key.channel).toBe('console');
  });
  it("'we want to be sure it is defined behaviour' is no goal; 'we want to make sure the Monday tables include…' is one", async () => {
    const sure = await check('When the timezone argument of TD_TIME_FORMAT is omitted, which zone is used? Hive and Trino gave the same value, but we want to be sure it is defined behaviour. Account ID 26603, US.');
    expect(sure.items.goal.present).toBe(false);
    const monday = await check('If the previous session is still running when the next schedule time arrives, does the new session wait? We want to make sure the Monday reporting tables always include both Saturday and Sunday data. Account ID 4410.');
    expect(monday.items.goal.present).toBe(true);
  });
  it("'we fetch query results through the REST API and load them into their Snowflake warehouse' tells the goal", async () => {
    const flow = await check('For our client (Account ID 66021, US) we fetch query results through the REST API and load them into their Snowflake warehouse. Since May 11 every call to the job result endpoint returns 404.');
    expect(flow.items.goal.present).toBe(true);
  });
  it("'が失敗しました(リトライ3回後)' in a forwarded alert is the run's own retries, no history; 'リトライ2回したけど同じ' is history", async () => {
    const alert = await check('お客様から転送されたアラートです。アカウントID 31190です。\n\nワークフロー weekly_segment_refresh が失敗しました(リトライ3回後)。\nsession_id: 115093327');
    expect(alert.items.history.present).toBe(false);
    const tried = await check('ワークフロー weekly_segment_refresh が失敗しました。リトライを2回したけど同じエラーです。session_id: 115093327');
    expect(tried.items.history.present).toBe(true);
  });
});

describe('readings from the holdout232-235 round', () => {
  it("'■経緯(時刻はすべて日本時間です)' covers the list items after a pasted certificate: PEM and base64 lines are data", async () => {
    const cert = await check('■経緯(時刻はすべて日本時間です)\n1. 6/15 18:20頃、IdP証明書を新しいものに貼り替えました。貼り付けた証明書は以下です。\n\n-----BEGIN CERTIFICATE-----\nMIIC8DCCAdigAwIBAgIQHk3p9Vq2TbKf0a1xW7s4jDANBgkqhkiG9w0BAQsFADA0\nq7Ns2Xv9Pa1LkT4mWcE8dR0hYfG3jZb6uQ5oKiV2tHxMnS7wAe1gCpD9rBy0Fz4=\n-----END CERTIFICATE-----\n\n2. 6/16 9:00頃から、SSOユーザー全員がログインできない状態が続いています。\nアカウントID：27741、ap01');
    expect(cert.items.timezone.present).toBe(true);
  });
  it("'止まってしまうことは避けたい' and 'アクセスできなくなった場合' suppose a failure: the mail asks about the specification", async () => {
    const scope = await check('IP Allowlist を有効化する予定です。既存のデータ連携が止まってしまうことは避けたいので、事前に適用範囲について確認させてください。\n1. IP Allowlist は REST API にも適用されますか。\n2. 設定を誤って管理者自身もアクセスできなくなった場合、どのように解除すればよいでしょうか。');
    expect(scope.category).toBe('spec');
  });
  it("a heading of its own over the message ('・エラーメッセージ(画面右上に赤字で表示されます)') and a screen that 'says \"Invalid verification code…\"' give the error text", async () => {
    const heading = await check('ご依頼いただいた情報をお送りします。\n\n・エラーメッセージ(画面右上に赤字で表示されます)\n 403: Insufficient permissions to manage activations for this parent segment\n');
    expect(heading.items.error_message.present).toBe(true);
    const says = await check('none of our team can log in to treasure data since 8am. It asks for the 6 digit code and says "Invalid verification code. Please try again." every time.');
    expect(says.items.error_message.present).toBe(true);
    expect(says.channel).toBe('console');
  });
  it("a label with its own zone ('・スケジュール:cron 0 5 * * *(タイムゾーン Asia/Tokyo)') does not cover the times listed under it", async () => {
    const sched = await check('Saved Query のスケジュール実行が失敗しています。\n・スケジュール:cron 0 5 * * *(タイムゾーン Asia/Tokyo)\n・本日 6/9 10:20 頃、コンソールから手動で Run を実行しましたが同じエラーでした\nAccount ID:18840 / AP01');
    expect(sched.items.timezone.present).toBe(false);
  });
  it("a build log's own stamps ('06:18:41  Status     : error') need no zone", async () => {
    const jenkins = await check('Jenkins ジョブは毎朝 6:00(日本時間)に実行しています。\n\n06:00:03  + td query -w -T presto -d minato_sales -q sql/daily.sql\n06:18:41  Status     : error\n06:18:42  Finished: FAILURE\n');
    expect(jenkins.items.timezone.present).toBe(true);
  });
  it("a Java stack frame and a logger's line name no command the sender ran", async () => {
    const trace = await check('Our Jenkins build failed last night with the below.\n\ncom.treasuredata.client.TDClientException: [CLIENT_ERROR] Failed to process the request\n\tat com.treasuredata.client.TDClient.uploadBulkImportPart(TDClient.java:1032)\n\tat com.example.etl.Main.main(Main.java:42)\n[main] INFO  c.t.client.TDHttpClient - Sending request: GET https://api.treasuredata.com/v3/job/result/2771234001?format=msgpack.gz\n');
    expect(trace.items.command.present).toBe(false);
  });
  it("a reply whose new text settles the failure ('That was it! … the run went through fine') asks its new question: spec", async () => {
    const thanks = await check("That was it! I created a new authentication as you suggested and this morning's 6:00 AM SGT run went through fine (job 1894923377).\n\nOne follow-up question: does Export Results To Salesforce Marketing Cloud replace the whole data extension on each run, or does it add/update rows by primary key?\n\n> Error: Failed to upload to data extension 'DE_Lapsed_90d': [SFMC] 401 Unauthorized\n> Failed jobs: 1894402817, 1894530091", { subject: 'Re: [TD Support #84219] SFMC export from saved query failing' });
    expect(thanks.category).toBe('spec');
    const ja = await check('ご回答ありがとうございました。\nご案内いただいたとおり insert_summary.sql で CAST するよう修正したところ、\n本日 2:00 JST のスケジュール実行（Session ID 49011876）が正常終了しました。\n\nTDでは、テーブルのスキーマ変更の履歴を確認する方法はありますでしょうか。アカウントID：12834', { subject: 'RE: [TD Support #84217] ワークフローのINSERT処理が型不一致エラーで失敗する件' });
    expect(ja.category).toBe('spec');
  });
  it("'at 09:20 today … (both UK time)' gives the zone", async () => {
    const uk = await check("Last night's scheduled 02:15 run and a manual trigger at 09:20 today (both UK time) give the same error: 403 Access denied. Account ID 90117, EU01.");
    expect(uk.items.timezone.present).toBe(true);
  });
});

describe('readings from the holdout236-239 round', () => {
  it("'書き方がよく分からず', 'どのように SQL を書けばよいでしょうか' ask how to write SQL; 'Nothing fails, we just want to understand' reports nothing", async () => {
    const join = await check('JOIN すると売上が約3倍になってしまいます。customer_id ごとに最新の1行だけと JOIN するには、どのように SQL を書けばよいでしょうか。ROW_NUMBER を使うのかなと思ったのですが、書き方がよく分からず…');
    expect(join.category).toBe('general_it');
    const late = await check('When we re-count the same day a week later we get 2-4 % more events. Nothing fails, we just want to understand the mechanics.\n1. Is there a maximum delay after which buffered events are dropped by the SDK?');
    expect(late.category).toBe('spec');
  });
  it("a URL's query string asks nothing; 'ファイル名の日付と中身がずれている' is a failure told", async () => {
    const shift = await check('S3 に毎朝 7:00(日本時間)に出力しています。先日、ファイル名の日付と中身がずれていることに気づきました。ジョブはすべて成功しています。\nクエリ: https://console.treasuredata.co.jp/app/queries/editor?queryId=2207714\nずれの原因と、正しく出力する方法を教えていただけますか。');
    expect(shift.category).toBe('error');
  });
  it("'昨日から更新されていません' tells since when", async () => {
    const stale = await check('ABCホールディングス様の売上ダッシュボードが昨日から更新されていません。至急確認いただけますでしょうか。');
    expect(stale.items.history.present).toBe(true);
  });
  it("an English heading ('What happened so far:') ends the zone of a config block above it", async () => {
    const cfg = await check('The nightly load fails. Session 301778452.\n\n  timezone: America/Los_Angeles\n\n  schedule:\n    daily>: 02:00:00\n\nWhat happened so far:\n- I also kicked off a manual retry at 2:15 this morning, same error.\n');
    expect(cfg.items.timezone.present).toBe(false);
  });
  it("'Same problem as in my ticket from last week' mentions an earlier inquiry", async () => {
    const again = await check('the SFTP export fails again since Tuesday, Job 2239904410. Same problem as in my ticket from last week, can u pls check asap?');
    expect(again.items.related_ticket.present).toBe(false);
  });
  it("'Looker Studioで可視化しています', '広告効果測定のため、' and 'the PDF the ops managers get every morning' tell the goal", async () => {
    const looker = await check('エンドユーザー様の広告効果測定のため、日次のコンバージョンデータをBigQueryにエクスポートし、Looker Studioで可視化しています。最近エラーで失敗するようになりました。');
    expect(looker.items.goal.present).toBe(true);
    const pdf = await check('Our depot performance report (the PDF the ops managers get every morning) failed at its 06:00 UTC run today. Job 2006390187.');
    expect(pdf.items.goal.present).toBe(true);
  });
  it("a legal disclaimer's 'please delete it and notify the sender' is neither the ask nor a request", async () => {
    const gdpr = await check('After a DELETE has finished, is the data physically removed from storage, or only marked as deleted? Account ID 61944, eu01.\n\nClaire\n\nThis message and any attachments are confidential and intended solely for the addressees. If you are not the intended recipient of this message, please delete it and notify the sender.');
    expect(gdpr.category).toBe('spec');
  });
  it("'Saved Queryの一覧と…Authenticationの一覧を出力していただく' asks for a listing; 'The list of the saved queries concerned is attached' does not", async () => {
    const list = await check('外部ストレージへのExport Results Toが設定されているSaved Queryの一覧と、それぞれが使用しているAuthenticationの一覧を出力していただくことは可能でしょうか。アカウントID:12058、ap01');
    expect(list.category).toBe('object_listing');
    const attached = await check('If a user is deleted in the console, what happens to the Saved Queries that user created? Do the schedules keep running? The list of the saved queries concerned is attached. Account ID 12094, EU01.');
    expect(attached.category).toBe('spec');
  });
  it("'the Account Owner role moved from Rachel Kim … to Michael Osei' is a request", async () => {
    const owner = await check('Please see the request below. They need the Account Owner role moved from Rachel Kim (who has left the company) to Michael Osei. Account ID: 30517');
    expect(owner.category).toBe('request');
  });
  it("'a question about how the Salesforce export works on your side' keeps the vendor named around it the setting; 'GA4 の管理画面の…という理解で正しいでしょうか' asks about the vendor", async () => {
    const side = await check('We have a question about how the Salesforce export works on your side. The client checked the count directly on the Salesforce side. When the query result contains several rows with the same external ID, does the TD connector de-duplicate them?');
    expect(side.category).toBe('spec');
    const ga4 = await check('GA4 の管理画面の「総ユーザー数」は推定値(HyperLogLog++ による近似)で、BigQuery エクスポートの生データとは一致しない、という理解で正しいでしょうか。');
    expect(ga4.category).toBe('third_party_spec');
  });
});

describe('readings from the holdout240-243 round', () => {
  it("'Question about Braze behaviour', 'this is mostly about how Google works' and 'What rate limit does Slack apply' ask about the vendor", async () => {
    const braze = await check('Question about Braze behaviour with our Audience Studio -> Braze activations (account 35510, US).\n1. Is the /users/track rate limit per workspace or per REST API key?\n\ncurl -i https://rest.iad-05.braze.com/users/track\nHTTP/1.1 201 Created');
    expect(braze.category).toBe('third_party_spec');
    const google = await check('They activate an audience to Google Ads Customer Match. I know this is mostly about how Google works, but hoping you have some insight.\n\n> I tried the Google Ads API and got the error below:\n> {"error": {"code": 403, "message": "The caller does not have permission"}}');
    expect(google.category).toBe('third_party_spec');
    const slack = await check('We send one Slack message per store with for_each> + http> to a Slack incoming webhook. What rate limit does Slack apply to incoming webhooks? Account 44518, Korea region.');
    expect(slack.category).toBe('third_party_spec');
  });
  it("'We run our own Digdag server' is open-source software on the sender's side", async () => {
    const own = await check('We run our own Digdag server (0.10.5, on Kubernetes) for some internal ETL jobs. A for_each> with _parallel: true runs the iterations one after another. Is this expected?');
    expect(own.category).toBe('oss');
  });
  it("an example in brackets ('(e.g. \"Query was killed due to cluster restart\")') and a URL's words ('…retrying-failed-tasks…') report no failure", async () => {
    const retry = await check('Goal: the nightly load should survive transient Presto errors\n(e.g. "Query was killed due to cluster restart") without paging anyone.\n1. If +merge fails, does the retry re-run only +merge?\nWe read https://docs.digdag.io/workflow_definition.html#retrying-failed-tasks-automatically. Account ID 90413, eu01.');
    expect(retry.category).toBe('spec');
  });
  it("'All times below are JST' covers every time after it; a numbered section heading ends a timeline's zone", async () => {
    const below = await check('All times below are JST (the workflow itself has timezone: Asia/Tokyo).\n\nWhat I did, from my Mac:\n\n1. May 19 10:42 - tried the backfill: error: Status code 409\n\nI also tried again at 11:05, same 409.');
    expect(below.items.timezone.present).toBe(true);
    const section = await check('3. 時系列(日本時間)\n  6/16 20:00  最後の正常終了(Job ID:2112006614)\n  6/16 21:00  取り込み失敗\n\n4. エラーメッセージ\n  Access Denied (Service: Amazon S3; Status Code: 403)\n\n6. お願い\n  明朝の需要予測バッチ(7時開始)までに復旧させたく、至急ご対応をお願いいたします。');
    expect(section.items.timezone.present).toBe(false);
  });
  it("a job ID masked after its first digits ('ジョブID：2149＊＊＊＊＊＊') is no ID", async () => {
    const masked = await check('ジョブがエラーになっております。\nアカウントID：＊＊＊＊＊（院内規程によりマスクしております）\nジョブID：2149＊＊＊＊＊＊');
    expect(masked.items.target_id.values).toEqual([]);
  });
  it("'コンソールから流してるクエリ' is the console; 'ワークフロー名:pos_daily_load' names the workflow", async () => {
    const casual = await check('コンソールから流してるクエリ(dau_daily_v2)が失敗します。\nhttps://console.treasuredata.co.jp/app/jobs/2094471820');
    expect(casual.channel).toBe('console');
    const named = await check('Audience Studio のセグメント設計:お客様レビュー待ち。コンソールのユーザー追加:完了。\n\n■ No.3 詳細\nワークフロー名:pos_daily_load(プロジェクト:minato_pos)\n6/9から失敗しています。Attempt ID:1187765402');
    expect(named.channel).toBe('workflow');
  });
  it("'I actually sent the same request in April' mentions an earlier inquiry; 'customer wants the 2019 order history backfilled' is a goal", async () => {
    const april = await check('Please change the Account Owner of our account 31245 (AP01). I actually sent the same request in April, but that ticket was closed.');
    expect(april.items.related_ticket.present).toBe(false);
    const backfill = await check('import:auto dies halfway through: Error: failed to upload orders_2019_08.csv. The customer wants the 2019 order history backfilled by end of month.');
    expect(backfill.items.goal.present).toBe(true);
  });
  it("'SFTPの秘密鍵はどのようにワークフローに持たせるのがよいでしょうか' asks how, not which workflow", async () => {
    const how = await check('取引先のSFTPから取得したExcelを加工してTDに取り込むワークフローを設計しています。\n1. Excelの加工は py> で行うべきか迷っています。おすすめの構成があれば知りたいです。\n2. SFTPの秘密鍵はどのようにワークフローに持たせるのがよいでしょうか。');
    expect(how.category).toBe('implementation');
  });
  it('an Embulk template attached as config.yml.liquid is read as text', async () => {
    const raw = emlWith('Our self-hosted Embulk job fails, config attached.', { name: 'gacha.yml.liquid', type: 'application/octet-stream', content: 'in:\r\n  type: mysql\r\n  password: Gm#2026liveOps!' }, { subject: 'embulk' });
    const mail = await parseMail(raw);
    expect(mail.attachments[0]?.text).toContain('type: mysql');
  });
});

describe('readings from the holdout244-247 round', () => {
  it("'Segment ID is 889120' names the segment; 'Activation failed: (#2650) Failed to update …' is the error text", async () => {
    const seg = await check('The activation of the Gold tier segment to Facebook has failed on every run since Saturday. Segment ID is 889120.\n\nActivation failed: (#2650) Failed to update the custom audience: This audience was created from a data source that is no longer available.');
    expect(seg.items.target_id.values).toEqual(['other:889120']);
    expect(seg.items.error_message.present).toBe(true);
  });
  it("'毎朝8時（日本時間）' next to the account names the clock's zone, not the account's region", async () => {
    const zone = await check('お客様（アカウントID：１５３０２）にて、毎朝8時（日本時間）に取り込んでいるバッチが、本日エラーになりました。');
    expect(zone.items.site.present).toBe(false);
  });
  it("a time inside reported speech (お客様からは「…毎朝9時に自動で連携して、…使っている」と伺っております) is an event time", async () => {
    const speech = await check('お客様からは「LINEのセグメントに毎朝9時に自動で連携して、その日のクーポン配信に使っている」と伺っております。今週の月曜日から連携されていません。アカウントID：31877、東京リージョン');
    expect(speech.items.timezone.present).toBe(false);
    const literal = await check('画面には「2026/06/09 24:05:00」という値が表示されています。アカウントID：31877、東京リージョン');
    expect(literal.items.timezone.present).toBe(true);
  });
  it("'先週の月曜までは普通に回ってました' and 'failed again this morning … and yesterday as well' tell the history; 'failed again last night' alone does not", async () => {
    const ja = await check('店舗別売上ランキングの集計がエラーで止まってます。先週の月曜までは普通に回ってました。');
    expect(ja.items.history.present).toBe(true);
    const en = await check('The client found the session ID: 309455871. It failed again this morning at 5:15 and yesterday as well.');
    expect(en.items.history.present).toBe(true);
    const once = await check('Our BQ export failed again last night, job 2052310458. Can you check asap?');
    expect(once.items.history.present).toBe(false);
  });
  it("goals: '…次回来店クーポンを自動発行しています', 'Their finance team gets a daily sales CSV', '売上ダッシュボードを、…レポートツールで…表示している'", async () => {
    const coupon = await check('来店データを15分間隔でTDから取得し、来店直後の会員にLINEで次回来店クーポンを自動発行しています。ジョブが毎回失敗しています。Job ID：2305512093');
    expect(coupon.items.goal.present).toBe(true);
    const csv = await check('Their finance team gets a daily sales CSV that is pulled out of Treasure Data every night by a script, and it has been failing since Monday. Job 2214567733.');
    expect(csv.items.goal.present).toBe(true);
    const board = await check('店舗別の売上ダッシュボードを、社内で内製しているJavaのレポートツールでTDのデータを参照して表示しているのですが、昨日からTDへ接続できなくなりました。');
    expect(board.items.goal.present).toBe(true);
  });
  it("'TD Toolbeltのプロキシ設定について' asks how the service's tool works; 'Could you export the following … 1. all users' asks for a listing", async () => {
    const proxy = await check('TD Toolbeltのプロキシ対応について質問させてください。\n1. td コマンドは環境変数 HTTPS_PROXY を参照しますか。', { subject: 'TD Toolbeltのプロキシ設定について' });
    expect(proxy.category).toBe('spec');
    const users = await check('Our customer has an internal security audit next month.\n\nCould you export the following for us, as CSV if possible?\n\n1. all users in the account, with role and last login time\n2. API keys issued per user', { subject: 'Request: user / API key list for security audit' });
    expect(users.category).toBe('object_listing');
  });
});

describe('readings from the holdout248-251 round', () => {
  it("'…so there is nothing to investigate on the failure itself' leaves the failure as background; a credit on an invoice is a contract matter", async () => {
    const credit = await check('On 16 November a query job (job 2210456678) ran for four hours before it failed with\n\n  Query exceeded per-node memory limit of 20GB\n\nWe have since rewritten the query, so there is nothing to investigate on the failure itself.\n\nDo failed jobs count toward the contracted compute hours? If they do, can a credit be issued for job 2210456678 on the November invoice? Account ID 9902, EU.', { subject: 'Billing question - failed job consumed compute hours?' });
    expect(credit.category).toBe('contract');
  });
  it("'まだ本番では動かしておらず、上記は別チームから共有されたメッセージを貼っただけです' reports no failure", async () => {
    const example = await check('td> オペレーターの仕様について確認させてください。\n別チームから「0行だと次のようなエラーでセッションが失敗する」と聞いたのですが、これは仕様でしょうか。\n\n  Error: Variable td.last_results.total_amount is not defined\n\n(まだ本番では動かしておらず、上記は別チームから共有されたメッセージを貼っただけです)');
    expect(example.category).toBe('spec');
  });
  it("'運用をTD側に寄せるためData Connectorへの移行を進めています' moves away from the self-hosted tool: the failure is the service's", async () => {
    const move = await check('これまでは弊社サーバー上のEmbulk(embulk-input-bigquery)で取り込んでおり、そちらは現在も問題なく動いていますが、運用をTD側に寄せるためData Connectorへの移行を進めています。\n  $ td connector:issue load_bq.yml --database ec_raw --table orders\n  Job ID: 2251377602\n  Error: java.lang.IllegalArgumentException: Invalid JSON key file');
    expect(move.category).toBe('error');
  });
  it("'Your colleague answered a related question for us last month' mentions an earlier inquiry", async () => {
    const colleague = await check('Are parent segment refreshes in the same account run in parallel? Your colleague answered a related question for us last month. Account 33920, US region.');
    expect(colleague.items.related_ticket.present).toBe(false);
  });
  it("a bare 'Error:' ending a sentence leads into the text below; the sentence keeps its channel and its clock time", async () => {
    const lead = await check('Hi, the Criteo source in the TD console for Lumiere Cosmetics failed on the 7:40 run today. Error:\n\nCriteo API error: 401 Unauthorized - {"errors":[{"code":"invalid-token"}]}');
    expect(lead.channel).toBe('console');
    expect(lead.items.timezone.present).toBe(false);
  });
  it("'Criteo へのオフラインコンバージョン(店舗売上)連携のため、' tells what the export is for", async () => {
    const criteo = await check('Criteo へのオフラインコンバージョン(店舗売上)連携のため、Python スクリプトから REST API でクエリ結果を取得しています。6/20 の実行から 404 が返るようになりました。アカウントID:73018');
    expect(criteo.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout252-255 round', () => {
  const zendeskForward = (report: string) =>
    [
      'Hi team - can you take a look at this one? Everything should be in the thread below.',
      '',
      'Dana',
      '',
      '-----Original Message-----',
      'From: NorthPeak Support <support@northpeak-data.zendesk.example.com>',
      'Sent: Wednesday, May 13, 2026 4:47 PM',
      'To: Dana Whitfield <dana@northpeak-data.example.com>',
      'Subject: [NorthPeak Support] Re: S3 export failing (#30917)',
      '',
      '##- Please type your reply above this line -##',
      '',
      'Your request (#30917) has been updated. To add additional comments, reply to this email.',
      '',
      'Marcus Bell (Cobalt Outfitters)',
      '',
      'May 13, 2026, 16:41',
      '',
      report,
    ].join('\n');
  it("a partner's own help desk (support@<partner>.zendesk…) is not support: the end user's report it forwards counts", async () => {
    const a = await check(zendeskForward('Here is the job from this afternoon: https://console.treasuredata.com/app/jobs/1742208813\nOur TD account ID is 60419, US region.'), { subject: 'FW: [NorthPeak Support] Re: S3 export failing (#30917)' });
    expect(a.items.account_id.values).toEqual(['60419']);
    expect(a.items.target_id.present).toBe(true);
  });
  it("the partner help desk's ticket number (its notification's 'Your request (#30917) has been updated', 'our Zendesk ticket (#5521 on our side)') is not ours", async () => {
    const a = await check(zendeskForward('Account 60419, US region. Job 1742208813 failed.'), { subject: 'FW: S3 export failing' });
    expect(a.referencedTickets).toEqual([]);
    const b = await check('Below is the latest update from the customer on our Zendesk ticket (#5521 on our side). Their Account ID is 52017.', { subject: 'Re: [TD Support #81234] Workflow failing' });
    expect(b.referencedTickets).toEqual(['81234']);
    const ja = await check('弊社ヘルプデスクに届いたお問い合わせを転送いたします。\n\nリクエスト (#21544) が更新されました。\n\nアカウントID:62281 / 東京リージョン');
    expect(ja.referencedTickets).toEqual([]);
  });
  it("a comment header's stamp ('木村 沙織 (株式会社ルミエール化粧品)' / '2026年5月15日 11:24') needs no zone; a labelled time ('発生日時 (サーバー)' / '2026-05-14 10:11') does", async () => {
    const header = await check('お問い合わせを転送いたします。\n\n木村 沙織 (株式会社ルミエール化粧品)\n\n2026年5月15日 11:24\n\nSourcesの画面で赤いエラーが表示されています。アカウントID:62281');
    expect(header.items.timezone.present).toBe(true);
    const label = await check('取り込みが失敗しました。アカウントID:62281\n\n発生日時 (サーバー)\n2026-05-14 10:11');
    expect(label.items.timezone.present).toBe(false);
  });
  it("'this is the first time we've contacted Treasure Data support' mentions no earlier inquiry; 'as requested by your colleague' does", async () => {
    const first = await check("Apologies if this is the wrong address - this is the first time we've contacted Treasure Data support. The pytd query fails with 403. Account 10423.");
    expect(first.items.related_ticket.present).toBe(true);
    const asked = await check('As requested by your colleague in our previous exchange, please find attached the signed approval letter for changing the Account Owner of account 9917 (US).', { subject: 'Account owner change' });
    expect(asked.items.related_ticket.present).toBe(false);
  });
  it("goals: 'Our compliance auditors require us to keep an audit trail…', '…を表示する機能を追加する案件です', 'What we're after: …, so\\ntheir 物流 planning team can use it'", async () => {
    const audit = await check('Our compliance auditors require us to keep an audit trail of every scheduled data transfer for 13 months.\n\nHow long are workflow session records retained in Treasure Data?');
    expect(audit.items.goal.present).toBe(true);
    const feature = await check('エンドユーザー様のECサイト管理画面に、「昨日の売上ランキング」を表示する機能を追加する案件です。JDBCで接続するとエラーになります。');
    expect(feature.items.goal.present).toBe(true);
    const after = await check("The weekly export from TD Toolbelt fails with Auth fail since Monday, job 2094471805.\n\nThe job drops a weekly shipment summary on the client's SFTP server every Monday, so\ntheir 物流 planning team can use it in their weekly meeting.");
    expect(after.items.goal.present).toBe(true);
    const label = await check("What we're after: a weekly shipment summary on the client's SFTP server.\n\nThe export fails with Auth fail, job 2094471805.");
    expect(label.items.goal.present).toBe(true);
  });
  it("'Google広告側の仕様について教えていただきたいです' asks another vendor's specification; 'How long does TD keep the result…?' asks the service's, whatever the purpose names", async () => {
    const google = await check('Audience StudioのActivationでGoogle広告(カスタマーマッチ)へセグメントを連携しています。TD側のActivationは毎回正常終了しており、エラーは出ていません。\n\nそこで、Google広告側の仕様について教えていただきたいです。\n1. カスタマーマッチのリストがアップロードされてから、配信に使えるようになるまで通常どのくらいかかるのでしょうか。', { subject: 'Google広告のカスタマーマッチの仕様について' });
    expect(google.category).toBe('third_party_spec');
    const retention = await check('Our integration issues a Presto query through the REST API and downloads the result afterwards.\n\n1. How long does TD keep the result of a finished job, so that GET /v3/job/result still works?\n\nWe want to decide whether our integration can simply retry the download the next morning when the Salesforce side is in maintenance.', { subject: 'Question: how long are job results available via REST API?' });
    expect(retention.category).toBe('spec');
  });
  it("'Could your team review the design and tell us whether this is the recommended way to do incremental merges' asks for a design review", async () => {
    const review = await check("We're designing a workflow for a client (account 15530, EU) that pulls changed rows from their Snowflake every 15 minutes and merges them into a TD customer table.\n\nCould your team review the design and tell us whether this is the recommended way to do incremental merges in TD, or suggest a better pattern?");
    expect(review.category).toBe('implementation');
  });
  it('a HAR file sent as application/octet-stream is text: the bearer token in its request headers is found', async () => {
    const har = JSON.stringify({ log: { entries: [{ request: { method: 'PUT', url: 'https://console.example/app/x', headers: [{ name: 'authorization', value: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk' }] } }] } }, null, 2);
    const a = analyse(await parseMail(emlWith('The segment does not save, HAR attached.', { name: 'console.har', type: 'application/octet-stream', content: har })), rules);
    expect(a.secrets.map((x) => x.kind)).toContain('bearer_token');
  });
  it('the calls in an attached script (load_orders.py, get_result.sh) are the command run, prompt or not', async () => {
    const py = analyse(await parseMail(emlWith('pytd の bulk_import が失敗します。スクリプトを添付します。アカウントID:30551', { name: 'load_orders.py', type: 'text/x-python', content: 'import pytd\nclient = pytd.Client(apikey=os.environ["TD_API_KEY"], endpoint="https://api.treasuredata.co.jp/")\nclient.load_table_from_dataframe(df, "ec.orders", writer="bulk_import", if_exists="append")\n' })), rules);
    expect(py.items.command.present).toBe(true);
    const sh = analyse(await parseMail(emlWith('REST APIでジョブ結果を取得すると404になります。スクリプトを添付します。', { name: 'get_result.sh', type: 'application/x-shar', content: '#!/bin/bash\ncurl -s -H "Authorization: TD1 $TD_API_KEY" https://api.treasuredata.co.jp/v3/job/result/2231190475?format=json\n' })), rules);
    expect(sh.items.command.present).toBe(true);
  });
});

describe('readings from the holdout256-259 round', () => {
  it("the line under a 'Command:' label is the command run ('dbt run --select stg_orders+ --target prod')", async () => {
    const dbt = await check('Since Monday every model fails against the Presto endpoint api-presto.treasuredata.com.\n\nCommand:\n\n    dbt run --select stg_orders+ --target prod\n\nOutput:\n\n    TrinoUserError(type=USER_ERROR, name=SYNTAX_ERROR)');
    expect(dbt.items.command.present).toBe(true);
  });
  it("'チケット番号が手元で分からなくなってしまいました' and '誤って…pushしてしまいました' report no failure", async () => {
    const lost = await check('Treasure Workflow の仕様について確認させてください。td wf push で新しいリビジョンをアップロードした際、実行中のセッションは旧リビジョンの定義のまま実行されるのでしょうか。\n\nなお、以前にも似たような件でお問い合わせしたことがあるのですが、チケット番号が手元で分からなくなってしまいました。');
    expect(lost.category).toBe('spec');
    const leak = await check('弊社エンジニアが誤って\nTDのマスターAPIキーを含む設定ファイルをGitHubのパブリックリポジトリに\npushしてしまいました。\n\nお願いしたいこと\n1. 上記キーを使って5/28以降に、弊社の固定IP以外からAPIアクセスがあったかどうか、アクセスログをご確認いただけないでしょうか。');
    expect(leak.category).toBe('request');
  });
  it("goals: '…売上ダッシュボードで見ている、その元になる集計です', '決算短信用に、…集計するSaved Query', \"finance team wants one sheet that keeps a rolling 30-day history\"", async () => {
    const board = await check('TDで日次の店舗別売上テーブルを作り、BigQuery にロードして Looker Studio の売上ダッシュボードで見ている、その元になる集計です。td query が失敗するようになりました。');
    expect(board.items.goal.present).toBe(true);
    const closing = await check('エンドユーザー様の決算短信用に、事業部別の売上を集計するSaved Queryがエラーになります。');
    expect(closing.items.goal.present).toBe(true);
    const sheet = await check("Quick question on how the Google Sheets result export behaves. Our client's finance team wants one sheet that keeps a rolling 30-day history of the daily KPIs.\n\nWith mode append, does TD write below the last non-empty row?");
    expect(sheet.items.goal.present).toBe(true);
  });
  it("'Could you confirm whether this error comes from … the Salesforce side, or from the source configuration in TD?' asks about the failure shown", async () => {
    const where = await check("Since June 3 the Opportunity source fails on every nightly run.\n\nError: org.embulk.config.ConfigException: Salesforce API error: INVALID_FIELD: No such column 'Discount_Reason__c' on entity 'Opportunity'.\n\nCould you confirm whether this error comes from the permissions of the integration user on the Salesforce side, or from the source configuration in TD?");
    expect(where.category).toBe('error');
  });
  it("'It ran as expected at the end of March' tells when it last worked", async () => {
    const ran = await check('Our month-end workflow did not kick off on April 30. There is no failed session.\n\nIt ran as expected at the end of March (Mar 31, 10 PM Pacific).');
    expect(ran.items.history.present).toBe(true);
  });
  it("an inline image's placeholder ('[cid:image001.png@01DC…]') under 'screenshot below:' is no error text", async () => {
    const shot = await check('The Google Ads activation stopped working this week.\n\nThe activation log only shows a red banner, screenshot below:\n[cid:image001.png@01DCF8D1.6B0E2C40]\n\nWhat we have checked so far:\n  *   The client’s Google Ads admin re-authorized the OAuth connection on June 8\n\nCould you tell us what is causing this?');
    expect(shot.items.error_message.present).toBe(false);
    // nor is the question to support right under it
    const asked = await check('The Google Ads activation stopped working this week.\n\nThe activation log only shows a red banner, screenshot below:\n[cid:image001.png@01DCF8D1.6B0E2C40]\n\nCould you tell us what is causing this?');
    expect(asked.items.error_message.present).toBe(false);
  });
  it("a link whose address only the HTML part has (Apple Mail's plain text drops it) is read with its words", async () => {
    // (a plain part long enough not to be taken for a stub of the HTML one)
    const story = '昨日までは同じ親セグメントで問題なくセグメントを保存できていました。条件を変えて何度か保存し直しましたが、同じエラーです。'.repeat(8);
    const html = `<div>Audience Studio で<a href="https://console.treasuredata.co.jp/app/ps/3398/se/771204/edit">こちらのセグメント</a>を保存しようとするとエラーになります。</div><div>${story}</div>`;
    const raw = Buffer.from(
      ['From: Partner <p@partner.example.com>', 'To: support@td-support.example.com', 'Subject: segment', 'Message-ID: <t3@partner.example.com>', 'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '',
        'Audience Studio でこちらのセグメントを保存しようとするとエラーになります。', story, '--b', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', html, '--b--', ''].join('\r\n'),
    );
    const a = analyse(await parseMail(raw), rules);
    expect(a.items.console_url.present).toBe(true);
    expect(a.items.target_id.values).toContain('other:771204');
  });
});

describe('readings from the holdout260-263 round', () => {
  it("'around 08.15', 'at 09.40' are clock times (the dot as in Indonesia); 'about 10.45 GB' is not", async () => {
    const dot = await check('The td import fails with access denied. I ran it around 08.15 and again at 09.40 with the same result. Job 2231190475.');
    expect(dot.items.timezone.present).toBe(false);
    const size = await check('The td import fails with access denied for a file of about 10.45 GB. Job 2231190475.');
    expect(size.items.timezone.present).toBe(true);
  });
  it("Fluentd's 'aws_sec_key' labels an AWS secret key", async () => {
    const fluentd = await check('<match app.**>\n  @type s3\n  aws_key_id AKIAQ7XK3M5N2P4R6T8V\n  aws_sec_key 9fKx2LmQ7vR4tW1yZ8bN3cD6eH0jP5sU2aG7kT4w\n</match>');
    expect(fluentd.secrets.map((x) => x.kind)).toContain('aws_secret_key');
  });
  it("history: 'それまでは…メンバー数が随時増えていました', '今日の21時ごろから急に失敗し続けていて', '昨日の夕方から、一部のログだけが TD に入らず欠損しています'", async () => {
    const before = await check('条件を変更して保存したところ、セグメントのメンバーが更新されなくなりました。それまでは JS SDK から取り込んでいるイベントでメンバー数が随時増えていました。');
    expect(before.items.history.present).toBe(true);
    const tonight = await check('Android アプリで、TD へのイベント送信がエラーになっています。今日の21時ごろから急に失敗し続けていて、Logcat には 413 が出ています。');
    expect(tonight.items.history.present).toBe(true);
    const lost = await check('Fluent Bit の td 出力プラグインで TD に集約しています。昨日の夕方から、一部のログだけが TD に入らず欠損しています。');
    expect(lost.items.history.present).toBe(true);
  });
  it("goals: '…where the marketing team runs their daily traffic reports', 'use the app_events table for the monthly billing reconciliation', 'the one-month deadline under the GDPR', 'ご本人へ開示する必要があります', '社内規程の保持期間…経過後に削除する'", async () => {
    const reports = await check('Their nginx access logs are shipped with td-agent into TD, where the marketing team runs their daily traffic reports on them. Since yesterday every flush fails with 401.');
    expect(reports.items.goal.present).toBe(true);
    const billing = await check('They use the app_events table for the monthly billing reconciliation with their marketplace partners, so exact row counts matter. We see duplicates since June 2.');
    expect(billing.items.goal.present).toBe(true);
    const deadline = await check('Their weekly erasure workflow has failed three Sundays in a row, and they have a backlog of erasure requests that must be completed before 29 May (the one-month deadline under the GDPR).');
    expect(deadline.items.goal.present).toBe(true);
    const disclose = await check('個人情報の開示請求があった会員について、保有している購買履歴をCSVで出力し、ご本人へ開示する必要があります。td query がエラーになりました。');
    expect(disclose.items.goal.present).toBe(true);
    const purge = await check('退会会員の個人情報を社内規程の保持期間(退会後1年)経過後に削除するワークフローを運用しています。先週からタスクが失敗しています。');
    expect(purge.items.goal.present).toBe(true);
  });
  it("'As you suggested in your reply to my colleague last week' mentions an earlier inquiry; 'worked … for the previous request (job 2291874405)' does not", async () => {
    const suggested = await check('As you suggested in your reply to my colleague last week, we now import the backfill with td table:import, and it fails with an error.');
    expect(suggested.items.related_ticket.present).toBe(false);
    const run = await check('The same saved query worked on May 6 for the previous request (job 2291874405). Now the export fails with AccessDenied.');
    expect(run.items.related_ticket.present).toBe(true);
  });
});

describe('readings from the holdout264-267 round', () => {
  it("'Journey ID: 6031' is a process ID", async () => {
    const journey = await check('One of the journeys we manage is failing at its Braze activation step.\n\nAccount ID: 10927 (US region)\nJourney ID: 6031 ("Winback Q2")');
    expect(journey.items.target_id.values).toContain('other:6031');
  });
  it("goals: 'The client wants the winback offer live before their Memorial Day sale', 'The dashboard gives store managers yesterday's sales…'", async () => {
    const live = await check('The journey moves lapsed buyers into a Braze canvas. The client wants the winback offer live before their Memorial Day sale. Since Monday the activation fails on every run.');
    expect(live.items.goal.present).toBe(true);
    const managers = await check("Their store sales dashboard in Power BI has stopped refreshing. The dashboard gives store managers yesterday's sales by store and category every morning.");
    expect(managers.items.goal.present).toBe(true);
  });
  it("'`td -k <new key> db:list`' is a td command run (an option's value masked in words, closing its inline code)", async () => {
    const masked = await check('The td-agent flushes fail with 401 since the key rotation. We checked that the new key itself works: `td -k <new key> db:list` from the same host lists the databases fine.');
    expect(masked.items.command.present).toBe(true);
  });
  it("a run's bare status quoted ('画面上では赤く「failed」と表示されるだけ') is no error text", async () => {
    const status = await check('エラーは +export_scores タスクで起きているようですが、画面上では赤く「failed」と\n表示されるだけで、詳細メッセージの見方がわかりませんでした。');
    expect(status.items.error_message.present).toBe(false);
  });
});

describe('readings from the holdout268-271 round', () => {
  it("'画面上部に赤字で以下が表示され、招待されない' leads into the message on the next line", async () => {
    const below = await check('3. 画面上部に赤字で以下が表示され、招待されない\n   Email has already been taken\n画面URL: https://console.treasuredata.co.jp/app/users/new');
    expect(below.items.error_message.present).toBe(true);
  });
  it("the sender's own Python converting files ('Shift_JISのCSVをPythonでUTF-8に変換しているのですが、…UnicodeDecodeError') asks a general programming question", async () => {
    const decode = await check("TDにアップロードする前処理として、基幹システムから出力されるShift_JISのCSVを\nPythonでUTF-8に変換しているのですが、一部のファイルで以下のエラーになります。\n\nUnicodeDecodeError: 'shift_jis' codec can't decode byte 0x87 in position 10423: illegal multibyte sequence\n\nencodingの指定を何にすればよいでしょうか。");
    expect(decode.category).toBe('general_it');
  });
  it("'…を、どう組み合わせるのがベストか、具体的に書き換えた例をいただけないでしょうか' asks for design help", async () => {
    const design = await check('本日午前の障害でワークフローが途中で止まりました。再発防止として、各タスクに自動リトライを入れたいと考えています。\n下記のdigファイルをベースに、_retry と _error をどう組み合わせるのがベストか、具体的に書き換えた例をいただけないでしょうか。');
    expect(design.category).toBe('implementation');
  });
  it("history and earlier contact: '今朝7時の定期実行から止まったまま', 'has been failing since about 1pm', '弊社長谷川から複数回ご連絡を差し上げております'", async () => {
    const stopped = await check('今朝より弊社長谷川から複数回ご連絡を差し上げております、本番ワークフロー停止の件でございます。今朝7時の定期実行から止まったままとなっております。');
    expect(stopped.category).toBe('error');
    expect(stopped.items.history.present).toBe(true);
    expect(stopped.items.related_ticket.present).toBe(false);
    const since = await check('Hi team, everything for Koala Retail has been failing since about 1pm, can someone pls look asap');
    expect(since.items.history.present).toBe(true);
  });
  it("goals: 'wants their analysts, who log in through SSO (…), to query the marketing database', '明日から始まるLINE広告キャンペーン用のオーディエンス'", async () => {
    const analysts = await check('Our customer wants their analysts, who log in through SSO (Okta with JIT user\nprovisioning), to query the marketing database from Data Workbench. Every SSO user created after the change gets a 403.');
    expect(analysts.items.goal.present).toBe(true);
    const line = await check('クライアントから、明日から始まるLINE広告キャンペーン用のオーディエンスがLINE側に届いていないと連絡がありました。');
    expect(line.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout272-275 round', () => {
  it("goals: 'dashboard (Power BI) is refreshed every morning from a table …', 'for the finance team's daily margin report', 'lands in our S3 bucket for the BI team', 'for their finance team's reconciliation'", async () => {
    const refreshed = await check("Their exec KPI dashboard (Power BI) is refreshed every morning from a table built by the daily_kpi workflow, and on Monday it still showed Saturday's numbers.");
    expect(refreshed.items.goal.present).toBe(true);
    const margin = await check("Our client pulls segment results every night into their Snowflake warehouse for the finance team's daily margin report. Since Monday the extract fails with a 403.");
    expect(margin.items.goal.present).toBe(true);
    const lands = await check('The daily CRM extract that lands in our S3 bucket for the BI team failed again this morning, job 2236640981.');
    expect(lands.items.goal.present).toBe(true);
    const reconcile = await check("We run a small Python job that pulls the previous day's loyalty transactions out of TD every morning and writes a CSV for their finance team's reconciliation. It fails with a 403.");
    expect(reconcile.items.goal.present).toBe(true);
  });
  it("IDs listed under a heading that names their kind ('Sessions from last night:' / '- 418230551  (…)') are process IDs", async () => {
    const listed = await check('Our daily order load runs twice every night since Monday and writes duplicate rows.\n\nSessions from last night:\n- 418230551  (hollis_orders / daily_load)     started 02:00\n- 418230577  (hollis_orders_v1 / daily_load)  started 02:00\n\nBoth succeeded.');
    expect(listed.items.target_id.values).toEqual(['session:418230551', 'session:418230577']);
    // a list under a heading that names no kind stays numbers
    const orders = await check('Orders missing from the export:\n- 418230551\n- 418230577');
    expect(orders.items.target_id.values).toEqual([]);
  });
  it("'パスワードは digdag secrets (pg.password) で登録しています' shows no password", async () => {
    const kept = await check('self-hosted の digdag で PostgreSQL に接続しています。\n    # パスワードは digdag secrets (pg.password) で登録しています');
    expect(kept.secrets).toEqual([]);
  });
});

describe('category: a question about behaviour against failures told plainly (open misses of earlier rounds)', () => {
  it("a spec question whose failure words are only supposed ('もし…失敗して…止まってしまうため', 'やり取りをお願いしてしまい、失礼いたしました') stays spec", async () => {
    const supposed = await check('【ご質問】\nSaved Query の Export Results To で MySQL に mode: replace で出力している場合、\nエクスポートの途中でエラーになったとき、出力先の既存テーブルはどうなりますか。\n\nもし出力が途中で失敗して空のテーブルが残ると、翌朝の店舗アプリが止まってしまうため、\n事前に把握しておきたいです。');
    expect(supposed.category).toBe('spec');
    const apology = await check('先日はチケット#221907にてご回答いただき、誠にありがとうございました。\nまた、こちらの説明不足で何度もやり取りをお願いしてしまい、失礼いたしました。\n\n1点だけ確認させてください。\nジョブの結果はいつまで保持されるのでしょうか。\nエンドユーザー様が月次の報告資料のために、過去のジョブ結果を後から取り直したいとのことです。');
    expect(apology.category).toBe('spec');
    expect(apology.items.goal.present).toBe(true);
  });
  it("failures told without error words: 'about a third are missing', 'the session for 7 June never ran', 'never goes away'", async () => {
    const rows = await check('since tuesday the game_events table in our clients account has a lot less rows per day, about a third are missing compared to last week. nothing changed on our side. can you check if something is wrong with the ingestion on your end?');
    expect(rows.category).toBe('error');
    const never = await check("On Monday the dashboard still showed Saturday's numbers because the session for 7 June never ran at all. So I suspect it was skipped because the previous one was still running. Can you confirm that from your side?");
    expect(never.category).toBe('error');
    // runs skipped in general, asked about, are no failure told
    const general = await check('What we want is one Slack alert when a run really fails, and nothing for runs that were skipped. How should we set this up?');
    expect(general.category).toBe('spec');
  });
  it("a form's choices ('【コンソール環境】 ［ ］ ※US／Tokyo／EU／Korea のいずれかを記入') give no site; one region chosen does", async () => {
    const offered = await check('【アカウントID】 ［ 60338 ］\n【コンソール環境】 ［ ］ ※US／Tokyo／EU／Korea のいずれかを記入\nAccount Ownerの変更をお願いします。');
    expect(offered.items.site.values).toEqual([]);
    const english = await check('Account ID: 60338\nConsole environment (US, EU, Tokyo or Korea): \nPlease change the account owner.');
    expect(english.items.site.values).toEqual([]);
    const chosen = await check('【アカウントID】 ［ 60338 ］\n【コンソール環境】 ［ Tokyo ］ ※US／Tokyo／EU／Korea のいずれかを記入\nAccount Ownerの変更をお願いします。');
    expect(chosen.items.site.values).toEqual(['ap01']);
  });
});

describe('readings from the holdout276-279 round', () => {
  it("a programming language's own library asked about ('Python の msgpack ライブラリの Unpacker の使い方がよくわかりません') is general IT", async () => {
    const lib = await check('ジョブ結果を /v3/job/result で取得したファイルを、\nPython でメモリに全部載せずに1行ずつ処理したいのですが、Python の msgpack ライブラリの\nUnpacker の使い方がよくわかりません。\n\n今は以下のように書いていますが、メモリ使用量が増え続けてしまいます。\n\n    data = msgpack.unpackb(f.read(), raw=False)\n\n逐次読み込みする一般的な書き方を教えていただけますでしょうか。');
    expect(lib.category).toBe('general_it');
  });
  it("the CLI without 'td' ('table:export が毎朝失敗する件'), its version ('td 0.17.1') and the Node client ('require(\"td\")', '504 from TD api') name the method", async () => {
    const sub = await check('cron から実行しているエクスポートが失敗するようになりました。アカウントID：52211', { subject: 'table:export が毎朝失敗する件' });
    expect(sub.channel).toBe('toolbelt');
    const version = await check('実行サーバー：RHEL 8.9、td 0.17.1 です。S3へのエクスポートが失敗します。');
    expect(version.channel).toBe('toolbelt');
    const node = await check("our node backend keeps getting 504s when it lists tables.\n\nconst TD = require('td');\nclient.listTables('web_events', cb);", { subject: '504 from TD api' });
    expect(node.channel).toBe('api');
  });
  it("history: 'もう一度 kill しましたが…running のまま', '昨日からデータが全く入ってきていない'", async () => {
    const killed = await check('ジョブ 2231200456 が終わりません。30分ほど前にもう一度 kill しましたが、td job:show では running のままです。');
    expect(killed.items.history.present).toBe(true);
    const since = await check('お客様（アカウントID 30991）が激怒されています。\n昨日からデータが全く入ってきていないとのことです。');
    expect(since.items.history.present).toBe(true);
  });
  it("'This is the first time we are asking for this, so there is no earlier ticket' mentions no earlier inquiry", async () => {
    const first = await check('Could you please export the list of all users (email, role, last login) for account 66120?\n\nThis is the first time we are asking for this, so there is no earlier ticket.');
    expect(first.items.related_ticket.present).toBe(true);
    expect(first.missing).not.toContain('related_ticket');
  });
  it("a goal told as what the failing thing feeds: 'runs the weekly pipeline review off the dashboard fed by this Salesforce source'", async () => {
    const fed = await check("Their sales leadership runs the weekly pipeline review off the dashboard fed by this Salesforce source, and Monday's review showed stale numbers. Every run since June 3 fails.");
    expect(fed.items.goal.present).toBe(true);
  });
  it("another vendor's side in Japanese ('BigQuery側のロードジョブの上限', '本来はGoogle側に問い合わせるべき内容') is its question; 'Criteo側の制限なのか、TD側の…問題なのか' over a failure stays error", async () => {
    const quota = await check('エンドユーザー様（アカウントID：61047、US環境）より、来週の全社データ基盤移行の方式決定に向けて、至急確認してほしいと依頼がありました。\n\nSaved QueryのExport Results ToでGoogle BigQueryへ結果を出力する構成を検討されているのですが、お客様のGoogle Cloud担当者から次の質問が来ています。\n\n1. BigQuery側のロードジョブの1日あたりの上限（テーブル単位・プロジェクト単位）はいくつか\n2. 上限を超えた場合、BigQuery側ではどのようなエラーになるか\n\n本来はGoogle側に問い合わせるべき内容かと存じますが、TDから連携した場合の実績値などご存じでしたら参考までにお教えください。', { subject: 'BigQuery側の上限（Export Results To BigQuery）について急ぎ確認させてください' });
    expect(quota.category).toBe('third_party_spec');
    const failing = await check('Criteoへのエクスポートが一昨日から失敗しています。Session ID: 512377804\n\n  Error: Criteo API returned 429 Too Many Requests\n\nCriteo側の制限なのか、TD側の送信方法の問題なのか切り分けたく、ご確認をお願いいたします。');
    expect(failing.category).toBe('error');
  });
  it("'台灣時間 6/11 09:00' carries its zone; 'data engineer in DAON Consulting (Seoul)' names no site; 'Segment activation … fail' is the console", async () => {
    const taiwan = await check('台灣時間 6/11 10:00 の執行から毎時失敗しています。');
    expect(taiwan.items.timezone.present).toBe(true);
    const office = await check('I am Seo-yeon Kim, data engineer in DAON Consulting (Seoul). Could you send the list of admin users of account 20331?');
    expect(office.items.site.values).toEqual([]);
    const activation = await check('Segment activation of our customer is fail again, customer very worry. Please help check asap.', { subject: 'URGENT - segment activation fail' });
    expect(activation.channel).toBe('console');
  });
});

describe('readings from the holdout280-283 round', () => {
  it("earlier contact: 'そのときサポートさんに問い合わせた際は…とご回答いただいた' is one; 'we raised the parallelism from 4 to 16 … before' is none", async () => {
    const asked = await check('ユーザー削除に伴ってAPIキーも無効になったのだと思うのですが、以前別のお客様で、\nユーザー削除後もしばらくキーが使えたケースがあり、そのときサポートさんに問い合わせた際は\n「削除後も一定時間は有効な場合がある」とご回答いただいた記憶があります。');
    expect(asked.items.related_ticket.present).toBe(false);
    const raised = await check('On Monday (Nov 30) we raised the parallelism from 4 to 16 workers so the run finishes before the 6:00 AM Eastern cut-off. Since then the run fails every night with HTTP 429.');
    expect(raised.items.related_ticket.present).toBe(true);
  });
  it("a goal as numbers made for a report ('月次キャンペーンレポートの数字を出すクエリ'); history as the state up to a date in a label row ('先週金曜（6/5）まで：約121,400人')", async () => {
    const report = await check('日向ビール様のTDで、月次キャンペーンレポートの数字を出すクエリを\nTDの画面（クエリエディタ）で実行したらエラーで止まってしまいました。');
    expect(report.items.goal.present).toBe(true);
    const rows = await check('Audience Studioで作成しているセグメントの人数が、今週に入って急に半分くらいになってしまいました。\n\n  先週金曜（6/5）まで：約121,400人\n  今週月曜（6/8）以降：約58,900人\n');
    expect(rows.items.history.present).toBe(true);
  });
  it("the service's connector named after a vendor ('Salesforce Source の増分取り込みの仕様') is the service's specification", async () => {
    const incremental = await check('以下のアカウントで、Salesforce Source の増分取り込み(Incremental)の仕様について\n確認させてください。\n\n  Account ID:51240\n\n1. ジョブが失敗した場合、次回は失敗した回の範囲も含めて再取得されますか。\n\nなお、そのときの回答(失敗時はlast_recordが更新されない)が現在も同じか確認したい意図もございます。', { subject: 'Salesforce Sourceの増分取り込み(Incremental)の仕様について' });
    expect(incremental.category).toBe('spec');
  });
  it("listings and general IT: 'Sources(Salesforce、HubSpot など)の一覧を出力', 'two SQL questions', 'the usual way to write … in standard SQL'", async () => {
    const sources = await check('顧客のアカウント(Account ID: 27705)で設定されているSources(Salesforce、HubSpot、\nkintone、Googleスプレッドシート、Marketo など)の一覧を出力していただけないでしょうか。');
    expect(sources.category).toBe('object_listing');
    const sql = await check('We are migrating the management reports of a bank from Oracle Database to Presto SQL. Could you kindly advise on the two SQL questions below?\n\n1. What is the usual way to write the same result in standard SQL without CONNECT BY?');
    expect(sql.category).toBe('general_it');
  });
  it("'these are about how HubSpot's own API behaves, not about a failure in TD' frames a vendor question; '17,000 customers missing' tells a failure", async () => {
    const vendor = await check("Forwarding our client's questions. To be clear, these are about how HubSpot's own API behaves, not about a failure in TD: the HubSpot source in their account runs fine every night.\n\n1. Does HubSpot's CRM v3 API return archived contacts at all unless archived=true is passed?");
    expect(vendor.category).toBe('third_party_spec');
    const missing = await check('The segment shows 48,210 profiles in Audience Studio, but the last file that arrived in Braze only contained 31,002 customers.\n\nActivation job ID (from the activation log, last night\'s run at 01:00 CEST): 2604418871\n\nWe\'d like to understand where the ~17,000 customers go.', { subject: 'Segment count vs. exported file - 17,000 customers missing?' });
    expect(missing.category).toBe('error');
    expect(missing.items.target_id.values).toContain('job:2604418871');
  });
  it("a spec asked for a design document ('…終わらない場合の動作を基本設計書に明記する必要があるため、仕様をご教示') is spec; 'Other jobs affected today: N and M' lists jobs", async () => {
    const design = await check('大雨時などデータ量が増加し、前回の処理が10分以内に終わらない場合の動作を\n基本設計書に明記する必要があるため、仕様をご教示いただけますでしょうか。\n\n(1) 前回のセッションが実行中のまま次のスケジュール時刻を迎えた場合、新しいセッションは並行して起動されるのでしょうか。');
    expect(design.category).toBe('spec');
    const jobs = await check('GET /v3/job/status/2203318876 returns HTTP 500 now and then.\n   - Other jobs affected today: 2203319904 and 2203402217.');
    expect(jobs.items.target_id.values).toEqual(['job:2203318876', 'job:2203319904', 'job:2203402217']);
  });
});

describe('readings from the holdout284-287 round', () => {
  it("the sender's own mail sent before ('先ほどのメールでログを添付し忘れておりました', 'my mail from this morning went out without the log') is an earlier inquiry; '午前中のメール配信' is none", async () => {
    const ja = await check('先ほどのメールでログを添付し忘れておりました。申し訳ございません。\n--verbose を付けて再実行した際のログを添付いたします。', { subject: 'Re: TD Toolbeltでのインポートが401エラーになる件' });
    expect(ja.items.related_ticket.present).toBe(false);
    const en = await check("I just noticed that my mail from this morning went out without the export log I mentioned in it. The log is attached now.");
    expect(en.items.related_ticket.present).toBe(false);
    const mailing = await check('会員マスタを毎朝CDPの親セグメントに反映させる処理で、午前中のメール配信の対象者抽出に影響が出ております。');
    expect(mailing.items.related_ticket.present).toBe(true);
  });
  it("a subject tag is its own context: '[TD Support #232587] JDBC接続時にSSLHandshakeExceptionが発生する件' names ticket 232587", async () => {
    const tagged = await check('先ほどお送りした内容に、実行環境を書き漏らしておりましたので追記いたします。', { subject: 'Re: [TD Support #232587] JDBC接続時にSSLHandshakeExceptionが発生する件' });
    expect(tagged.referencedTickets).toEqual(['232587']);
    expect(tagged.items.related_ticket.present).toBe(true);
  });
  it("failures told plainly: 'page views aren't showing up in Treasure Data', 'most events arrive two or three times'; 'The attempt that fails is 88120465'", async () => {
    const missing = await check("Our client just pinged me that their page views aren't showing up in Treasure Data. Can you take a look asap?", { subject: 'Page views missing??' });
    expect(missing.category).toBe('error');
    const twice = await check('Since the Android release of version 3.2.0, most events arrive two or three times. And is there a supported way to get rid of the duplicates on the TD side?');
    expect(twice.category).toBe('error');
    const attempt = await check('Sorry, I gave you the wrong ID in my first mail. The attempt that fails is 88120465 (copied from the run history).');
    expect(attempt.items.target_id.values).toEqual(['attempt:88120465']);
  });
  it("goals: 'uses a saved query … to decide which landing pages get paid traffic', \"We're helping Westfield Bank (…) rebuild their churn model\", '報告会でモデルの結果を出さないといけない'; td-spark calls are the command", async () => {
    const decide = await check('Our client uses a saved query on the pageviews table written by their JS tag to decide which landing pages get paid traffic each week. It failed this morning.');
    expect(decide.items.goal.present).toBe(true);
    const helping = await check("We're helping Westfield Bank (Account ID 91220, US - console.treasuredata.com) rebuild their churn model, and the notebook stops working when it loads the table.");
    expect(helping.items.goal.present).toBe(true);
    const meeting = await check('お客さんのところでノートブックからTDのデータが急に取れなくなりました。\n明日の朝イチの報告会でモデルの結果を出さないといけないので、至急確認お願いできますか。');
    expect(meeting.items.goal.present).toBe(true);
    const spark = await check('Every run of the notebook fails at the first read with a 403.\n\nimport td_pyspark\ntd = td_pyspark.TDSparkContext(spark)\ncontracts = td.table("nordwind_crm.contracts").within("-90d").df()');
    expect(spark.items.command.present).toBe(true);
  });
});

describe('readings from the holdout288-291 round', () => {
  it("a template's hints ('・Account ID（例：10101）：確認中', 'Job ID / Session ID（例：123456789）：上記参照') give no values", async () => {
    const hints = await check('・Account ID（例：10101）：確認中\n・Console Environment（例：production-us01）：確認中\n・Job ID / Session ID（例：123456789）：上記参照\nジョブが失敗します。');
    expect(hints.items.account_id.values).toEqual([]);
    expect(hints.items.site.values).toEqual([]);
    expect(hints.items.target_id.values).toEqual([]);
  });
  it("a pasted chat's message headers ('山本 美咲 16:12', '[5/12 8:02 AM] Daniel Okafor (Bluefin Retail)') are no event times; a time in a message is", async () => {
    const chat = await check('LINE WORKS のトークを貼ります。\n\n山本 美咲 16:12\n保存を押すとエラーになります\n石川 拓也 16:20\n昨日（5/12 日本時間17時頃）の時点では保存できてたよね？\n山本 美咲 16:22\nはい、そこまでは保存できてました');
    expect(chat.items.timezone.present).toBe(true);
    const teams = await check('[5/12 8:02 AM] Daniel Okafor (Bluefin Retail)\nThe export failed again.\n[5/12 8:05 AM] Priya Nair\nWhich job?\n[5/12 8:06 AM] Daniel Okafor (Bluefin Retail)\nThe one that runs at 2am.');
    expect(teams.items.timezone.values).toEqual(['2am.']);
    // one such line alone is an event
    const lone = await check('Schedule 02:00\nThe export failed last night.');
    expect(lone.items.timezone.present).toBe(false);
  });
  it("'別の環境にクエリを投げてしまう事故を防ぐため' supposes an accident; 'the same script … without any problem' tells history; '別のクライアント様の件（#70877）でも…ご相談中' names a ticket", async () => {
    const prevent = await check('クライアントを取り違えて別の環境にクエリを投げてしまう事故を防ぐため、接続先の切り替え方法を整理したいと考えています。\n\n質問\n1. 設定ファイルの endpoint と -e オプションを同時に指定した場合、どれが優先されますか。');
    expect(prevent.category).toBe('spec');
    const same = await check('Downloading the result of job 2210458813 returns 404.\n\nThe same script pulled the result of job 2210397710 for another client this morning without any problem.');
    expect(same.items.history.present).toBe(true);
    const other = await check('なお、弊社で担当している別のクライアント様の件（#70877）でも似たエラーをご相談中ですが、別件としてご確認いただけますと幸いです。');
    expect(other.referencedTickets).toEqual(['70877']);
  });
  it("'td query fails - SSL cert verify | AID 40592 | US' names the site after the account", async () => {
    const piped = await check('Env: Windows Server 2022, td 0.17.1\nCommand:\n  PS C:\\etl> td query -w -d web_logs "select 1"', { subject: 'td query fails - SSL cert verify | AID 40592 | US' });
    expect(piped.items.site.values).toEqual(['us01']);
  });
  it("'クーポン配信を今日中にやり直したいので' is a wish", async () => {
    const redo = await check('アクティベーションのステータスがFailedになってました。\nクーポン配信を今日中にやり直したいので、原因と回避方法をご教示いただけますでしょうか。');
    expect(redo.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout292-295 round', () => {
  it("a template's field left blank ('・経緯：' above the closing) tells no history", async () => {
    const blank = await check('御社ガイドラインのテンプレートに沿って記載します。\n\n・実行方法：Treasure Workflow をコンソールから手動実行\n・エラーメッセージ全文：\n  Task failed with unexpected error: HTTP 520\n・経緯：\n\nよろしくお願いいたします。');
    expect(blank.items.history.present).toBe(false);
    const filled = await check('・エラーメッセージ全文：\n  Task failed with unexpected error: HTTP 520\n・経緯：\n  6/1までは正常に終了していました。\n\nよろしくお願いいたします。');
    expect(filled.items.history.present).toBe(true);
  });
  it("accounts told in prose: 'whose TD account (ID 70331) lives on the US site', 'The account in question is 41877', 'アカウントアイディー 40217'", async () => {
    const bracket = await check('We look after a client of ours, Cobalt Fitness, whose TD account (ID 70331) lives on the US site.');
    expect(bracket.items.account_id.values).toEqual(['70331']);
    const question = await check('Sofia already has a user in the account. The account in question is 41877, which they access through console.eu01.treasuredata.com.');
    expect(question.items.account_id.values).toEqual(['41877']);
    const spoken = await check('エンドユーザー様のアカウントアイディー 40217 東京リージョンです');
    expect(spoken.items.account_id.values).toEqual(['40217']);
  });
  it("'ジョブIDでいうと' / '2244618302 が失敗' across a wrap is a job; a failure whose cause is known and whose retry went through is background", async () => {
    const wrapped = await check('直近では5月12日の実行分、ジョブIDでいうと\n2244618302 が失敗しております。');
    expect(wrapped.items.target_id.values).toEqual(['job:2244618302']);
    const settled = await check('ワークフローのRetryの仕様について質問させてください。\n\n先週末、土曜 3:00 JST の定期実行(Session ID：88012345)が失敗しました。原因はメンテナンスと判明しており、日曜にコンソールからRetryして正常終了しています。\n\n1. 失敗したセッションをRetryした場合、${session_time} は元のセッションの値のままでしょうか。');
    expect(settled.category).toBe('spec');
  });
  it("times: a zone on the line the client wrapped before the time ('…日本時間の5月7日' / '（木）9時過ぎ'), not one that belongs to a time of its own; 'td import:upload died … around 11pm' tells an event", async () => {
    const wrapped = await check('最後に正常に終わったのは日本時間の5月7日\n（木）9時過ぎの実行でした。');
    expect(wrapped.items.timezone.present).toBe(true);
    const own = await check('We first saw it at 14:05 UTC on Monday 11 May; it has failed on every scheduled run since, the last one\nthis morning at 8:15.');
    expect(own.items.timezone.present).toBe(false);
    const command = await check('td import:upload died on sunday night around 11pm. output below\n\n$ td import:upload --auto-create web.events ./parts/*.msgpack.gz\nError: 504: Gateway Timeout');
    expect(command.items.timezone.present).toBe(false);
  });
  it("dictated mail: 'ジョブアイディーは 2 0 4 1 7 7 3 5 0 8 です' is one job; 'does the new session wait or do they run in parallel' asks without its mark", async () => {
    const spaced = await check('保存済みクエリからS3に出力しているジョブがエラーになります\nジョブアイディーは 2 0 4 1 7 7 3 5 0 8 です');
    expect(spaced.items.target_id.values).toEqual(['job:2041773508']);
    const dictated = await check('Quick question dictated while walking so forgive the lack of punctuation\n\naccount ID 61804 production us01\n\nwe have a scheduled treasure workflow that runs at 3 am every day and we use the underscore retry option on the main task\nif a session is still retrying when the next scheduled run starts does the new session wait or do they run in parallel\nalso does underscore retry run the whole workflow again or only the failed task', { subject: 'question about retry on scheduled workflows' });
    expect(dictated.category).toBe('spec');
  });
  it("'上限を一時的に引き上げていただくことは可能でしょうか' asks for a change (request)", async () => {
    const raise = await check('移行期間中(2026/5/2〜5/6)のみ、Presto の同時実行数の上限を一時的に引き上げていただくことは可能でしょうか。\nご契約内容の変更は想定しておらず、移行期間中のみの一時的な設定変更としてご相談させていただいております。');
    expect(raise.category).toBe('request');
  });
  it("'oh and it's the tokyo env' names the site; '各店長へお配りしている売上レポート' is a goal", async () => {
    const env = await check("a job failed for our client, acct id 77402, can you check what happened?\n\noh and it's the tokyo env");
    expect(env.items.site.values).toEqual(['ap01']);
    const report = await check('毎週月曜の朝に各店長へお配りしている売上レポートに先週分の数字が入っていないと、お客様からご指摘をいただきました。');
    expect(report.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout296-299 round', () => {
  it("a ticket number in brackets further on in the sentence that tells the inquiry: '…had a ticket with you about pytd timeouts in March (#180377)', '…asked support about … (#172954' wrapped before 'according to his notes)'", async () => {
    const later = await check("Sarah had a ticket with you about pytd timeouts in March (#180377), in case that's useful background.");
    expect(later.items.related_ticket.values).toEqual(['180377']);
    const wrapped = await check('Tom also asked support about result downloads back in February (#172954\naccording to his notes), but as far as I can tell that one was about CSV encoding.');
    expect(wrapped.items.related_ticket.values).toEqual(['172954']);
    expect(wrapped.items.related_ticket.present).toBe(true);
  });
  it("the sender says the method is unknown ('実行方法（Saved Queryか、Workflowか等）については…記載がなく、現在確認中です'): a console URL is no method", async () => {
    const unknown = await check('・失敗したジョブ：https://console.treasuredata.com/app/jobs/2079461188\n・エラーメッセージ（ジョブ詳細画面よりコピー）：\nQuery exceeded per-node user memory limit of 8.80GB\n\n実行方法（Saved Queryか、Workflowか等）については、前任のメモに記載がなく、現在確認中です。');
    expect(unknown.channel).toBe('unknown');
    expect(unknown.missing).toContain('method');
    const english = await check("The job https://console.treasuredata.com/app/jobs/2079461188 failed with: Query exceeded per-node user memory limit of 8.80GB\nI'm not sure yet whether it runs as a saved query or from a workflow, my predecessor's notes don't say.");
    expect(english.channel).toBe('unknown');
  });
  it("a place in a list after a word that is no label ('a hotel booking site operating in Thailand, Korea and Japan') is no site; 'Account ID 12345, US' still is", async () => {
    const listed = await check("I'm working with StayFinder, an online hotel booking site operating in Thailand, Korea and Japan. They use console.treasuredata.com.");
    expect(listed.items.site.values).toEqual(['us01']);
    const account = await check('Account ID 48213, US. The export to SFTP fails with "Permission denied".');
    expect(account.items.site.values).toEqual(['us01']);
  });
  it("goals: 'build a daily CSV … for StayFinder's call-centre team', '… and produces the daily best-execution report that Compliance files', 'This is holding up the month-end regulatory submission'", async () => {
    const team = await check("We are about to build a daily CSV of upcoming reservations for StayFinder's call-centre team in Bangkok, produced by a saved query with Export Results To -> SFTP. Which encoding does the export write?");
    expect(team.items.goal.present).toBe(true);
    const produces = await check('It connects to Treasure Data through the TD JDBC driver (td-jdbc 0.5.10) and produces the daily best-execution report that Compliance files as part of our record keeping. Since Monday the nightly run fails.');
    expect(produces.items.goal.present).toBe(true);
    const stake = await check('Support - our overnight load failed at 11:40pm. This is holding up the month-end regulatory submission to the Fed. Please investigate immediately.');
    expect(stake.items.goal.present).toBe(true);
    const empty = await check('Since Monday it starts at 6am JST and produces an empty report.');
    expect(empty.items.goal.present).toBe(false);
  });
  it("'I know this is really an Azure question' frames a question about IoT Hub's behaviour as another vendor's", async () => {
    const azure = await check("TD imports the blobs every hour with the Azure Blob Storage data connector. Before we move the import schedule we'd like to understand IoT Hub's behaviour:\n\n1. Can a message enqueued at the end of an hour end up in a blob whose name carries the next hour?\n2. Does IoT Hub guarantee that a blob, once visible, is never appended to later?\n\nI know this is really an Azure question, so any experience from other customers is welcome - nothing is failing on the TD side.");
    expect(azure.category).toBe('third_party_spec');
  });
  it("an account ID in an attachment's name the sender points to ('…_AID73306_owner_change_confirmation.pdf')", async () => {
    const raw = emlWith('Please change the Account Owner of Shannon Polymers\' TD account to Niamh Ryan. The signed confirmation is attached (the file name has their account ID).', { name: 'ShannonPolymers_AID73306_owner_change_confirmation.pdf', type: 'application/pdf', content: '%PDF-1.4 test' });
    const a = analyse(await parseMail(raw), rules);
    expect(a.items.account_id.values).toEqual(['73306']);
    const other = emlWith('Please change the Account Owner of our TD account to Niamh Ryan.', { name: 'owner_change_2026_04.pdf', type: 'application/pdf', content: '%PDF-1.4 test' });
    expect(analyse(await parseMail(other), rules).items.account_id.present).toBe(false);
  });
});

describe('readings from the holdout300-303 round', () => {
  it("a process ID in an attachment's name ('source-run-job-2210045876-error.png'), not a CI system's short job ('job-7741203-smoke-run.log')", async () => {
    const shot = emlWith('The BigQuery source run failed again this morning, see the attached screenshot.', { name: 'source-run-job-2210045876-error.png', type: 'image/png', content: 'x' });
    expect(analyse(await parseMail(shot), rules).items.target_id.values).toEqual(['job:2210045876']);
    const ci = emlWith('Our GitLab pipeline fails at td wf push, log attached.', { name: 'job-7741203-smoke-run.log', type: 'text/plain', content: 'ok' });
    expect(analyse(await parseMail(ci), rules).items.target_id.values).toEqual([]);
  });
  it("'TDのお問い合わせは今回が初めてです' after '4月に入社したばかりで' tells no earlier inquiry", async () => {
    const first = await check('4月に入社したばかりで、TDのお問い合わせは今回が初めてです。\nワークフロー「daily_crm_load」のセッション 4471023 が今朝失敗していました。');
    expect(first.items.related_ticket.present).toBe(true);
  });
  it("the sender says it is no failure report: 'なし（エラーではなく仕様のご質問のため）', '本件はエラーの調査依頼ではなく、LINE側の仕様についての確認です'", async () => {
    const spec = await check('  Account ID          : 66012\n  Job ID / Session ID : なし（エラーではなく仕様のご質問のため）\n\n【ご質問】\nワークフローのタスクに _retry を設定した場合、リトライの間隔を指数的に伸ばすことは可能でしょうか。\n\n【実現したいこと】\n夜間にMAツール側のAPIが混雑して一時的にエラーを返すことがあるため、連携ワークフローを自動で再試行させたいと考えております。');
    expect(spec.category).toBe('spec');
    const line = await check('自動返信でJob IDや経緯の記載をお願いされましたが、本件はエラーの調査依頼ではなく、\nLINE側（Messaging API）の仕様についての確認です。\n先方では Audience Studio から LINE へのアクティベーションで配信しています。\n\n確認したいのは以下の2点です。\n・LINE Messaging API の push / multicast のレートリミット\n・月間の送信上限を超えた場合、LINE側からどのようなエラーが返るか');
    // (no failure report; the forwarded end user's mail about LINE's API, in the labelled set, makes it LINE's question)
    expect(line.category).not.toBe('error');
    expect(line.mainAsk).toBe('確認したいのは以下の2点です。');
  });
  it("'so something must have grown again' infers, it states no purpose; '…for the client's on-call team so they know whether retrying is safe' does", async () => {
    const inference = await check('We split the workflow after your advice in April and it had run cleanly every night since then, so something must have grown again. Session 95512873 failed at 01:10 BST.');
    expect(inference.items.goal.present).toBe(false);
    const know = await check("We are writing a short run-book for the client's on-call team so they know whether retrying is safe. Does Retry create a new session or a new attempt?");
    expect(know.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout304-307 round', () => {
  it("a flow's rhythm in a question names what is asked about ('When a saved query has Export Results To > SFTP and the file name is the same every day, does TD overwrite…?'), it states no goal", async () => {
    const asked = await check('When a saved query has Export Results To > SFTP and the file name is the same every day, does TD overwrite the existing file on the server or append to it?');
    expect(asked.items.goal.present).toBe(false);
  });
  it("history with a date in brackets after its time word: '昨日(5/14)は同じコマンドで、別のジョブ(2019870011)の結果は取得できていました'", async () => {
    const dated = await check('REST APIで結果を取得すると404が返ってきました。\n昨日(5/14)は同じコマンドで、別のジョブ(2019870011)の結果は取得できていました。');
    expect(dated.items.history.present).toBe(true);
  });
  it("earlier inquiries: a chased mail ('I sent an email last Thursday but haven't heard anything back'), support's earlier answer ('your team asked for a written confirmation … at that point')", async () => {
    const chased = await check("Second time writing about this - I sent an email last Thursday but haven't heard anything back. Could you please reset the two-factor authentication on my user? Account ID: 55019");
    expect(chased.items.related_ticket.present).toBe(false);
    const answered = await check('Please move the Account Owner role on their account to Aino. We did the same for them last autumn when the previous owner left, and your team asked for a written confirmation from RideNorth at that point.');
    expect(answered.items.related_ticket.present).toBe(false);
  });
  it("goals: '寄付者へのお礼状の送付リストをTDで作っているので'; not the operator a file is used in ('td_load> で使っている設定ファイル')", async () => {
    const list = await check('毎朝6時のkintoneの取り込みが先週の水曜から失敗しています。\n寄付者へのお礼状の送付リストをTDで作っているので、月末の発送までに直したいです。');
    expect(list.items.goal.present).toBe(true);
    const operator = await check('ワークフロー cdr_s3_import のセッション 617702915 が本日失敗しました。\ntd_load> で使っている設定ファイルと、画面のキャプチャを添付します。\n原因を調べていただけますでしょうか。');
    expect(operator.items.goal.present).toBe(false);
  });
  it("Embulk on the sender's own server between other databases, 'TDのサービスとは直接関係ないのですが', is an open-source question", async () => {
    const oss = await check('TDのサービスとは直接関係ないのですが、御社がEmbulkの開発元と伺い、ご相談させてください。\n\nオンプレミスのOracleから新課金基盤のPostgreSQLへ、Embulk 0.11.4(embulk-input-oracle / embulk-output-postgresql)で通話明細を\n移送しています。Embulkは社内のバッチサーバー(RHEL 9)上で、毎晩1時(JST)に実行しています。\n\n移送後のPostgreSQL側で、call_start_at の値が9時間ずれて格納されてしまいます。\ndefault_timezone の正しい設定方法について、アドバイスいただけないでしょうか。');
    expect(oss.category).toBe('oss');
  });
});

describe('readings from the holdout308-311 round', () => {
  it("a case named ('that clears up the case where td_load> itself fails') and the supposed run named again ('…the rows we loaded in the failed attempt, or…?') report no failure", async () => {
    const followUp = await check("Thanks, that clears up the case where td_load> itself fails.\n\nOne follow-up on the same topic: if the td_load> task succeeds but a later task in the same attempt fails (say the +dedupe query), and we then retry the attempt from the console, does td_load> run again with the last_record it stored at the end of the successful load, or with the value from before the attempt started? In other words: can a retry skip the rows we loaded in the failed attempt, or load them twice?");
    expect(followUp.category).toBe('spec');
  });
  it("answers marked as the sender announced further away ('I have written my answers under each of your questions below, marked with [Duc].')", async () => {
    const answers = await check("I have written my answers under each of your questions below, marked with [Duc].\n\n-----Original Message-----\nFrom: Treasure Data Support <support@td-support.example.com>\nSent: Friday, June 12, 2026 3:41 PM\nSubject: [TD Support #229016] Workflow fails at py> task\n\n1. The Session ID of the failed run (e.g. 123456789)\n[Duc] Session ID 422610938 (this morning's run). The first failed session was 422518476.\n\n2. The full text of the error message in the task log\n[Duc] Copied from the task log:\n    Task failed with unexpected error: Python command failed with code 1: ModuleNotFoundError: No module named 'jpholiday'\n");
    expect(answers.items.target_id.values).toEqual(['session:422610938', 'session:422518476']);
    expect(answers.items.error_message.present).toBe(true);
  });
  it("Embulk as 'Embulk（OSS版 0.11.4…）' on a hospital's own server, 'TDへの連携とは別件で', is oss; self-hosted Embulk's settings asked for advice stay oss", async () => {
    const hospital = await check('TDへの連携とは別件で誠に恐縮なのですが、Embulkについてご教示いただきたく、ご連絡を差し上げました。\n\n院内サーバ上のEmbulk（OSS版 0.11.4、embulk-input-oracle／embulk-output-postgresql）で夜間にデータを移送しております。\nfetch_rows を 10000 に変更したところ、下記のエラーで停止するようになりました。\n　org.embulk.exec.PartialExecutionException: java.lang.OutOfMemoryError: Java heap space\n\nfetch_rows の推奨値についてご教示いただけますでしょうか。');
    expect(hospital.category).toBe('oss');
    const settings = await check("We're migrating a client's Oracle 19c order tables into TD (account 47193, US) with Embulk 0.11, embulk-input-oracle and embulk-output-td, running on our own EC2 instance (Amazon Linux 2023). Before we run the full migration I'd like some advice on the output plugin settings.\n\nQuestions:\n1. For re-runs of the same range, should we use mode: replace, or is there a merge/upsert option in embulk-output-td?\n2. Would you recommend a batch size of 100k or 1M rows?", { subject: 'embulk-output-td settings for Oracle migration (self-hosted Embulk)' });
    expect(settings.category).toBe('oss');
  });
  it("another vendor framed: 'two questions about LINE itself, not about TD', 'these are questions about Google's side'", async () => {
    const line = await check("We have two questions about LINE itself, not about TD:\n\n1. For a multicast to 500 friends, does LINE count 500 messages against the monthly quota?\n2. When the quota runs out, does the LINE Messaging API queue the messages or reject them, and with which status code?\n\nFor reference, I checked the current quota:\nResponse: {\"type\":\"limited\",\"value\":15000}");
    expect(line.category).toBe('third_party_spec');
    const fcm = await check("Our client sends push notifications from a Treasure Workflow http> task that calls the FCM HTTP v1 API. The workflow itself succeeds, but FCM answers UNREGISTERED for about 30% of the tokens.\n\nI know these are questions about Google's side, but any pointers are welcome:\n1. How long does FCM keep a registration token valid?\n2. Does FCM throttle per project?\n\n{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\"}}");
    expect(fcm.category).toBe('third_party_spec');
  });
  it("no goal in 'no need to quote it', 'Is there an API to create Audience Studio segments?'; no earlier inquiry in 'Their Salesforce admin asked a few questions … before we schedule it'", async () => {
    const none = await check('Is there an API to create Audience Studio segments? Account ID 40021, US.\n(Our internal tracker ref is SIA-0412, no need to quote it.)');
    expect(none.items.goal.present).toBe(false);
    const admin = await check("Their Salesforce admin asked a few questions I couldn't answer from the docs, and I'd rather get them right before we schedule it: does the export connector use the Bulk API?");
    expect(admin.items.related_ticket.present).toBe(true);
  });
  it("'First failure: Jun 17, 9:10 am' labels a time, it quotes no error; 'リリースしてから…入ってこなくなりました' is history; 'TreasureData.Instance.AddEvent(' is the call", async () => {
    const label = await check('Last success:  Jun 16, 18:30 PDT\nFirst failure: Jun 17, 9:10 am\n\ntdclient.errors.ForbiddenError: 403: Presto query failed: Access denied for database skyline_prod');
    expect(label.items.timezone.values).toEqual(['9:10 am']);
    const since = await check('6/3 11:00（JST）にv2.8.0をリリースしてから、Android端末からのイベントだけテーブルに入ってこなくなりました。\n\n  TreasureData.Instance.AddEvent("app_events", ev);\n  TreasureData.Instance.UploadEvents(OnUploadSuccess, OnUploadError);');
    expect(since.items.history.present).toBe(true);
    expect(since.items.command.present).toBe(true);
  });
  it("'どのような構成…にするのが望ましいでしょうか' and a sample .dig asked for are an implementation question", async () => {
    const design = await check('現在cron＋シェルスクリプトで毎晩実行している集計バッチを、Treasure Workflowへ移行する計画があります。\n\n1. 上記をTreasure Workflowで実現する場合、どのような構成（ワークフローの分割単位、プロジェクトの構成）にするのが望ましいでしょうか。\n2. 可能であれば、上記に近い構成のサンプルコード（.digファイル）をご提供いただけないでしょうか。');
    expect(design.category).toBe('implementation');
  });
});

describe('readings from the holdout312-315 round', () => {
  it("the sender's availability ('I'll be online until about 7pm tonight') is no event time", async () => {
    const online = await check("From around 14:30 SGT today every call gets a 401. I tried again by hand at 17:40 SGT, same 401.\n\nI'll be online until about 7pm tonight if you get to it quickly; after that I'm off for Good Friday.");
    expect(online.items.timezone.present).toBe(true);
    const event = await check('From around 14:30 SGT today every call gets a 401. It failed again at about 7pm.');
    expect(event.items.timezone.present).toBe(false);
  });
  it("no goal in a question whether a step is needed ('I'd like to know whether I need to set a Retry Limit') nor in a goal put off ('実現したいことにつきましては、お客様に確認のうえ改めてご連絡いたします')", async () => {
    const whether = await check("If a scheduled Saved Query fails while nobody is around, does TD retry it automatically? One of ours runs at 02:00 every day and I'd like to know whether I need to set a Retry Limit on it myself or whether there is a default.");
    expect(whether.items.goal.present).toBe(false);
    const later = await check('セッション 881230457 が失敗しました。\n実現したいことにつきましては、お客様に確認のうえ改めてご連絡いたします。');
    expect(later.items.goal.present).toBe(false);
  });
  it("a goal told as what they want to see on a dashboard ('…を、毎朝社内のBIツールのダッシュボードで確認したいと考えており')", async () => {
    const dashboard = await check('ビルの設備点検データを、毎朝社内のBIツールのダッシュボードで確認したいと考えており、TDのJDBCドライバで接続しています。\n本日10:15（JST）ごろ、ダッシュボードを更新したところエラーとなりました。');
    expect(dashboard.items.goal.present).toBe(true);
  });
  it("earlier inquiries: 'the activation issue I reported to you yesterday', '昨年も同じ時期に、同じ形式で出力していただいたかと思います'; not an invoice issued ('先月発行いただいた請求書')", async () => {
    const reported = await check('Separate from the activation issue I reported to you yesterday - same customer, different problem. The S3 export of job 2270011234 fails with AccessDenied.');
    expect(reported.items.related_ticket.present).toBe(false);
    const output = await check('全データベースとテーブルの一覧をCSVでいただくことは可能でしょうか。\n昨年も同じ時期に、同じ形式で出力していただいたかと思いますので、同じ形でお願いできれば助かります。');
    expect(output.items.related_ticket.present).toBe(false);
    const invoice = await check('先月発行いただいた請求書の宛名が旧社名のままとなっておりました。再発行をお願いできますでしょうか。');
    expect(invoice.items.related_ticket.present).toBe(true);
  });
  it("numbered steps with their outcomes in brackets tell the history ('1. td connector:guess … でload.ymlを生成（成功）')", async () => {
    const steps = await check('手順\n 1. td connector:guess seed.yml -o load.yml でload.ymlを生成（成功）\n 2. td connector:preview load.yml で内容を確認（正常にプレビュー表示）\n 3. td connector:issue load.yml を実行したところ、Job ID 2251093377 がエラーで終了');
    expect(steps.items.history.present).toBe(true);
  });
});

describe("evidence for a label line the reading took without its template's hint", () => {
  it("cites '・Job ID（例：123456）：2210934877' as the sender wrote it, hint included", async () => {
    const hinted = await check('・Account ID（例：10101）：38112\n・リージョン（例：US）：東京\n・Job ID（例：123456）：2210934877\nジョブが失敗します。');
    expect(hinted.items.account_id.values).toEqual(['38112']);
    expect(hinted.items.account_id.evidence).toEqual(['・Account ID（例：10101）：38112']);
    expect(hinted.items.site.evidence).toEqual(['・リージョン（例：US）：東京']);
    expect(hinted.items.target_id.evidence).toEqual(['・Job ID（例：123456）：2210934877']);
  });
});

describe('readings from the holdout316-319 round', () => {
  it("a note in brackets left where a value goes ('【Job画面からコピーして貼る】', '経緯：' above '（高橋さんに確認中）') gives no value", async () => {
    const draft = await check('アカウントID：77402、東京リージョンのクエリがエラーとなります。\n\n・Job ID：\n・エラーメッセージ：【Job画面からコピーして貼る】\n\n経緯：\n（高橋さんに確認中）\n\nよろしくお願いいたします。');
    expect(draft.items.error_message.present).toBe(false);
    expect(draft.items.history.present).toBe(false);
    const en = await check('The export to S3 fails for account 10233 (US).\n\nError message: [paste the error here]\n\nThanks');
    expect(en.items.error_message.present).toBe(false);
    // a value in brackets that is a value stays one
    const given = await check('The export to S3 fails for account 10233 (US).\n\nError message: [AccessDenied: Access Denied]\n\nThanks');
    expect(given.items.error_message.present).toBe(true);
  });
  it("a chaser ('…ご回答をいただけておりません') takes its ask from the earlier mail it quotes; '仕様を確認させてください' before the question makes it spec", async () => {
    const chaser = await check(
      '本件、6/3にお問い合わせしてから1週間以上が経ちますが、ご回答をいただけておりません。\n回答予定日だけでも本日中にご連絡いただけますでしょうか。\n\n-----Original Message-----\nFrom: 西村 健司 <k.nishimura@arc-data.example.jp>\nSent: Wednesday, June 3, 2026 2:48 PM\nTo: support@treasure-data.example\nSubject: ワークフローのセッション実行時間の上限について\n\nエンドユーザー様（アカウントID：47120）のTreasure Workflowについて、仕様を確認させてください。\n夜間に実行しているワークフローのうち1本が、全体で約20時間かかるようになってきています。\n1セッションあたりの実行時間に上限はありますでしょうか。\n上限がある場合、超過した際にはどのような挙動（強制終了・エラー等）になりますでしょうか。',
      { subject: 'RE: [TD Support #65203] ワークフローのセッション実行時間の上限について' },
    );
    expect(chaser.category).toBe('spec');
    expect(chaser.mainAsk).toContain('上限');
  });
  it("'TDの仕様というよりPythonの話かもしれず' frames a failing call as general_it; another vendor's rate limit named in Japanese is third_party_spec", async () => {
    const python = await check('TDの仕様というよりPythonの話かもしれず恐縮ですが、ご存じでしたら教えてください。\nrequests + urllib3 の Retry でTDのREST API呼び出しにリトライを入れていますが、POSTはリトライされず、1回目で例外になってしまいます。\n\nPOSTもリトライさせるには、どのように書けばよいでしょうか？');
    expect(python.category).toBe('general_it');
    const line = await check('TDで作成したセグメントをpytdで取得し、LINE Messaging APIのmulticastでクーポンを配信しています。\n配信対象が増えた6/2から、LINE側から429が返るようになりました。\n\nHTTP/1.1 429 Too Many Requests\n{"message":"The API rate limit has been exceeded. Try again later."}\n\nLINE Messaging APIのmulticastのレート制限と、429が返った場合に一部のユーザーにだけ送信済みになることがあるかどうか、ご存じでしたら教えていただけますでしょうか。');
    expect(line.category).toBe('third_party_spec');
  });
  it("the jobs page only looked at names no channel; something done there does", async () => {
    const looked = await check("The query that feeds our gate entry dashboard failed about 20 min ago and the jobs page just shows Failed, no detail. Can someone please look at this asap??");
    expect(looked.channel).toBe('unknown');
    const done = await check('When I download the result from the Jobs page the CSV is empty, although the job shows 1,204 rows. Account 10233, US.');
    expect(done.channel).toBe('console');
  });
  it("'for the second time asking' of someone else is no earlier inquiry; phone calls '何度も' are no history", async () => {
    const auditors = await check("The auditors have come back to Ruth (cc'd) for the second time asking for evidence of who has access.\n\nCould you please export every user on account 7731 (AP03) with their role?");
    expect(auditors.items.related_ticket.present).toBe(true);
    const own = await check('This is the second time asking: could you please export every user on account 7731 (AP03) with their role?');
    expect(own.items.related_ticket.present).toBe(false);
    const calls = await check('Audience Studioでセグメントのアクティベーションを実行したらエラーになりました。\nクライアントから何度も電話が来ていて本当に困ってます。');
    expect(calls.items.history.present).toBe(false);
  });
  it("'のために' further from its verb and 'メールマガジン用の' tell a goal; 'how we should write the query' and a join that multiplies rows are general_it", async () => {
    const coupon = await check('明日の朝に配信するクーポンのために、Audience Studioでセグメントのアクティベーションを実行したらエラーになりました。');
    expect(coupon.items.goal.present).toBe(true);
    const magazine = await check('会員CSVを本日中にTDへ取り込み、明日配信のメールマガジン用のセグメントを作成する必要があります。\ntd import:auto が毎回失敗します。');
    expect(magazine.items.goal.present).toBe(true);
    const join = await check("We run the query below in the query editor. It returns $4.82M for May; finance says $3.71M. My suspicion is that the join to order_items multiplies the rows.\n\nCould you tell us why the SUM comes out higher, and how we should write the query so that it matches?");
    expect(join.category).toBe('general_it');
  });
});

describe('readings from the holdout320-323 round', () => {
  it("'（未入力）' is no value; an error's own text under its label tells no goal", async () => {
    const form = await check('Account ID: 74461\nConsole Environment: AP03\nエラーメッセージ(全文): Failed to export results to PostgreSQL (connection: legacy-dwh-pg): ERROR: null value in column "cust_no"\n最終的に実現したいこと: （未入力）\n経緯（操作手順・試したこと）: （未入力）\nお問い合わせ内容: Export Results Toでエラーになります。原因をご確認ください。');
    expect(form.items.goal.present).toBe(false);
    expect(form.items.history.present).toBe(false);
  });
  it("a sign-in screen's message set apart is error text, and the sign-in page is the console", async () => {
    const login = await check('Since then, 3 of their 41 users cannot get past the 2FA step. They enter the 6-digit code and get:\n\n    Invalid two-factor authentication code. Please try again.\n\nIt happens on the sign-in page right after the user types the code. Account 64410.');
    expect(login.items.error_message.present).toBe(true);
    expect(login.category).toBe('error');
    expect(login.channel).toBe('console');
  });
  it('Entra is another vendor: questions on the Entra side are third_party_spec', async () => {
    const entra = await check('We are setting up SAML single sign-on for account 90418 with Microsoft Entra ID.\n\nTwo things on the Entra side are unclear to us:\n\n- For cloud-only groups, is there any way to make Entra emit the display name in the SAML token?');
    expect(entra.category).toBe('third_party_spec');
  });
  it('lettered sub-items and a sentence set in under a section heading are read; a message with its label set in is not', async () => {
    const memo = await check('1. Account details\n   a. TD Account ID: 11852\n\n2. Objective\n   POS transactions from 412 stores are loaded every night so that the replenishment forecasts are refreshed before stores open.\n\n3. History\n   a. The load ran without error every night until 20 May 2026.\n   b. Since the run of 21 May 2026, the commit step has returned HTTP 500 every night.\n\n4. Request\n   Kindly investigate the cause.');
    expect(memo.items.goal.present).toBe(true);
    expect(memo.items.history.present).toBe(true);
    const message = await check('アクティベーションを実行すると以下のエラーになります。\n\n   Activation failed: Column "consent_email" not found in parent segment master table. Please rerun the parent segment workflow.\n\n原因を教えてください。');
    expect(message.category).toBe('error');
  });
  it("an aside marker ending in a colon covers the list after its blank line: the request stays the ask", async () => {
    const allowlist = await check("Our office moves on 14 December, so our egress IPs change. Please:\n  1. add 203.0.113.40/29 (new office) to the account's IP allowlist\n  2. remove 198.51.100.12 (old office) after the move\n\nAnd two questions on the side:\n\n  a) Does the allowlist also apply to the REST API and the JDBC endpoint, or only to logging in to the console?\n  b) Workflows scheduled inside TD are not affected by the allowlist, correct?");
    expect(allowlist.category).toBe('request');
  });
  it("a zone's UTC offset in a lead-in is no time of its own; '再発防止策' tells no recurrence", async () => {
    const chronology = await check('5. CHRONOLOGY (all times SGT, UTC+08:00)\n5.1 26 May 2026 02:00 - Scheduled extract refresh started (TD Job ID 2330915526)\n5.2 26 May 2026 04:00 - Refresh failed with the error above\n5.3 26 May 2026 09:45 - Refresh re-run manually; failed again');
    expect(chronology.items.timezone.present).toBe(true);
    const prevention = await check('ワークフローが失敗しました。\n\n依頼事項\n　(1) 原因の調査\n　(2) 再発防止策のご報告');
    expect(prevention.items.history.present).toBe(false);
  });
  it("a ticket 'on our side' only where the number is: '(ticket #201377), … a timeout setting on our side' names a ticket", async () => {
    const old = await check('The export fails again for account 10233 (US).\n\nWe had a similar-looking failure on this account in March (ticket #201377), which turned out to be a timeout setting on our side.');
    expect(old.referencedTickets).toEqual(['201377']);
    const theirs = await check('The export fails again for account 10233 (US). Our Zendesk ticket (#5521 on our side) has the details.');
    expect(theirs.referencedTickets).toEqual([]);
  });
  it("goals told as an analysis, as someone wanting a full copy of the data, or as what is due before an audit", async () => {
    const analysing = await check("We're analysing how the spring menu relaunch on 1 March changed their item mix, and my td query command has suddenly started failing with a permission error.");
    expect(analysing.items.goal.present).toBe(true);
    const copy = await check("One of our clients' external auditors (PDPA + GDPR consent review) wants a full copy of the consent_log table as evidence. The export job fails every time.");
    expect(copy.items.goal.present).toBe(true);
    const audit = await check('Their compliance team needs 2FA enforced for every user before the surveillance audit in July. Since then 3 users cannot log in.');
    expect(audit.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout324-327 round', () => {
  it("the first time of a range takes the zone after the second; '■ 経緯' with a space after its mark ends a config's zone", async () => {
    const range = await check('The download fails mostly between 7pm and 9pm Pacific. Account 5521 (US).');
    expect(range.items.timezone.present).toBe(true);
    const section = await check('■ スケジュール設定（.dig 抜粋）\ntimezone: Asia/Tokyo\n\nschedule:\n  daily>: 05:00:00\n\n■ 経緯\n・6/16 5:02 のスケジュール実行でタスクがエラーとなりました。\n・同日 9:30 に手動でリトライしましたが、同じエラーとなりました。');
    expect(section.items.timezone.present).toBe(false);
    expect(section.items.timezone.values).toEqual(['5:02', '9:30']);
  });
  it("a listing whose colons line up is no error text; failures supposed in general make a spec question, whatever job it shows", async () => {
    const retry = await check("Question on the toolbelt's --retry option. We run the query below from cron every night and want it to survive transient failures.\n\n1) Does `td query --retry N` retry on any failure, or only on internal/transient errors?\n\n$ td job:show 2304417729\nJobID       : 2304417729\nStatus      : success\nOutput      :\nQuery       : SELECT COUNT(1) FROM pageviews_raw", { subject: 'td query --retry: which failures are retried?' });
    expect(retry.items.error_message.present).toBe(false);
    expect(retry.category).toBe('spec');
  });
  it('a design put up for review is implementation', async () => {
    const design = await check('Before we roll this out to the client: is this the right way to do an incremental load + merge in TD Workflow, or would you structure it differently? Draft below.\n\ntimezone: Australia/Sydney\n\nschedule:\n  daily>: 03:30:00', { subject: 'Sanity check on this workflow design?' });
    expect(design.category).toBe('implementation');
  });
  it("a Windows path in a traceback and 'arm64-darwin23' tell the OS", async () => {
    const win = await check('pytd でロードするとエラーになります。\n\nTraceback (most recent call last):\n  File "C:\\Users\\r-sasaki\\work\\load_members.py", line 12, in <module>\npytd.errors.Forbidden: 403');
    expect(win.items.os.values).toEqual(['windows']);
    const mac = await check('td query がエラーになります。\n\n$ ruby -v\nruby 3.2.2 (2023-03-30 revision e51014f9c0) [arm64-darwin23]');
    expect(mac.items.os.values).toEqual(['mac']);
  });
  it("onset with a time of day and 'リトライでも' tell history; 'いつから失敗しているのか…確認が取れておりません' tells none", async () => {
    const onset = await check('在庫同期のバッチでエラーが出るようになりました。\n・短縮した当日の昼頃から、1時間に数回の頻度で上記エラーが発生しています。');
    expect(onset.items.history.present).toBe(true);
    const retried = await check('在庫同期のバッチでエラーが出ます。\n・リトライ処理を入れていますが、リトライでも429が返ることがあります。');
    expect(retried.items.history.present).toBe(true);
    const unknown = await check('SFTPへの出力が失敗しました。\nなお、いつから失敗しているのか、過去に同じ設定で成功していたのかについては、1次窓口でまだ確認が取れておりません。');
    expect(unknown.items.history.present).toBe(false);
  });
  it('what the people the output serves use it to do tells a goal', async () => {
    const stylists = await check('We build "StyleMate", the in-store stylist app. Stylists use it on iPads to put together outfits for customers. Since June 11 the result download times out.');
    expect(stylists.items.goal.present).toBe(true);
    const checking = await check('Stylists use it to check whether the stock matches. Since June 11 the result download times out.');
    expect(checking.items.goal.present).toBe(false);
  });
});

describe("a form's own hints are words staff keep (reading.yaml notAnswered.formHints)", () => {
  const form = (third: string) =>
    `お世話になっております。\nセグメントの更新タイミングを教えてください。\n\n【最終的に実現したいこと】(例:○○のデータを××へ連携したい)\nConsole Environment: (プルダウンから選択してください)\n${third}\n`;

  it('a field still holding its example or its instruction gives nothing', async () => {
    const a = await check(form('経緯: (エラーが出るまでの操作を記載してください)'));
    expect([a.items.goal.present, a.items.site.present, a.items.history.present]).toEqual([false, false, false]);
  });

  it('an instruction staff add to the config is read as one', async () => {
    const hint = form('経緯: (ここに書いてください)');
    expect((await check(hint)).items.history.present).toBe(true);
    const root = mkdtempSync(join(tmpdir(), 'intake-form-hints-'));
    try {
      cpSync(resolve(repoRoot, 'config'), root, { recursive: true });
      const file = join(root, 'rules', 'reading.yaml');
      const text = readFileSync(file, 'utf8');
      expect(text).toContain("instructions: '");
      writeFileSync(file, text.replace("instructions: '", "instructions: '書いて|"));
      const edited = loadRules(root);
      expect(analyse(await parseMail(eml(hint)), edited).items.history.present).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the words that mark an example are one list staff keep (reading.yaml exampleMarkers)', () => {
  // support's questions copied into the reply unquoted, answered under each
  const asked = (marker: string) =>
    `I copied your questions and answered each.\n\nQ: Please send the Account ID and Console Environment (${marker} Account ID: 10101, production-us01)\nA: Account ID 36651, still checking the region with the client.\n\nQ: Please send the Job ID (${marker} Job ID 123456789)\nA: Job 2291840573\n`;

  it("support's example values after a request are nobody's", async () => {
    const a = await check(asked('e.g.'));
    expect(a.items.account_id.values).toEqual(['36651']);
    expect(a.items.site.present).toBe(false);
    expect(a.items.target_id.values).toEqual(['job:2291840573']);
  });

  it('a marker staff add to the config is read in every place an example stands', async () => {
    const mail = asked('zum Beispiel');
    expect((await check(mail)).items.site.values).toEqual(['us01']);
    const root = mkdtempSync(join(tmpdir(), 'intake-example-markers-'));
    try {
      cpSync(resolve(repoRoot, 'config'), root, { recursive: true });
      const file = join(root, 'rules', 'reading.yaml');
      const text = readFileSync(file, 'utf8');
      expect(text).toContain("exampleMarkers: &exampleMarkers '");
      writeFileSync(file, text.replace("exampleMarkers: &exampleMarkers '", "exampleMarkers: &exampleMarkers 'zum Beispiel|"));
      const edited = analyse(await parseMail(eml(mail)), loadRules(root));
      expect(edited.items.site.present).toBe(false);
      expect(edited.items.account_id.values).toEqual(['36651']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('readings from the holdout328-331 round', () => {
  it("'コンソールで見ると状態が killed' is where a job was looked at, not how it ran", async () => {
    // (the segments the data is for weigh towards the console too)
    const looked = await check('株式会社カネマル流通様(US環境)で、2つのジョブがそれぞれ別のエラーで失敗しています。\nクレンジング済みの会員データを、来月からのメール配信のセグメント作成に使う予定です。\n\n(1) Job ID 2207731456\nエラー:\nInsert query has mismatched column types: Table: [varchar, varchar, date, integer], Query: [varchar, varchar, varchar, integer]\n\n(2) Job ID 2207731988\nこちらはコンソールで見ると状態が killed になっているだけで、エラーメッセージは見当たりません。\nなぜkillされたのかも教えてください。');
    expect(looked.channel).toBe('unknown');
    expect(looked.missing).toContain('method');
  });
  it("a last good run told with '終わっていました', days back with the date in brackets, a rerun that sometimes works, a retry in English and the second attempt failing tell history", async () => {
    const lastGood = await check('US環境のクエリエディタで実行しているクエリが以下のエラーで失敗しました。\nエラー: Query exceeded the maximum execution time limit of 6.00h\n\n先週(6/10)同じクエリを実行した際は2時間ほどで終わっていました。');
    expect(lastGood.items.history.present).toBe(true);
    const onset = await check('Google Colab のノートブックから pytd で購買データを取得していますが、3日前(6/8)から断続的に以下のエラーが出ます。\n\nprestodb.exceptions.HttpError: error 502');
    expect(onset.items.history.present).toBe(true);
    const rerun = await check('pytd で購買データを取得すると以下のエラーが出ます。再実行すると成功することもあります。\n\nprestodb.exceptions.HttpError: error 502');
    expect(rerun.items.history.present).toBe(true);
    const slack = await check('社内 Slack のスレッドをそのまま貼ります。\n\n:x: [FAILED] project=crm workflow=crm_sync_nightly session_id=420117734\nerror: td_load>: Task failed with unexpected error: org.postgresql.util.PSQLException: The connection attempt failed.\n\n佐藤 健太\nとりあえず retry かけます\n\n山口 翔\n2回目もダメ。TDサポートに問い合わせます');
    expect(slack.items.history.present).toBe(true);
  });
  it("a rerun or a retry only supposed in a question tells no history", async () => {
    const supposed = await check('pytd の writer について質問です。\n3. if_exists="append" で同じ日の処理を再実行すると、レコードは重複しますか。\n4. 手動で Retry した場合も session_time は変わらないでしょうか。');
    expect(supposed.items.history.present).toBe(false);
  });
  it('a join that multiplies rows in pandas is a general programming question', async () => {
    const pandas = await check('TDから取得したデータの加工でつまずいていて、もしご存知でしたら教えてください。\n\npytdで取ってきた購買テーブル(orders)と会員マスタ(members)をpandasでmergeすると、行数がordersより増えてしまいます。\n\nleft join なのに行が増えるのはなぜでしょうか。');
    expect(pandas.category).toBe('general_it');
  });
  it("'We do not need the job investigated' leaves the commercial question the mail is about", async () => {
    const billing = await check('Hi,\n\nWriting this after a long night, apologies if it\'s a bit scattered.\n\nFor our client Tanjong Foods (Account ID 44871, AP03), one query (job 2303811450) ran for almost\nsix hours last night, 23:10 to 05:05 SGT, while we were dealing with an unrelated outage. We do not\nneed the job investigated; we know which dashboard fired it and it\'s been fixed.\n\nWhat we need to know is commercial:\n1. Will those hours count against the client\'s contracted Presto compute hours for May?\n2. If they push the client into overage, is there any way to get a credit for a one-off incident?\n\nWe want to tell the client by Monday whether to expect an overage line on this month\'s invoice.\n\nThanks,');
    expect(billing.category).toBe('contract');
  });
  it("the model being built and the further end a piece of work goes towards are goals", async () => {
    const model = await check("Quick question about how the service schedules queries. We're tuning a gradient boosting model for our client with Optuna, and each trial pulls a different feature window from TD through pytd. Is there a per-account limit on concurrently running Presto queries?");
    expect(model.items.goal.present).toBe(true);
    const towards = await check('第3次総合計画の中間見直しに向けて、町丁目別の将来人口推計を作成しております。\nクエリエディタで推計用のクエリを実行したところ、以下のエラーで失敗しました。\n\nQuery exceeded per-node memory limit of 20GB');
    expect(towards.items.goal.present).toBe(true);
  });
  it("a job URL above 'Re-run job: N' and 'jobs N and M' give every job; a monitoring alert's number is no ticket", async () => {
    const jobs = await check('Account ID: 61902\nFailed job: https://console.treasuredata.com/app/jobs/2299410385\nRe-run job: 2299433120\n\nthe retries were jobs 2302774410 and 2302776022.\n\nAlert that paged me:\n    Opsgenie Alert #4471 [P1] td-export larkspur_nightly_sftp - job failed');
    expect(jobs.items.target_id.values).toEqual(['job:2299410385', 'job:2299433120', 'job:2302774410', 'job:2302776022']);
    expect(jobs.referencedTickets).toEqual([]);
  });
});

describe('readings from the holdout332-335 round', () => {
  it("a markdown 'History:' label, 'tried 3x' and the same command that worked yesterday tell history", async () => {
    const md = await check('`td wf start` returns 422.\n\n**History:**\n- yesterday (Jun 15) around 18:30 KST: exact same command worked\n- today 18:25 KST: 422 as above, tried 3x\n');
    expect(md.items.history.present).toBe(true);
    const tried = await check('`td wf start seoulmart_crm crm_sync` returns 422 Unprocessable Entity. Today 18:25 KST, tried 3x.');
    expect(tried.items.history.present).toBe(true);
    const worked = await check('td import:auto fails with 401 - Permission denied for table payroll.register_2026_05.\n\nExactly the same command worked for the April register on May 4.');
    expect(worked.items.history.present).toBe(true);
    const until = await check('From Monday 15.06.2026 the command gives always the error below. Until Friday 12.06.2026 it worked without any problem.\n\nError: SSL_connect returned=1 errno=0 state=error: certificate verify failed');
    expect(until.items.history.present).toBe(true);
  });
  it("'since 09.06' is a day and month; a dotted time after 'until' with a clock's mark is a time", async () => {
    const day = await check('Since 09.06.2026 the process fails always with the same error (account 5521, US).', { subject: 'pytd query fails with "Forbidden" since 09.06' });
    expect(day.items.timezone.present).toBe(true);
    const time = await check('The export fails every morning; until 06.15 Uhr nothing is written (account 5521, US).');
    expect(time.items.timezone.values).toEqual(['06.15']);
  });
  it('zones named in Japanese for Latin America and Europe, and in Spanish, Portuguese, French and German, count', async () => {
    const brazil = await check('Session ID 318274650（ブラジル時間 6/11 02:00 のスケジュール実行）が失敗しました。');
    expect(brazil.items.timezone.present).toBe(true);
    const lisbon = await check('The JDBC query failed yesterday at 23h00 (hora de Lisboa), TD job 2412200981.');
    expect(lisbon.items.timezone.present).toBe(true);
    const paris = await check('This morning at 10h30 (heure de Paris) I have made the push of the project, and it failed.');
    expect(paris.items.timezone.present).toBe(true);
    const mesz = await check('Die Export läuft jeden Morgen um 06:00 MESZ und ist heute fehlgeschlagen.');
    expect(mesz.items.timezone.present).toBe(true);
  });
  it("where the output goes is a goal: 'the CSV goes to their finance team's reconciliation sheet'", async () => {
    const sheet = await check("Our client's daily finance extract has been failing since last Friday. We run `td query` from a cron on our build server, and the CSV goes to their finance team's reconciliation sheet.");
    expect(sheet.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout336-339 round', () => {
  it('an account and site named only where the same thing works come after the problem\'s', async () => {
    const two = await check('弊社では同一のワークフローテンプレートを複数のお客様アカウントに展開しています。\nA社（アカウントID：41207、東京リージョン）では正常に動いていますが、\nB社（アカウントID：41388、USリージョン）のみ失敗しています。\n\n・失敗したセッションID：51782203');
    expect(two.items.account_id.values[0]).toBe('41388');
    expect(two.items.site.values[0]).toBe('us01');
    const others = await check('弊社で管理している他の4アカウント（AID 18820, 18835, 19001, 19047）では同じワークフローが\n本日も正常終了しており、ひまわり電機様のアカウントのみで起きている事象です。\n\nアカウントID: 18857\n環境: 東京');
    expect(others.items.account_id.values[0]).toBe('18857');
  });
  it('where every account given is one that works and another is set against it, the problem\'s account and site are not given', async () => {
    const only = await check('For Harlow & Pine (Account ID 61204) the activation runs fine every day. For Greystone Outdoor, which we set up last week by copying the configuration, the activation fails every time.', { subject: 'Google Ads activation failing for one client (works for another)' });
    expect(only.items.account_id.present).toBe(false);
    const staging = await check('弊社の検証アカウント（アカウントID: 90410、eu01）で動作確認したうえで、お客様の本番アカウントへ td wf push しましたが、本番アカウントでのみ失敗します。\n\n  +daily_agg+load_orders: Error: td_load> failed: Config error');
    expect(staging.items.site.present).toBe(false);
    // a site said of both is the problem's too
    const both = await check("Our client prod account export to their SFTP is failing. Test account (Account ID 38802) same export is working fine, both accounts are US.");
    expect(both.items.account_id.present).toBe(false);
    expect(both.items.site.values).toEqual(['us01']);
  });
  it("an account that works for one job of the mail's and fails for another stays the account", async () => {
    const same = await check('Account ID 51234 (US): the daily export job runs fine, but the hourly import fails with 403 Forbidden since Monday.');
    expect(same.items.account_id.values).toEqual(['51234']);
  });
  it("'fetches … to render each client's dashboard' is a goal; a function used inside a query is none", async () => {
    const portal = await check("Tidewater Analytics runs a reporting portal for several clients; the portal fetches query results from the TD REST API to render each client's daily KPI dashboard. Since yesterday fetching results fails with 404.");
    expect(portal.items.goal.present).toBe(true);
    const fn = await check('ポータルで作ったレポートのスケジュール実行について質問です。\nタイムゾーンに Asia/Seoul を選んで「毎日 9:00（ソウル時間）」と設定した場合、クエリの中で使っている TD_SCHEDULED_TIME() はソウル時間の9:00を返すのでしょうか。\nアカウントID：58312');
    expect(fn.items.goal.present).toBe(false);
  });
  it("'same as the night before' tells history; designs weighed as 'A案 / B案' are implementation; 'a report of everyone who has a login' is a listing", async () => {
    const again = await check('Account ID: 71235\nSession ID: 305518840\n\nIt failed again last night, same as the night before. Please investigate.');
    expect(again.items.history.present).toBe(true);
    const design = await check('毎年12月の繁忙期は、POSデータ量が普段の5倍ほどになり、今の日次ワークフローでは開店前の日本時間7時までに売上集計が終わらないことがあります。\n\n今年の年末に向けて、以下のどちらの構成にするのが良いか、ご意見をいただけないでしょうか。\n\n A案:店舗ごとに td_load を分割し、_parallel: true で並列実行する\n B案:1時間ごとの増分取込(incremental)に変更し、朝は差分の集計だけを行う\n\nどちらの方がTDの仕組み上おすすめか、また他に良い方法があれば教えてください。');
    expect(design.category).toBe('implementation');
    const users = await check("Our client's security team has asked for a report of everyone who has a login on their Treasure Data account, with role and last login date, for their quarterly access review.\nCould you send that over as a CSV?");
    expect(users.category).toBe('object_listing');
  });
  it("a date in an attachment's name is no job: 'report_job_20260518.log'", async () => {
    const log = await parseMail(emlWith('DBeaverのJDBC接続でタイムアウトします。ログを添付します。', { name: 'report_job_20260518.log', type: 'text/plain', content: 'java.sql.SQLException: java.net.SocketTimeoutException: Connect timed out' }));
    expect(analyse(log, rules).items.target_id.present).toBe(false);
    const named = await parseMail(emlWith('ジョブが失敗しました。ログを添付します。', { name: 'job_2210045876_error.log', type: 'text/plain', content: 'error' }));
    expect(analyse(named, rules).items.target_id.values).toEqual(['job:2210045876']);
  });
});

describe('readings from the holdout340-343 round', () => {
  it("'can take up' is no 'can't': a help page's sentence quoted is no error text", async () => {
    const help = await check('Google Ads の Customer Match の一致率について質問です。\n  Google\'s help page says "match rates can take up to 24 hours to update", but the client says it has been three days.');
    expect(help.items.error_message.present).toBe(false);
  });
  it('a quoted line under a lead-in that names it is error text, quotes inside it and all', async () => {
    const shown = await check('Saving the segment in Audience Studio fails.\n\nThe console language is set to Japanese, so the message is in Japanese. Copied exactly from the screen:\n「セグメントの保存に失敗しました。属性 "last_purchase_date" の型が不正です (Invalid type for attribute: last_purchase_date)」\n\nIt started at 10:15 JST this morning.');
    expect(shown.items.error_message.present).toBe(true);
    expect(shown.items.error_message.evidence?.join('\n')).toContain('セグメントの保存に失敗しました');
  });
  it('prices of the end user\'s own business make no contract question of a failure told outright', async () => {
    const plan = await check('あおば電力販売様で、電気料金プランの見直し案内をLINEで対象のお客様に配信したいのですが、Audience Studio のアクティベーションがエラーになってしまいます。\n\nアカウントID：41762\n環境：東京リージョン\n\n6/10 日本時間9:00のスケジュール配信までは成功していましたが、6/11 以降は毎回失敗しています。');
    expect(plan.category).toBe('error');
  });
  it('the API that lists jobs is asked about, not a list of jobs asked for; a period the client enters is no purpose', async () => {
    const api = await check('・アカウントID：38815\n・エンドポイント：api.treasuredata.co.jp\n\nREST API のジョブ一覧(GET /v3/job/list)について、以下を教えてください。\n\n1. from / to で一度に取得できる件数に上限はありますか\n\nなお先方は7月から変更凍結期間に入るため、回答は6月中にいただけますと助かります。');
    expect(api.category).toBe('spec');
    expect(api.items.goal.present).toBe(false);
  });
  it("'24時台' is a notation, not a time; a job URL closed by a bracket and a stop still names no channel", async () => {
    const notation = await check('td import で取り込むと以下のエラーになります。\n\nError: invalid time value in column \'tx_time\'\n\n保守のあと、深夜帯の時刻が24時台の表記で出力されるようになったようです。');
    expect(notation.items.timezone.present).toBe(true);
    const page = await check("We export daily inventory snapshots from TD to the client's S3 bucket. The last three runs failed (job page of the first one: https://console.ap02.treasuredata.com/app/jobs/3011245876). The job page says it's an access denied error on the PutObject.");
    expect(page.channel).toBe('unknown');
  });
  it("a form's field left empty above the next field of the same mark, blank line between, tells nothing", async () => {
    const form = await check('■エラー内容：\nrequests.exceptions.ReadTimeout: Read timed out. (read timeout=60)\n\n■経緯：\n\n■参考にしたドキュメント：https://docs.treasuredata.com/articles/#!pytd\n');
    expect(form.items.history.present).toBe(false);
  });
  it("'これまでに試したこと:' and '→ 変化なし' tell history; no error and every run succeeding said together deny a failure", async () => {
    const tried = await check('JDBC経由のクエリが約5分で Connection reset になり失敗します。\n\nこれまでに試したこと:\n・JDBCドライバを 0.5.10 から最新版に更新 → 変化なし\n');
    expect(tried.items.history.present).toBe(true);
    const fine = await check('Saved Query の Export Results To で replace で出力しています。job 2151230097 の終了時刻とダッシュボードが空になる時刻がほぼ一致しています。\n現在エラー等は出ておらず、クエリも毎回正常終了しています。\n\n1. replace モードの出力では、既存データの削除と新データの書き込みはアトミックに行われますか?');
    expect(fine.category).toBe('spec');
  });
});

describe('readings from the holdout344-347 round', () => {
  it("'We haven't asked about this before' is no earlier inquiry; a colleague's inquiry to 'サポート' in a forwarded mail is one", async () => {
    const none = await check("How far back does the job history in the console go? Account 66190, US region. Our auditors want 12 months of history.\n\nWe haven't asked about this before. A short answer is fine.");
    expect(none.missing).not.toContain('related_ticket');
    const colleague = await check('研究室の技術補佐員から下記の相談を受けましたので、転送いたします。\n\n---------- Forwarded message ---------\nFrom: 石井 遥 <h.ishii@lab.example.jp>\nDate: 2026年6月3日(水) 14:26\nSubject: td query がエラーになります\n\n研究室のサーバから td query を実行すると、以下のエラーになります。\n前に先生がサポートに問い合わせていた件と同じエラーかもしれません。\n\nQuery failed: line 1:103: Column \'rh_pct\' cannot be resolved');
    expect(colleague.missing).toContain('related_ticket');
  });
  it("'set up in the TD console' names the console; '在室 10:00-18:00' is no event", async () => {
    const ceo = await check("The export from Treasure Data to our client's Salesforce has been failing every day since Tuesday. It was set up in the TD console by our ops people.");
    expect(ceo.channel).toBe('console');
    const desk = await check('td query がエラーになります。アカウントID：45120（ap01）\n\nQuery failed: line 1:103: Column \'rh_pct\' cannot be resolved\n\n長谷川 誠\n内線 4127（在室 10:00-18:00）');
    expect(desk.items.timezone.present).toBe(true);
  });
  it("what depends on the failing thing, the people served reviewing it and a pull 'to join' tell goals", async () => {
    const board = await check("Larkspur Retail's weekly revenue report to their board depends on this extract and it has been broken all week. Account ID 10482, US.");
    expect(board.items.goal.present).toBe(true);
    const review = await check('Our executive dashboards for Ridgeway Logistics (TD account ID 83307) have stopped loading in the mornings. Their operations leadership reviews fleet utilisation first thing every day.');
    expect(review.items.goal.present).toBe(true);
    const join = await check("Tasklane's HubSpot companies source has been failing every night since Tuesday. CS pulls HubSpot company owner + lifecycle stage into TD to join with product usage for the health score.");
    expect(join.items.goal.present).toBe(true);
  });
  it("'failing since mon' tells history; '【経緯】' alone above the next bracketed field is empty", async () => {
    const mon = await check('saved query churn_weekly failing since mon. job 1877612093, AID 7731 (EU). pls check asap');
    expect(mon.items.history.present).toBe(true);
    const form = await check("【エラー内容】Error: time column 'lastmodifieddate' does not exist in the parsed records.\n【Job ID / Session ID】なし（ジョブ作成前にエラー）\n【経緯】\n【参考資料】https://docs.treasuredata.com/display/public/PD/Importing+Table+Data+Using+the+CLI\n【備考】\n");
    expect(form.items.history.present).toBe(false);
  });
});

describe("an example in brackets after a request to give the value is nobody's (holdout347 12)", () => {
  it("support's questions copied into a reply keep their example values out; the sender's own example in a statement is theirs", async () => {
    const copied = await check('いただいたご質問をコピーし、それぞれに回答を記載しました。\n\nQ:エンドユーザー様のAccount IDとConsole Environmentをお知らせください(例: Account ID: 10101, production-us01)\nA:Account IDは52290です。Console Environmentはエンドユーザー様に確認中です。\n\nQ:エラーメッセージの全文をお知らせください\nA:\nQuery 1881120455 failed: line 1:24: Column \'order_ts\' cannot be resolved');
    expect(copied.items.account_id.values).toEqual(['52290']);
    expect(copied.items.site.present).toBe(false);
    const own = await check('Today we have 38 merchants, each with their own TD account that our team provisioned by hand (for example account ID 52290, US region). What is the recommended design for onboarding the next 200?');
    expect(own.items.account_id.values).toEqual(['52290']);
  });
});

describe('replies that answer support by number, inline or after an arrow (holdout347)', () => {
  const asked =
    '\n\nOn 2 Jun 2026, at 18:05, Treasure Data Support <support@td-support.example.com> wrote:\n\n> Hi Daniel,\n>\n> To investigate, could you send us:\n>\n> 1. The Account ID and Console Environment (e.g. Account ID: 10101, production-us01)\n> 2. The OS / environment the script runs on\n> 3. When did this last work? (date, and the Job ID if you have it)\n>\n> Best regards,\n> Priya\n> Treasure Data Support\n';
  it("numbered answers above support's numbered questions read with their question as label; an answer put off gives nothing", async () => {
    const byNumber = await check(`Answers by number:\n\n1. 71240 / US\n2. Checking with the client's infra team, I'll reply on this thread.\n3. Will check with the client and come back to you on this one.${asked}`, { subject: 'RE: [TD Support #231877] pytd upload fails with 413' });
    expect(byNumber.items.account_id.values).toEqual(['71240']);
    expect(byNumber.items.site.values).toEqual(['us01']);
    expect(byNumber.items.account_id.evidence).toEqual(['1. 71240 / US']);
    // support's question ("When did this last work?") labels no history for an answer that puts it off
    expect(byNumber.items.history.present).toBe(false);
    // nor does "Console Environment" in support's question name the console as the method
    expect(byNumber.channel).not.toBe('console');
    const ownSteps = await check(`What we did:\n\n1. 71240 rows loaded\n${asked}`);
    expect(ownSteps.items.account_id.present).toBe(false);
  });
  it("a value inside support's question is support's: 'はい、ご認識のとおりです' under '東京リージョン(production-ap01)でお間違いないでしょうか' gives no site", async () => {
    const confirmed = await check('ご確認いただいた点について、以下に回答いたします。\n\n2026年6月4日(木) 14:30 Treasure Data Support <support@td-support.example.com>:\n> 大野様\n> 対応にあたり、以下をご確認いただけますでしょうか。\n> ① 対象アカウントのConsole Environmentは、東京リージョン(production-ap01)でお間違いないでしょうか。\n\nはい、ご認識のとおりです。\n\n> ② 新しいAccount Ownerとなるユーザーのメールアドレスをお知らせください。\n\nk.nishida@harukaze-foods.example.co.jp です。', { subject: 'Re: [TD Support #232588] Account Ownerの変更依頼' });
    expect(confirmed.items.site.present).toBe(false);
    const answered = await check('Answers inline.\n\nOn Fri, Jun 5, 2026 at 4:12 PM Treasure Data Support <support@td-support.example.com> wrote:\n\n> Hi Chloe,\n> please send us:\n> - The Account ID of the end user (e.g. Account ID: 10101)\n\n36651\n\n> - The full text of the error message\n\nIt\'s in the screenshot. The banner text can\'t be selected or copied, sorry.\n\n> Best,\n> Marco\n> Treasure Data Support\n');
    expect(answered.items.account_id.values).toEqual(['36651']);
    expect(answered.items.error_message.present).toBe(false);
  });
  it("answers after '⇒' inside support's text, where the sender says they answered below, are the sender's", async () => {
    const arrows = await check('ご質問いただいた件、下記に青字で回答いたします。\n\n中島\n\nFrom: Treasure Data Support <support@td-support.example.com>\nSent: Monday, June 8, 2026 11:20 AM\nTo: 中島 美咲 <m.nakajima@sakura-analytics.example.co.jp>\nSubject: [TD Support #233115] Data Workbenchでのクエリ実行エラー\n\n中島様\n\n調査のため、以下の情報をお知らせください。\n\n1. Account IDとConsole Environment(例: Account ID: 10101, production-us01)\n\n⇒ Account ID:39127/東京リージョンです。\n\n2. 表示されたエラーメッセージの全文\n\n⇒ Query exceeded per-node user memory limit of 24GB [Allocated: 23.98GB, Delta: 27.11MB]\n\n3. Job ID(例: 123456789)\n\n⇒ Job ID:1882640093\n\nよろしくお願いいたします。\n\n林\n');
    expect(arrows.items.account_id.values).toEqual(['39127']);
    expect(arrows.items.site.values).toEqual(['ap01']);
    expect(arrows.items.error_message.present).toBe(true);
    expect(arrows.items.target_id.values).toEqual(['job:1882640093']);
    const unannounced = await check('Thanks.\n\nFrom: Treasure Data Support <support@td-support.example.com>\nSent: Monday, June 8, 2026 11:20 AM\nSubject: [TD Support #233115] question\n\nHello,\n\nPlease send the Job ID.\n\n→ Job ID: 1882640093 is what we would need\n\nTreasure Data Support\n');
    expect(unannounced.items.target_id.present).toBe(false);
  });
  it("a tool's advice pasted under its error is output, not the ask; a zone in a command's argument covers no time told after it; a scheduled query is the console", async () => {
    const advice = await check("Windows Server 2019.\n\nPS C:\\batch> td query -d web -T presto -w -q C:\\batch\\kpi.sql\n\nError: Failed to connect to api.treasuredata.com:443 (OpenSSL::SSL::SSLError: certificate verify failed)\nPlease check your network connection, proxy settings (HTTP_PROXY) and the TD API endpoint.\n\nIt ran fine until the proxy change on 3 June; since then it fails every night.", { subject: 'Toolbelt nightly export: SSL error since proxy change' });
    expect(advice.category).toBe('error');
    const argument = await check("A:\ntd query -d sales_db -T presto -w \"SELECT 1 FROM t WHERE TD_TIME_RANGE(time, '2026-06-04', '2026-06-05', 'JST')\"\n\nA:売上日報用のCSVを作成するため、6/5 11:40頃に上記コマンドを実行したところエラーとなりました。");
    expect(argument.items.timezone.values).toEqual(['11:40']);
    const scheduled = await check("Our client's scheduled query daily_kpi (AID 90412) fails since yesterday:\n\nQuery failed: line 12:6: Table 'kpi_src.orders_daily' does not exist");
    expect(scheduled.channel).toBe('console');
  });
});

describe('readings from the holdout348-351 round', () => {
  it("a failure told outright is not a contract question for a topic named only in what the work is for", async () => {
    const tenants = await check('ひなた管理サービス様(アカウントID:73105/東京リージョン)の件でご相談です。\n\n契約更新が近い入居者様へ更新案内メールを送るため、Audience Studioのセグメントから\nSalesforce Marketing CloudへActivationを行っておりますが、今月に入ってからActivationを実行すると\nエラーになり、配信リストが作成できなくなりました。\n\nSFMC側の設定で確認すべき点があれば、あわせてご教示いただけますと助かります。');
    expect(tenants.category).toBe('error');
    const renewal = await check('弊社の契約更新の件でご相談です。来月で契約期間が終わりますが、更新後のプランと料金を教えていただけますでしょうか。');
    expect(renewal.category).toBe('contract');
  });
  it("'de-duplicate records' asked about is no failure; another product's specification asked for by name is that product's", async () => {
    const dedupe = await check('Our client sends carrier tracking events to Treasure Data through the streaming ingestion API.\n\n1. Does the ingestion API de-duplicate records that carry the same event_id, or are both rows stored?', { subject: 'Does TD de-duplicate tracking events that are sent twice?' });
    expect(dedupe.category).toBe('spec');
    const bigquery = await check('エンドユーザー様では、Saved QueryのExport Results ToでGoogle BigQueryへ日次で出力しています。\nBigQuery側のテーブルにパーティションの有効期限を90日で設定したところ、新しいパーティションが消えているようです。\nそこで、BigQueryの仕様について教えていただけますでしょうか。');
    expect(bigquery.category).toBe('third_party_spec');
  });
  it("asking whether something on the TD side causes the pasted failure keeps it a failure report", async () => {
    const side = await check("Failed job: 2291840573\n\n  com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: Amazon S3; Status Code: 403)\n\nCould you please check whether TD receives the 403 from S3 itself, or whether something on the TD side is still using the old credentials?");
    expect(side.category).toBe('error');
  });
  it("'About the error text:' turns to a topic, it labels no copied text; asking support for help is no purpose", async () => {
    const about = await check("Attempt ID: 1213378840\n\nAbout the error text: the client's engineer told us the task log only says that the td> task was denied permission on the output table, but he did not copy the full line.");
    expect(about.items.error_message.present).toBe(false);
    const help = await check('The workflow hs_member_daily keeps failing. We could not find the cause ourselves, so we would like to ask for your help.');
    expect(help.items.goal.present).toBe(false);
  });
  it("a country after a company's legal form is where it is; the system fed with the data tells the goal; the same request made last year is an earlier inquiry", async () => {
    const company = await check('We are the offshore team of Nishiki Textile Co., Ltd. (Japan). Their td query fails with a timeout.');
    expect(company.items.site.present).toBe(false);
    const client = await check('Job 2291840573 failed for our client Acme (US).');
    expect(client.items.site.values).toEqual(['us01']);
    const engine = await check("Our revenue system reads the nightly snapshot through JDBC. The pricing engine uses it every night to set the next day's room rates. Since 1 July the extract fails with a read timeout.");
    expect(engine.items.goal.present).toBe(true);
    const lastYear = await check('明和ハウジング株式会社様(アカウントID:55102、東京リージョン)のユーザー一覧を出力いただけないでしょうか。\n\nなお、昨年も同じ監査の時期に同様のお願いをさせていただいたかと存じます。');
    expect(lastYear.missing).toContain('related_ticket');
  });
});

describe('readings from the holdout352-355 round', () => {
  it('the output made and handed on, or an account to give to auditors, tells the goal', async () => {
    const audit = await check('みなと海上保険様では、四半期ごとに業務システムのアクセスログを抽出し、CSVにして監査部へ提出しています。\n\nその抽出をTD Toolbeltで実行したところ、以下のエラーとなりました。\nError: Query exceeded per-node user memory limit of 8GB');
    expect(audit.items.goal.present).toBe(true);
    const shared = await check('毎日の売上速報をGoogleスプレッドシートに出力してブランドご担当者様とインフルエンサーの事務所に共有しています。\nその出力が、昨日から失敗するようになりました。');
    expect(shared.items.goal.present).toBe(true);
    const explain = await check('次回の内部監査で、削除したデータがいつ物理的に消去されるかを監査人に説明する必要があるとのことです。\nDELETE文で削除したレコードは、いつ物理的に消去されますか。');
    expect(explain.items.goal.present).toBe(true);
  });
  it('asking where the pasted failure comes from, or for a supported way round it, keeps it a failure report', async () => {
    const from = await check("Job ID: 1987342210\n\n[ERROR] Salesforce bulk API error: INVALID_FIELD: No such column 'npo02__TotalOppAmount__c' on entity 'Contact'.\n\nCould you tell us whether this is coming from the TD connector or from the field mapping on the Salesforce side?");
    expect(from.category).toBe('error');
    const way = await check('Since the proxy rollout every attempt fails:\n\n    Error: SSL_connect returned=1 errno=0 state=error: certificate verify failed\n\nIs there a supported way to make the toolbelt trust a custom CA bundle, or do we need to ask for a proxy bypass?');
    expect(way.category).toBe('error');
  });
  it("another vendor's file-sharing service, and 'X is not your product', make a third-party question", async () => {
    const box = await check('Morrow & Vance exports a daily extract to Box with Export Results To on a saved query. That part works fine.\n\n1. When the export overwrites the same file name every day, does Box keep each previous version under the retention policy?\n\nI know Box is not your product, but any pointers would help us ask Box the right question.');
    expect(box.category).toBe('third_party_spec');
  });
  it("a screen's code with hyphens is error text; a td command named in a sentence is no command line; a mark the sender's script replaces is no placeholder", async () => {
    const code = await check('In Audience Studio our segment shows 0 profiles and this message:\n\n>  Segment population could not be calculated. Please try again later. (code: SEG-CALC-504)\n\nOur account ID is 20931.');
    expect(code.items.error_message.present).toBe(true);
    const named = await check('Account ID: 41207\nThe SQL is in a file (monthly_kpi.sql). I run it with td query with the wait option and save the result as CSV, same as every month.\n\nStatus      : error\nQuery exceeded maximum time limit of 60.00m');
    expect(named.items.command.present).toBe(false);
    const loop = await check('The loop:\n\nfor d in $(seq -w 1 14); do\n  td query -w -d gv_sales -T presto \\\n    -q "$(sed "s/{{D}}/2026-03-$d/g" backfill.sql)"\ndone');
    expect(loop.items.command.present).toBe(true);
  });
  it("'パスワードは90日ごとに変更すること' is a rule, not a password; 'パスワードはHrkz!2026-owner です' is one", async () => {
    const rule = await check('事務所様の「情報セキュリティ規程」にある「パスワードは90日ごとに変更すること」という定めにより、連携用ユーザーのパスワードが変更された可能性があります。');
    expect(rule.secrets).toEqual([]);
    const given = await check('現オーナーのログイン情報を共有いたします。\nID:t.mizuno@harukaze-foods.example.co.jp\nパスワードはHrkz!2026-owner です。');
    expect(given.secrets.map((s) => s.kind)).toEqual(['password']);
  });
});

describe('readings from the holdout356-359 round', () => {
  const thread = (comment: string) =>
    `お世話になっております。下記のとおりインラインで回答いたしました（【回答】の部分です）。\n\n差出人: Treasure Data Support <support@td-support.example.com>\n送信日時: 2026年6月15日 17:42\n件名: [TD Support #233512] Export Results ToでS3エクスポートが失敗する件\n\n##- このメールに返信する場合は、この行より上に入力してください -##\n\n森本 (Treasure Data Support)\n\n2026年6月15日 17:42 (GMT+09:00)\n\n高橋様\n\n以下の情報をご提供いただけますでしょうか。\n\n1. エラーとなったJob ID（例：123456789）\n【回答】Job ID：2187745520 です。\n\n森本\nTreasure Data Support\n\n--------------------------------------------------------------------------------\n\n${comment}\n\n2026年6月15日 11:20 (GMT+09:00)\n\nエンドユーザー様の環境で、Saved QueryのExport Results ToによるS3へのエクスポートが失敗しています。\n日次の売上集計結果をS3に出力し、エンドユーザー様のBIツールに取り込みたいのですが、以下のエラーとなります。\n\n・アカウントID：１２８５０（東京リージョン）\n\n[Ticket #233512]\n`;
  it("the sender's comment in a help desk's thread quoted by support is theirs; support's comment is not", async () => {
    const own = await check(thread('高橋 真理子'), { subject: 'RE: [TD Support #233512] Export Results ToでS3エクスポートが失敗する件' });
    expect(own.items.account_id.values).toEqual(['12850']);
    expect(own.items.goal.present).toBe(true);
    const support = await check(thread('佐藤 (Treasure Data Support)'), { subject: 'RE: [TD Support #233512] Export Results ToでS3エクスポートが失敗する件' });
    expect(support.items.account_id.present).toBe(false);
  });
  it("a message given in quotes after its name, and one under 'and then shows:', is error text; an error that comes up makes a failure report", async () => {
    const named = await check('2. エラー表示は「Segment could not be saved. Please try again later. (500)」です\n5. 昨日の夕方までは問題なく保存できていました');
    expect(named.items.error_message.present).toBe(true);
    const paraphrase = await check('エラー内容は「権限エラーのような内容」でした。');
    expect(paraphrase.items.error_message.present).toBe(false);
    const shows = await check('When they click "Refresh population" it spins for a few minutes and then shows:\n\n"Unable to calculate segment size. The query was cancelled (Query Timeout). Please try again later."');
    expect(shows.items.error_message.present).toBe(true);
    const comesUp = await check('When I open the segment in Audience Studio, the profile count keeps spinning and then an error comes up saying the count query timed out, and no count is shown.\n\nCan you check what\'s wrong?');
    expect(comesUp.category).toBe('error');
  });
  it("what the people served see from it tells the goal; a project pushed with td wf push is no data flow", async () => {
    const screen = await check('Our member app has a "My Progress" screen that shows members their visit streaks; the numbers come from a Presto query that our backend service issues against TD every night. Since June 5 every one of these jobs fails.');
    expect(screen.items.goal.present).toBe(true);
    const push = await check('It runs on its schedule in Treasure Workflow. We push the project from our GitHub Actions job with td wf push. Session 918244071 failed last night.');
    expect(push.items.goal.present).toBe(false);
  });
});

describe('readings from the holdout360-363 round', () => {
  it("answers under the sender's own copy of each question read with it as label; a heading answered by putting it off is support's words", async () => {
    const arrows = await check('外出先のため、取り急ぎご回答いたします。\n\n①対象のAccount ID\n　→ ４８２０３\n\n②Console Environment\n　→ 東京リージョン（ap01）\n', { subject: 'Re: [TD Support #232850] Account Owner変更のご依頼' });
    expect(arrows.items.account_id.values).toEqual(['48203']);
    const marks = await check('【ご質問1】エラーが発生したJob ID\n【回答】\n2073345519 でございます。\n');
    expect(marks.items.target_id.values).toEqual(['job:2073345519']);
    const setIn = await check('Please find our answers to your three questions below.\n\n1. Account ID / Console Environment\n   38470 / AP01 (Tokyo)\n\n2. What the end user is ultimately trying to achieve\n   Unfortunately we do not have the details yet. We will get back to you once we hear from them.\n\n3. The API concerned\n   GET /v3/job/status/:job_id\n\nIs there a rate limit on this endpoint?');
    expect(setIn.items.account_id.values).toEqual(['38470']);
    expect(setIn.items.goal.present).toBe(false);
  });
  it("a heading naming the error message answered with 'please refer to the screenshot' gives no text", async () => {
    const shot = await check('■ Error message\n\nThe error appears in a red banner at the top of the screen. Please refer to the screenshot below (full screen, taken this morning).\n\n■ What we have tried\n\nWe tried again on June 11, with the same result.');
    expect(shot.items.error_message.present).toBe(false);
    const quoted = await check('■ Error message\n\nThe banner says "Authentication failed: invalid security token". Please refer to the screenshot below.');
    expect(quoted.items.error_message.present).toBe(true);
  });
  it("Embulk on 'our own Linux server (not inside Treasure Data)' is open source run by the sender", async () => {
    const oss = await check("We use Embulk 0.11.4 on our own Linux server (not inside Treasure Data), with embulk-parser-xpath2.\n\n$ embulk run xmltv_to_pg.yml\norg.embulk.config.ConfigException: Field 'root' is required but not set\n\nCould you tell us how the parser has to be configured?");
    expect(oss.category).toBe('oss');
  });
  it('figures the people served want, and an output shown on a dashboard, tell the goal', async () => {
    const wants = await check('We send companion-app events with the TD Android SDK. Nestwell wants hourly counts of setpoint changes per firmware version, and for that the event time has to be right. Does TD reject a record whose time is in milliseconds?');
    expect(wants.items.goal.present).toBe(true);
    const board = await check('更新結果ログを集計して、ファームウェアのバージョン別の\n適用率・失敗率を毎朝の品質会議用ダッシュボードに出しています。\nこの集計を行っているワークフローが、今朝から失敗しています。');
    expect(board.items.goal.present).toBe(true);
  });
});

describe('readings from the holdout364-367 round', () => {
  it("'前回来店から…次回予約のご案内' is a mailing, no earlier inquiry; 'your team's advice then was' is one", async () => {
    const mailing = await check('アカウントID：31042（AP01（東京））\nトリミングの前回来店から60日経過した会員様に、LINEで次回予約のご案内を毎週配信したいと考えています。\nActivationが失敗しています。');
    expect(mailing.missing).not.toContain('related_ticket');
    const advice = await check("Job 2239845016 fails with the memory limit again.\n\nWe had a similar memory problem with this customer's telemetry back in March, and your team's advice then was to split the time range into smaller windows.");
    expect(advice.missing).toContain('related_ticket');
  });
  it("a message in quotes after 'died again with' is error text; a report due tells the goal", async () => {
    const died = await check('Job 1872046613 died again with "Query exceeded per-node memory limit of 20GB". Same issue as last month.\n\nWeekly churn report is due Friday, please help.');
    expect(died.items.error_message.present).toBe(true);
    expect(died.items.goal.present).toBe(true);
  });
  it("a question asked 'while you're looking' is an aside to the failure told; a wish in another matter is no goal", async () => {
    const aside = await check("We're trying to push the segment of Cedar & Pine (Account ID 20577, US01) to Google Ads Customer Match. The activation has failed every time since we set it up on Tuesday.\n\nWhile you're looking: do you know whether Google counts the 1,000 members before or after their own matching?");
    expect(aside.category).toBe('error');
    const other = await check('アカウントID 81156 のエンドユーザー様で、Job ID 2095230418 が失敗しています。\n原因を教えてください。\n\nあと別件ですみませんが、請求書の送付先を経理部の新しいアドレスに変更したいです。');
    expect(other.items.goal.present).toBe(false);
  });
  it("a design brought for advice in Japanese ('…設計についてのご相談', '…する設計は一般的でしょうか') is implementation", async () => {
    const design = await check('会員アプリのチェックインデータから退会予測スコアを毎週算出する仕組みを検討しています。\n\nご相談したい点:\n・特徴量の作成はPrestoとHiveのどちらで行うのが適切でしょうか\n・py>のカスタムスクリプトでモデルを毎週再学習する設計は一般的でしょうか', { subject: '退会予測スコアのワークフロー設計についてのご相談' });
    expect(design.category).toBe('implementation');
  });
});

describe('readings from the holdout368-371 round', () => {
  it("'24時超えの表記' is a notation; 'your team changed something on your side' was an earlier inquiry", async () => {
    const notation = await check('6月10日 5:00(日本時間)のスケジュール実行で上記エラーとなりました。\nPOS側の仕様変更で、深夜の販売分が「24:10」のような24時超えの表記で出力されるようになったとのことです。');
    expect(notation.items.timezone.present).toBe(true);
    const fixed = await check('Session ID: 92014466\nIt has failed every night since 2 June.\n\nWe had a similar failure with this client last month and your team changed something on your side, after that it worked again.');
    expect(fixed.missing).toContain('related_ticket');
  });
  it("'Error text: I'm afraid I can't give you this one.' gives no text; '本日午後に使う予定のため' is when, not what for", async () => {
    const none = await check("- Error text: I'm afraid I can't give you this one. The message shows up as a red toast in the top-right corner for a few seconds and disappears before I can copy it.");
    expect(none.items.error_message.present).toBe(false);
    const when = await check('Job 2418830021 が失敗しました。本日午後に使う予定のため、至急ご確認をお願いします。');
    expect(when.items.goal.present).toBe(false);
  });
  it('what a system keeps matched to what happens tells the goal', async () => {
    const stock = await check("Haneul24's coupon backend keeps the per-store stock of app coupons in line with what is actually redeemed at the registers. Since May 7, about 5% of the result downloads fail with HTTP 404.");
    expect(stock.items.goal.present).toBe(true);
  });
});
