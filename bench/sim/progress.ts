/**
 * Progress for long steps on stderr, so stdout stays a clean report. Quiet for the first
 * second, so quick steps make no noise; then on a terminal the line redraws in place and
 * elsewhere (CI logs) it prints every tenth.
 */
export class Progress {
  private lastShown = -1;
  private readonly started = performance.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number): void {
    if (performance.now() - this.started < 1000) return;
    const tenth = Math.floor((done / this.total) * 10);
    const percent = Math.floor((done / this.total) * 100);
    if (process.stderr.isTTY) {
      if (percent === this.lastShown) return;
      this.lastShown = percent;
      process.stderr.write(`\r  ${this.label} ${percent}%`);
    } else if (tenth !== this.lastShown) {
      this.lastShown = tenth;
      process.stderr.write(`  ${this.label} ${tenth * 10}%\n`);
    }
  }

  done(): void {
    if (this.lastShown < 0) return;
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}  ${this.label} done in ${seconds} s\n`);
  }
}
