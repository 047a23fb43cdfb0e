import { describe, expect, it } from 'vitest';
import { type BusinessHoursInput, BusinessHoursSchema } from '#core/business-hours.ts';
import { describeOpening } from '#core/opening-text.ts';

const at = (iso: string) => Date.parse(iso);

describe('the next opening as a customer hears it', () => {
  const friday = at('2026-12-04T20:00:00Z');

  it('says today or tomorrow when it is that close', () => {
    expect(describeOpening(at('2026-12-04T21:00:00Z'), friday, 'Europe/Lisbon')).toBe('today at 21:00');
    expect(describeOpening(at('2026-12-05T09:00:00Z'), friday, 'Europe/Lisbon', 'pt')).toBe(
      'amanhã às 09:00',
    );
  });

  it('names the weekday within the week, and the date beyond it', () => {
    expect(describeOpening(at('2026-12-07T09:00:00Z'), friday, 'Europe/Lisbon')).toBe('Monday at 09:00');
    expect(describeOpening(at('2026-12-14T09:00:00Z'), friday, 'Europe/Lisbon', 'es')).toBe(
      'lunes, 14 de diciembre a las 09:00',
    );
  });

  it('counts days in the queue’s zone, not in UTC', () => {
    // 23:30 in Lisbon is already the next day in Tokyo.
    expect(describeOpening(at('2026-12-05T00:30:00Z'), friday, 'Asia/Tokyo')).toBe('today at 09:30');
    expect(describeOpening(at('2026-12-05T14:00:00Z'), friday, 'America/New_York')).toBe('tomorrow at 09:00');
  });
});

const hoursOf = (input: BusinessHoursInput) => BusinessHoursSchema.parse(input);
const spoken = (hours: { timeZone: string }, opensAt: number, now: number) =>
  describeOpening(opensAt, now, hours.timeZone);

const weekdays = (zone: string) =>
  hoursOf({
    timeZone: zone,
    weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
      day,
      open: '09:00',
      close: '18:00',
    })),
    holidays: [{ date: '2026-12-25', name: 'Christmas' }],
  });

describe('the next opening as a caller hears it', () => {
  const lisbon = weekdays('Europe/Lisbon');

  it('says today, tomorrow, or the weekday, in the queue’s own zone', () => {
    expect(spoken(lisbon, at('2026-12-07T09:00:00Z'), at('2026-12-07T07:30:00Z'))).toBe('today at 09:00');
    expect(spoken(lisbon, at('2026-12-08T09:00:00Z'), at('2026-12-07T19:00:00Z'))).toBe('tomorrow at 09:00');
    expect(spoken(lisbon, at('2026-12-07T09:00:00Z'), at('2026-12-05T12:00:00Z'))).toBe('Monday at 09:00');
    // 14:00 UTC on Sunday is 23:00 in Tokyo, 16:00 UTC already Monday: the queue's zone decides.
    const tokyo = weekdays('Asia/Tokyo');
    expect(spoken(tokyo, at('2026-12-07T00:00:00Z'), at('2026-12-06T14:00:00Z'))).toBe('tomorrow at 09:00');
    expect(spoken(tokyo, at('2026-12-07T00:00:00Z'), at('2026-12-06T16:00:00Z'))).toBe('today at 09:00');
  });

  it('names the date when the opening is a week or more away', () => {
    expect(spoken(lisbon, at('2027-01-04T09:00:00Z'), at('2026-12-24T18:00:00Z'))).toBe(
      'Monday 4 January at 09:00',
    );
  });

  it('follows summer time: 09:00 local is 08:00 UTC in Lisbon in summer', () => {
    expect(spoken(lisbon, at('2026-07-06T08:00:00Z'), at('2026-07-04T12:00:00Z'))).toBe('Monday at 09:00');
  });
});
