// Generates a third, blind held-out corpus in test/fixtures/holdout3/ (run: npx tsx scripts/make-holdout3.ts).
// Written from the spec and the corpus README only, before reading the checker's rules:
// goals as "〜を実現するため" / "so that the marketing team can" / "we need X for Y",
// history as "since the upgrade on Monday" / "再実行しても同様" / "it used to work until",
// categories framed unusually, and sites given as "the Japan region", "EU (Frankfurt)?" or an API host.
//
// Importing make-holdout.ts for its client builders also runs its generator, which
// rewrites test/fixtures/holdout/ byte-identically (it is deterministic).
import {
  appleMail,
  filePart,
  gmail,
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

const KITA: Person = { name: '北村 真一', email: 's.kitamura@kitamura-sys.example.co.jp' };
const LARK: Person = { name: 'Hannah Schmidt', email: 'h.schmidt@larkfield-data.example.de' };
const OWL: Person = { name: 'Marcus Lee', email: 'marcus.lee@owlbridge.example.com' };
const SAKU: Person = { name: '桜井 由紀', email: 'y.sakurai@sakura-analytics.example.jp' };
const FERN: Person = { name: 'Olivia Grant', email: 'olivia.grant@fernhill-digital.example.co.uk' };
const HANA: Person = { name: '花田 健', email: 'k.hanada@hanada-net.example.co.jp' };

const KITA_LOGO = { name: 'image001.png', type: 'image/png', data: png(200, 50, 901, 0.6), cid: 'image001.png@01DD6011.11AA22BB', alt: '北村システム' };

const KITA_SIG = `--
株式会社北村システム
ソリューション本部　北村 真一
〒460-0008 愛知県名古屋市中区栄9-9-9
TEL：052-555-0199（平日 9:30～17:30）`;

const LARK_SIG = `Best regards,
Hannah Schmidt
Data Engineering | Larkfield Data GmbH
Mainzer Landstrasse 1, 60329 Frankfurt am Main`;

const OWL_SIG = `Thanks,
Marcus
Marcus Lee | Platform Engineer | Owlbridge Inc.`;

const SAKU_SIG = `--
桜井 由紀（さくらアナリティクス株式会社）`;

const FERN_SIG = `Cheers,
Olivia Grant
Fernhill Digital Ltd`;

const HANA_SIG = `--
花田 健 / 花田ネット株式会社`;

const q = (lines: string[]) => lines.join('\n');

// ---------------------------------------------------------------- cases

add(
  'y01-ja-japan-region-goal-jitsugen-rerun-same.eml',
  outlook(
    {
      from: KITA,
      subject: '【北村システム】Export Results（Google Cloud Storage）が失敗します',
      date: 'Thu, 26 Nov 2026 10:02:11 +0900',
      messageId: 'OS3PR01MB77001A2B3C4D5E6F708192A3B4C5D6E7F80@OS3PR01MB7700.jpnprd01.prod.outlook.com',
      seed: 'y01',
      inline: [KITA_LOGO],
      attachments: [filePart('export_error_fullscreen.png', 'image/png', png(1600, 900, 9101, 0.2), { size: true })],
      text: q([
        'トレジャーデータ サポート ご担当者様',
        '',
        'お世話になっております。北村システムの北村です。',
        '',
        '顧客スコアをBigQuery経由で広告配信に使う仕組みを実現するため、クエリ結果をGCSへ出力しています。',
        'この出力が本日から失敗するようになりました。',
        '',
        '環境：日本リージョン',
        'アカウントID：52031',
        'クエリ：https://console.treasuredata.co.jp/app/queries/editor?queryId=7781200',
        'Job ID：2260044419',
        '',
        'エラー内容（Job詳細より）：',
        'com.google.cloud.storage.StorageException: 403 Forbidden - td-export@partner-proj.iam.gserviceaccount.com does not have storage.objects.create access',
        '',
        '画面全体のキャプチャを添付いたします。',
        '再実行しても同様のエラーとなります。',
        '',
        'よろしくお願いいたします。',
        '',
        KITA_SIG,
      ]),
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '52031',
      site: 'ap01',
      goal: true,
      target_id: ['other:7781200', 'job:2260044419'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Goal as "〜を実現するため"; history "再実行しても同様"; site written as "日本リージョン" (Japan region = Tokyo, ap01), also the co.jp host.',
  },
);

add(
  'y02-en-workflow-frankfurt-question-since-upgrade.eml',
  gmail(
    {
      from: LARK,
      subject: 'Workflow session failing since Monday',
      date: 'Thu, 26 Nov 2026 08:41:09 +0100',
      messageId: 'CAH7x9Lk2pQ0aZb_3nR5tY8uVw1+Xy4Zc6dEf7gHi8jKl9mNo0p@mail.gmail.com',
      seed: 'y02',
      text: q([
        'Hello support team,',
        '',
        'We load the shop orders every night so that the marketing team can see yesterday\'s conversions in their dashboard each morning.',
        'Since the upgrade of our workflow project on Monday, the session fails every night.',
        '',
        'Account ID: 61877',
        'Site: EU (Frankfurt)? I believe that is our region.',
        'Workflow session ID: 39011245',
        'It is scheduled daily at 02:30 CET.',
        '',
        'Error from the task log:',
        '  +orders+load: io.digdag.client.api.RestApiException: td_load> Failed to parse config: Unknown key "incremental_column"',
        '',
        'Could you take a look?',
        '',
        LARK_SIG,
      ]),
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '61877',
      site: 'eu01',
      goal: true,
      target_id: ['session:39011245'],
      error_message: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Goal "so that the marketing team can…"; history "since the upgrade on Monday, fails every night"; site "EU (Frankfurt)?" is EU → eu01. 02:30 CET is zoned.',
  },
);

add(
  'y03-en-td-client-python-apihost-429-used-to-work.eml',
  appleMail(
    {
      from: OWL,
      subject: 'Bulk export via REST API throttled',
      date: 'Wed, 25 Nov 2026 16:20:44 -0800',
      messageId: 'B3E9A1C4-55D2-4C7E-9A21-0F2E7D8C9B10@owlbridge.example.com',
      seed: 'y03',
      text: q([
        'Hi,',
        '',
        'We need the nightly table export for our finance reconciliation, and it is being rejected.',
        'Account ID 70214. We call api.treasuredata.co.jp from a cron host running Ubuntu 22.04.',
        '',
        'Code:',
        '  import tdclient',
        '  with tdclient.Client(apikey=os.environ["TD_API_KEY"], endpoint="https://api.treasuredata.co.jp") as c:',
        '      c.export_data("sales", "orders", "s3", params)',
        '',
        'Response:',
        '  tdclient.errors.APIError: 429: Too Many Requests {"error":"Rate limit exceeded for export"}',
        '',
        'It used to work until last Friday. The latest failure was at 14:05 today.',
        '',
        OWL_SIG,
      ]),
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '70214',
      site: 'ap01',
      goal: true,
      target_id: [],
      error_message: true,
      os: 'linux',
      command: true,
      history: true,
      timezone: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Goal "we need X for Y"; site only from the API host; "used to work until last Friday" is history; 14:05 has no zone; no job was created. Env-var key reference is not a secret.',
  },
);

add(
  'y04-ja-contract-framed-as-technical-sla.eml',
  thunderbird(
    {
      from: SAKU,
      subject: 'APIの同時実行数の保証値について（技術的な確認）',
      date: 'Wed, 25 Nov 2026 13:10:00 +0900',
      messageId: '8d1f0c2e-3a4b-4c5d-9e6f-7a8b9c0d1e2f@sakura-analytics.example.jp',
      seed: 'y04',
      text: q([
        'サポートご担当者様',
        '',
        'さくらアナリティクスの桜井です。技術的な確認となります。',
        '',
        'エンドユーザー様との間で、現在の契約プランにおける同時実行数の上限と、',
        'SLA（稼働率保証）の値を契約書に明記したいと考えています。',
        '現契約で保証されている値と、上位プランに変更した場合の料金差を教えてください。',
        '',
        'よろしくお願いいたします。',
        '',
        SAKU_SIG,
      ]),
    },
    { charset: 'UTF-8', lang: 'ja' },
  ),
  {
    language: 'ja',
    category: 'contract',
    channel: 'unknown',
    items: {},
    secrets: [],
    referenced_tickets: [],
    note: 'Framed as a "technical" question, but asks about contractual guarantees, SLA and plan pricing → contract (out of scope, no missing list).',
  },
);

add(
  'y05-en-implementation-could-you-build-workflow.eml',
  gmail(
    {
      from: FERN,
      subject: 'Could you build a dedup workflow for us?',
      date: 'Tue, 24 Nov 2026 11:05:37 +0000',
      messageId: 'CAJq1Rk8mZs0bX_7nT2yU5vWx9+Ab3Cd4eFg5hIj6kLm7nOp8q@mail.gmail.com',
      seed: 'y05',
      text: q([
        'Hi there,',
        '',
        'Could you build us a Treasure Workflow that de-duplicates customer profiles across our three web shops',
        'and then pushes the merged profiles to Braze? We are not sure how the tasks and the matching logic',
        'should be designed, so a ready-made workflow definition from your side would be ideal.',
        '',
        'Account 44120, US.',
        '',
        FERN_SIG,
      ]),
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'implementation',
    channel: 'workflow',
    items: { account_id: '44120', site: 'us01' },
    secrets: [],
    referenced_tickets: [],
    note: 'An implementation request phrased as "could you build": asks support to design and write a workflow → implementation (out of scope). Channel is the method it is about (workflow).',
  },
);

add(
  'y06-en-third-party-google-ads-quota.eml',
  gmail(
    {
      from: OWL,
      subject: 'Google Ads API daily operations limit',
      date: 'Tue, 24 Nov 2026 09:12:01 -0800',
      messageId: 'CAK2vQp9nYt1cZ_8oU3zV6wXy0+Bc4De5fGh6iJk7lMn8oPq9r@mail.gmail.com',
      seed: 'y06',
      text: q([
        'Hello,',
        '',
        'We import campaign reports with the Google Ads source in the console.',
        'What is the daily operations limit that Google applies to a Basic access developer token,',
        'and does Google reset that quota per account or per developer token?',
        'We want to plan how many Google Ads customer accounts we can add.',
        '',
        OWL_SIG,
      ]),
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'third_party_spec',
    channel: 'console',
    items: {},
    secrets: [],
    referenced_tickets: [],
    note: 'Question about a third-party API quota (Google Ads developer token limits) → third_party_spec; the integration is a console source.',
  },
);

add(
  'y07-ja-general-sql-window-function.eml',
  thunderbird(
    {
      from: HANA,
      subject: 'SQLの書き方についての質問',
      date: 'Mon, 23 Nov 2026 17:45:30 +0900',
      messageId: '1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9@hanada-net.example.co.jp',
      seed: 'y07',
      text: q([
        'サポートご担当者様',
        '',
        '花田ネットの花田です。一般的なSQLの質問で恐縮です。',
        '',
        '会員ごとに「前回購入日から今回購入日までの日数」を1行ずつ出したいのですが、',
        'LAG関数とDATE_DIFFを組み合わせる書き方がよく分かりません。',
        'PARTITION BY と ORDER BY をどう書けばよいか、例を教えていただけますでしょうか。',
        '',
        HANA_SIG,
      ]),
    },
    { charset: 'UTF-8', lang: 'ja' },
  ),
  {
    language: 'ja',
    category: 'general_it',
    channel: 'unknown',
    items: {},
    secrets: [],
    referenced_tickets: [],
    note: 'General SQL (window functions) → general_it, out of scope.',
  },
);

add(
  'y08-en-spec-rest-job-result-retention-audit.eml',
  outlook(
    {
      from: FERN,
      subject: 'How long are job results kept?',
      date: 'Mon, 23 Nov 2026 14:30:12 +0000',
      messageId: 'LO2P265MB51230A1B2C3D4E5F6071829A3B4C5D6E7F@LO2P265MB5123.GBRP265.PROD.OUTLOOK.COM',
      seed: 'y08',
      text: q([
        'Hello TD Support,',
        '',
        'We need to know how long query results stay retrievable through the REST API (GET /v3/job/result/:id)',
        'for our audit trail, because our auditors want to re-download results months later.',
        '',
        'Is there a retention period after which /v3/job/result returns nothing?',
        '',
        'Account ID: 44120 (US region)',
        '',
        FERN_SIG,
      ]),
    },
    { charset: 'us-ascii', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'spec',
    channel: 'api',
    items: { account_id: '44120', site: 'us01', goal: true },
    secrets: [],
    referenced_tickets: [],
    note: 'Spec question about the REST API; goal "we need X for our audit trail"; ":id" placeholder is not an ID.',
  },
);

add(
  'y09-ja-spec-segment-refresh-no-goal.eml',
  thunderbird(
    {
      from: SAKU,
      subject: 'セグメントの更新タイミングについて',
      date: 'Mon, 23 Nov 2026 10:00:00 +0900',
      messageId: '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901@sakura-analytics.example.jp',
      seed: 'y09',
      text: q([
        'サポートご担当者様',
        '',
        'さくらアナリティクスの桜井です。',
        '',
        'Audience Studioのセグメントは、親セグメントのワークフロー実行後に自動で再計算されるのでしょうか。',
        'それとも手動での更新が必要でしょうか。',
        '',
        'アカウントID：38802（東京リージョン）',
        '',
        SAKU_SIG,
      ]),
    },
    { charset: 'UTF-8', lang: 'ja' },
  ),
  {
    language: 'ja',
    category: 'spec',
    channel: 'console',
    items: { account_id: '38802', site: 'ap01', goal: false },
    secrets: [],
    referenced_tickets: [],
    note: 'A bare spec question with no stated purpose → goal missing. Audience Studio is console.',
  },
);

add(
  'y10-ja-request-owner-transfer-korea-earlier-no-number.eml',
  outlook(
    {
      from: KITA,
      subject: 'Account Ownerの移管のお願い',
      date: 'Fri, 20 Nov 2026 15:22:08 +0900',
      messageId: 'OS3PR01MB77002B3C4D5E6F708192A3B4C5D6E7F801@OS3PR01MB7700.jpnprd01.prod.outlook.com',
      seed: 'y10',
      inline: [KITA_LOGO],
      text: q([
        'トレジャーデータ サポート ご担当者様',
        '',
        '北村システムの北村です。',
        '',
        '先日お問い合わせした件の続きとなりますが、担当者の退職に伴い、',
        'オーナー権限を下記ユーザーへ移していただけますでしょうか。',
        '',
        '・アカウントID：60551',
        '・環境：韓国（AP02）',
        '・現オーナー：old.owner@kr-client.example.kr',
        '・新オーナー：new.owner@kr-client.example.kr',
        '',
        'よろしくお願いいたします。',
        '',
        KITA_SIG,
      ]),
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'request',
    channel: 'unknown',
    items: { account_id: '60551', site: 'ap02', related_ticket: false },
    secrets: [],
    referenced_tickets: [],
    note: 'Owner change request; refers to "先日お問い合わせした件" without a ticket number → related_ticket missing.',
  },
);

add(
  'y11-en-object-listing-databases-bare-ap03-host.eml',
  gmail(
    {
      from: LARK,
      subject: 'List of databases and owners',
      date: 'Fri, 20 Nov 2026 12:00:55 +0100',
      messageId: 'CAM5wRs0oZu2dA_9pV4aW7xYz1+Cd5Ef6gHi7jKl8mNo9pQr0s@mail.gmail.com',
      seed: 'y11',
      text: q([
        'Hello,',
        '',
        'For a clean-up project, could you send us a list of all databases in our account with their owners',
        'and the number of tables in each?',
        '',
        'Account ID: 81230, we log in at console.ap03.treasuredata.com',
        '',
        LARK_SIG,
      ]),
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'object_listing',
    channel: 'unknown',
    items: { account_id: '81230', site: 'ap03' },
    secrets: [],
    referenced_tickets: [],
    note: 'Listing request; site only from a bare console hostname (ap03). The bare host is not a console_url (not required anyway).',
  },
);

add(
  'y12-ja-toolbelt-windows-cmd-key-exposed-no-zone.eml',
  thunderbird(
    {
      from: HANA,
      subject: 'td query でエラーになります',
      date: 'Fri, 20 Nov 2026 11:31:00 +0900',
      messageId: '3c4d5e6f-7081-4293-a4b5-c6d7e8f90a12@hanada-net.example.co.jp',
      seed: 'y12',
      text: q([
        'サポートご担当者様',
        '',
        '花田ネットの花田です。',
        '日次の売上集計をCSVで取得することが目的で、Windows 11のコマンドプロンプトからTD Toolbeltを使っています。',
        '',
        'AID: 29914 / US',
        '',
        '実行コマンド：',
        'C:\\work> td -k 29914/3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a query -d sales_db -w -o daily.csv "SELECT * FROM daily_sales"',
        'Job 2270011234 is queued.',
        'Error: Query failed: line 1:15: Table sales_db.daily_sales does not exist',
        '',
        '本日9時半ごろに初めて失敗し、再実行しても同様のエラーとなります。',
        '',
        HANA_SIG,
      ]),
    },
    { charset: 'UTF-8', lang: 'ja' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'toolbelt',
    items: {
      account_id: '29914',
      site: 'us01',
      goal: true,
      target_id: ['job:2270011234'],
      error_message: true,
      os: 'windows',
      command: true,
      history: true,
      timezone: false,
    },
    secrets: ['td_api_key'],
    referenced_tickets: [],
    note: 'Goal "〜することが目的"; "再実行しても同様" history; "9時半ごろ" has no zone; full TD API key in the -k option.',
  },
);

add(
  'y13-en-activation-nested-url-no-shot-failed-once.eml',
  outlook(
    {
      from: FERN,
      subject: 'Activation to Salesforce failed',
      date: 'Thu, 19 Nov 2026 16:04:40 +0000',
      messageId: 'LO2P265MB51231B2C3D4E5F6071829A3B4C5D6E7F80@LO2P265MB5123.GBRP265.PROD.OUTLOOK.COM',
      seed: 'y13',
      text: q([
        'Hi,',
        '',
        'Our activation failed. We push this segment so that the sales team can get fresh leads in Salesforce.',
        '',
        'Account ID: 44120',
        'Screen: https://console.treasuredata.com/app/ps/30512/se/884120/a',
        '',
        'Error shown on the activation:',
        'INVALID_FIELD_FOR_INSERT_UPDATE: Unable to create/update fields: Lead_Score__c. Please check the security settings of this field.',
        '',
        FERN_SIG,
      ]),
    },
    { charset: 'us-ascii', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'console',
    items: {
      account_id: '44120',
      site: 'us01',
      goal: true,
      target_id: ['other:30512', 'other:884120'],
      error_message: true,
      console_url: true,
      screenshot: false,
      history: false,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'A bare "it failed" is not history; nested /ps/N/se/M gives two other: IDs; no screenshot.',
  },
);

add(
  'y14-en-unknown-method-board-meeting-schema-change.eml',
  gmail(
    {
      from: OWL,
      subject: 'Data load failing - table not found',
      date: 'Thu, 19 Nov 2026 07:50:12 -0800',
      messageId: 'CAN6xSt1pAv3eB_0qW5bX8yZa2+De6Fg7hIj8kLm9nOp0qRs1t@mail.gmail.com',
      seed: 'y14',
      text: q([
        'Hi support,',
        '',
        'We need yesterday\'s store data for a board meeting, but the load fails with:',
        '',
        '  TableNotFoundException: Table \'retail.store_daily\' not found',
        '',
        'It used to work until the schema change last week. Account ID 70214, Tokyo region.',
        '',
        OWL_SIG,
      ]),
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'unknown',
    items: {
      account_id: '70214',
      site: 'ap01',
      goal: true,
      target_id: [],
      error_message: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'No execution method stated ("the load") → method missing; no ID; "used to work until the schema change" is history.',
  },
);

add(
  'y15-ja-workflow-session-no-message-since-monday-update.eml',
  outlook(
    {
      from: KITA,
      subject: '在庫更新ワークフローが失敗する件',
      date: 'Wed, 18 Nov 2026 09:15:33 +0900',
      messageId: 'OS3PR01MB77003C4D5E6F708192A3B4C5D6E7F80912@OS3PR01MB7700.jpnprd01.prod.outlook.com',
      seed: 'y15',
      inline: [KITA_LOGO],
      text: q([
        'トレジャーデータ サポート ご担当者様',
        '',
        '北村システムの北村です。',
        '',
        '店舗別在庫の日次更新を実現するため、Treasure Workflowでtd>オペレーターを使ったワークフローを組んでいます。',
        '月曜日のアップデート以降、毎回失敗するようになりました。',
        '',
        'アカウントID：52031（日本リージョン）',
        'セッションID：40122871',
        'スケジュール：毎日 5:00 JST',
        '',
        '原因と回避策をご教示ください。',
        '',
        KITA_SIG,
      ]),
    },
    { charset: 'ISO-2022-JP', lang: 'ja-JP' },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'workflow',
    items: {
      account_id: '52031',
      site: 'ap01',
      goal: true,
      target_id: ['session:40122871'],
      error_message: false,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'No error text, but a session ID excuses error_message. "月曜日のアップデート以降、毎回失敗" is history. "毎日 5:00 JST" is zoned.',
  },
);

add(
  'y16-en-oss-embulk-output-td-own-server.eml',
  gmail(
    {
      from: LARK,
      subject: 'embulk-output-td batch size question',
      date: 'Wed, 18 Nov 2026 10:40:00 +0100',
      messageId: 'CAP7yTu2qBw4fC_1rX6cY9zAb3+Ef7Gh8iJk9lMn0oPq1rSt2u@mail.gmail.com',
      seed: 'y16',
      text: q([
        'Hello,',
        '',
        'We run open-source Embulk 0.11 on our own servers with the embulk-output-td plugin, which uploads to',
        'api.eu01.treasuredata.com. Which Embulk option controls how many rows go into one uploaded part file,',
        'and is the default different between plugin versions?',
        '',
        LARK_SIG,
      ]),
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'oss',
    channel: 'api',
    items: { site: 'eu01' },
    secrets: [],
    referenced_tickets: [],
    note: 'Open-source Embulk on own servers, but the plugin calls the service API → channel api; oss is out of scope.',
  },
);

add(
  'y17-en-pytd-mac-eu-api-host-used-to-work-vpn.eml',
  appleMail(
    {
      from: LARK,
      subject: 'pytd query fails from notebook',
      date: 'Tue, 17 Nov 2026 15:03:27 +0100',
      messageId: 'C4F0B2D5-66E3-4D8F-0B32-1F3E8D9C0A21@larkfield-data.example.de',
      seed: 'y17',
      text: q([
        'Hi team,',
        '',
        'We pull the churn features into a Jupyter notebook on my MacBook (macOS Sonoma) so that our data scientists can retrain the model weekly.',
        'Account ID: 61877',
        '',
        '  import pytd',
        '  client = pytd.Client(endpoint="https://api.eu01.treasuredata.com", database="ml")',
        '  df = client.query("SELECT * FROM churn_features")',
        '',
        'Error:',
        '  requests.exceptions.SSLError: HTTPSConnectionPool(host=\'api.eu01.treasuredata.com\', port=443): Max retries exceeded (Caused by SSLError(SSLCertVerificationError(1, \'certificate verify failed: self signed certificate in certificate chain\')))',
        '',
        'It used to work until we switched to the new corporate VPN.',
        '',
        LARK_SIG,
      ]),
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '61877',
      site: 'eu01',
      goal: true,
      target_id: [],
      error_message: true,
      os: 'mac',
      command: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Site only from the API endpoint (eu01); mac from "MacBook (macOS Sonoma)"; no job created → target_id missing.',
  },
);

add(
  'y18-ja-mixed-salesforce-source-company-only-pst.eml',
  gmail(
    {
      from: SAKU,
      subject: 'Salesforce source の import が失敗します',
      date: 'Tue, 17 Nov 2026 12:12:12 +0900',
      messageId: 'CAQ8zUv3rCx5gD_2sY7dZ0aBc4+Fg8Hi9jKl0mNo1pQr2sTu3v@mail.gmail.com',
      seed: 'y18',
      attachments: [filePart('sources_screen.png', 'image/png', png(1500, 920, 9181, 0.2))],
      text: q([
        'サポートご担当者様',
        '',
        'さくらアナリティクスの桜井です。エンドユーザーの Sakura Retail 様 (US) の件です。',
        'Salesforce の商談データを毎日取り込み、営業レポートを自動化したいと考えています。',
        '',
        'Source: https://console.treasuredata.com/app/sources/551902',
        'Error:',
        'INVALID_SESSION_ID: Session expired or invalid',
        '',
        '11/16 10:15 PST に失敗し、認証を再設定して2回再実行しても同様でした。',
        '画面キャプチャを添付します。',
        '',
        SAKU_SIG,
      ]),
    },
    { ja: true },
  ),
  {
    language: 'ja',
    category: 'error',
    channel: 'console',
    items: {
      account_id: null,
      site: 'us01',
      goal: true,
      target_id: ['other:551902'],
      error_message: true,
      console_url: true,
      screenshot: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Half English; only a company name, no Account ID → account_id missing. Source ID from URL is other:. "10:15 PST" zoned.',
  },
);

add(
  'y19-en-request-mfa-reset-production-ap02.eml',
  outlook(
    {
      from: FERN,
      subject: 'Please reset two-factor authentication for a user',
      date: 'Mon, 16 Nov 2026 10:10:10 +0000',
      messageId: 'LO2P265MB51232C3D4E5F6071829A3B4C5D6E7F8091@LO2P265MB5123.GBRP265.PROD.OUTLOOK.COM',
      seed: 'y19',
      text: q([
        'Hello,',
        '',
        'One of our client\'s analysts lost her phone. Could you please reset two-factor authentication for',
        'ji.park@kr-retail.example.kr so that she can enrol a new device?',
        '',
        'Account ID: 90017',
        'Environment: production-ap02',
        '',
        FERN_SIG,
      ]),
    },
    { charset: 'us-ascii', lang: 'en-GB' },
  ),
  {
    language: 'en',
    category: 'request',
    channel: 'unknown',
    items: { account_id: '90017', site: 'ap02' },
    secrets: [],
    referenced_tickets: [],
    note: 'Operational request (MFA reset), complete; "so that she can" is not needed for a request.',
  },
);

add(
  'y20-en-curl-lambda-amazon-linux-job-path-key-rotation.eml',
  gmail(
    {
      from: OWL,
      subject: 'job/show returns 403 after key rotation',
      date: 'Mon, 16 Nov 2026 08:00:01 -0800',
      messageId: 'CAR9aVw4sDy6hE_3tZ8eA1bCd5+Gh9Ij0kLm1nOp2qRs3tUv4w@mail.gmail.com',
      seed: 'y20',
      text: q([
        'Hi,',
        '',
        'We need job status in our monitoring dashboard, polled by a Lambda function (Amazon Linux 2 runtime).',
        'Account ID: 70214',
        '',
        '$ curl -s -H "Authorization: TD1 70214/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" https://api.treasuredata.com/v3/job/show/2281234567',
        '{"error":"Access denied","severity":"error","text":"Access denied"}',
        'HTTP 403',
        '',
        'It worked until the key rotation yesterday; every call since then returns the same 403.',
        '',
        OWL_SIG,
      ]),
    },
    { ja: false },
  ),
  {
    language: 'en',
    category: 'error',
    channel: 'api',
    items: {
      account_id: '70214',
      site: 'us01',
      goal: true,
      target_id: ['job:2281234567'],
      error_message: true,
      os: 'linux',
      command: true,
      history: true,
    },
    secrets: [],
    referenced_tickets: [],
    note: 'Job ID from the REST path; masked TD1 key is not a secret; Amazon Linux → linux; history "worked until the key rotation yesterday".',
  },
);

// ---------------------------------------------------------------- write

const OUT = new URL('../test/fixtures/holdout3/', import.meta.url);

writeHeldOutCorpus(OUT, cases, 'holdout3');
