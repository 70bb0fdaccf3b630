/**
 * A counting semaphore. Hand-written (20 lines) because the dispatcher needs two kinds at once —
 * one per process and one per destination — with a limit that follows the environment, and
 * p-limit is not a direct dependency.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(public max: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
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
