// Generates a second, blind held-out corpus in test/fixtures/holdout2/ (run: npx tsx scripts/make-holdout2.ts).
// Written from the spec (/work/shared/spec/required-items.md) and the guideline only,
// before reading the checker's rules, so it measures the checker on unseen phrasing:
// goals stated as "our aim is" / "…できるようにしたい", history as "it worked last
// week" / "昨日から継続して発生", masked look-alikes, forwarded and quoted mail.
//
// Importing make-holdout.ts for its client builders also runs its generator, which
// rewrites test/fixtures/holdout/ byte-identically (it is deterministic).
import {
  appleMail,
  becky,
  filePart,
  gmail,
  htmlOnly,
  jpeg,
  messagePart,
  outlook,
  png,
  requiredMissing,
  thunderbird,
  type Label,
  type LabelItems,
  type Person,
  items,
  writeHeldOutCorpus,
  type Case,
} from './make-holdout.ts';



const cases: Case[] = [];
function add(file: string, raw: string, label: Case['label']): void {
  cases.push({ file, raw, label });
}

// ---------------------------------------------------------------- senders

const AOBA: Person = { name: '青木 翔', email: 's.aoki@aoba-sol.example.co.jp' };
const RIVER: Person = { name: 'Priya Nair', email: 'priya.nair@riverstone-analytics.example.com' };
const KAGA: Person = { name: '加賀谷 美咲', email: 'm.kagaya@kagaya-data.example.jp' };
const TIDE: Person = { name: 'Tom Becker', email: 'tom.becker@tideline-consulting.example.de' };
const NAMIKI: Person = { name: '並木 聡', email: 's.namiki@namiki-it.example.co.jp' };
const SEOUL: Person = { name: 'Ji-woo Kim', email: 'jiwoo.kim@seoulwave.example.kr' };
const MORI: Person = { name: '森岡 綾', email: 'a.morioka@morioka-lab.example.jp' };
const SUN: Person = { name: 'Daniel Reyes', email: 'daniel.reyes@sunpath-digital.example.com' };
const HOKUTO: Person = { name: '佐藤 大輔', email: 'd.sato@hokuto-foods.example.co.jp' };

// Logos recur byte-identical in every mail of their sender.
const AOBA_LOGO = { name: 'image001.png', type: 'image/png', data: png(220, 56, 701, 0.6), cid: 'image001.png@01DD5F10.2A3B4C50', alt: '青葉ソリューションズ' };
const TIDE_LOGO = { name: 'image001.png', type: 'image/png', data: png(240, 60, 702, 0.6), cid: 'image001.png@01DD5E22.7C8D9E00', alt: 'Tideline Consulting' };

const AOBA_SIG = `--
青葉ソリューションズ株式会社
データソリューション部　青木 翔
〒980-0021 宮城県仙台市青葉区中央9-9-9 青葉ビル7F
TEL：022-555-0173（受付時間 平日9:00～18:00）`;

const TIDE_SIG = `Kind regards,
Tom

Tom Becker
Senior Consultant | Tideline Consulting GmbH
Speicherstadt 12, 20457 Hamburg, Germany
+49 40 555 0123 (Mon-Fri 09:00-17:30 CET)`;

const RIVER_SIG = `--
Priya Nair | Senior Data Engineer
Riverstone Analytics Ltd, 1 Example Street, Manchester M1 1AA`;

const KAGA_SIG = `--
加賀谷 美咲
加賀谷データ株式会社 ソリューション部
〒150-0002 東京都渋谷区渋谷9-9-9`;

// ---------------------------------------------------------------- cases

