/**
 * Runs a refresh at most once per `everyMs`: at once when the last one is old enough, else once
 * more when the interval has passed, so the last change of a burst is never left out.
 */
export class Throttle {
  private lastMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly everyMs: number,
    private readonly clock: () => number,
  ) {}

  run(refresh: (now: number) => Promise<void>): Promise<void> {
    const now = this.clock();
    if (now - this.lastMs >= this.everyMs) {
      this.lastMs = now;
      return refresh(now);
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.lastMs = this.clock();
      refresh(this.lastMs).catch(() => undefined);
    }, this.everyMs).unref();
    return Promise.resolve();
  }
}
