import type { ErlangPrediction } from './erlang.ts';
import { bySlice, type Figures, figures, spread } from './metrics.ts';
import type { Run, Scenario } from './scenario.ts';
import type { Contact, ReplicationResult } from './simulation.ts';

/** Everything measured for one run across its replications, ready to print or chart. */
export interface RunOutcome {
  run: Run;
  agents: number;
  contacts: Contact[];
  replications: ReplicationResult[];
  predictions: Map<string, ErlangPrediction>;
}

export interface SliceRow {
  slice: string;
  figures: Figures;
  /** 95% half-width of the service level across replications (NaN with one replication). */
  serviceLevelHalfWidth: number;
  prediction: ErlangPrediction | undefined;
}

/** One row per queue and channel, then the whole run as `all`. */
export function sliceRows(outcome: RunOutcome, scenario: Scenario): SliceRow[] {
  const slices = [...bySlice(outcome.contacts).entries()];
  const single = slices.length === 1;
  if (!single) slices.push(['all', outcome.contacts]);
  return slices.map(([slice, contacts]) => ({
    slice,
    figures: figures(contacts, scenario),
    serviceLevelHalfWidth: spread(
      outcome.replications.map(
        (replication) =>
          figures(
            replication.contacts.filter((c) => slice === 'all' || `${c.queueId} · ${c.channel}` === slice),
            scenario,
          ).serviceLevel,
      ),
    ).halfWidth,
    prediction: outcome.predictions.get(slice) ?? (single ? outcome.predictions.get('all') : undefined),
  }));
}

/** Occupancy per roster group over all replications. */
export function occupancy(outcome: RunOutcome): Array<{ group: string; occupancy: number }> {
  const totals = new Map<string, { staffedMs: number; busyMs: number }>();
  for (const replication of outcome.replications) {
    for (const [group, usage] of replication.usage) {
      const total = totals.get(group) ?? { staffedMs: 0, busyMs: 0 };
      total.staffedMs += usage.staffedMs;
      total.busyMs += usage.busyMs;
      totals.set(group, total);
    }
  }
  return [...totals].map(([group, t]) => ({
    group,
    occupancy: t.staffedMs === 0 ? 0 : t.busyMs / t.staffedMs,
  }));
}

export function overallOccupancy(outcome: RunOutcome): number {
  let staffed = 0;
  let busy = 0;
  for (const replication of outcome.replications) {
    for (const usage of replication.usage.values()) {
      staffed += usage.staffedMs;
      busy += usage.busyMs;
    }
  }
  return staffed === 0 ? 0 : busy / staffed;
}

/** The pooled prediction when there is one (the bound other rosters are measured against), else any. */
export function headlinePrediction(outcomes: RunOutcome[]): ErlangPrediction | undefined {
  const pooled = outcomes.find((outcome) => outcome.predictions.has('all'));
  return (
    pooled?.predictions.get('all') ?? outcomes.flatMap((outcome) => [...outcome.predictions.values()])[0]
  );
}
