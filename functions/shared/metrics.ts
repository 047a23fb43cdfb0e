/**
 * Counts in CloudWatch's embedded metric format: one JSON line on standard output that Lambda's
 * log pipeline turns into a metric, with no API call on the request path. Dimensions are ids
 * and language codes only, never content.
 */
export interface Meter {
  count(name: string, value: number, dimensions: Record<string, string>): void;
}

const NAMESPACE = 'OneThread';

export const emfMeter: Meter = {
  count(name, value, dimensions) {
    const line = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: NAMESPACE,
            Dimensions: [Object.keys(dimensions)],
            Metrics: [{ Name: name, Unit: 'Count' }],
          },
        ],
      },
      ...dimensions,
      [name]: value,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  },
};

/** Keeps counts in memory: the local runtime and tests read them back. */
export class MemoryMeter implements Meter {
  readonly totals = new Map<string, number>();

  count(name: string, value: number, dimensions: Record<string, string>): void {
    const key = [name, ...Object.entries(dimensions).map(([k, v]) => `${k}=${v}`)].join(' ');
    this.totals.set(key, (this.totals.get(key) ?? 0) + value);
  }

  total(name: string): number {
    let sum = 0;
    for (const [key, value] of this.totals) if (key.split(' ')[0] === name) sum += value;
    return sum;
  }
}
