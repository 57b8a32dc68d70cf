import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, SUPPORT_ADDRESS, type Sandbox } from '../support/sandbox.ts';
import { startService, type ServiceProcess } from '../support/service-process.ts';
import { appendMany, countMessages, waitForCount } from '../support/imap-helpers.ts';
import type { ReceivedMail } from '../support/smtp-receiver.ts';
import { buildInquiry } from './fixtures/inquiries.ts';
import { keySuffix, ticketKeys } from '../../src/store/keys.ts';

/**
 * Peers whose mailbox answers everything it receives. Each one writes to us once;
 * our reply reaches its responder, whose answer lands in our inbox again, and so on.
 * The exchange must stop: after our one reply for peers that mark their mail as
 * automatic in any of the usual ways, and within the reply limits for a peer that marks nothing.
 */
const INBOX = 'INBOX';
const PROCESSED = 'Intake/Processed';
const MAX_PER_SENDER = 5;
const MAX_PER_TICKET = 3;
/** Safety valve of the simulated peers, far above any correct outcome. */
const PEER_MAX_RESPONSES = 15;

type Responder = (reply: ReceivedMail, n: number, peer: string) => string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function crlf(lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

function msgId(peer: string, n: number): string {
  return `<auto-${n}-${Date.now()}-${Math.random().toString(36).slice(2)}@${peer.split('@')[1]}>`;
}

function threadHeaders(reply: ReceivedMail): string[] {
  const id = reply.parsed.messageId ?? '';
  const refs = Array.isArray(reply.parsed.references) ? reply.parsed.references : reply.parsed.references ? [reply.parsed.references] : [];
  return [`In-Reply-To: ${id}`, `References: ${[...refs, id].join(' ')}`];
}

function basic(peer: string, n: number, subject: string, extra: string[], body: string): string {
  return crlf([
    `From: ${peer}`,
    `To: ${SUPPORT_ADDRESS}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${msgId(peer, n)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...extra,
    '',
    body,
  ]);
}

/** One responder per way the world marks (or fails to mark) automatic mail. */
const PEERS: { address: string; kind: string; expectReplies: (r: number) => boolean; expected: string; respond: Responder }[] = [
  {
    address: 'vacation@peer-rfc3834.example.com',
    kind: 'RFC 3834 Auto-Submitted: auto-replied',
    expectReplies: (r) => r === 1,
    expected: '1',
    respond: (reply, n, peer) =>
      basic(peer, n, `Auto: ${reply.parsed.subject}`, ['Auto-Submitted: auto-replied', ...threadHeaders(reply)], 'I am away until Monday.'),
  },
  {
    address: 'oof@peer-exchange.example.com',
    kind: 'Exchange out-of-office (Automatic reply:, X-MS-Exchange-Inbox-Rules-Loop)',
    expectReplies: (r) => r === 1,
    expected: '1',
    respond: (reply, n, peer) =>
      basic(
        peer,
        n,
        `Automatic reply: ${reply.parsed.subject}`,
        ['X-MS-Exchange-Inbox-Rules-Loop: oof@peer-exchange.example.com', 'X-Auto-Response-Suppress: All', ...threadHeaders(reply)],
        'I am out of the office.',
      ),
  },
  {
    address: 'helpdesk@peer-vendor.example.com',
    kind: 'help-desk vendor markers (X-Autoreply, X-Autorespond, Precedence: auto_reply)',
    expectReplies: (r) => r === 1,
    expected: '1',
    respond: (reply, n, peer) =>
      basic(
        peer,
        n,
        `[Ticket #${1000 + n}] Re: ${reply.parsed.subject}`,
        ['X-Autoreply: yes', 'X-Autorespond: yes', 'Precedence: auto_reply', ...threadHeaders(reply)],
        `We received your request and opened ticket #${1000 + n}.`,
      ),
  },
  {
    address: 'echo@peer-xloop.example.com',
    kind: 'responder that keeps our X-Loop but strips Auto-Submitted',
    expectReplies: (r) => r === 1,
    expected: '1',
    respond: (reply, n, peer) =>
      basic(peer, n, `Re: ${reply.parsed.subject}`, [`X-Loop: ${SUPPORT_ADDRESS}`, ...threadHeaders(reply)], 'Message received.'),
  },
  {
    address: 'nobody@peer-bounce.example.com',
    kind: 'mailbox that bounces (DSN from MAILER-DAEMON)',
    expectReplies: (r) => r === 1,
    expected: '1',
    respond: (reply, n, peer) => {
      const domain = peer.split('@')[1]!;
      const boundary = `dsn-${n}-${Date.now()}`;
      const head = reply.raw.toString('utf8').split(/\r?\n\r?\n/)[0]!;
      return crlf([
        `From: Mail Delivery System <MAILER-DAEMON@mx.${domain}>`,
        `To: ${SUPPORT_ADDRESS}`,
        'Subject: Undelivered Mail Returned to Sender',
        `Date: ${new Date().toUTCString()}`,
        `Message-ID: ${msgId(`mailer-daemon@mx.${domain}`, n)}`,
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=us-ascii',
        '',
        `<${peer}>: host mx.${domain} said: 550 5.1.1 User unknown`,
        `--${boundary}`,
        'Content-Type: message/delivery-status',
        '',
        `Reporting-MTA: dns; mx.${domain}`,
        '',
        `Final-Recipient: rfc822; ${peer}`,
        'Action: failed',
        'Status: 5.1.1',
        `--${boundary}`,
        'Content-Type: text/rfc822-headers',
        '',
        head,
        `--${boundary}--`,
      ]);
    },
  },
  {
    address: 'rogue-thread@peer-unmarked.example.com',
    // Issue 15: a follow-up that adds nothing gets one acknowledgement, then no reply at all, so the
    // exchange stops long before the per-ticket limit (which stays the backstop).
    kind: 'unmarked responder answering in the thread (first reply, one acknowledgement, then silence)',
    expectReplies: (r) => r === 2,
    expected: '2',
    respond: (reply, n, peer) => basic(peer, n, `Re: ${reply.parsed.subject}`, threadHeaders(reply), 'Thank you for your message. We will get back to you.'),
  },
  {
    address: 'rogue-fresh@peer-unmarked2.example.com',
    kind: `unmarked responder starting a new thread each time (sender limit ${MAX_PER_SENDER} per 24 h)`,
    expectReplies: (r) => r === MAX_PER_SENDER,
    expected: `${MAX_PER_SENDER}`,
    respond: (_reply, n, peer) =>
      basic(peer, n, `Question ${n}: export fails`, [], `Hello,\n\nour export to S3 fails again (attempt ${n}).\nAccount ID: ${30500 + n}\n\nRegards`),
  },
];

async function ticketedMessageIds(sandbox: Sandbox): Promise<Set<string>> {
  const redis = new Redis(sandbox.env.REDIS_URL!, { maxRetriesPerRequest: 3 });
  try {
    // Inbound Message-IDs are kept hashed in the index; the ticket documents hold them as written.
    const ids = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', ticketKeys(sandbox.env.QUEUE_PREFIX!).root + keySuffix.ticket('*'), 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const doc = await redis.hget(key, 'doc');
        for (const m of doc ? (JSON.parse(doc) as { messages: { messageId: string }[] }).messages : []) ids.add(m.messageId.replace(/^<|>$/g, ''));
      }
    } while (cursor !== '0');
    return ids;
  } finally {
    redis.disconnect();
  }
}

