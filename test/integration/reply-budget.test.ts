/**
 * ReplyBudget against the shared Redis at 127.0.0.1:6379: a unique prefix per
 * run, and only the keys this test wrote are deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ReplyBudget } from '../../src/safety/reply-budget.ts';
import { bullPrefix } from '../../src/store/keys.ts';

const HOUR = 60 * 60 * 1000;

describe('ReplyBudget on Redis', () => {
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 });
  const prefix = `t-budget-${randomBytes(4).toString('hex')}`;
  let now = Date.parse('2026-11-26T10:00:00Z');
  const clock = () => new Date(now);
  const budget = (maxPerSender = 5, maxPerTicket = 10) =>
    new ReplyBudget(redis, { prefix, maxPerSender, maxPerTicket, clock });

  afterAll(async () => {
    const keys = await redis.keys(`${bullPrefix(prefix)}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('allows maxPerSender replies per sender in 24 h, then refuses with sender_limit', async () => {
    const b = budget(5, 100);
    for (let i = 0; i < 5; i++) {
      expect(await b.take({ sender: 'Alice@Partner.example', ticket: 100 + i, replyKey: `a-${i}` })).toEqual({ ok: true });
    }
    expect(await b.take({ sender: 'alice@partner.example', ticket: 200, replyKey: 'a-5' })).toEqual({
      ok: false,
      reason: 'sender_limit',
    });
    // Other senders are unaffected.
    expect(await b.take({ sender: 'bob@partner.example', ticket: 201, replyKey: 'b-0' })).toEqual({ ok: true });
  });

  it('frees sender slots as they leave the sliding 24-hour window', async () => {
    const b = budget(2, 100);
    const sender = 'carol@partner.example';
    expect((await b.take({ sender, ticket: 300, replyKey: 'c-0' })).ok).toBe(true);
    now += 2 * HOUR;
    expect((await b.take({ sender, ticket: 301, replyKey: 'c-1' })).ok).toBe(true);
    expect(await b.take({ sender, ticket: 302, replyKey: 'c-2' })).toEqual({ ok: false, reason: 'sender_limit' });
    now += 22 * HOUR + 1; // c-0 is now older than 24 h, c-1 is not
    expect((await b.take({ sender, ticket: 302, replyKey: 'c-2' })).ok).toBe(true);
    expect(await b.take({ sender, ticket: 303, replyKey: 'c-3' })).toEqual({ ok: false, reason: 'sender_limit' });
  });

  it('caps replies per ticket across senders with ticket_limit', async () => {
    const b = budget(100, 3);
    for (let i = 0; i < 3; i++) {
      expect((await b.take({ sender: `p${i}@partner.example`, ticket: 400, replyKey: `t-${i}` })).ok).toBe(true);
    }
    expect(await b.take({ sender: 'p9@partner.example', ticket: 400, replyKey: 't-3' })).toEqual({
      ok: false,
      reason: 'ticket_limit',
    });
  });

  it('is idempotent per replyKey: a retried job takes no second slot', async () => {
    const b = budget(2, 10);
    const sender = 'dave@partner.example';
    for (let i = 0; i < 5; i++) expect((await b.take({ sender, ticket: 500, replyKey: 'retry-me' })).ok).toBe(true);
    expect((await b.take({ sender, ticket: 501, replyKey: 'second' })).ok).toBe(true);
    expect((await b.take({ sender, ticket: 502, replyKey: 'third' })).ok).toBe(false);
    // The first two keep answering ok on retry even though the sender is now full.
    expect((await b.take({ sender, ticket: 500, replyKey: 'retry-me' })).ok).toBe(true);
  });

  it('gives out exactly the limit under 50 concurrent takes from separate connections', async () => {
    const clients = Array.from({ length: 5 }, () => new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 }));
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          new ReplyBudget(clients[i % clients.length]!, { prefix, maxPerSender: 5, maxPerTicket: 100, clock }).take({
            sender: 'eve@partner.example',
            ticket: 600 + i,
            replyKey: `e-${i}`,
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(5);
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
  });

  it('a limit of 0 turns automatic replies off', async () => {
    expect(await budget(0, 10).take({ sender: 'frank@partner.example', ticket: 700, replyKey: 'f-0' })).toEqual({
      ok: false,
      reason: 'sender_limit',
    });
  });

  it('keeps its keys under {prefix}:budget: with expiries', async () => {
    const keys = await redis.keys(`${bullPrefix(prefix)}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(k.startsWith(`${bullPrefix(prefix)}:budget:`)).toBe(true);
      expect(await redis.pttl(k)).toBeGreaterThan(0);
    }
  });

  it('rejects a bad configuration with a coded error', () => {
    expect(() => new ReplyBudget(redis, { prefix, maxPerSender: -1, maxPerTicket: 1 })).toThrow(
      expect.objectContaining({ code: 'EBADCONFIG' }),
    );
  });
});
