export type FaultKind = 'outage' | 'consumers';

export interface FaultRecord {
  kind: FaultKind;
  /** Share of the deliveries done when it began. */
  at: number;
  /** How long DynamoDB Local was unreachable (kill to answering again); 0 for a restart. */
  seconds: number;
  endedAt: number;
}

/**
 * The faults of a run, spread evenly over the stream: outages and consumer restarts take turns,
 * an outage first, so with two outages and one restart they fall at a quarter, half and three
 * quarters of the deliveries.
 */
export function faultSchedule(outages: number, restarts: number): { kind: FaultKind; at: number }[] {
  const kinds: FaultKind[] = [];
  for (let i = 0; i < Math.max(outages, restarts); i++) {
    if (i < outages) kinds.push('outage');
    if (i < restarts) kinds.push('consumers');
  }
  return kinds.map((kind, i) => ({ kind, at: (i + 1) / (kinds.length + 1) }));
}

export interface FaultDriver {
  url: string;
  headers: Record<string, string>;
  outageSeconds: number;
  /** Share of the deliveries done so far (1 once all are sent). */
  progress(): number;
  log(line: string): void;
}

/** Carries out the schedule as the stream reaches each point; resolves once the last fault is over. */
export async function runFaults(
  schedule: readonly { kind: FaultKind; at: number }[],
  driver: FaultDriver,
): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  for (const fault of schedule) {
    while (driver.progress() < fault.at) await sleep(100);
    const began = Date.now();
    if (fault.kind === 'outage') {
      await call(driver, '/local/faults/dynamodb/kill');
      driver.log(`DynamoDB Local killed at ${percent(driver.progress())} of the deliveries`);
      await sleep(driver.outageSeconds * 1000);
      await call(driver, '/local/faults/dynamodb/restart');
    } else {
      await call(driver, '/local/faults/consumers/restart');
    }
    const endedAt = Date.now();
    const seconds = fault.kind === 'outage' ? (endedAt - began) / 1000 : 0;
    driver.log(
      fault.kind === 'outage'
        ? `DynamoDB Local answering again after ${seconds.toFixed(1)} s`
        : `queue consumers restarted at ${percent(driver.progress())} of the deliveries`,
    );
    records.push({ kind: fault.kind, at: fault.at, seconds, endedAt });
  }
  return records;
}

async function call(driver: FaultDriver, path: string): Promise<void> {
  const response = await fetch(`${driver.url}${path}`, { method: 'POST', headers: driver.headers });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