add(
  'x01-ja-saved-query-sftp-export-complete.eml',
  outlook(
    {
      from: AOBA,
      subject: '【青葉ソリューションズ】SFTPへの結果出力が失敗する件（北斗フーズ様）',
      date: 'Thu, 26 Nov 2026 09:12:40 +0900',
      messageId: 'TYWPR01MB10452A1B2C3D4E5F60718293A4B5C6D7E8F@TYWPR01MB10452.jpnprd01.prod.outlook.com',
      seed: 'x01',
      inline: [AOBA_LOGO],
      attachments: [filePart('sftp_export.png', 'image/png', png(1440, 900, 7101, 0.2), { size: true })],
      text: `トレジャーデータ サポート ご担当者様

いつもお世話になっております。青葉ソリューションズの青木です。

弊社がご支援している北斗フーズ様の環境で、Saved Queryの結果をSFTPサーバーへ出力する処理が失敗しています。
目的は、前日分の受注明細を毎朝SFTPで物流会社へ連携することです。

・アカウントID：40188
・クエリ画面：https://console.treasuredata.co.jp/app/queries/editor?queryId=6120455
・失敗したジョブ：Job ID 2240018832
・画面全体のスクリーンショットを添付します（sftp_export.png）

エラーメッセージ（ジョブ詳細のOutputタブより）：
org.apache.sshd.common.SshException: Session is being closed: Connection reset by peer

経緯：
11月24日 6:00（JST）の定期実行から失敗しており、昨日から継続して発生しています。
11月23日 6:00（JST）の実行（Job ID 2239870011）までは正常に終了していました。
物流会社側でSFTPサーバーの移設があったと聞いており、接続先ホスト名が変わっていないことは確認済みです。

ご確認のほどよろしくお願いいたします。

${AOBA_SIG}`,
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '40188',
      site: 'ap01',
      goal: true,
      target_id: ['other:6120455', 'job:2240018832', 'job:2239870011'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete console inquiry; goal stated as "目的は…". The site is only in the console URL hostname (console.treasuredata.co.jp → ap01). History is both "昨日から継続して発生" and the last good job. Signature address (宮城県仙台市) and business hours are neither site nor event times.',
  },
);

add(
  'x02-en-td-wf-session-eu-worked-last-tuesday.eml',
  gmail(
    {
      from: RIVER,
      subject: 'daily_refresh workflow failed this morning (Lindholm Retail)',
      date: 'Thu, 26 Nov 2026 07:41:09 +0000',
      messageId: 'CAF8kQm1xN2pR3sT4uV5wX6yZ7aB8cD9eF0gH1iJ2kL3mN4oP5q@mail.gmail.com',
      seed: 'x02',
      text: `Hi team,

Our aim is to refresh the customer 360 tables for Lindholm Retail before their stores open, so their store managers see yesterday's purchases.

The workflow lindholm_c360/daily_refresh failed this morning. We pushed it with td wf push and it runs on its schedule in Treasure Workflow.

AID: 52018 (EU region)
Session ID: 4410923381

It ran fine last Tuesday (session 4409112200) and nothing was changed in the project since then. Today's session started at 05:00 CET and failed about 20 minutes later.

Could you check what went wrong?

Best,
Priya

${RIVER_SIG}`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '52018',
      site: 'eu01',
      goal: true,
      target_id: ['session:4410923381', 'session:4409112200'],
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Goal as "Our aim is…"; account as "AID:"; site by the name "EU region". The session ID excuses the missing error text. History: last good run with its session ID. "05:00 CET" is zoned; "20 minutes" is a duration.',
  },
);

add(
  'x03-ja-pytd-mac-key-exposed-no-zone.eml',
  thunderbird(
    {
      from: KAGA,
      subject: 'pytdでクエリ実行時に403 Forbiddenになる',
      date: 'Wed, 25 Nov 2026 11:20:33 +0900',
      messageId: '5b1e7c2a-93d4-4f61-8a0b-c2d3e4f5a6b7@kagaya-data.example.jp',
      seed: 'x03',
      text: `サポートご担当者様

加賀谷データの加賀谷です。

エンドユーザー（ひなた薬局様）の分析チームが、Jupyter上から会員の購買履歴を取得して
需要予測モデルの学習データを作れるようにしたいと考えています。
pytdで検証していたところ、クエリ実行時に例外が発生しました。

アカウントID：88123
エンドポイント：https://api.treasuredata.co.jp

実行環境：macOS Sonoma 14.5 / Python 3.11 / pytd 1.6.0

実行したコード：
import pytd
client = pytd.Client(apikey='88123/3f9a1c7e5b2d4086a1f3c5e7b9d0a2c4e6f81357',
                     endpoint='https://api.treasuredata.co.jp/',
                     database='hinata_dwh')
df = client.query('SELECT member_id, SUM(amount) FROM purchases GROUP BY 1')

エラー：
tdclient.errors.ForbiddenError: 403: Forbidden: You don't have permission to access this database

先週までは同じノートブックで問題なく取得できていました。
本日10時頃にも再実行しましたが同じ結果です。

よろしくお願いします。
${KAGA_SIG}`,
    },
    { charset: 'UTF-8', lang: 'ja' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '88123',
      site: 'ap01',
      goal: true,
      target_id: [],
      error_message: true,
      os: 'mac',
      command: true,
      history: true,
    timezone: false,
    },
    secrets: ['td_api_key'],
    referenced_tickets: [],
    note: 'pytd from macOS (api). Goal as "…できるようにしたい". The API key in the snippet is unmasked. No job was created. "本日10時頃" has no zone. History: it worked last week, and a retry today.',
  },
);

add(
  'x04-en-jdbc-tableau-windows-no-account.eml',
  outlook(
    {
      from: SUN,
      subject: 'Tableau JDBC connection to Treasure Data refused',
      date: 'Wed, 25 Nov 2026 15:02:11 -0500',
      messageId: 'BN0PR11MB5729D1C2B3A4958677E6F5D4C3B2A190@BN0PR11MB5729.namprd11.prod.outlook.com',
      seed: 'x04',
      text: `Hello,

The customer needs a weekly sales dashboard in Tableau Desktop that reads directly from Treasure Data, but the connection test fails.

Customer: Acme Outdoor Retail (production, US site)
Connection: JDBC from Tableau Desktop 2024.2 on Windows 11
JDBC URL: jdbc:td://api.treasuredata.com/acme_sales;useSSL=true
Custom SQL: SELECT store_id, SUM(net_sales) FROM weekly_sales GROUP BY 1

Error dialog text:
[Treasure Data][JDBC](500150) Error setting/closing connection: Connection refused: connect

We already tried reinstalling the Treasure Data JDBC driver (td-jdbc-0.5.10) and connecting from a second laptop; same error. The connection worked from this laptop on November 18 at 2:15 pm EST.

Thanks,
Daniel

Daniel Reyes
Sunpath Digital | Analytics Engineering
Denver, CO`,
    },
    { charset: 'us-ascii', lang: 'en-US' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'api',
    items: {
      account_id: null,
      site: 'us01',
      goal: true,
      target_id: [],
      error_message: true,
      os: 'windows',
      command: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'JDBC from Tableau on Windows 11 (api). Goal as "The customer needs…". Only a company name, no Account ID. JDBC URL plus the statement is what was run. No job was created. The driver error code 500150 is no process ID. History: tried reinstalling, and last worked on Nov 18 at 2:15 pm EST.',
  },
);

add(
  'x05-ja-request-owner-change-korea-old-ticket.eml',
  becky({
    from: NAMIKI,
    subject: 'Account Owner変更のお願い（ソウル化粧品様）',
    date: 'Tue, 24 Nov 2026 13:45:02 +0900',
    messageId: '20261124134502.7A1C.S.NAMIKI@namiki-it.example.co.jp',
    seed: 'x05',
    text: `トレジャーデータ サポート御中

並木ITの並木です。いつもお世話になっております。

エンドユーザーのソウル化粧品様（アカウントID：77001、韓国リージョン）につきまして、
担当者の退職に伴い、Account Ownerの変更をお願いしたく存じます。

現Owner：park.minho@seoul-cosme.example.kr
新Owner：lee.sora@seoul-cosme.example.kr（既にAdministrator権限で招待済みです）

なお、昨年同様の変更をお願いした際のチケット番号は #58210 です。
（前回から1年以上経過しているため、新規でのご連絡とさせていただきました）

お手数ですがよろしくお願いいたします。

並木 聡
株式会社並木IT`,
  }),
  {
    language: 'ja',
    category: 'request',
    channel: 'unknown',
    items: { account_id: '77001', site: 'ap02', goal: true },
    secrets: [],
    referenced_tickets: ['58210'],
    note: 'Complete Account Owner change request (Becky!, ISO-2022-JP); site by the name 韓国リージョン. The earlier inquiry is named with its ticket number (#58210), so related_ticket is present. Owner e-mail addresses are not credentials.',
  },
);

add(
  'x06-en-spec-rest-job-result-no-site.eml',
  appleMail(
    {
      from: SEOUL,
      subject: 'Question: size limit for job result download via REST API',
      date: 'Tue, 24 Nov 2026 10:15:48 +0900',
      messageId: '8C2D1E0F-3A4B-4C5D-9E6F-7A8B9C0D1E2F@seoulwave.example.kr',
      seed: 'x06',
      text: `Hello Treasure Data Support,

We want to download the results of large Presto jobs (around 40 million rows) from the batch server of our client, Hanul Mart, and load them into their on-premise warehouse.

Question: when we call GET /v3/job/result/:job_id?format=msgpack.gz via the REST API, is there a maximum result size, and is the result still available to download after the job history retention period?

Account ID: 60517

Thank you,
Ji-woo Kim
SeoulWave Inc.`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'spec',
    channel: 'api',
    items: { account_id: '60517', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Spec question about the REST API with a clear goal and an Account ID but no site: "SeoulWave" is a company name and the .kr domain is no Console Environment. ":job_id" is a placeholder, not an ID.',
  },
);

add(
  'x07-ja-object-listing-users-policies-no-site.eml',
  gmail(
    {
      from: MORI,
      subject: 'ユーザーとポリシーの一覧出力のお願い',
      date: 'Mon, 23 Nov 2026 16:30:12 +0900',
      messageId: 'CAH3pLw9qR8sT7uV6wX5yZ4aB3cD2eF1gH0iJ9kL8mN7oP6qR5s@mail.gmail.com',
      seed: 'x07',
      text: `トレジャーデータ サポートご担当者様

森岡ラボの森岡です。
エンドユーザー様（アカウントID：31877）の監査対応のため、
アカウントに登録されている全ユーザーと、各ユーザーに付与されているポリシーの一覧を
出力していただくことは可能でしょうか。

CSV形式でいただけると助かります。

よろしくお願いいたします。
森岡`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'object_listing',
    channel: 'unknown',
    items: { account_id: '31877', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Asks support to export the list of users and their policies (一覧): object listing. Account ID given, Console Environment not.',
  },
);

add(
  'x08-en-contract-dpa-renewal.eml',
  outlook(
    {
      from: TIDE,
      subject: 'DPA and sub-processor list for contract renewal (Nordhafen Logistik)',
      date: 'Mon, 23 Nov 2026 10:04:27 +0100',
      messageId: 'AM9PR08MB6980A0B1C2D3E4F5A6B7C8D9E0F1A2B3@AM9PR08MB6980.eurprd08.prod.outlook.com',
      seed: 'x08',
      inline: [TIDE_LOGO],
      text: `Dear Support team,

Our client Nordhafen Logistik GmbH (Account ID 45120, EU) is renewing their subscription next month. Their legal department asks for the current Data Processing Agreement and the list of sub-processors, and whether the contract can be amended to add a second environment in the EU region.

Could you forward this to the right team or send us the documents?

${TIDE_SIG}`,
    },
    { charset: 'UTF-8', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'contract',
    channel: 'unknown',
    items: { account_id: '45120', site: 'eu01', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Contract questions (DPA, sub-processors, amendment): out of scope, handed to Customer Success; no missing list. First of three Tideline mails with the same inline logo.',
  },
);

add(
  'x09-ja-forwarded-segment-audience-studio.eml',
  gmail(
    {
      from: MORI,
      subject: 'Fwd: セグメントの件数が表示されません',
      date: 'Wed, 25 Nov 2026 09:05:51 +0900',
      messageId: 'CAH3pLw7aB6cD5eF4gH3iJ2kL1mN0oP9qR8sT7uV6wX5yZ4aB3c@mail.gmail.com',
      seed: 'x09',
      text: `サポートご担当者様

森岡ラボの森岡です。
エンドユーザー様から以下の問い合わせを受けましたので転送いたします。
アカウントID：31877、Console Environment：AP01 です。

よろしくお願いいたします。

---------- Forwarded message ---------
From: 田村 健 <k.tamura@sakura-mart.example.co.jp>
Date: 2026年11月24日(火) 17:42
Subject: セグメントの件数が表示されません
To: 森岡 綾 <a.morioka@morioka-lab.example.jp>

森岡様

来月のクーポン配信キャンペーンで使う「休眠会員」セグメントを作りたいのですが、
Audience Studioでセグメントを保存すると件数が表示されず、エラーになります。

セグメント画面のURL：
https://console.treasuredata.co.jp/app/ps/20481/se/733102

画面に表示されたメッセージ：
Failed to calculate segment size: Internal Server Error (request id 4f1c2a9e-7b3d-4e55-9a0c-1d2e3f4a5b6c)

昨日から継続して発生しており、条件を1つに減らしても同じでした。

田村`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '31877',
      site: 'ap01',
      goal: true,
      target_id: ['other:20481', 'other:733102'],
      error_message: true,
      console_url: true,
      screenshot: false,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Inline-forwarded end-user mail: its text counts. Both numbers of /ps/N/se/M are other IDs; the request UUID is not. The forwarded Date: 17:42 is metadata. No screenshot.',
  },
);

const AUTO_REPLY_90211 = `Dear Tom,

Thank you for contacting Treasure Data Support. To start the investigation we need the following information. Please reply to this email with:

- The end user's Account ID (e.g. Account ID: 10101)
- The Console Environment (e.g. production-us01, Tokyo)
- The ID of the failing process (e.g. Job ID: 987654321, Session ID: 123456789)
- The console URL and a screenshot of the whole screen
- What you ultimately want to achieve (e.g. "we want to export data to S3")
- When it happened, with a timezone (e.g. 2024/1/30 10:00 JST)

Ticket number: 90211
Treasure Data Support`;

add(
  'x10-en-reply-to-auto-reply-90211.eml',
  outlook(
    {
      from: TIDE,
      subject: 'RE: [TD Support #90211] Query fails in the query editor',
      date: 'Thu, 26 Nov 2026 10:12:03 +0100',
      messageId: 'AM9PR08MB6980F1E2D3C4B5A69788796A5B4C3D2E@AM9PR08MB6980.eurprd08.prod.outlook.com',
      inReplyTo: 'ar.90211.1795683720@td-support.example.com',
      references: ['AM9PR08MB69800A1B2C3D4E5F6A7B8C9D0E1F2A3B@AM9PR08MB6980.eurprd08.prod.outlook.com', 'ar.90211.1795683720@td-support.example.com'],
      seed: 'x10',
      inline: [TIDE_LOGO],
      text: `Hello,

Here are the details you asked for.

Account ID: 45120
Console: https://console.eu01.treasuredata.com/app/jobs/2301445566

The query fails every time we run it from the query editor, most recently at 09:40 CET today. We also tried running it with the Hive engine instead of Presto, with the same result.

Error text from the job page:
io.trino.ExceededMemoryLimitException: Query exceeded per-node memory limit of 6GB

${TIDE_SIG}`,
      quote: {
        attribution: `From: TD Support <support@td-support.example.com>
Sent: Thursday, 26 November 2026 09:02
To: Tom Becker <tom.becker@tideline-consulting.example.de>
Subject: [TD Support #90211] Query fails in the query editor`,
        text: AUTO_REPLY_90211,
      },
    },
    { charset: 'UTF-8', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '45120',
      site: 'eu01',
      goal: false,
      target_id: ['job:2301445566'],
      error_message: true,
      console_url: true,
      screenshot: false,
      history: true,
    },
    secrets: [],
    referenced_tickets: ['90211'],
    note: 'Reply on ticket #90211 quoting only our auto-reply (its example values and its "export data to S3" goal example do not count). Judged alone: no goal, and only the recurring Tideline logo, so no screenshot. "Sent: … 09:02" is attribution metadata; 09:40 CET is zoned.',
  },
);

add(
  'x11-ja-workflow-daily-7am-no-zone.eml',
  outlook(
    {
      from: AOBA,
      subject: '日次集計ワークフローが3日前から失敗している件',
      date: 'Thu, 26 Nov 2026 08:31:19 +0900',
      messageId: 'TYWPR01MB104520F1E2D3C4B5A6978877665544332@TYWPR01MB10452.jpnprd01.prod.outlook.com',
      seed: 'x11',
      inline: [AOBA_LOGO],
      text: `サポートご担当者様

青葉ソリューションズの青木です。

北斗フーズ様（アカウントID：40188、東京リージョン）のワークフロー hokuto_sales/daily_summary が失敗しています。
前日の売上を店舗別に集計し、朝会で使うBIダッシュボードに連携するためのワークフローです。

毎朝7時にスケジュール実行されていますが、3日前から継続して失敗しています。

失敗したセッションID：5521008877
タスクログ（抜粋）：
2026-11-26 07:03:12 +0900 [ERROR] (0031@[0:hokuto_sales]+daily_summary+aggregate): Task failed with unexpected error: Query 2241557788 failed: line 3:1: mismatched input 'FROM'

よろしくお願いいたします。

${AOBA_SIG}`,
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '40188',
      site: 'ap01',
      goal: true,
      target_id: ['session:5521008877', 'job:2241557788'],
      error_message: true,
      history: true,
      timezone: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Recurring "毎朝7時" has no zone; the +0900 in the pasted log does not cover it. Goal stated as the purpose of the workflow. History: "3日前から継続して失敗". The job ID sits in the log line.',
  },
);

add(
  'x12-en-td-import-ubuntu-import-name.eml',
  thunderbird(
    {
      from: SUN,
      subject: 'td import:auto fails with 422 on POS history upload',
      date: 'Tue, 24 Nov 2026 17:44:30 -0700',
      messageId: '3f6a9d2e-1b4c-4e7f-8a90-b1c2d3e4f5a6@sunpath-digital.example.com',
      seed: 'x12',
      text: `Hi Support,

We are loading a year of point-of-sale history for Redwood Grocers into Treasure Data so their analysts can compare this holiday season with last year's.

Account ID: 23456
Site: production-us01
Environment: Ubuntu 22.04 LTS on an EC2 instance, TD Toolbelt 0.17.1

Command:
$ td import:auto --format csv --column-header --time-column sold_at --auto-create redwood_pos.sales_2025 ./pos_2025_*.csv

Output:
Bulk import session 'redwood_pos_20261125' is created.
Uploading ./pos_2025_03.csv ...
error: Bulk import perform failed: 422 Unprocessable Entity: invalid time column value 'N/A' in row 118204

We already tried splitting the file into smaller parts and re-running the upload for the March file alone; same error each time.

Thanks,
Daniel`,
    },
    { charset: 'UTF-8', lang: 'en-US' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'toolbelt',
    items: {
      account_id: '23456',
      site: 'us01',
      goal: true,
      target_id: [],
      error_message: true,
      os: 'linux',
      command: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'TD Toolbelt on Ubuntu. The bulk import session name is an import name, not a process ID, so target_id is missing. History: "we already tried splitting…".',
  },
);

add(
  'x13-ja-sources-mysql-password-exposed.eml',
  thunderbird(
    {
      from: KAGA,
      subject: 'SourcesのMySQL取り込みが失敗するようになった件',
      date: 'Mon, 23 Nov 2026 14:02:55 +0900',
      messageId: 'a8c7e6d5-4b3a-4291-8f0e-d1c2b3a49586@kagaya-data.example.jp',
      seed: 'x13',
      attachments: [filePart('screenshot_sources.jpg', 'image/jpeg', jpeg(1280, 800, 7113), { size: true })],
      text: `サポートご担当者様

加賀谷データの加賀谷です。

ひなた薬局様（アカウントID：88123、AP01）で、基幹DBの会員データを毎日TDに取り込めるようにしたいのですが、
Sourcesに登録したMySQLの取り込みが失敗するようになりました。

Source画面のURL：https://console.treasuredata.co.jp/app/integrations/sources/913377
画面全体のスクリーンショットを添付します。

Sourceの接続設定：
ホスト：db-hinata.internal.example.jp
ポート：3306
ユーザー：td_reader
パスワード：Hinata#2026pw

エラーメッセージ：
com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure

先月末（10/31）までは毎日正常に取り込めていました。DB側でファイアウォール設定の変更があったと聞いています。

よろしくお願いします。
${KAGA_SIG}`,
    },
    { charset: 'UTF-8', lang: 'ja' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '88123',
      site: 'ap01',
      goal: true,
      target_id: ['other:913377'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: true,
    },
    secrets: ['password'],
    referenced_tickets: [],
    note: 'Sources (console) with a source ID in the console URL, a JPEG screenshot and the error text. The MySQL password is pasted unmasked (パスワード：…). History: worked until 10/31.',
  },
);

add(
  'x14-en-curl-rest-masked-key-no-history.eml',
  appleMail(
    {
      from: SEOUL,
      subject: 'REST job issue returns 404',
      date: 'Wed, 25 Nov 2026 14:40:02 +0900',
      messageId: '1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D@seoulwave.example.kr',
      seed: 'x14',
      text: `Hi,

We are trying to trigger Presto queries from our client's Airflow scheduler through the REST API, but the issue call returns 404.

Account ID: 60517
Machine: MacBook Pro, macOS 14.6 (testing locally before deploying)

Request:
curl -X POST "https://api.ap02.treasuredata.com/v3/job/issue/presto/hanul_dwh" \\
  -H "Authorization: TD1 60517/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \\
  -d "query=SELECT COUNT(1) FROM orders"

Response:
HTTP/1.1 404 Not Found
{"error":"Resource not found","message":"Database 'hanul_dwh' does not exist","severity":"error"}

Thanks,
Ji-woo`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '60517',
      site: 'ap02',
      goal: true,
      target_id: [],
      error_message: true,
      os: 'mac',
      command: true,
      history: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'curl to the REST API from macOS; site only from api.ap02.treasuredata.com. The TD1 key is masked: no secret. HTTP status with body is the error text. No job created. Only the failure itself is reported: no history.',
  },
);

add(
  'x15-ja-minimal-since-yesterday.eml',
  becky({
    from: NAMIKI,
    subject: '【至急】ジョブが失敗します',
    date: 'Thu, 26 Nov 2026 08:02:10 +0900',
    messageId: '20261126080210.9C3E.S.NAMIKI@namiki-it.example.co.jp',
    seed: 'x15',
    text: `サポート様

並木です。
昨日から継続して発生しています。ジョブが全部失敗します。
至急確認をお願いします。

並木`,
  }),
  {
    language: 'ja',
    category: 'error',
    channel: 'unknown',
    items: { history: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Minimal mail: only that it keeps failing since yesterday (history: still happening). No clock time, so timezone is present; everything else is missing.',
  },
);

add(
  'x16-en-general-it-rolling-average.eml',
  gmail(
    {
      from: RIVER,
      subject: 'SQL question: rolling average with missing days',
      date: 'Mon, 23 Nov 2026 12:10:44 +0000',
      messageId: 'CAF8kQm3zA4bC5dE6fG7hI8jK9lM0nO1pQ2rS3tU4vW5xY6zA7b@mail.gmail.com',
      seed: 'x16',
      text: `Hi,

Quick question on SQL: how do I compute a 7-day rolling average of daily revenue per store, where some days have no rows? I tried AVG(revenue) OVER (PARTITION BY store_id ORDER BY dt ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) but missing days are skipped instead of counted as zero.

Is there a standard SQL pattern to fill the gaps first?

Thanks,
Priya`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'general_it',
    channel: 'unknown',
    items: { goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'General SQL knowledge (window functions, gap filling): out of scope, no missing list.',
  },
);

add(
  'x17-ja-implementation-realtime-personalization.eml',
  gmail(
    {
      from: MORI,
      subject: 'リアルタイムレコメンドの構成についてご相談',
      date: 'Tue, 24 Nov 2026 11:33:21 +0900',
      messageId: 'CAH3pLw1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3aB4cD5e@mail.gmail.com',
      seed: 'x17',
      text: `トレジャーデータ サポートご担当者様

森岡ラボの森岡です。
エンドユーザー様（アカウントID：31877）で、ECサイトの閲覧行動をもとにリアルタイムでおすすめ商品を出し分ける仕組みを検討しています。
Realtime 2.0とPersonalization APIを組み合わせる場合、どのような構成にするのがよいか、
設計についてご相談させていただけないでしょうか。想定するデータ量は1日あたり約500万イベントです。

よろしくお願いいたします。`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'implementation',
    channel: 'unknown',
    items: { account_id: '31877', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Design consultation (構成・設計のご相談): implementation, out of scope; no missing list even though the site is absent.',
  },
);

add(
  'x18-en-third-party-hubspot-limits-html-only.eml',
  htmlOnly(
    {
      from: SUN,
      subject: 'HubSpot daily limit for contact updates from activations',
      date: 'Mon, 23 Nov 2026 09:55:00 -0700',
      messageId: 'web.20261123165500.41a2@sunpath-digital.example.com',
      seed: 'x18',
      text: `Hello,

One of our clients activates segments from Audience Studio to HubSpot. Their HubSpot admin asks how many contact updates per day HubSpot accepts on their Marketing Hub Professional plan, and whether HubSpot queues or drops updates above that limit.

Do you know how HubSpot handles this on their side?

Regards,
Daniel Reyes
Sunpath Digital`,
    },
    { ja: false, mailer: 'Roundcube Webmail/1.6.9' },
  ),
  {
    language: 'en',
    category: 'third_party_spec',
    channel: 'console',
    items: { goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'HTML-only mail asking how HubSpot (the integration target) limits updates: third-party spec, out of scope; channel console because it concerns Audience Studio activations.',
  },
);

add(
  'x19-ja-oss-digdag-self-hosted.eml',
  becky({
    from: NAMIKI,
    subject: 'OSS版Digdagでスケジュールが二重実行される',
    date: 'Wed, 25 Nov 2026 16:20:45 +0900',
    messageId: '20261125162045.5D7F.S.NAMIKI@namiki-it.example.co.jp',
    seed: 'x19',
    text: `サポート御中

並木ITの並木です。
社内のオンプレミスサーバー（CentOS Stream 9）でOSS版のDigdag 0.10.5を動かしており、
PostgreSQLをバックエンドにしています。
サーバー再起動後、スケジュールが二重に実行されるようになりました。
digdag server の設定で二重起動を防ぐ方法はありますでしょうか。

並木`,
  }),
  {
    language: 'ja',
    category: 'oss',
    channel: 'unknown',
    items: { goal: true, os: 'linux', history: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Self-hosted open-source Digdag, not calling the service: oss, out of scope, channel unknown, no missing list.',
  },
);

add(
  'x20-en-data-workbench-logo-only.eml',
  outlook(
    {
      from: TIDE,
      subject: "Data Workbench query fails: Function 'date_diff' not registered",
      date: 'Wed, 25 Nov 2026 11:47:36 +0100',
      messageId: 'AM9PR08MB6980B2C3D4E5F6A7B8C9D0E1F2A3B4C5@AM9PR08MB6980.eurprd08.prod.outlook.com',
      seed: 'x20',
      inline: [TIDE_LOGO],
      text: `Hello Support,

Nordhafen Logistik (Account ID 45120, EU01) wants to give their planners a daily table of late shipments, and we are building it as a saved query in Data Workbench.

Running the query from the editor fails with:

  Query 2302998811 failed: line 14:22: Function 'date_diff' not registered

Query URL: https://console.eu01.treasuredata.com/app/queries/editor?queryId=7719002

We changed the query yesterday to add the delay calculation; the previous version ran without errors on 24 November (job 2301009988).

${TIDE_SIG}`,
    },
    { charset: 'UTF-8', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '45120',
      site: 'eu01',
      goal: true,
      target_id: ['job:2302998811', 'other:7719002', 'job:2301009988'],
      error_message: true,
      console_url: true,
      screenshot: false,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Data Workbench query editor (console). The only image is the Tideline logo that recurs in all three Tideline mails: no screenshot. "line 14:22" is a position. History: changed yesterday, last good job on 24 November.',
  },
);

add(
  'x21-en-workflow-attempt-paraphrase.eml',
  gmail(
    {
      from: RIVER,
      subject: 'Weekly newsletter workflow failed on Monday',
      date: 'Tue, 24 Nov 2026 10:30:02 +0000',
      messageId: 'CAF8kQm5cD6eF7gH8iJ9kL0mN1oP2qR3sT4uV5wX6yZ7aB8cD9e@mail.gmail.com',
      seed: 'x21',
      text: `Hi Support,

Lindholm Retail (AID 52018, EU) uses a workflow to send a weekly newsletter segment to their email service provider every Monday at 06:30 CET. We'd like this week's send to go out as planned.

This Monday the attempt 7781220045 failed; the task log says something about access being denied on the result connection. We re-ran the attempt from the console at 10:10 CET and it failed again.

Thanks,
Priya

${RIVER_SIG}`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '52018',
      site: 'eu01',
      goal: true,
      target_id: ['attempt:7781220045'],
      error_message: false,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Only an attempt ID, which does not excuse the error text, and the error is paraphrased ("something about access being denied"), so error_message is missing. Recurring "every Monday at 06:30 CET" and "10:10 CET" are zoned. History: re-ran it.',
  },
);

add(
  'x22-ja-toolbelt-windows-key-exposed.eml',
  gmail(
    {
      from: MORI,
      subject: 'td job:show でJobが見つからないエラー',
      date: 'Thu, 26 Nov 2026 09:20:18 +0900',
      messageId: 'CAH3pLw5eF6gH7iJ8kL9mN0oP1qR2sT3uV4wX5yZ6aB7cD8eF9g@mail.gmail.com',
      seed: 'x22',
      text: `サポートご担当者様

森岡ラボの森岡です。
さくらマート様（アカウントID：31877、東京）の日次バッチで、TD Toolbeltからジョブの結果をCSVで取得し、
店舗発注システムへ連携できるようにしたいと考えています。
バッチサーバー上で以下を実行したところエラーになりました。

PS C:\\batch> td -k 31877/9c2e4a6b8d0f1e3a5c7b9d2f4a6c8e0b1d3f5a7c job:show 2245120099
Error: 404: Job 2245120099 was not found

ジョブ一覧には当該ジョブが表示されています。
11/26 8:15（JST）に初回エラー、8:40（JST）に再実行しても同じでした。

よろしくお願いいたします。`,
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'toolbelt',
    items: {
      account_id: '31877',
      site: 'ap01',
      goal: true,
      target_id: ['job:2245120099'],
      error_message: true,
      os: 'windows',
      command: true,
      history: true,
    },
    secrets: ['td_api_key'],
    referenced_tickets: [],
    note: 'TD Toolbelt from a PS C:\\ prompt (Windows). The API key after -k is unmasked. Site by the name 東京. History: retried at 8:40 (JST).',
  },
);

add(
  'x23-en-spec-workflow-retry-tokyo.eml',
  thunderbird(
    {
      from: SUN,
      subject: 'How does _retry behave on a task group?',
      date: 'Mon, 23 Nov 2026 18:05:13 -0700',
      messageId: '7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b@sunpath-digital.example.com',
      seed: 'x23',
      text: `Hi,

Our client Pacific Rim Foods (Account ID 29904, Tokyo region) loads daily files with a Treasure Workflow. We want to make the nightly load resilient to transient S3 errors without re-running tasks that already succeeded.

If we set _retry: 3 on the +load group, does a retry re-run only the failed task or the whole group? And does the retry wait between attempts?

Docs we read: https://docs.digdag.io/workflow_definition.html#retrying-failed-tasks-automatically

Thanks,
Daniel`,
    },
    { charset: 'UTF-8', lang: 'en-US' },
  ),
  {
    language: 'en',
    category: 'spec',
    channel: 'workflow',
    items: { account_id: '29904', site: 'ap01', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete spec question about Treasure Workflow retries (channel workflow); site by the name "Tokyo region". A docs link is given.',
  },
);

add(
  'x24-ja-spec-cron-interval-no-goal.eml',
  becky({
    from: NAMIKI,
    subject: 'Saved Queryのスケジュール最短間隔について',
    date: 'Tue, 24 Nov 2026 10:01:30 +0900',
    messageId: '20261124100130.3B2A.S.NAMIKI@namiki-it.example.co.jp',
    seed: 'x24',
    text: `サポート御中

並木ITの並木です。
Saved Queryのスケジュール設定で、Custom cronに指定できる最短の実行間隔を教えてください。

アカウントID：77001
Console Environment：AP02

並木`,
  }),
  {
    language: 'ja',
    category: 'spec',
    channel: 'console',
    items: { account_id: '77001', site: 'ap02', goal: false },
    secrets: [],
    referenced_tickets: [],
    note: 'Bare spec question about Saved Query scheduling (console) with account and site but no stated purpose: goal missing.',
  },
);

add(
  'x25-en-html-only-activation-inline-screenshot.eml',
  htmlOnly(
    {
      from: SUN,
      subject: 'Google Ads activation failing for Bayview Fitness',
      date: 'Wed, 25 Nov 2026 08:12:40 -0700',
      messageId: 'web.20261125151240.77c3@sunpath-digital.example.com',
      seed: 'x25',
      inline: [{ name: 'image.png', type: 'image/png', data: png(1366, 768, 7125, 0.25), cid: 'ii_mhx7k2q40', alt: 'activation page' }],
      text: `Hello Support,

Our client Bayview Fitness wants to sync their "trial ending" segment to Google Ads every day so the ads stop for members who already converted. The activation fails.

Account ID: 39417
Console Environment: US

Activation page: https://console.treasuredata.com/app/ps/30211/se/998120/activations/551230
Error shown on the page (copied):
  Google Ads API error: USER_LIST_MUTATE_ERROR: CUSTOMER_NOT_ALLOWLISTED_FOR_THIS_FEATURE

A screenshot of the whole page is pasted below.

The same activation synced fine on November 19 (the last successful run in the activation history); it has failed every day since November 20.

Daniel Reyes
Sunpath Digital`,
    },
    { ja: false, mailer: 'Roundcube Webmail/1.6.9' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '39417',
      site: 'us01',
      goal: true,
      target_id: ['other:30211', 'other:998120', 'other:551230'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'HTML-only mail with a full-size pasted (inline) screenshot. Every number of the nested console path is an other ID. History: last success on Nov 19, failing daily since.',
  },
);

const HOKUTO_ORIGINAL = gmail(
  {
    from: HOKUTO,
    to: [AOBA],
    subject: '広告費取り込みワークフローの失敗について',
    date: 'Wed, 25 Nov 2026 08:55:12 +0900',
    messageId: 'CAK9mNp2qR3sT4uV5wX6yZ7aB8cD9eF0gH1iJ2kL3mN4oP5qR6s@mail.gmail.com',
    seed: 'x26orig',
    text: `青木様

広告費取り込みのワークフロー（hokuto_ads/daily_import）が今朝失敗しました。
セッションID：5530114422
11/25 3:00に開始したセッションです。前日のセッション（5529987766）は正常に終わっています。

エラー内容：
+import_ads: Error: Google Ads API returned 401 UNAUTHENTICATED: Request had invalid authentication credentials.

佐藤`,
  },
  { ja: true },
);

add(
  'x26-ja-forwarded-rfc822-workflow-no-zone.eml',
  outlook(
    {
      from: AOBA,
      subject: 'FW: 広告費取り込みワークフローの失敗について',
      date: 'Wed, 25 Nov 2026 10:02:44 +0900',
      messageId: 'TYWPR01MB10452C3D4E5F6A7B8C9D0E1F2A3B4C5D6@TYWPR01MB10452.jpnprd01.prod.outlook.com',
      seed: 'x26',
      inline: [AOBA_LOGO],
      attachments: [messagePart(HOKUTO_ORIGINAL, '広告費取り込みワークフローの失敗について.eml')],
      text: `サポートご担当者様

青葉ソリューションズの青木です。
北斗フーズ様（アカウントID：40188、ap01）のご担当者から届いたメールを添付で転送します。
広告データを日次でTDに取り込みたいというご要望で構築したワークフローです。
ご確認をお願いいたします。

${AOBA_SIG}`,
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '40188',
      site: 'ap01',
      goal: true,
      target_id: ['session:5530114422', 'session:5529987766'],
      error_message: true,
      history: true,
      timezone: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'End-user mail forwarded as a message/rfc822 attachment: its text counts (session IDs, error, last good session). "11/25 3:00" in it has no zone. Its Date: header is metadata.',
  },
);

const BRIGHTWATER_YML = `type: s3
bucket: brightwater-lake
path: meter/daily.csv.gz
access_key_id: AKIAQ4RZ7LM2NX5TB8WE
secret_access_key: wJa7rXUtnF3MI9K7MDENGbPxRfiCY2Q8LmN4vTzR
`;

add(
  'x27-en-td-client-ruby-amazon-linux-aws-keys.eml',
  gmail(
    {
      from: RIVER,
      subject: 'Nightly S3 result export fails: AWS Access Key Id does not exist',
      date: 'Wed, 25 Nov 2026 09:14:51 +0000',
      messageId: 'CAF8kQm7eF8gH9iJ0kL1mN2oP3qR4sT5uV6wX7yZ8aB9cD0eF1g@mail.gmail.com',
      seed: 'x27',
      attachments: [filePart('s3_result_settings.yml', 'application/x-yaml', BRIGHTWATER_YML, { asText: true })],
      text: `Hi team,

Brightwater Energy (Account ID 52733, site us01) exports meter readings every night to their S3 data lake, where their billing system picks them up. The export job is issued from a small Ruby script on an EC2 box (Amazon Linux 2023) using td-client-ruby:

  client = TreasureData::Client.new(ENV['TD_API_KEY'])
  job = client.query('brightwater', "SELECT * FROM meter_readings WHERE TD_INTERVAL(time, '-1d')",
                     result_url: build_result_url('s3_result_settings.yml'), type: :presto)

Last night's job 2246001122 (started 03:00 UTC) ended with:
  TreasureData::APIError: 400: Result export failed: The AWS Access Key Id you provided does not exist in our records.

The result settings file is attached. The same script has run every night since August; the last good job was 2245877001 on 24 November.

Priya

${RIVER_SIG}`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '52733',
      site: 'us01',
      goal: true,
      target_id: ['job:2246001122', 'job:2245877001'],
      error_message: true,
      os: 'linux',
      command: true,
      history: true,
    },
    secrets: ['aws_access_key', 'aws_secret_key'],
    referenced_tickets: [],
    note: 'td-client-ruby from Amazon Linux (os linux by context). AWS keys only in the attached .yml, which counts (the secret deliberately has no EXAMPLE in it: values containing it read as documentation placeholders); the TD key is an environment variable. "03:00 UTC" zoned. History: last good job with its ID.',
  },
);

add(
  'x28-ja-console-eu-earlier-inquiry-no-number.eml',
  thunderbird(
    {
      from: KAGA,
      subject: 'SFMCへのExport Results Toでエラー',
      date: 'Thu, 26 Nov 2026 10:40:27 +0900',
      messageId: 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f@kagaya-data.example.jp',
      seed: 'x28',
      attachments: [filePart('sfmc_export_error.png', 'image/png', png(1600, 1000, 7128, 0.2), { size: true })],
      text: `サポートご担当者様

加賀谷データの加賀谷です。

欧州拠点をお持ちのエンドユーザー様（アカウントID：90412、production-eu01）で、
Saved Queryの結果をSalesforce Marketing CloudのData Extensionへ連携したいのですが、
Export Results Toでエラーになります。

ジョブURL：https://console.eu01.treasuredata.com/app/jobs/2247700331
エラー：
Error: SFMC API returned 400: Data Extension 'DE_Members' could not be found

画面全体のスクリーンショットを添付しました。

以前サポートに問い合わせた件と同じ事象かもしれません。その際はData Extensionの外部キーを修正して解消しました。
今回も外部キーは確認済みですが、同じエラーが出続けています。

よろしくお願いします。
${KAGA_SIG}`,
    },
    { charset: 'UTF-8', lang: 'ja' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '90412',
      site: 'eu01',
      goal: true,
      target_id: ['job:2247700331'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: true,
      related_ticket: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Complete console inquiry except that it refers to an earlier inquiry to support ("以前サポートに問い合わせた件") without its ticket number. The 東京都 signature address is no region.',
  },
);

add(
  'x29-en-toolbelt-mac-masked-lookalikes-no-zone.eml',
  appleMail(
    {
      from: SEOUL,
      subject: 'td table:export to S3 fails with 403',
      date: 'Thu, 26 Nov 2026 11:05:40 +0900',
      messageId: '9F8E7D6C-5B4A-4392-8170-6F5E4D3C2B1A@seoulwave.example.kr',
      seed: 'x29',
      text: `Hi,

We want to export a table of Hanul Mart's loyalty members to S3 each week for their CRM vendor, using td table:export from my Mac (macOS 14.6).

Account ID: 60517, site ap02

Command (keys masked):
$ export AWS_SECRET_ACCESS_KEY=$HANUL_S3_SECRET
$ td -k 60517/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx table:export hanul_crm loyalty_members \\
    --s3-bucket hanul-crm-export --prefix weekly/ --aws-key-id AKIAXXXXXXXXXXXXXXXX --aws-secret-key **** -F jsonl.gz
Export job 2248113344 is queued.

The job ended with:
  java.lang.RuntimeException: S3 export failed: 403 Forbidden (Service: Amazon S3; Status Code: 403)

We ran the export at 9:30 this morning and it failed.

Thanks,
Ji-woo`,
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'toolbelt',
    items: {
      account_id: '60517',
      site: 'ap02',
      goal: true,
      target_id: ['job:2248113344'],
      error_message: true,
      os: 'mac',
      command: true,
      history: false,
      timezone: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Masked look-alikes only: TD key xxxx, AKIAXXXXXXXXXXXXXXXX, secret ****, and an environment variable; no secrets. "at 9:30 this morning" has no zone. A single failed run is not history.',
  },
);

add(
  'x30-ja-fullwidth-ids-data-workbench-timeout.eml',
  outlook(
    {
      from: AOBA,
      subject: 'Data Workbenchで月次集計クエリがタイムアウトする',
      date: 'Thu, 26 Nov 2026 10:25:08 +0900',
      messageId: 'TYWPR01MB10452D4E5F6A7B8C9D0E1F2A3B4C5D6E7@TYWPR01MB10452.jpnprd01.prod.outlook.com',
      seed: 'x30',
      inline: [AOBA_LOGO],
      text: `サポートご担当者様

青葉ソリューションズの青木です。

北斗フーズ様（アカウントＩＤ：４０１８８、東京）で、Data Workbenchのクエリエディタから
会員の月次集計クエリを実行するとエラーになります。月次レポートを作成できるようにしたいです。

ジョブＩＤ：２２４９０００１２３
エラー：Query exceeded maximum time limit of 6.00h

１１月２５日 午前１０時頃（日本時間）に実行し、６時間後にタイムアウトしました。
先月（10月25日実行、ジョブＩＤ：２２３１１１０９８７）は約40分で完了しています。

よろしくお願いいたします。

${AOBA_SIG}`,
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '40188',
      site: 'ap01',
      goal: true,
      target_id: ['job:2249000123', 'job:2231110987'],
      error_message: true,
      console_url: false,
      screenshot: false,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Full-width labels and digits (アカウントＩＤ：４０１８８, ジョブＩＤ：２２４９…) read as ASCII. Console (Data Workbench) without URL or screenshot: only the recurring Aoba logo. "午前１０時頃（日本時間）" is zoned; "６時間後" is a duration.',
  },
);

// ---------------------------------------------------------------- write

const OUT = new URL('../test/fixtures/holdout2/', import.meta.url);

writeHeldOutCorpus(OUT, cases, 'holdout2');
