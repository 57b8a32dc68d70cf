import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { withRaw } from '../../src/pipeline/read-mail.ts';
import { RAW_PIECE_BYTES } from '../../src/limits.ts';

/** The few Redis reads withRaw makes, over a Map. */
function fakeRedis(store: Map<string, Buffer>): Redis {
  return {
    getBuffer: async (k: string) => store.get(k) ?? null,
    strlen: async (k: string) => store.get(k)?.length ?? 0,
    getrangeBuffer: async (k: string, from: number, to: number) => (store.get(k) ?? Buffer.alloc(0)).subarray(from, to + 1),
  } as unknown as Redis;
}

describe('withRaw', () => {
  it('reads small mail whole and big mail in pieces into shared memory, used again by the next big mail', async () => {
    const store = new Map([
      ['small', randomBytes(1000)],
      ['big1', randomBytes(3 * RAW_PIECE_BYTES + 17)],
      ['big2', randomBytes(3 * RAW_PIECE_BYTES - 5)],
    ]);
    const redis = fakeRedis(store);
    expect(await withRaw(redis, 'small', 1000, async (raw) => raw.equals(store.get('small')!))).toBe(true);
    const seen: ArrayBufferLike[] = [];
    for (const key of ['big1', 'big2']) {
      const same = await withRaw(redis, key, store.get(key)!.length, async (raw) => {
        seen.push(raw.buffer);
        return raw.buffer instanceof SharedArrayBuffer && raw.equals(store.get(key)!);
      });
      expect(same).toBe(true);
    }
    expect(seen[1]).toBe(seen[0]);
  });

  it('gives null for a key that is gone or shrank, and frees the memory when `use` throws', async () => {
    const store = new Map([['big', randomBytes(2 * RAW_PIECE_BYTES + 1)]]);
    const redis = fakeRedis(store);
    expect(await withRaw(redis, 'gone', 5 * RAW_PIECE_BYTES, async () => true)).toBeNull();
    const shrinking = { ...fakeRedis(store), getrangeBuffer: async () => Buffer.alloc(10) } as unknown as Redis;
    expect(await withRaw(shrinking, 'big', 2 * RAW_PIECE_BYTES + 1, async () => true)).toBeNull();
    let first: ArrayBufferLike | null = null;
    await expect(
      withRaw(redis, 'big', 2 * RAW_PIECE_BYTES + 1, async (raw) => {
        first = raw.buffer;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await withRaw(redis, 'big', 2 * RAW_PIECE_BYTES + 1, async (raw) => raw.buffer === first)).toBe(true);
  });
});
