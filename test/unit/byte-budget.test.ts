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

  it('lets small tasks pass big ones that wait for big ones, and not once only small ones are in the way', async () => {
    const budget = new ByteBudget(100, 5);
    const running = new Set<string>();
    const releases = new Map<string, () => void>();
    const done: string[] = [];
    const task = (name: string, bytes: number) =>
      budget.run(bytes, async () => {
        running.add(name);
        await new Promise<void>((r) => releases.set(name, r));
        running.delete(name);
        done.push(name);
      });
    const all = [task('big1', 80), task('big2', 80), task('s1', 5), task('huge', 500)];
    await tick();
    // big2 cannot start before big1 ends, whatever else runs: s1 passes it.
    expect([...running].sort()).toEqual(['big1', 's1']);
    all.push(task('s2', 5));
    await tick();
    expect(running.has('s2')).toBe(true);
    releases.get('big1')!();
    await tick();
    // big2 fits beside s1 and s2 (90 of 100): it starts; huge waits to run alone.
    expect([...running].sort()).toEqual(['big2', 's1', 's2']);
    releases.get('big2')!();
    await tick();
    // Only small tasks stand in huge's way now: a new small one queues behind it.
    all.push(task('s3', 5));
    await tick();
    expect(running.has('s3')).toBe(false);
    releases.get('s1')!();
    releases.get('s2')!();
    await tick();
    expect([...running]).toEqual(['huge']);
    releases.get('huge')!();
    await tick();
    releases.get('s3')!();
    await Promise.all(all);
    expect(done.indexOf('huge')).toBeLessThan(done.indexOf('s3'));
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
