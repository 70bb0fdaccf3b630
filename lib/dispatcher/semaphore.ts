/** Called with true when a slot is handed over, false when the wait is withdrawn. */
export type Waiter = (granted: boolean) => void;

/**
 * A counting semaphore. Hand-written (50 lines) because the dispatcher needs two kinds at once —
 * one per process and one per destination — with a limit that follows the environment, and
 * waits a cycle can withdraw all at once; p-limit has neither.
 */
export class Semaphore {
  private active = 0;
  private waiters: Waiter[] = [];

  constructor(public max: number) {}

  /**
   * Takes a slot: at once (no promise, no turn of the microtask queue — this runs twice per
   * request) when one is free, else a promise of true when one is handed over, or of false when
   * the wait is withdrawn. A wait is added to `waits` (when given) so it can be withdrawn.
   */
  acquire(waits?: Set<Waiter>): Promise<boolean> | undefined {
    if (this.active < this.max) {
      this.active += 1;
      return undefined;
    }
    return new Promise<boolean>((resolve) => {
      this.waiters.push(resolve);
      waits?.add(resolve);
    });
  }

  release(): void {
    const next = this.active <= this.max ? this.waiters.shift() : undefined;
    // Handing the slot straight to a waiter keeps `active` unchanged.
    if (next) next(true);
    else this.active -= 1;
  }

  /** Ends these waits that are still queued, in queue order, each with false. */
  withdraw(waits: Set<Waiter>): void {
    const withdrawn = this.waiters.filter((w) => waits.has(w));
    if (withdrawn.length === 0) return;
    this.waiters = this.waiters.filter((w) => !waits.has(w));
    for (const w of withdrawn) w(false);
  }

  /** Every slot is taken. */
  get busy(): boolean {
    return this.active >= this.max;
  }

  /** Waits queued for a slot. */
  get queued(): number {
    return this.waiters.length;
  }

  get idle(): boolean {
    return this.active === 0 && this.waiters.length === 0;
  }
}
