import * as z from 'zod';

/**
 * A queue's opening hours: weekly periods in an IANA time zone, and holidays. Pure: every
 * function takes the instant it is asked about (epoch ms), so the routing engine can replay it.
 *
 * A period belongs to the day it opens on: `{ day: "fri", open: "22:00", close: "02:00" }` runs
 * from Friday 22:00 to Saturday 02:00, and a holiday cancels the periods that open on it (the
 * tail of the previous night's period still runs). Local times are turned into instants with the
 * zone's offset on that date, so DST is followed; a time the clocks skip (spring forward) falls
 * forward by the gap, and a time they repeat (fall back) means its first occurrence.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

const clockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day as HH:MM (00:00–24:00)');

export const OpeningPeriodSchema = z
  .strictObject({ day: WeekdaySchema, open: clockTime, close: clockTime })
  .refine((period) => period.open !== period.close, {
    path: ['close'],
    message: 'a period must not close when it opens',
  })
  .refine((period) => period.open !== '24:00', { path: ['open'], message: 'a period cannot open at 24:00' });
export type OpeningPeriod = z.infer<typeof OpeningPeriodSchema>;

export const HolidaySchema = z.strictObject({
  date: z.iso.date(),
  name: z.string().trim().min(1).max(200).optional(),
});
export type Holiday = z.infer<typeof HolidaySchema>;

export const BusinessHoursSchema = z.strictObject({
  timeZone: z.string().min(1).max(100).refine(isTimeZone, 'an IANA time zone such as Europe/Lisbon'),
  weekly: z.array(OpeningPeriodSchema).max(100),
  holidays: z.array(HolidaySchema).max(1000).default([]),
});
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;
export type BusinessHoursInput = z.input<typeof BusinessHoursSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;
/** How far ahead an opening is looked for: a year and a bit, past any run of holidays. */
const HORIZON_DAYS = 400;

/** Whether the hours are open at `at`. */
export function isOpen(hours: BusinessHours, at: number): boolean {
  return intervalAt(hours, at) !== undefined;
}

/** The next instant at or after `at` when the hours are open (`at` itself while open); undefined if never. */
export function nextOpening(hours: BusinessHours, at: number): number | undefined {
  for (const [start] of openIntervals(hours, at)) return Math.max(start, at);
  return undefined;
}

/** When the hours next close after `at`, if open at `at`. */
export function nextClosing(hours: BusinessHours, at: number): number | undefined {
  for (const [start, end] of openIntervals(hours, at)) return start <= at ? end : undefined;
  return undefined;
}

/** The next instant after `at` when the hours open or close; undefined if they never change. */
export function nextChange(hours: BusinessHours, at: number): number | undefined {
  return nextClosing(hours, at) ?? nextOpening(hours, at);
}

/** Open time between two instants, in seconds: the service-level clock of a queue with hours. */
export function openSecondsBetween(hours: BusinessHours, from: number, to: number): number {
  if (!(to > from)) return 0;
  let open = 0;
  for (const [start, end] of intervalsBetween(hours, from, to)) {
    open += Math.max(0, Math.min(end, to) - Math.max(start, from));
  }
  return open / 1000;
}

/**
 * The instant at which `seconds` of open time have passed since `from`: for 0, `from` while
 * open, else the next opening. Infinite when the hours never open again.
 */
export function afterOpenSeconds(hours: BusinessHours, from: number, seconds: number): number {
  let left = seconds * 1000;
  for (const [start, end] of openIntervals(hours, from)) {
    const begin = Math.max(start, from);
    if (left <= end - begin) return begin + left;
    left -= end - begin;
  }
  return Number.POSITIVE_INFINITY;
}

type Interval = readonly [start: number, end: number];

function intervalAt(hours: BusinessHours, at: number): Interval | undefined {
  return intervalsBetween(hours, at, at + 1).find(([start, end]) => start <= at && at < end);
}

