import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/analysis/rules.ts';
import { AnalysisStoppedError } from '../../src/pipeline/analysis-pool.ts';
import { inProcessReader, prepareInbound, type AnalysisStops, type MailReader } from '../../src/pipeline/prepare.ts';
import { loadSafetyRules } from '../../src/safety/safety-rules.ts';

/** The shipped bounce phrases (config/safety.yaml). */
const BOUNCE_PHRASES = loadSafetyRules(new URL('../../config', import.meta.url).pathname).bounce;

/** The one read of an inbound mail (src/pipeline/prepare.ts), without the pool or Redis. */

const SUPPORT = 'support@intake.example';
const reader = inProcessReader(loadRules(resolve(import.meta.dirname, '../../config')));

const RETURNED = [
  'From: Support <support@intake.example>',
  'To: ops@customer.example',
  'Subject: Re: Workflow job fails [#42]',
  'Message-ID: <reply-42-1@intake.example>',
  'In-Reply-To: <q0@partner.example>',
  'X-Intake-Ticket: 42',
  '',
  'Thank you for your inquiry.',
].join('\r\n');

const BOUNCE = Buffer.from(
  [
    'From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>',
    `To: ${SUPPORT}`,
    'Subject: Undelivered Mail Returned to Sender',
    'Message-ID: <dsn-1@mx.customer.example>',
    'References: <earlier@mx.customer.example>',
    'Return-Path: <>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="d1"',
    '',
    '--d1',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '--d1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.customer.example',
    '',
    'Final-Recipient: rfc822; ops@customer.example',
    'Action: failed',
    'Status: 5.1.1',
    '--d1',
    'Content-Type: message/rfc822',
    '',
    RETURNED,
    '--d1--',
    '',
  ].join('\r\n'),
);

const INQUIRY = Buffer.from(
  [
    'From: Alice Partner <alice@partner.example>',
    `To: ${SUPPORT}`,
    'Subject: Workflow job fails',
    'Message-ID: <q1@partner.example>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, job 123 fails.',
    '',
  ].join('\r\n'),
);

function memoryStops(before: string | null = null): AnalysisStops & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    begin: async () => (log.push('begin'), before),
    finished: async () => void log.push('finished'),
    stopped: async (err) => void log.push(`stopped:${err.reason}`),
  };
}

describe('prepareInbound', () => {
  it('carries the ids a bounce returns as their own fact and leaves the parsed References alone', async () => {
    const p = await prepareInbound(BOUNCE, { reader, recurringImages: () => [], supportAddress: SUPPORT, bounce: BOUNCE_PHRASES });
    expect(p.classification.kind).toBe('bounce');
    expect(p.returnedIds).toEqual(['reply-42-1@intake.example', 'q0@partner.example']);
    expect(p.mail.references).toEqual(['earlier@mx.customer.example']);
    expect(p.unread).toBeNull();
  });

  it('reads a human mail: analysed, no returned ids, logos asked for its sender', async () => {
    const asked: (string | undefined)[] = [];
    const stops = memoryStops();
    const p = await prepareInbound(INQUIRY, {
      reader,
      recurringImages: (m) => (asked.push(m.from?.address), []),
      supportAddress: SUPPORT,
      bounce: BOUNCE_PHRASES,
      timeoutMs: 5_000,
      stops,
    });
    expect(p.classification.kind).toBe('human');
    expect(p.returnedIds).toEqual([]);
    expect(p.analysis.senderText).toContain('job 123 fails');
    expect(asked).toEqual(['alice@partner.example']);
    expect(stops.log).toEqual(['begin', 'finished']);
  });

  const stalling: MailReader = {
    parse: reader.parse,
    analyse: async () => {
      throw new AnalysisStoppedError('timeout', 'analyse', { timeoutMs: 1 });
    },
  };

  it('without a stop memory, a mail over the limit is an error (intake check reports it)', async () => {
    await expect(prepareInbound(INQUIRY, { reader: stalling, recurringImages: () => [], supportAddress: SUPPORT, bounce: BOUNCE_PHRASES })).rejects.toThrow(
      AnalysisStoppedError,
    );
  });

  it('with one, it is remembered and the mail is read from its head as unread', async () => {
    const stops = memoryStops();
    const p = await prepareInbound(INQUIRY, { reader: stalling, recurringImages: () => [], supportAddress: SUPPORT, bounce: BOUNCE_PHRASES, stops });
    expect(stops.log).toEqual(['begin', 'stopped:timeout']);
    expect(p.unread).toBe('timeout');
    expect(p.mail.from?.address).toBe('alice@partner.example');
    expect(p.mail.text).toBe('');
    expect(p.analysis.missing).toEqual([]);
  });

  it('a mail that stopped before is not analysed again', async () => {
    const stops = memoryStops('memory');
    let analysed = 0;
    const counting: MailReader = { parse: reader.parse, analyse: async (m, l) => (analysed++, reader.analyse(m, l)) };
    const p = await prepareInbound(INQUIRY, { reader: counting, recurringImages: () => [], supportAddress: SUPPORT, bounce: BOUNCE_PHRASES, stops });
    expect(p.unread).toBe('memory');
    expect(analysed).toBe(0);
    expect(stops.log).toEqual(['begin']);
  });

  it('uses a mail the caller parsed already', async () => {
    const parsed = await reader.parse(INQUIRY);
    const never: MailReader = { parse: () => Promise.reject(new Error('parsed twice')), analyse: reader.analyse };
    const p = await prepareInbound(INQUIRY, { reader: never, parsed, recurringImages: () => [], supportAddress: SUPPORT, bounce: BOUNCE_PHRASES });
    expect(p.mail).toBe(parsed);
  });
});
