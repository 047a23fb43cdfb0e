import { sample } from './distributions.ts';
import type { Random } from './random.ts';
import type { Scenario, Stream } from './scenario.ts';

/** One customer contact, drawn in full before any run so every policy faces the same customers. */
export interface Arrival {
  id: number;
  at: number;
  stream: number;
  handleMs: number;
  /** Infinity when the stream has no patience: the customer never gives up. */
  patienceMs: number;
}

/**
 * Poisson arrivals per stream, by thinning when the rate follows the hour of the day: draw at
 * the peak rate, keep each draw with probability rate(t) / peak.
 */
export function drawArrivals(scenario: Scenario, random: Random): Arrival[] {
  const startHour = new Date(scenario.start).getUTCHours();
  const horizonMs = scenario.hours * 3_600_000;
  const drawn = scenario.streams.flatMap((stream, index) =>
    streamArrivals(stream, index, random.fork(`stream-${index}`), startHour, horizonMs),
  );
  drawn.sort((a, b) => a.at - b.at);
  return drawn.map((arrival, id) => ({ ...arrival, id }));
}

function streamArrivals(
  stream: Stream,
  index: number,
  random: Random,
  startHour: number,
  horizonMs: number,
): Arrival[] {
  const rates = typeof stream.perHour === 'number' ? [stream.perHour] : stream.perHour;
  const peak = Math.max(...rates);
  if (peak === 0) return [];
  const rateAt = (ms: number) => rates[(startHour + Math.floor(ms / 3_600_000)) % rates.length] ?? 0;
  const arrivals: Arrival[] = [];
  for (
    let at = random.exponential(3_600_000 / peak);
    at < horizonMs;
    at += random.exponential(3_600_000 / peak)
  ) {
    const keep = random.next() < rateAt(at) / peak;
    // Draw the contact's own numbers whether kept or not, so thinning never shifts later contacts.
    const handleMs = Math.max(1, sample(stream.handleSeconds, random) * 1000);
    const patienceMs = stream.patienceSeconds
      ? sample(stream.patienceSeconds, random) * 1000
      : Number.POSITIVE_INFINITY;
    if (keep)
      arrivals.push({ id: 0, at: Math.round(at), stream: index, handleMs: Math.round(handleMs), patienceMs });
  }
  return arrivals;
}
