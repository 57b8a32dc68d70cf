import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Console sessions without server state: the cookie holds an expiry and a nonce, signed with
 * a key derived from CONSOLE_TOKEN. Changing the token ends every session at once.
 */
export class ConsoleSessions {
  private readonly key: Buffer;
  private readonly tokenDigest: Buffer;

  constructor(
    token: string,
    private readonly lifetimeMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', token).update('intake console session v1').digest();
    this.tokenDigest = digest(token);
  }

  /** Constant-time comparison with the configured token. */
  tokenMatches(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), this.tokenDigest);
  }

  issue(): { value: string; maxAgeSeconds: number } {
    const body = `${this.clock() + this.lifetimeMs}.${randomBytes(16).toString('base64url')}`;
    return { value: `${body}.${this.sign(body)}`, maxAgeSeconds: Math.floor(this.lifetimeMs / 1000) };
  }

  valid(value: string | undefined): boolean {
    if (!value) return false;
    const cut = value.lastIndexOf('.');
    if (cut < 0) return false;
    const body = value.slice(0, cut);
    const given = Buffer.from(value.slice(cut + 1));
    const expected = Buffer.from(this.sign(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const expires = Number(body.split('.')[0]);
    return Number.isFinite(expires) && expires > this.clock();
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}
