import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Splitter } from '@zone-eu/mailsplit';
import { imageSize, ImageSizer } from '../../src/mail/image-size.ts';
import { parseMail } from '../../src/mail/parse.ts';
import { buildInquiry } from '../integration/fixtures/inquiries.ts';

// What mailparser is given, to tell a digested reading from one of the whole mail.
const parsedSizes = vi.hoisted(() => [] as number[]);
vi.mock('mailparser', async (importOriginal) => {
  const orig = await importOriginal<typeof import('mailparser')>();
  return {
    ...orig,
    simpleParser: (input: Buffer, ...rest: unknown[]) => {
      parsedSizes.push(input.length);
      return (orig.simpleParser as (...a: unknown[]) => unknown)(input, ...rest);
    },
  };
});
beforeEach(() => {
  parsedSizes.length = 0;
});

/** A deterministic byte source, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function png(width: number, height: number, extra = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type), data, Buffer.alloc(4)]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(randomBytes(extra)))]);
}

/** A JPEG with APPn segments of the given lengths (a length below 8 makes segments overlap the 10 bytes read), then a SOF0. */
function jpeg(width: number, height: number, segmentLengths: number[], tail = 0): Buffer {
  const parts = [Buffer.from([0xff, 0xd8])];
  for (const len of segmentLengths) {
    const seg = Buffer.alloc(2 + Math.max(len, 2));
    seg[0] = 0xff;
    seg[1] = 0xe1;
    seg.writeUInt16BE(len, 2);
    parts.push(seg.subarray(0, 2 + len));
  }
  const sof = Buffer.from([0xff, 0xc0, 0, 17, 8, 0, 0, 0, 0, 3]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  parts.push(sof, randomBytes(tail));
  return Buffer.concat(parts);
}

function gif(width: number, height: number): Buffer {
  const b = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(7), randomBytes(100)]);
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}

/** Feeds `buf` to an ImageSizer in random pieces. */
function sizeInPieces(buf: Buffer, next: () => number): ReturnType<ImageSizer['result']> {
  const sizer = new ImageSizer();
  for (let at = 0; at < buf.length; ) {
    const n = 1 + Math.floor(next() * (next() < 0.5 ? 4 : 200));
    sizer.update(buf.subarray(at, at + n));
    at += n;
  }
  return sizer.result();
}

describe('ImageSizer', () => {
  it('reads PNG, GIF and JPEG sizes, and nothing from other bytes', () => {
    expect(imageSize(png(1280, 720))).toEqual({ width: 1280, height: 720 });
    expect(imageSize(gif(300, 200))).toEqual({ width: 300, height: 200 });
    expect(imageSize(jpeg(1920, 1080, [16, 300]))).toEqual({ width: 1920, height: 1080 });
    expect(imageSize(Buffer.from('not an image at all'))).toBeNull();
  });

  it('gives what the whole-buffer reading gives for any split of the bytes', () => {
    const next = rng(7);
    const samples: Buffer[] = [
      png(800, 600, 5000),
      png(800, 600).subarray(0, 23),
      gif(10, 20),
      gif(10, 20).subarray(0, 9),
      jpeg(640, 480, [0, 1, 2, 5, 7, 8, 9, 200]),
      jpeg(640, 480, [3, 70_000 % 65_536, 4], 50),
      jpeg(1, 2, []),
      jpeg(640, 480, [100]).subarray(0, 60),
      Buffer.from([0xff, 0xd8, 0xff]),
      Buffer.from([0xff, 0xd8, 0x00, 0xe1, 0, 8, 0, 0, 0, 0, 0, 0]),
    ];
    for (let i = 0; i < 200; i++) {
      // Random JPEG-like bytes: markers and lengths at random, often cut short.
      const segs = Array.from({ length: Math.floor(next() * 6) }, () => Math.floor(next() * 40));
      const j = jpeg(Math.floor(next() * 5000), Math.floor(next() * 5000), segs, Math.floor(next() * 30));
      if (next() < 0.3) j[2 + Math.floor(next() * (j.length - 2))] = Math.floor(next() * 256);
      samples.push(next() < 0.3 ? j.subarray(0, Math.floor(next() * j.length)) : j);
    }
    for (const s of samples) {
      const whole = imageSize(s);
      for (let k = 0; k < 5; k++) expect(sizeInPieces(s, next)).toEqual(whole);
    }
  });
});

/** A multipart mail built by hand, so encodings and line lengths are exactly as written. */
function multipart(parts: string[], top = 'multipart/mixed'): Buffer {
  return Buffer.from(
    [
      'From: Partner <p@partner.example.com>',
      'To: support@intake.test',
      'Subject: digest check',
      'Message-ID: <digest@partner.example.com>',
      'MIME-Version: 1.0',
      `Content-Type: ${top}; boundary="b1"`,
      '',
      'preamble',
      ...parts.flatMap((p) => ['--b1', p]),
      '--b1--',
      'epilogue',
      '',
    ].join('\r\n'),
    'latin1',
  );
}

function base64Lines(buf: Buffer, width: number): string {
  const s = buf.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += width) lines.push(s.slice(i, i + width));
  return lines.join('\r\n');
}

/** Parses `raw` whole and digested; the two readings must be equal. Returns what mailparser read in the digested one. */
async function expectSameReading(raw: Buffer): Promise<number[]> {
  const whole = await parseMail(raw, { digestPartsAboveBytes: Infinity });
  parsedSizes.length = 0;
  const digested = await parseMail(raw, { digestPartsAboveBytes: 0 });
  expect(digested).toEqual(whole);
  return [...parsedSizes];
}

