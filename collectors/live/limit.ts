/**
 * Runs at most `size` tasks at once; the rest wait in arrival order, except that tasks run `first` (the next page
 * of a listing already under way) go before every plain waiter: a listing's later pages are the last calls of a
 * scan, and were they queued behind every call that arrived meanwhile they would make its tail.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly firstWaiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`concurrency must be 1 or more, not ${size}`);
  }

  async run<T>(task: () => Promise<T>, order: { readonly first?: boolean } = {}): Promise<T> {
    // A finished task hands its slot straight to the next waiter: were it freed instead, a task arriving before
    // the waiter wakes would take it too, and one more would run than the bound.
    if (this.active < this.size) this.active++;
    else
      await new Promise<void>((resolve) =>
        (order.first === true ? this.firstWaiting : this.waiting).push(resolve),
      );
    try {
      return await task();
    } finally {
      const next = this.firstWaiting.shift() ?? this.waiting.shift();
      if (next === undefined) this.active--;
      else next();
    }
  }
}
