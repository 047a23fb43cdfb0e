import { describe, expect, it } from 'vitest';
import { type BusinessHoursInput, BusinessHoursSchema } from '#core/business-hours.ts';
import { spokenOpening } from '#core/spoken-opening.ts';

const at = (iso: string) => Date.parse(iso);
const hoursOf = (input: BusinessHoursInput) => BusinessHoursSchema.parse(input);

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
    expect(spokenOpening(lisbon, at('2026-12-07T09:00:00Z'), at('2026-12-07T07:30:00Z'))).toBe(
      'today at 09:00',
    );
    expect(spokenOpening(lisbon, at('2026-12-08T09:00:00Z'), at('2026-12-07T19:00:00Z'))).toBe(
      'tomorrow at 09:00',
    );
    expect(spokenOpening(lisbon, at('2026-12-07T09:00:00Z'), at('2026-12-05T12:00:00Z'))).toBe(
      'Monday at 09:00',
    );
    // 14:00 UTC on Sunday is 23:00 in Tokyo, 16:00 UTC already Monday: the queue's zone decides.
    const tokyo = weekdays('Asia/Tokyo');
    expect(spokenOpening(tokyo, at('2026-12-07T00:00:00Z'), at('2026-12-06T14:00:00Z'))).toBe(
      'tomorrow at 09:00',
    );
    expect(spokenOpening(tokyo, at('2026-12-07T00:00:00Z'), at('2026-12-06T16:00:00Z'))).toBe(
      'today at 09:00',
    );
  });

  it('names the date when the opening is a week or more away', () => {
    expect(spokenOpening(lisbon, at('2027-01-04T09:00:00Z'), at('2026-12-24T18:00:00Z'))).toBe(
      'Monday 4 January at 09:00',
    );
  });

  it('follows summer time: 09:00 local is 08:00 UTC in Lisbon in summer', () => {
    expect(spokenOpening(lisbon, at('2026-07-06T08:00:00Z'), at('2026-07-04T12:00:00Z'))).toBe(
      'Monday at 09:00',
    );
  });
});
