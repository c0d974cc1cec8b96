import { describe, expect, it } from 'vitest';
import { Limiter } from '../../../collectors/live/limit.js';

/** Counts the tasks running at once. */
function probe(): { task: () => Promise<void>; max: () => number } {
  let active = 0;
  let max = 0;
  return {
    task: async () => {
      active++;
      max = Math.max(max, active);
      await new Promise((resolve) => setTimeout(resolve, 2));
      active--;
    },
    max: () => max,
  };
}

describe('Limiter', () => {
  it('never runs more than its size, even when a task arrives as another finishes and a waiter wakes', async () => {
    const limiter = new Limiter(1);
    const p = probe();
    const first = limiter.run(p.task);
    const waiter = limiter.run(p.task);
    await first;
    // The waiter has been woken but has not run yet: a task arriving now must wait for it.
    const late = limiter.run(p.task);
    await Promise.all([waiter, late]);
    expect(p.max()).toBe(1);
  });

  it('keeps the bound over many tasks arriving at random moments, and runs them in arrival order', async () => {
    const limiter = new Limiter(3);
    const p = probe();
    const order: number[] = [];
    const runs: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      runs.push(
        limiter.run(async () => {
          order.push(i);
          await p.task();
        }),
      );
      if (i % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(runs);
    expect(p.max()).toBe(3);
    expect(order).toEqual([...Array(40).keys()]);
  });

  it('frees the slot of a task that throws', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('refuses a size below 1', () => {
    expect(() => new Limiter(0)).toThrow('concurrency must be 1 or more, not 0');
  });
});
