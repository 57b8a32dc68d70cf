/**
 * Bounds the bytes of mail being worked on at once: a task waits until its size
 * fits beside the others. One task larger than the whole budget still runs, alone,
 * so nothing waits forever. Waiters start in arrival order.
 */
export class ByteBudget {
  private inUse = 0;
  private running = 0;
  private readonly queue: { bytes: number; start: () => void }[] = [];

  constructor(readonly capacity: number) {}

  async run<T>(bytes: number, task: () => Promise<T>): Promise<T> {
    const need = Math.max(0, bytes);
    if (this.queue.length > 0 || !this.fits(need)) {
      await new Promise<void>((resolve) => this.queue.push({ bytes: need, start: resolve }));
    } else this.take(need);
    try {
      return await task();
    } finally {
      this.inUse -= need;
      this.running -= 1;
      this.wake();
    }
  }

  private fits(bytes: number): boolean {
    return this.running === 0 || this.inUse + bytes <= this.capacity;
  }

  private take(bytes: number): void {
    this.inUse += bytes;
    this.running += 1;
  }

  private wake(): void {
    while (this.queue.length > 0 && this.fits(this.queue[0]!.bytes)) {
      const next = this.queue.shift()!;
      this.take(next.bytes);
      next.start();
    }
  }
}
