import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Splitter, type MimeNode } from '@zone-eu/mailsplit';
import { ImageSizer, type ImageSize } from './image-size.ts';

/** What the analysis reads of a binary part: its decoded size, SHA-256 and, for an image, its pixel size. */
export interface PartDigest {
  size: number;
  sha256: string;
  image: ImageSize;
}

/** A mail whose binary parts were replaced by tokens, and the digest of each part by token number. */
export interface DigestedMail {
  raw: Buffer;
  digests: PartDigest[];
  /** The digest a part's decoded content stands for, or undefined when the content is no token. */
  digestOf(content: Buffer): PartDigest | undefined;
}

/** The line end `value` ends with (CRLF, LF or CR), or nothing. */
function lineEnd(value: Buffer): Buffer {
  const n = value.length;
  if (value[n - 1] === 0x0a) return value.subarray(n >= 2 && value[n - 2] === 0x0d ? n - 2 : n - 1);
  if (value[n - 1] === 0x0d) return value.subarray(n - 1);
  return Buffer.alloc(0);
}

/** Pieces written to a part's decoder: its working strings stay this small whatever the part. */
const DECODE_PIECE_BYTES = 64 * 1024;

/**
 * Replaces the body of every binary leaf part (not text/*, message/* or multipart, not
 * quoted-printable, not named like a text file per `isTextLike`) by a short token, after
 * decoding it piece by piece to its size, SHA-256 and image size, so that mailparser then
 * parses a mail of a few KB instead of building the decoded attachments (a 20 MB mail cost
 * it 60-100 MB). Everything else is passed on byte for byte: headers, structure, text parts.
 *
 * The splitter is mailsplit's, the one mailparser runs, with the same options and fed the same
 * single chunk, and each part is decoded by the decoder mailsplit gives mailparser for it, so
 * the digests are those of the content mailparser would have decoded (base64 decoding does not
 * depend on how its input is cut, which test/unit/part-digest.test.ts checks). Quoted-printable
 * is left alone: libqp decodes a part only once it has all of it.
 *
 * Returns null when no part was replaced or the splitter failed (mailparser then reads the
 * mail as it is and reports what it finds).
 */
export async function digestBinaryParts(
  raw: Buffer,
  splitterOptions: object,
  isTextLike: (contentType: string, filename: string | null) => boolean,
): Promise<DigestedMail | null> {
  const nonce = randomBytes(12).toString('hex');
  const tokenOf = (n: number) => `intake-part-${nonce}-${n}`;
  const tokenPattern = new RegExp(`^intake-part-${nonce}-(\\d+)$`);
  const out: Buffer[] = [];
  const digests: PartDigest[] = [];
  /** Binary parts seen, and the decoder of each once its body began. */
  const binaryNodes = new Set<MimeNode>();
  const parts = new Map<MimeNode, { decoder: NodeJS.ReadWriteStream; ended: Promise<void>; endSlot: number }>();

  const binary = (node: MimeNode): boolean => {
    if (node.multipart || !node.contentType) return false;
    const type = node.contentType;
    if (type.startsWith('text/') || type.startsWith('message/') || type.startsWith('multipart/')) return false;
    if (node.encoding === 'quoted-printable') return false;
    return !isTextLike(type, node.filename || null);
  };

  /**
   * Its token goes where the body was, followed by the line end the body ended with (mailsplit
   * leaves it in the body when the body is nothing else), so the delimiter after it still starts
   * a line. A part with no body keeps none, as mailparser then sees no content either.
   */
  const startPart = (node: MimeNode) => {
    const n = digests.length;
    const digest: PartDigest = { size: 0, sha256: '', image: null };
    digests.push(digest);
    const hash = createHash('sha256');
    const sizer = new ImageSizer();
    const decoder = node.getDecoder();
    decoder.on('data', (chunk: Buffer) => {
      digest.size += chunk.length;
      hash.update(chunk);
      sizer.update(chunk);
    });
    const ended = once(decoder, 'end').then(() => {
      digest.sha256 = hash.digest('hex');
      digest.image = sizer.result();
    });
    ended.catch(() => undefined);
    const token = Buffer.from(tokenOf(n));
    out.push(node.encoding === 'base64' ? Buffer.from(token.toString('base64')) : token);
    const part = { decoder, ended, endSlot: out.length };
    out.push(Buffer.alloc(0));
    parts.set(node, part);
    return part;
  };

  try {
    const splitter = new Splitter(splitterOptions);
    // One write of the whole mail, as mailparser's own splitter receives it (its ChunkedPassthrough
    // passes a single write on whole), so both see the same lines and the same parts.
    splitter.end(raw);
    for await (const obj of splitter) {
      if (obj.type === 'node') {
        const node = obj as MimeNode;
        out.push(node.getHeaders());
        if (binary(node)) binaryNodes.add(node);
        continue;
      }
      const value = obj.value as Buffer | undefined;
      if (obj.type !== 'body' || !binaryNodes.has(obj.node)) {
        if (value && value.length > 0) out.push(value);
        continue;
      }
      const part = parts.get(obj.node) ?? startPart(obj.node);
      if (value && value.length > 0) out[part.endSlot] = lineEnd(value);
      for (let at = 0; value && at < value.length; at += DECODE_PIECE_BYTES) {
        if (!part.decoder.write(value.subarray(at, at + DECODE_PIECE_BYTES))) await once(part.decoder, 'drain');
      }
    }
    for (const part of parts.values()) part.decoder.end();
    await Promise.all([...parts.values()].map((p) => p.ended));
  } catch {
    for (const part of parts.values()) (part.decoder as unknown as { destroy(): void }).destroy();
    return null;
  }
  if (digests.length === 0) return null;
  return {
    raw: Buffer.concat(out),
    digests,
    digestOf(content) {
      if (content.length > 80) return undefined;
      // An unencoded part keeps the line end that followed its token.
      let end = content.length;
      while (end > 0 && (content[end - 1] === 0x0a || content[end - 1] === 0x0d)) end--;
      const m = tokenPattern.exec(content.toString('latin1', 0, end));
      return m ? digests[Number(m[1])] : undefined;
    },
  };
}
