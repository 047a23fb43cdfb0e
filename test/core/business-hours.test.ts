import { describe, expect, it } from 'vitest';
import {
  afterOpenSeconds,
  type BusinessHoursInput,
  BusinessHoursSchema,
  isOpen,
  nextChange,
  nextClosing,
  nextOpening,
  openSecondsBetween,
} from '#core/business-hours.ts';

const at = (iso: string) => Date.parse(iso);
const hoursOf = (input: BusinessHoursInput) => BusinessHoursSchema.parse(input);
const HOUR = 3600;

describe('business hours', () => {
  const lisbonDay = hoursOf({
    timeZone: 'Europe/Lisbon',
    weekly: [
      { day: 'mon', open: '09:00', close: '13:00' },
      { day: 'mon', open: '14:00', close: '18:00' },
    ],
  });

  it('keeps several periods a day, in local time on either side of a DST change', () => {
    // Winter (WET, UTC+0): Monday 23 March 2026.
    expect(isOpen(lisbonDay, at('2026-03-23T09:00:00Z'))).toBe(true);
    expect(isOpen(lisbonDay, at('2026-03-23T08:59:59Z'))).toBe(false);
    expect(isOpen(lisbonDay, at('2026-03-23T13:30:00Z'))).toBe(false);
    expect(nextOpening(lisbonDay, at('2026-03-23T13:30:00Z'))).toBe(at('2026-03-23T14:00:00Z'));
    // Summer (WEST, UTC+1): Monday 30 March 2026, the day after the clocks went forward.
    expect(isOpen(lisbonDay, at('2026-03-30T08:00:00Z'))).toBe(true);
    expect(isOpen(lisbonDay, at('2026-03-30T12:30:00Z'))).toBe(false);
    expect(nextOpening(lisbonDay, at('2026-03-30T12:30:00Z'))).toBe(at('2026-03-30T13:00:00Z'));
    expect(openSecondsBetween(lisbonDay, at('2026-03-30T00:00:00Z'), at('2026-03-31T00:00:00Z'))).toBe(
      8 * HOUR,
    );
    // From Monday evening, the next opening is a week later.
    expect(nextOpening(lisbonDay, at('2026-03-30T18:00:00Z'))).toBe(at('2026-04-06T08:00:00Z'));
  });

  it('counts only open time, across periods and days', () => {
    const from = at('2026-03-23T12:00:00Z');
    expect(openSecondsBetween(lisbonDay, from, at('2026-03-23T15:00:00Z'))).toBe(2 * HOUR);
    expect(openSecondsBetween(lisbonDay, from, at('2026-03-30T10:00:00Z'))).toBe(7 * HOUR);
    expect(afterOpenSeconds(lisbonDay, from, 2 * HOUR)).toBe(at('2026-03-23T15:00:00Z'));
    expect(afterOpenSeconds(lisbonDay, at('2026-03-23T19:00:00Z'), 0)).toBe(at('2026-03-30T08:00:00Z'));
    expect(openSecondsBetween(lisbonDay, from, from)).toBe(0);
  });

  it('runs a period across midnight into the next day', () => {
    const nights = hoursOf({
      timeZone: 'Europe/Lisbon',
      weekly: [{ day: 'fri', open: '22:00', close: '02:00' }],
    });
    // Friday 16 January 2026, 22:00 to Saturday 02:00 (UTC+0).
    expect(isOpen(nights, at('2026-01-16T21:59:00Z'))).toBe(false);
    expect(isOpen(nights, at('2026-01-17T01:00:00Z'))).toBe(true);
    expect(nextClosing(nights, at('2026-01-17T01:00:00Z'))).toBe(at('2026-01-17T02:00:00Z'));
    expect(isOpen(nights, at('2026-01-17T02:00:00Z'))).toBe(false);
    expect(nextChange(nights, at('2026-01-17T02:00:00Z'))).toBe(at('2026-01-23T22:00:00Z'));
  });

  it('merges a night period with the next morning that continues it', () => {
    const joined = hoursOf({
      timeZone: 'Europe/Lisbon',
      weekly: [
        { day: 'fri', open: '22:00', close: '24:00' },
        { day: 'sat', open: '00:00', close: '03:00' },
      ],
    });
    expect(nextClosing(joined, at('2026-01-16T23:00:00Z'))).toBe(at('2026-01-17T03:00:00Z'));
  });

  it('follows Lisbon’s spring and autumn changes in a night period', () => {
    const saturdays = hoursOf({
      timeZone: 'Europe/Lisbon',
      weekly: [{ day: 'sat', open: '22:00', close: '02:00' }],
    });
    // 29 March 2026: 01:00 WET becomes 02:00 WEST, so the night is an hour short.
    expect(openSecondsBetween(saturdays, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'))).toBe(
      3 * HOUR,
    );
    expect(nextClosing(saturdays, at('2026-03-28T23:00:00Z'))).toBe(at('2026-03-29T01:00:00Z'));
    // 25 October 2026: 02:00 WEST becomes 01:00 WET, so it is an hour long.
    expect(openSecondsBetween(saturdays, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(
      5 * HOUR,
    );
    expect(nextOpening(saturdays, at('2026-10-24T12:00:00Z'))).toBe(at('2026-10-24T21:00:00Z'));
  });

  it('follows New York’s changes, with skipped and repeated times', () => {
    const sundays = hoursOf({
      timeZone: 'America/New_York',
      weekly: [{ day: 'sun', open: '01:30', close: '03:30' }],
    });
    // 8 March 2026: 02:00 EST becomes 03:00 EDT; 01:30 EST to 03:30 EDT is one hour.
    expect(nextOpening(sundays, at('2026-03-08T00:00:00Z'))).toBe(at('2026-03-08T06:30:00Z'));
    expect(nextClosing(sundays, at('2026-03-08T07:00:00Z'))).toBe(at('2026-03-08T07:30:00Z'));
    // 1 November 2026: 02:00 EDT becomes 01:00 EST; 01:30 is its first occurrence (EDT).
    expect(nextOpening(sundays, at('2026-11-01T00:00:00Z'))).toBe(at('2026-11-01T05:30:00Z'));
    expect(openSecondsBetween(sundays, at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z'))).toBe(
      3 * HOUR,
    );
    // A time the clocks skip falls forward by the gap: 02:30 on 8 March is 03:30 EDT.
    const skipped = hoursOf({
      timeZone: 'America/New_York',
      weekly: [{ day: 'sun', open: '02:30', close: '04:00' }],
    });
    expect(nextOpening(skipped, at('2026-03-08T00:00:00Z'))).toBe(at('2026-03-08T07:30:00Z'));
    // An ordinary winter and summer weekday.
    const weekdays = hoursOf({
      timeZone: 'America/New_York',
      weekly: [{ day: 'mon', open: '09:00', close: '17:00' }],
    });
    expect(nextOpening(weekdays, at('2026-03-02T00:00:00Z'))).toBe(at('2026-03-02T14:00:00Z'));
    expect(nextOpening(weekdays, at('2026-03-09T00:00:00Z'))).toBe(at('2026-03-09T13:00:00Z'));
  });

  it('closes on a holiday, and finds the next opening past it', () => {
    const fridays = hoursOf({
      timeZone: 'Europe/Lisbon',
      weekly: [{ day: 'fri', open: '09:00', close: '17:00' }],
      holidays: [
        { date: '2026-12-25', name: 'Christmas' },
        { date: '2027-01-01', name: 'New Year' },
      ],
    });
    expect(isOpen(fridays, at('2026-12-25T10:00:00Z'))).toBe(false);
    expect(isOpen(fridays, at('2026-12-18T10:00:00Z'))).toBe(true);
    expect(nextOpening(fridays, at('2026-12-24T10:00:00Z'))).toBe(at('2027-01-08T09:00:00Z'));
    expect(openSecondsBetween(fridays, at('2026-12-21T00:00:00Z'), at('2027-01-04T00:00:00Z'))).toBe(0);
  });

  it('a holiday cancels the periods that open on it, not the night before', () => {
    const nights = hoursOf({
      timeZone: 'Europe/Lisbon',
      weekly: [
        { day: 'thu', open: '22:00', close: '02:00' },
        { day: 'fri', open: '22:00', close: '02:00' },
      ],
      holidays: [{ date: '2026-12-25' }],
    });
    expect(isOpen(nights, at('2026-12-25T01:00:00Z'))).toBe(true);
    expect(isOpen(nights, at('2026-12-25T23:00:00Z'))).toBe(false);
  });

  it('never opens without periods', () => {
    const never = hoursOf({ timeZone: 'UTC', weekly: [] });
    expect(isOpen(never, 0)).toBe(false);
    expect(nextOpening(never, 0)).toBeUndefined();
    expect(afterOpenSeconds(never, 0, 10)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses unknown zones and malformed periods, naming the field', () => {
    const zone = BusinessHoursSchema.safeParse({ timeZone: 'Europe/Atlantis', weekly: [] });
    expect(zone.error?.issues[0]?.path).toEqual(['timeZone']);
    const period = BusinessHoursSchema.safeParse({
      timeZone: 'Europe/Lisbon',
      weekly: [{ day: 'mon', open: '9am', close: '13:00' }],
    });
    expect(period.error?.issues[0]?.path).toEqual(['weekly', 0, 'open']);
    const empty = BusinessHoursSchema.safeParse({
      timeZone: 'Europe/Lisbon',
      weekly: [{ day: 'mon', open: '09:00', close: '09:00' }],
    });
    expect(empty.error?.issues[0]?.path).toEqual(['weekly', 0, 'close']);
  });
});