describe('no mail loops: peers whose mailboxes answer everything', () => {
  let sandbox: Sandbox;
  let service: ServiceProcess | null = null;

  beforeAll(async () => {
    sandbox = await startSandbox({
      env: {
        IMAP_POLL_SECONDS: '2',
        LOG_LEVEL: 'info',
        AUTOREPLY_MAX_PER_SENDER: String(MAX_PER_SENDER),
        AUTOREPLY_MAX_PER_TICKET: String(MAX_PER_TICKET),
      },
    });
    service = startService(sandbox.env);
    await service.waitForLine(/service started/, 60_000);
  });
  afterAll(async () => {
    await service?.kill();
    await sandbox?.stop();
  });

  it(`${PEERS.length} auto-answering peers: the exchange stops, after one reply where the peer marks its mail`, async () => {
    const peerOf = new Map(PEERS.map((p) => [p.address, p]));
    const responses = new Map<string, number>(PEERS.map((p) => [p.address, 0]));
    const repliesTo = new Map<string, ReceivedMail[]>(PEERS.map((p) => [p.address, []]));
    let inboundTotal = 0;
    const peerMessageIds: string[] = [];

    // Each peer opens the exchange with an ordinary inquiry.
    const openers = await Promise.all(PEERS.map((p, i) => buildInquiry({ n: 700 + i, from: p.address })));
    await appendMany(sandbox.dovecot, INBOX, openers);
    inboundTotal += openers.length;

    // The peers' mailboxes: every reply of ours that reaches one is answered into our inbox.
    let seen = 0;
    let lastActivity = Date.now();
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const fresh = sandbox.smtp.messages.slice(seen);
      seen += fresh.length;
      const answers: Buffer[] = [];
      for (const reply of fresh) {
        lastActivity = Date.now();
        const to = reply.envelope.rcptTo[0]?.toLowerCase() ?? '';
        const peer = peerOf.get(to);
        if (!peer) continue;
        repliesTo.get(to)!.push(reply);
        const n = responses.get(to)! + 1;
        if (n > PEER_MAX_RESPONSES) continue;
        responses.set(to, n);
        const answer = peer.respond(reply, n, to);
        peerMessageIds.push(/^Message-ID: <([^>]+)>/m.exec(answer)![1]!);
        answers.push(Buffer.from(answer));
      }
      if (answers.length > 0) {
        await appendMany(sandbox.dovecot, INBOX, answers);
        inboundTotal += answers.length;
      }
      // Quiet for 6 s with the inbox drained: nothing more can come.
      if (Date.now() - lastActivity > 6_000 && (await countMessages(sandbox.dovecot, INBOX)) === 0) break;
      await sleep(200);
    }
    await waitForCount(sandbox.dovecot, PROCESSED, inboundTotal, 30_000);

    const lines = PEERS.map((p) => {
      const replies = repliesTo.get(p.address)!;
      return `  ${p.kind}: ${replies.length} repl${replies.length === 1 ? 'y' : 'ies'} from us (expected ${p.expected}), ${responses.get(p.address)} automatic answer(s) from the peer`;
    });
    console.log([`loop: ${PEERS.length} peers, ${inboundTotal} inbound mails, ${sandbox.smtp.messages.length} replies`, ...lines].join('\n'));

    for (const p of PEERS) {
      const replies = repliesTo.get(p.address)!;
      expect({ peer: p.address, replies: replies.length, ok: p.expectReplies(replies.length) }).toEqual({
        peer: p.address,
        replies: replies.length,
        ok: true,
      });
      // Every reply says what it is, so a well-behaved responder would not answer at all.
      for (const r of replies) {
        expect(r.parsed.headers.get('x-loop')).toBe(SUPPORT_ADDRESS);
        expect(r.parsed.headers.get('auto-submitted')).toBe('auto-replied');
      }
    }
    // Everything the peers sent was recorded, not dropped.
    expect(await countMessages(sandbox.dovecot, INBOX)).toBe(0);
    expect(await countMessages(sandbox.dovecot, PROCESSED)).toBe(inboundTotal);
    expect(Math.max(...responses.values())).toBeLessThan(PEER_MAX_RESPONSES);
    // ...and each automatic answer, bounce included, is on record in the ticket store.
    const recorded = await ticketedMessageIds(sandbox);
    expect(peerMessageIds.filter((id) => !recorded.has(id))).toEqual([]);
  }, 150_000);
});
