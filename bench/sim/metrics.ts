import { serviceLevelFor } from '#core/routing/index.ts';
import type { Scenario } from './scenario.ts';
import type { Contact } from './simulation.ts';
import { mean, percentile } from './stats.ts';

/** The figures a contact-centre report shows for one slice of contacts. */
export interface Figures {
  offered: number;
  answered: number;
  abandoned: number;
  /** Answered within the target ÷ (answered + abandoned): a customer who gave up was not served. */
  serviceLevel: number;
  /** Share of answered contacts that waited for an agent at all (before their first offer). */
  waitProbability: number;
  /** Average speed of answer over answered contacts, seconds. */
  asa: number;
  p90Wait: number;
  /** Share of answered contacts handled by an agent meeting the queue's strictest step. */
  expertShare: number;
}

export function figures(contacts: Contact[], scenario: Scenario): Figures {
  const answered = contacts.filter((c) => c.outcome === 'answered');
  const abandoned = contacts.filter((c) => c.outcome === 'abandoned').length;
  const waits = Float64Array.from(answered, (c) => c.waitMs / 1000);
  const within = answered.filter((c) => c.waitMs / 1000 <= targetSeconds(scenario, c)).length;
  return {
    offered: contacts.length,
    answered: answered.length,
    abandoned,
    serviceLevel: answered.length + abandoned === 0 ? 0 : within / (answered.length + abandoned),
    waitProbability:
      answered.length === 0 ? 0 : answered.filter((c) => (c.queuedMs ?? 0) > 0).length / answered.length,
    asa: mean(waits),
    p90Wait: percentile(waits, 90),
    expertShare: answered.length === 0 ? 0 : answered.filter((c) => c.byExpert).length / answered.length,
  };
}

export function targetSeconds(scenario: Scenario, contact: Contact): number {
  const queue = scenario.queues.find((q) => q.queueId === contact.queueId);
  return queue ? serviceLevelFor(queue, contact.channel).seconds : 0;
}

/** Contacts by the queue and channel they arrived on, in the scenario's stream order. */
export function bySlice(contacts: Contact[]): Map<string, Contact[]> {
  const slices = new Map<string, Contact[]>();
  for (const contact of [...contacts].sort((a, b) => a.stream - b.stream)) {
    const key = `${contact.queueId} · ${contact.channel}`;
    const slice = slices.get(key) ?? [];
    slice.push(contact);
    slices.set(key, slice);
  }
  return slices;
}

/** Mean and 95% confidence half-width of a figure measured once per replication. */
export function spread(values: number[]): { mean: number; halfWidth: number } {
  const m = mean(values);
  if (values.length < 2) return { mean: m, halfWidth: Number.NaN };
  const variance = values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1);
  return { mean: m, halfWidth: studentT(values.length - 1) * Math.sqrt(variance / values.length) };
}

/** Two-sided 95% Student t quantiles; the normal value past 30 degrees of freedom. */
function studentT(dof: number): number {
  const table = [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13];
  if (dof <= table.length) return table[dof - 1] ?? 1.96;
  return dof <= 30 ? 2.09 : 1.96;
}

/** Service level and arrivals by hour of day, for scenarios whose demand follows the clock. */
export function hourly(
  contacts: Contact[],
  scenario: Scenario,
): Array<{ hour: number; offered: number; serviceLevel: number }> {
  const startHour = new Date(scenario.start).getUTCHours();
  const buckets = Array.from({ length: 24 }, () => [] as Contact[]);
  for (const contact of contacts)
    buckets[(startHour + Math.floor(contact.arrivedAt / 3_600_000)) % 24]?.push(contact);
  const days = Math.max(1, (scenario.hours - scenario.warmupHours) / 24);
  return buckets.map((bucket, hour) => ({
    hour,
    offered: bucket.length / days,
    serviceLevel: figures(bucket, scenario).serviceLevel,
  }));
}