/** Open intervals touching [from, to), merged, in order. */
function intervalsBetween(hours: BusinessHours, from: number, to: number): Interval[] {
  const zone = zoneOf(hours.timeZone);
  const first = localDay(zone, from) - 1;
  const last = localDay(zone, to);
  const all: Interval[] = [];
  for (let day = first; day <= last; day++) all.push(...dayIntervals(hours, zone, day));
  return merge(all).filter(([start, end]) => end > from && start < to);
}

/**
 * The open intervals that end after `from`, merged, in order, up to a horizon. Periods open in
 * the order of their days, so an interval is whole once the next one starts after its end.
 */
function* openIntervals(hours: BusinessHours, from: number): Generator<Interval> {
  const zone = zoneOf(hours.timeZone);
  const first = localDay(zone, from) - 1;
  let current: [number, number] | undefined;
  for (let day = first; day < first + HORIZON_DAYS; day++) {
    for (const [start, end] of dayIntervals(hours, zone, day)) {
      if (current && start <= current[1]) {
        current[1] = Math.max(current[1], end);
        continue;
      }
      if (current && current[1] > from) yield current;
      current = [start, end];
    }
  }
  if (current && current[1] > from) yield current;
}

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** The periods opening on one local day (days since 1970-01-01 in the zone), as instants. */
function dayIntervals(hours: BusinessHours, zone: Zone, day: number): Interval[] {
  const cache = cacheOf(hours);
  const known = cache.get(day);
  if (known) return known;
  const date = new Date(day * DAY_MS);
  const weekday = WEEKDAYS[date.getUTCDay()];
  const iso = date.toISOString().slice(0, 10);
  const holiday = hours.holidays.some((h) => h.date === iso);
  const intervals: Interval[] = holiday
    ? []
    : hours.weekly
        .filter((period) => period.day === weekday)
        .map((period) => {
          const open = minutesOf(period.open);
          const close = minutesOf(period.close);
          const closeDay = close > open ? day : day + 1;
          return [zonedInstant(zone, day, open), zonedInstant(zone, closeDay, close)] as const;
        })
        .sort((a, b) => a[0] - b[0]);
  if (cache.size > 2000) cache.clear();
  cache.set(day, intervals);
  return intervals;
}

/** Per hours object, its periods by local day: the engine asks about the same days again and again. */
const dayCache = new WeakMap<BusinessHours, Map<number, Interval[]>>();

function cacheOf(hours: BusinessHours): Map<number, Interval[]> {
  let cache = dayCache.get(hours);
  if (!cache) {
    cache = new Map();
    dayCache.set(hours, cache);
  }
  return cache;
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

interface Zone {
  readonly format: Intl.DateTimeFormat;
}

const zones = new Map<string, Zone>();

function zoneOf(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zone = { format };
    zones.set(timeZone, zone);
  }
  return zone;
}

/** The wall-clock time in the zone at `at`, read as if it were UTC. */
function wallClock(zone: Zone, at: number): number {
  const parts: Record<string, number> = {};
  for (const part of zone.format.formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The zone's offset from UTC at `at`, in ms (whole seconds). */
function offsetAt(zone: Zone, at: number): number {
  const whole = Math.floor(at / 1000) * 1000;
  return wallClock(zone, whole) - whole;
}

/** The local day (days since 1970-01-01 on the zone's calendar) that `at` falls on. */
function localDay(zone: Zone, at: number): number {
  return Math.floor(wallClock(zone, at) / DAY_MS);
}

/**
 * The instant of a local day and minute in the zone. Of the offsets in force a day either side,
 * the one that gives back the asked time wins, the earlier if both do (a repeated hour); if
 * neither does the time was skipped, and the offset before the change carries it past the gap.
 */
function zonedInstant(zone: Zone, day: number, minutes: number): number {
  const local = day * DAY_MS + minutes * 60_000;
  const before = offsetAt(zone, local - DAY_MS);
  const after = offsetAt(zone, local + DAY_MS);
  const candidates = [local - before, local - after].filter((instant) => wallClock(zone, instant) === local);
  return candidates.length > 0 ? Math.min(...candidates) : local - before;
}
