import { mkdtempSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/analysis/rules.ts';
import { findSecrets, redactSecrets } from '../../src/analysis/secrets.ts';
import { parseMail } from '../../src/mail/parse.ts';
import { detectLanguage, displayWidth, normalizeText } from '../../src/mail/text.ts';
import { IntakeError } from '../../src/util/errors.ts';
import { decodeAttachmentText } from '../../src/mail/text-decode.ts';
import iconv from 'iconv-lite';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

describe('parseMail', () => {
  it('decodes ISO-2022-JP that declares no charset', async () => {
    const jis = Buffer.from('\x1b$B%(%i!<$,=P$^$9\x1b(B\r\n', 'latin1'); // エラーが出ます
    const raw = Buffer.concat([Buffer.from('From: a@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n\r\n'), jis]);
    const mail = await parseMail(raw);
    expect(mail.text).toContain('エラーが出ます');
    expect(mail.parseWarnings).toContain('undeclared-iso-2022-jp');
  });
  it('never throws and keeps a body it cannot structure', async () => {
    const raw = Buffer.from(
      'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="nope"\r\n\r\nAccount ID: 10101 and the body has no boundary at all\r\n',
    );
    const mail = await parseMail(raw);
    expect(mail.text).toContain('Account ID: 10101');
  });
  it('survives binary junk', async () => {
    const mail = await parseMail(Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]));
    expect(mail).toBeTruthy();
  });
  it('reads a forwarded message/rfc822 attachment', async () => {
    const inner = 'From: User <u@client.example>\r\nSubject: help\r\nContent-Type: text/plain\r\n\r\nJob ID: 123456789 fails\r\n';
    const raw = Buffer.from(
      [
        'From: p@partner.example.com',
        'Subject: Fwd: help',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'See attached.',
        '--b1',
        'Content-Type: message/rfc822',
        '',
        inner,
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const mail = await parseMail(raw);
    const fwd = mail.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(fwd?.text).toContain('Job ID: 123456789 fails');
  });
});

describe('text', () => {
  it('reads full-width digits and colons as ASCII', () => {
    expect(normalizeText('アカウントID：１０１０１')).toBe('アカウントID:10101');
  });
  it('detects language from the text, not from code', () => {
    expect(detectLanguage('お世話になっております。エラーが出ます。')).toBe('ja');
    expect(detectLanguage('Hello, the job fails since yesterday.')).toBe('en');
  });
});

describe('secrets', () => {
  it('finds each kind', () => {
    const text = [
      'apikey 1234/0123456789abcdef0123456789abcdef01234567',
      '--aws-key-id AKIATIU5ABAPYQBSKHOV --aws-secret-key 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',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1x9kR2hxDBeLG5FrIiEBmHKKaG8ETydLurvcudhuVeK4692UX\n-----END RSA PRIVATE KEY-----',
      'Authorization: Bearer ya29.a0AfB_byRWPwwc30AeGNodRtaVRYacuxuC8nDQ',
      'パスワード：Sunr1se#Db2024',
    ].join('\n');
    expect(findSecrets(text, 'body').map((s) => s.kind)).toEqual([
      'td_api_key',
      'aws_access_key',
      'aws_secret_key',
      'private_key',
      'bearer_token',
      'password',
    ]);
    const red = redactSecrets(text);
    expect(red).not.toMatch(/0123456789abcdef0123|AKIATIU5|Phz\/Gp71|MIIEow|ya29|Sunr1se/);
  });
  it('ignores masks, placeholders, hashes and the word password', () => {
    const text = 'apikey 1234/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\npassword: ****\nパスワード変更を行いました\npassword: ${DB_PASS}\nsha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(findSecrets(text, 'body')).toEqual([]);
  });
});

describe('loadRules', () => {
  it('loads the shipped rules', () => {
    expect(loadRules(resolve(repoRoot, 'config')).requirements.inScope).toContain('error');
  });
  it('names the file, line and path of each problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    cpSync(resolve(repoRoot, 'config/rules'), join(dir, 'rules'), { recursive: true });
    writeFileSync(join(dir, 'rules/channels.yaml'), 'threshold: x\n');
    writeFileSync(join(dir, 'rules/requirements.yaml'), 'required:\n  account_id: {categories: [eror]}\n');
    let err: unknown;
    try {
      loadRules(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IntakeError);
    expect((err as IntakeError).code).toBe('EBADRULES');
    expect((err as IntakeError).message).toMatch(/channels\.yaml:1: threshold: /);
    expect((err as IntakeError).message).toMatch(/requirements\.yaml:2: required\.account_id\.categories\.0/);
  });
});

describe('displayWidth', () => {
  it('counts CJK and full-width characters as two columns, every other code point as one', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('ジョブID 123')).toBe(12);
    expect(displayWidth('ｆｕｌｌ')).toBe(8);
    expect(displayWidth('😀x')).toBe(2);
    expect(displayWidth('\ud800a')).toBe(2);
  });
});

describe('text attachments in other charsets', () => {
  it('honours a declared charset and reads undeclared Shift_JIS or EUC-JP as what it is', () => {
    const text = '【アカウントID】71845 のジョブが失敗しました';
    expect(decodeAttachmentText(iconv.encode(text, 'Shift_JIS'), 'Shift_JIS')).toBe(text);
    expect(decodeAttachmentText(iconv.encode(text, 'Shift_JIS'), null)).toBe(text);
    expect(decodeAttachmentText(iconv.encode(text, 'EUC-JP'), null)).toBe(text);
    expect(decodeAttachmentText(Buffer.from(text), 'utf-8')).toBe(text);
    expect(decodeAttachmentText(Buffer.from('plain ascii'), 'no-such-charset')).toBe('plain ascii');
  });
});
