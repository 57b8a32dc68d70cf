import { generateKeyPairSync } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineResolver, replyAllowedByAuth, systemResolver, verifySender, type AuthVerdict } from '../../src/safety/auth.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyB64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

/** A fake DNS zone: partner.example publishes SPF, a DKIM key and a DMARC reject policy. */
const zone: Record<string, string[][]> = {
  'partner.example': [['v=spf1 ip4:192.0.2.10 -all']],
  'sel._domainkey.partner.example': [[`v=DKIM1; k=rsa; p=${publicKeyB64}`]],
  '_dmarc.partner.example': [['v=DMARC1; p=reject']],
};
const resolver = async (name: string, rr: string): Promise<unknown> => {
  const hit = rr === 'TXT' ? zone[name.toLowerCase()] : undefined;
  if (!hit) throw Object.assign(new Error(`no ${rr} for ${name}`), { code: 'ENOTFOUND' });
  return hit;
};

function message(opts: { ip: string; from?: string; body?: string }): string {
  return [
    `Received: from mail.partner.example (mail.partner.example [${opts.ip}])`,
    '\tby mx.intake.example with ESMTP id 4Zx1; Thu, 26 Nov 2026 10:00:00 +0000',
    'Return-Path: <alice@partner.example>',
    `From: Alice <${opts.from ?? 'alice@partner.example'}>`,
    'To: support@intake.example',
    'Subject: Workflow fails',
    'Message-ID: <m1@partner.example>',
    'Date: Thu, 26 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body ?? 'Hello, job 123 fails with an error.',
    '',
  ].join('\r\n');
}

async function signed(msg: string): Promise<string> {
  // mailauth reads signatureData at run time; its bundled typings describe an older flat shape.
  const options = {
    canonicalization: 'relaxed/relaxed',
    signatureData: [{ signingDomain: 'partner.example', selector: 'sel', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) }],
  } as unknown as Parameters<typeof dkimSign>[1];
  const res = await dkimSign(msg, options);
  expect(res.errors).toEqual([]);
  return res.signatures + msg;
}

describe('verifySender', () => {
  it('passes SPF, DKIM and DMARC for a signed mail from an allowed IP', async () => {
    const v = await verifySender(Buffer.from(await signed(message({ ip: '192.0.2.10' }))), { resolver });
    expect(v).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass', from: 'alice@partner.example' });
    expect(replyAllowedByAuth(v, 'no_reply')).toBe(true);
  });

  it('fails DMARC for a forged From: unsigned, from an IP the domain does not allow', async () => {
    const v = await verifySender(Buffer.from(message({ ip: '198.51.100.7' })), { resolver });
    expect(v.spf).toBe('fail');
    expect(v.dkim).toBe('none');
    expect(v.dmarc).toBe('fail');
    expect(replyAllowedByAuth(v, 'no_reply')).toBe(false);
    expect(replyAllowedByAuth(v, 'reply')).toBe(true);
  });

  it('passes DMARC through an aligned DKIM signature even when SPF fails (forwarded mail)', async () => {
    const v = await verifySender(Buffer.from(await signed(message({ ip: '198.51.100.7' }))), { resolver });
    expect(v.spf).toBe('fail');
    expect(v.dkim).toBe('pass');
    expect(v.dmarc).toBe('pass');
  });

  it('does not pass DKIM when the body was changed after signing', async () => {
    const good = await signed(message({ ip: '198.51.100.7' }));
    const tampered = good.replace('job 123', 'job 999');
    const v = await verifySender(Buffer.from(tampered), { resolver });
    // mailauth words a body-hash mismatch as `neutral` ("body hash did not verify").
    expect(['fail', 'neutral']).toContain(v.dkim);
    expect(v.dmarc).toBe('fail');
  });

  it('gives up within the timeout when DNS never answers, with temperror and no reply block', async () => {
    const started = Date.now();
    const v = await verifySender(Buffer.from(await signed(message({ ip: '192.0.2.10' }))), {
      resolver: () => new Promise(() => {}),
      timeoutMs: 300,
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(v.dkim).toBe('temperror');
    expect(v.dmarc).toBe('temperror');
    expect(['temperror', 'none']).toContain(v.spf);
    expect(replyAllowedByAuth(v, 'no_reply')).toBe(true);
  });

  it('offlineResolver answers at once with temperror and does not block a reply', async () => {
    const started = Date.now();
    const v = await verifySender(Buffer.from(await signed(message({ ip: '192.0.2.10' }))), { resolver: offlineResolver });
    expect(Date.now() - started).toBeLessThan(500);
    expect(v).toMatchObject({ spf: 'temperror', dkim: 'temperror', dmarc: 'temperror' });
    expect(replyAllowedByAuth(v, 'no_reply')).toBe(true);
  });

  it('never throws, whatever the bytes', async () => {
    for (const raw of [Buffer.alloc(0), Buffer.from('garbage'), Buffer.from('From: \r\n\r\n')]) {
      const v: AuthVerdict = await verifySender(raw, { resolver });
      expect(typeof v.dmarc).toBe('string');
    }
  });
});

describe('systemResolver (the default)', () => {
  let silent: Socket;
  let port = 0;
  beforeAll(async () => {
    // A loopback "DNS server" that never answers: the default must time out, not hang.
    silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    port = silent.address().port;
  });
  afterAll(() => silent.close());

  it('fails fast with a DNS error code mailauth maps to temperror', async () => {
    const resolve = systemResolver(200, [`127.0.0.1:${port}`]);
    const started = Date.now();
    const err = (await resolve('partner.example', 'TXT').catch((e: unknown) => e)) as { code?: string };
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err.code).toMatch(/^E[A-Z]+$/);
    expect(['ENOTFOUND', 'ENODATA']).not.toContain(err.code);
  });

  it('makes verifySender return temperror within the budget', async () => {
    const started = Date.now();
    const v = await verifySender(Buffer.from(await signed(message({ ip: '192.0.2.10' }))), {
      resolver: systemResolver(250, [`127.0.0.1:${port}`]),
      timeoutMs: 250,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(v.dkim).toBe('temperror');
  });
});
