import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeReply, loadTemplates, type ReplyContext } from '../../src/reply/compose.ts';
import { buildRawReply } from '../../src/smtp/mailer.ts';

// The composed reply as it goes on the wire (nodemailer) and as a client reads it back (mailparser).
const templates = loadTemplates('templates');

const ctx: ReplyContext = {
  kind: 'missing_items',
  language: 'ja',
  ticketNumber: 42,
  category: 'error',
  channel: 'toolbelt',
  missing: ['os', 'command'],
  secrets: ['td_api_key'],
  inbound: {
    messageId: 'in-1@partner.example',
    subject: 'Re: td query がタイムアウトする <script>',
    from: { address: 'taro@partner.example', name: '山田, 太郎' },
    references: ['root@partner.example'],
  },
  referenceToken: '[ref:T42-9f3a1c]',
  messageId: 'reply-42-abc@support.example',
  support: { address: 'support@support.example', name: 'TD サポート' },
};

describe('reply on the wire', () => {
  it('round-trips headers, threading, subject and both parts', async () => {
    const reply = composeReply(ctx, templates);
    const raw = await buildRawReply(reply, new Date('2026-11-26T00:00:00Z'));
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('[#42] Re: td query がタイムアウトする <script>');
    expect(parsed.headers.get('x-intake-kind')).toBe('missing_items');
    expect(parsed.messageId).toBe('<reply-42-abc@support.example>');
    expect(parsed.inReplyTo).toBe('<in-1@partner.example>');
    expect(parsed.references).toEqual(['<root@partner.example>', '<in-1@partner.example>']);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(parsed.headers.get('x-auto-response-suppress')).toBe('All');
    expect(parsed.headers.get('x-loop')).toBe('support@support.example');
    expect(parsed.headers.get('x-intake-ticket')).toBe('42');
    expect(parsed.headers.get('x-intake-category')).toBe('error');
    expect(parsed.headers.get('x-intake-missing')).toBe('os,command');
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value).toEqual([{ address: 'taro@partner.example', name: '山田, 太郎' }]);
    const from = parsed.from?.value[0];
    expect(from).toEqual({ address: 'support@support.example', name: 'TD サポート' });
    expect(parsed.text).toContain('[ref:T42-9f3a1c]');
    expect(parsed.text).toContain('TD API キー');
    expect(parsed.html || '').toContain('[ref:T42-9f3a1c]');
    expect(parsed.html || '').not.toContain('<script>');
  });
});
