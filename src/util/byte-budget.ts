/**
 * Bounds the bytes of mail being worked on at once: a task waits until its size
 * fits beside the others. One task larger than the whole budget still runs, alone,
 * so nothing waits forever. Waiters start in arrival order, except that a small task
 * (at most `smallBytes`) that fits may pass waiters while what holds the first of them
 * up is big mail alone: it would not start any sooner for the small one's waiting, and
 * an ordinary mail is done long before a big one. Once only small tasks stand in the
 * first waiter's way, new ones queue behind it, so it is never starved.
 */
export class ByteBudget {
  private inUse = 0;
  private running = 0;
  /** Of the above, the tasks larger than smallBytes. */
  private bigInUse = 0;
  private bigRunning = 0;
  private readonly queue: { bytes: number; start: () => void }[] = [];

  constructor(
    readonly capacity: number,
    readonly smallBytes = 0,
  ) {}

  async run<T>(bytes: number, task: () => Promise<T>): Promise<T> {
    const need = Math.max(0, bytes);
    if (this.fits(need) && (this.queue.length === 0 || this.passes(need))) this.take(need);
    else await new Promise<void>((resolve) => this.queue.push({ bytes: need, start: resolve }));
    try {
      return await task();
    } finally {
      this.inUse -= need;
      this.running -= 1;
      if (need > this.smallBytes) {
        this.bigInUse -= need;
        this.bigRunning -= 1;
      }
      this.wake();
    }
  }

  private fits(bytes: number): boolean {
    return this.running === 0 || this.inUse + bytes <= this.capacity;
  }

  /** Whether a task of `bytes` may pass the waiters: it is small, and big mail alone holds the first waiter up. */
  private passes(bytes: number): boolean {
    const first = this.queue[0];
    return bytes <= this.smallBytes && first !== undefined && this.bigRunning > 0 && this.bigInUse + first.bytes > this.capacity;
  }

  private take(bytes: number): void {
    this.inUse += bytes;
    this.running += 1;
    if (bytes > this.smallBytes) {
      this.bigInUse += bytes;
      this.bigRunning += 1;
    }
  }

  private wake(): void {
    while (this.queue.length > 0 && this.fits(this.queue[0]!.bytes)) this.startAt(0);
    for (let i = 1; i < this.queue.length; ) {
      if (this.fits(this.queue[i]!.bytes) && this.passes(this.queue[i]!.bytes)) this.startAt(i);
      else i++;
    }
  }

  private startAt(i: number): void {
    const [next] = this.queue.splice(i, 1);
    this.take(next!.bytes);
    next!.start();
  }
}
