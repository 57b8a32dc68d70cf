import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisPool, AnalysisStoppedError } from '../../src/pipeline/analysis-pool.ts';
import type { InboundMail } from '../../src/mail/types.ts';
import type { Analysis } from '../../src/analysis/types.ts';
import { listFailures } from '../../src/queue/failures.ts';
import { replyIdentity } from '../../src/pipeline/intake.ts';
import { sentKey } from '../../src/store/keys.ts';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness.ts';
import { buildInquiry } from '../integration/fixtures/inquiries.ts';

const PROCESSED = 'Intake/Processed';
const FAILED = 'Intake/Failed';
const messageIdOf = (raw: Buffer) => /^message-id:\s*<([^>\r\n]+)>/im.exec(raw.toString('latin1'))![1]!;

/**
 * The real pool, except that a mail whose Subject says RUNAWAY is stopped as if it ran past
 * ANALYSIS_TIMEOUT_MS: what the pool reports when it terminates a thread (the limit itself is
 * tested in test/unit/analysis-pool.test.ts; a real runaway here would cost a thread respawn).
 */
class RunawayPool extends AnalysisPool {
  override analyse(mail: InboundMail, hashes: Iterable<string>, timeoutMs?: number): Promise<Analysis> {
    if (mail.subject.includes('RUNAWAY')) return Promise.reject(new AnalysisStoppedError('timeout', 'analyse'));
    return super.analyse(mail, hashes, timeoutMs);
  }
}

describe('pipeline: mail that cannot be processed, replies that cannot be sent', () => {
  let p: PipelineHarness;
  beforeAll(async () => {
    p = await startPipeline({
      name: 'faults',
      // Two attempts keep the "fails every attempt" case to one backoff (1 s).
      env: { JOB_ATTEMPTS: '2' },
      analysisPool: (config) => new RunawayPool({ ...config.analysis, rulesDir: config.rulesDir }),
      adjust: (deps) => {
        const verify = deps.verifySender;
        deps.verifySender = async (raw) => {
          if (raw.includes('From: broken@')) throw new Error('sender check exploded');
          return verify(raw);
        };
      },
    });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('a mail whose analysis is stopped is kept on a flagged ticket and answered "a person will read it"', async () => {
    const raw = await buildInquiry({ n: 31, from: 'runaway@partner-3.example.com', subject: 'RUNAWAY export question' });
    p.deliver(raw);
    await p.drained();
    const replies = p.mailer.to('runaway@partner-3.example.com');
    expect(replies.map((r) => r.headers['x-intake-kind'])).toEqual(['unread']);
    const ticket = await p.deps.tickets.get(Number(replies[0]!.headers['x-intake-ticket']));
    expect(ticket?.messages[0]?.flags).toContain('unread:timeout');
    expect(p.imap.messages(PROCESSED).some((m) => messageIdOf(m.raw) === messageIdOf(raw))).toBe(true);
  });

  it('a mail that fails every attempt goes to the failed mailbox with its reason, unanswered', async () => {
    const raw = await buildInquiry({ n: 32, from: 'broken@partner-4.example.com', subject: 'Job failed overnight' });
    p.deliver(raw);
    await p.drained();
    expect(p.mailer.to('broken@partner-4.example.com')).toHaveLength(0);
    expect(p.imap.messages(FAILED).map((m) => messageIdOf(m.raw))).toEqual([messageIdOf(raw)]);
    const failures = await listFailures(p.deps.redis, p.config.queuePrefix);
    expect(failures.map((f) => [f.messageId, f.reason])).toEqual([[messageIdOf(raw), 'processing failed: sender check exploded']]);
  });

  it('SMTP dropping the connection twice: the reply is retried, sent once, recorded once', async () => {
    const to = 'retry@partner-5.example.com';
    const raw = await buildInquiry({ n: 33, from: to, subject: 'Export to S3 stopped' });
    const attempts = p.mailer.attempts;
    p.mailer.failNext(2);
    p.deliver(raw);
    await p.drained();
    expect(p.mailer.attempts - attempts).toBe(3);
    const replies = p.mailer.to(to);
    expect(replies).toHaveLength(1);
    const ticket = await p.deps.tickets.get(Number(replies[0]!.headers['x-intake-ticket']));
    expect(ticket?.replies).toHaveLength(1);
    expect(await p.deps.redis.exists(sentKey(p.config.queuePrefix, replyIdentity({ messageId: messageIdOf(raw), from: { address: to, name: '' } })))).toBe(1);
    expect(p.imap.appends.filter((a) => a.raw.includes(messageIdOf(raw)))).toHaveLength(1);
    // The same mail again (a second delivery after the reply went out): nothing is sent twice.
    p.deliver(raw);
    await p.drained();
    expect(p.mailer.to(to)).toHaveLength(1);
    expect(p.mailer.attempts - attempts).toBe(3);
  });

  it('SMTP rejecting the reply for good (5xx): no more attempts, the mail goes to the failed mailbox', async () => {
    const to = 'nouser@partner-6.example.com';
    const raw = await buildInquiry({ n: 34, from: to, subject: 'Console login question' });
    const attempts = p.mailer.attempts;
    p.mailer.failNext(1, () =>
      Object.assign(new Error('Recipient command failed: 550 5.1.1 no such user'), { responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user' }),
    );
    p.deliver(raw);
    await p.drained();
    expect(p.mailer.attempts - attempts).toBe(1);
    expect(p.mailer.to(to)).toHaveLength(0);
    expect(p.imap.messages(FAILED).some((m) => messageIdOf(m.raw) === messageIdOf(raw))).toBe(true);
    const failure = (await listFailures(p.deps.redis, p.config.queuePrefix)).find((f) => f.messageId === messageIdOf(raw));
    expect(failure?.reason).toMatch(/^reply could not be sent: .*550/);
  });
});
