import { describe, expect, it } from 'vitest';
import { ambiguousSender, senderTrust } from '../../src/safety/sender.ts';
import { isUsableMessageId, keptReferences, threadIds } from '../../src/tickets/thread-ids.ts';
import { forTerminal, oneField } from '../../src/util/terminal.ts';
import { buildRawReply } from '../../src/smtp/mailer.ts';
import { replyIdentity } from '../../src/pipeline/intake.ts';

const headers = (from: string[]): { headers: Map<string, string[]> } => ({ headers: new Map([['from', from]]) });

describe('ambiguous senders', () => {
  it('finds several addresses, several From headers and group syntax', () => {
    expect(ambiguousSender(headers(['a@x.example, b@y.example']))).toEqual(['several From addresses']);
    expect(ambiguousSender(headers(['a@x.example', 'b@y.example']))).toEqual(['multiple From headers']);
    expect(ambiguousSender(headers(['Team: a@x.example, b@y.example;']))).toContain('group syntax in From');
    expect(ambiguousSender(headers(['undisclosed-recipients:;']))).toContain('group syntax in From');
  });

  it('accepts one address, however its display name is written', () => {
    expect(ambiguousSender(headers(['"Doe, Jane" <jane@x.example>']))).toEqual([]);
    expect(ambiguousSender(headers(['=?utf-8?B?5bGx55Sw?= <yamada@x.co.jp>']))).toEqual([]);
    expect(ambiguousSender(headers(['jane@x.example (Jane Doe)']))).toEqual([]);
    expect(ambiguousSender({ headers: new Map() })).toEqual([]);
  });

  it('stores an ambiguous From as a DMARC permerror, never a soft none, and never as authenticated', () => {
    const t = senderTrust(headers(['a@x.example, b@y.example']), { dmarc: 'none', spf: 'none', dkim: 'none' });
    expect(t.stored?.dmarc).toBe('permerror');
    expect(t.authenticated).toBe(false);
    expect(t.flags).toEqual(['sender:several From addresses']);
    expect(senderTrust(headers(['a@x.example']), { dmarc: 'pass', spf: 'pass', dkim: 'pass' }).authenticated).toBe(true);
  });

  it('keys "answered" by Message-ID and sender', () => {
    const id = 'm@x.example';
    expect(replyIdentity({ messageId: id, from: { address: 'A@x.example', name: '' } })).not.toBe(
      replyIdentity({ messageId: id, from: { address: 'b@y.example', name: '' } }),
    );
    expect(replyIdentity({ messageId: id, from: { address: 'A@x.example', name: '' } })).toBe(
      replyIdentity({ messageId: id, from: { address: 'a@x.example', name: 'A' } }),
    );
  });
});

describe('Message-IDs from mail', () => {
  it('uses only well-formed, bounded IDs', () => {
    expect(isUsableMessageId('abc.123@mail.example.com')).toBe(true);
    expect(isUsableMessageId(`${'a'.repeat(8_000)}@x.example`)).toBe(false);
    expect(isUsableMessageId('no-at-sign')).toBe(false);
    expect(isUsableMessageId('a b@x.example')).toBe(false);
    expect(isUsableMessageId('a@x.example>\r\nBcc: victim@y.example')).toBe(false);
  });

  it('looks up at most 20 IDs of a mail, In-Reply-To first then the newest References', () => {
    const references = Array.from({ length: 5_000 }, (_, i) => `r${i}@x.example`);
    const ids = threadIds({ messageId: 'self@x.example', inReplyTo: ['parent@x.example'], references });
    expect(ids).toHaveLength(20);
    expect(ids[0]).toBe('parent@x.example');
    expect(ids[1]).toBe('r4999@x.example');
    const kept = keptReferences(references);
    expect(kept).toHaveLength(20);
    expect(kept[0]).toBe('r0@x.example');
    expect(kept.at(-1)).toBe('r4999@x.example');
  });

  it('builds a reply without In-Reply-To when the inbound ID was unusable', async () => {
    const raw = (
      await buildRawReply(
        {
          from: 'support@intake.test',
          to: 'a@x.example',
          subject: 'Re: x',
          text: 'hi',
          html: '<p>hi</p>',
          messageId: 'r1@intake.test',
          inReplyTo: '',
          references: [],
          headers: {},
        },
        new Date(0),
      )
    ).toString('utf8');
    expect(raw).not.toMatch(/^In-Reply-To:/im);
    expect(raw).toMatch(/^Message-ID: <r1@intake.test>/im);
  });
});

describe('operator output', () => {
  it('drops C0/C1 controls, DEL and bidi overrides, keeps tabs, newlines and text', () => {
    expect(forTerminal('a\u001b]0;owned\u0007b\u009b31mc\u007fd\u202eе\tx\ny')).toBe('a]0;ownedb31mcdе\tx\ny');
    expect(oneField('line1\nline2\u001b[2J')).toBe('line1 line2[2J');
    expect(oneField('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
