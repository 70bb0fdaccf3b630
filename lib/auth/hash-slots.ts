/**
 * Bounds concurrent password verifications (argon2 takes ~20 MB and tens of ms each): at most
 * `max` run at once, at most `queue` wait; beyond that a login is turned away at once rather than
 * letting a burst of attempts take the server's memory and CPU. Hand-written: a few lines, and
 * the refusal when the queue is full is what no semaphore package offers as is.
 */
export class HashSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly max: number,
    private readonly queue: number,
  ) {}

  /** Runs `work` in a slot, or returns null when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T | null> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.queue) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
