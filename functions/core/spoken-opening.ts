import type { BusinessHours } from './business-hours.ts';

const DAY_MS = 86_400_000;

/**
 * When a closed queue opens again, as a caller hears it, in the queue's own time zone:
 * `today at 14:00`, `tomorrow at 09:00`, `Monday at 09:00` within the week, and
 * `Monday 4 January at 09:00` further ahead (after a run of holidays). A voice prompt reads it
 * after "We open …"; a 24-hour clock, so no prompt has to choose between am and pm.
 */
export function spokenOpening(hours: BusinessHours, opensAt: number, now: number): string {
  const zone = hours.timeZone;
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(opensAt);
  const days = localDayNumber(opensAt, zone) - localDayNumber(now, zone);
  if (days <= 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long' }).format(opensAt);
  if (days < 7) return `${weekday} at ${time}`;
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'long' }).format(
    opensAt,
  );
  return `${weekday} ${date} at ${time}`;
}

/** Days since the epoch of the local calendar date at `at` in `zone`, to count days between dates. */
function localDayNumber(at: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}
