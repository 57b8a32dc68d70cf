import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  findReferenceTokens,
  findSubjectTags,
  makeReferenceToken,
  makeReplyMessageId,
  parseReplyMessageId,
  subjectTag,
} from '../../src/tickets/reply-id.ts';

const KEY = 'k'.repeat(32);

describe('reply Message-IDs', () => {
  it('are deterministic, carry the ticket and verify', () => {
    const a = makeReplyMessageId({ ticket: 42, inboundMessageId: 'abc@partner.example', key: KEY, domain: 'intake.test' });
    const b = makeReplyMessageId({ ticket: 42, inboundMessageId: 'abc@partner.example', key: KEY, domain: 'intake.test' });
    expect(a).toBe(b);
    expect(a).not.toMatch(/[<>]/);
    expect(a.endsWith('@intake.test')).toBe(true);
    expect(parseReplyMessageId(a, KEY)).toEqual({ ticket: 42 });
    expect(parseReplyMessageId(`<${a}>`, KEY)).toEqual({ ticket: 42 });
  });

  it('differ per inbound mail and per kind', () => {
    const base = { ticket: 7, key: KEY, domain: 'd.test' };
    const a = makeReplyMessageId({ ...base, inboundMessageId: 'one@x' });
    expect(makeReplyMessageId({ ...base, inboundMessageId: 'two@x' })).not.toBe(a);
    expect(makeReplyMessageId({ ...base, inboundMessageId: 'one@x', kind: 'secret' })).not.toBe(a);
  });

  it('reject a forged ticket number, another key and foreign IDs', () => {
    const id = makeReplyMessageId({ ticket: 42, inboundMessageId: 'abc@x', key: KEY, domain: 'intake.test' });
    expect(parseReplyMessageId(id.replace('intake.t42.', 'intake.t43.'), KEY)).toBeNull();
    expect(parseReplyMessageId(id, 'other-key-other-key')).toBeNull();
    expect(parseReplyMessageId('CAF=abc@mail.gmail.com', KEY)).toBeNull();
    expect(parseReplyMessageId('', KEY)).toBeNull();
  });
});

describe('reference tokens', () => {
  it('round-trip and ignore forged or unsigned ones', () => {
    const token = makeReferenceToken(42, KEY);
    // Opaque: no visible number a reader could take for a second ticket number (issue 15).
    expect(token).toMatch(/^\[ref:[0-9a-f]{18}\]$/);
    expect(token).not.toContain('42');
    const text = `> thanks\n> ${token}\n> ${makeReferenceToken(9, KEY)} [ref:T5-00000000] ${token}`;
    expect(findReferenceTokens(text, KEY)).toEqual([42, 9]);
    expect(findReferenceTokens(token, 'another-key-000000')).toEqual([]);
    expect(findReferenceTokens('[ref:000000000000000000]', KEY)).toEqual([]);
  });

  it('still reads the tokens of earlier replies ([ref:T<n>-<sig>])', () => {
    const sig = createHmac('sha256', KEY).update('ref:42').digest('hex').slice(0, 8);
    expect(findReferenceTokens(`> [ref:T42-${sig}] ${makeReferenceToken(7, KEY)}`, KEY)).toEqual([42, 7]);
  });
});

describe('subject tags', () => {
  it('format and find tags, full-width too', () => {
    expect(subjectTag(42)).toBe('[#42]');
    expect(findSubjectTags('Re: Re: query fails [#42]')).toEqual([42]);
    expect(findSubjectTags('Re: [#42] and [#7] [#42]')).toEqual([42, 7]);
    expect(findSubjectTags('ＲＥ：エラー ［＃４２］')).toEqual([42]);
    expect(findSubjectTags('case #42 and [42]')).toEqual([]);
  });
});
