import { describe, expect, it } from 'vitest';
import { ByteBudget } from '../../src/util/byte-budget.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ByteBudget', () => {
  it('runs small tasks side by side and big ones in turn, in arrival order', async () => {
    const budget = new ByteBudget(100);
    const running = new Set<string>();
    let most = 0;
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    const task = (name: string, bytes: number) =>
      budget.run(bytes, async () => {
        running.add(name);
        order.push(name);
        most = Math.max(most, running.size);
        await new Promise<void>((r) => releases.set(name, r));
        running.delete(name);
      });
    const all = [task('a', 60), task('b', 60), task('c', 10), task('d', 30)];
    await tick();
    // b does not fit beside a; c and d wait behind b rather than overtaking it.
    expect([...running]).toEqual(['a']);
    releases.get('a')!();
    await tick();
    expect([...running].sort()).toEqual(['b', 'c', 'd']);
    for (const n of ['b', 'c', 'd']) releases.get(n)!();
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(most).toBe(3);
  });

  it('lets a task larger than the whole budget run alone instead of waiting forever', async () => {
    const budget = new ByteBudget(10);
    await expect(budget.run(1_000, async () => 'done')).resolves.toBe('done');
  });

  it('frees its share when a task throws', async () => {
    const budget = new ByteBudget(10);
    await expect(budget.run(10, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(budget.run(10, async () => 'next')).resolves.toBe('next');
  });
});
