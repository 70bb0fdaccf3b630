/**
 * A counting semaphore. Hand-written (20 lines) because the dispatcher needs two kinds at once —
 * one per process and one per destination — with a limit that follows the environment, and
 * p-limit is not a direct dependency.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(public max: number) {}

  /**
   * Takes a slot: at once (no promise, no turn of the microtask queue — this runs twice per
   * request) when one is free, else a promise that resolves when one is handed over.
   */
  acquire(): Promise<void> | undefined {
    if (this.active < this.max) {
      this.active += 1;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.active <= this.max ? this.waiters.shift() : undefined;
    // Handing the slot straight to a waiter keeps `active` unchanged.
    if (next) next();
    else this.active -= 1;
  }

  get idle(): boolean {
    return this.active === 0 && this.waiters.length === 0;
  }
}
