/** Pixel size of an image as read from its first bytes (PNG, GIF, JPEG); null when none of them. */
export type ImageSize = { width: number; height: number } | null;

/** Reads the pixel size from PNG/GIF/JPEG headers of a whole image. */
export function imageSize(buf: Buffer): ImageSize {
  const sizer = new ImageSizer();
  sizer.update(buf);
  return sizer.result();
}

/** JPEG start-of-frame markers, the segment that carries the size (not DHT, JPG, DAC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * The same reading over an image that arrives in pieces (a large attachment is hashed as it is
 * decoded and never held whole): keeps the first 24 bytes for PNG and GIF, and walks the JPEG
 * segments as they pass, keeping only the 10 bytes of the segment header it is at. Gives what
 * the whole-buffer reading gives, for any split of the bytes (test/unit/image-size.test.ts).
 */
export class ImageSizer {
  private static readonly HEAD = 24;
  private static readonly SEGMENT_HEAD = 10;
  private head = Buffer.alloc(0);
  private length = 0;
  /** Offset of the JPEG segment being read, and what has arrived of its first 10 bytes. */
  private segmentAt = 2;
  private segment = Buffer.alloc(0);
  private jpeg: ImageSize | undefined = undefined;

  update(chunk: Buffer): void {
    const start = this.length;
    this.length += chunk.length;
    if (this.head.length < ImageSizer.HEAD) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, ImageSizer.HEAD - this.head.length)]);
    }
    // A walk is only worth it for what may be a JPEG; whether it is one is known after 2 bytes.
    if (this.head.length >= 2 && !(this.head[0] === 0xff && this.head[1] === 0xd8)) this.jpeg = null;
    while (this.jpeg === undefined) {
      const from = this.segmentAt + this.segment.length - start;
      if (from >= chunk.length) return;
      const need = ImageSizer.SEGMENT_HEAD - this.segment.length;
      this.segment = Buffer.concat([this.segment, chunk.subarray(from, from + need)]);
      if (this.segment.length < ImageSizer.SEGMENT_HEAD) return;
      const s = this.segment;
      if (s[0] !== 0xff) {
        this.jpeg = null;
        return;
      }
      if (isStartOfFrame(s[1]!)) {
        this.jpeg = { width: s.readUInt16BE(7), height: s.readUInt16BE(5) };
        return;
      }
      // The next segment may start inside the 10 bytes read (a length below 8): they are kept.
      const step = 2 + s.readUInt16BE(2);
      this.segmentAt += step;
      this.segment = step < s.length ? s.subarray(step) : Buffer.alloc(0);
    }
  }

  result(): ImageSize {
    const h = this.head;
    if (this.length >= 24 && h.readUInt32BE(0) === 0x89504e47) return { width: h.readUInt32BE(16), height: h.readUInt32BE(20) };
    if (this.length >= 10 && h.toString('ascii', 0, 3) === 'GIF') return { width: h.readUInt16LE(6), height: h.readUInt16LE(8) };
    if (this.length >= 4 && h[0] === 0xff && h[1] === 0xd8) return this.jpeg ?? null;
    return null;
  }
}