describe('parseMail with binary parts digested', () => {
  it('reads the same attachments (size, hash, image size, text) as the whole parse', async () => {
    const text = 'Content-Type: text/plain; charset=utf-8\r\n\r\nAccount ID: 10101. The export fails, screenshot attached.';
    const next = rng(11);
    const mails = [
      multipart([
        text,
        `Content-Type: image/png; name="shot.png"\r\nContent-Disposition: attachment; filename="shot.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(png(1440, 900, 40_000), 76)}`,
        `Content-Type: image/jpeg\r\nContent-ID: <logo@x>\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(jpeg(120, 40, [16, 5, 300], 3000), 60)}`,
        `Content-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(gif(500, 400), 76)}`,
        `Content-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(randomBytes(70_001), 72)}`,
        // Base64 with stray padding, junk characters and uneven lines.
        `Content-Type: application/octet-stream; name="odd.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nQUJD\r\nRA==\r\nRUY=\r\n  Rw*!\r\nSEk\r\n=\r\nSg\r\n`,
        'Content-Type: application/zip; name="z.zip"\r\nContent-Transfer-Encoding: binary\r\n\r\n' + randomBytes(5000).toString('latin1').replace(/--b1/g, 'xxxx'),
        'Content-Type: application/octet-stream; name="empty.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n',
        'Content-Type: application/octet-stream; name="td.log"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + base64Lines(Buffer.from('ERROR job 123 failed\n'), 76),
        `Content-Type: application/octet-stream; name="q.bin"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nab=3D=\r\ncd`,
      ]),
      multipart([
        text,
        `Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(png(300, 300, 2000), 76)}`,
        `Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n${multipart([
          'Content-Type: text/plain\r\n\r\nforwarded text, Job ID: 184392001',
          `Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(png(1024, 768, 1000), 76)}`,
        ])
          .toString('latin1')
          .replace(/b1/g, 'inner')}`,
      ]),
      // A mail whose whole body is one binary part: the raw-body fallback reads the mail as it came.
      Buffer.from(
        `From: p@partner.example.com\r\nSubject: only a pdf\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(randomBytes(3000), 76)}\r\n`,
      ),
      multipart(
        [text, `Content-Type: image/png\r\nContent-ID: <shot@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(png(2000, 1000, 500), 76)}`],
        'multipart/related',
      ),
      // LF line ends only.
      Buffer.from(multipart([text, `Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(png(640, 640, 800), 64)}`]).toString('latin1').replace(/\r\n/g, '\n'), 'latin1'),
      await buildInquiry({ n: 1, attachments: [{ filename: 'capture.bin', content: randomBytes(300_000), contentType: 'application/octet-stream' }] }),
      await buildInquiry({ n: 2, html: '<p>see <img src="cid:img1"></p>', attachments: [{ filename: 'a.png', content: png(900, 700, 100), contentType: 'image/png' }] }),
    ];
    for (let i = 0; i < 30; i++) {
      // Random base64 bodies with junk, padding and line breaks anywhere.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/====\r\n\r\n *-_';
      let body = '';
      for (let k = Math.floor(next() * 3000); k > 0; k--) body += alphabet[Math.floor(next() * alphabet.length)];
      mails.push(multipart([text, `Content-Type: application/octet-stream; name="r${i}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${body.replace(/--/g, '')}`]));
    }
    for (const raw of mails) {
      const sizes = await expectSameReading(raw);
      // Read once, digested (a forwarded mail attached is parsed on its own as well); a digested
      // reading that was not the whole one would have been followed by a reading of the whole.
      expect(sizes).toHaveLength(raw.includes('message/rfc822') ? 2 : 1);
    }
  });

  it('reads the whole mail when mailparser takes a digested part for text', async () => {
    // mailparser maps the name to text/html and reads the part as text: the digest cannot stand for it.
    const raw = multipart([
      `Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(png(640, 640, 800), 64)}`,
      'Content-Type: application/octet-stream; name="page.html"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + base64Lines(Buffer.from('<p>hello</p>'), 76),
    ]);
    const sizes = await expectSameReading(raw);
    expect(sizes).toEqual([expect.any(Number), raw.length]);
  });

  it('gives the decoded bytes mailsplit gives whatever pieces base64 arrives in', async () => {
    // The digest writes a part to its decoder in pieces; mailparser writes it whole.
    const next = rng(3);
    for (let i = 0; i < 100; i++) {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/==\r\n *';
      let body = '';
      for (let k = Math.floor(next() * 500); k > 0; k--) body += alphabet[Math.floor(next() * alphabet.length)];
      const decode = async (pieces: Buffer[]) => {
        const splitter = new Splitter();
        splitter.end(Buffer.from(`Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nx`));
        let decoder: NodeJS.ReadWriteStream | null = null;
        for await (const obj of splitter) if (obj.type === 'node') decoder = obj.getDecoder();
        const out: Buffer[] = [];
        decoder!.on('data', (c: Buffer) => out.push(c));
        for (const p of pieces) decoder!.write(p);
        decoder!.end();
        await new Promise((r) => decoder!.on('end', r));
        return Buffer.concat(out);
      };
      const bytes = Buffer.from(body, 'latin1');
      const cuts: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const n = 1 + Math.floor(next() * 9);
        cuts.push(bytes.subarray(at, at + n));
        at += n;
      }
      expect(await decode(cuts)).toEqual(await decode([bytes]));
    }
  });

  it('keeps a 20 MB mail from being decoded whole', async () => {
    const raw = await buildInquiry({ n: 3, attachments: [{ filename: 'capture.bin', content: randomBytes(14_500_000), contentType: 'application/octet-stream' }] });
    const mail = await parseMail(raw);
    expect(parsedSizes).toHaveLength(1);
    expect(parsedSizes[0]).toBeLessThan(5_000);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.size).toBe(14_500_000);
    expect(mail.text).toContain('Account ID');
  });
});
