import { describe, expect, it } from 'vitest';
import { openingAttributes } from '#channels/connect/flow-opening.ts';
import { type BusinessHoursInput, BusinessHoursSchema } from '#core/business-hours.ts';

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

describe('the flow’s opening attributes', () => {
  const lisbon = weekdays('Europe/Lisbon');

  it('is open, with no next opening, inside the hours and for a queue without hours', () => {
    const open = { open: 'true', nextOpening: '', nextOpeningSpoken: '' };
    expect(openingAttributes(lisbon, at('2026-12-07T10:00:00Z'))).toEqual(open);
    expect(openingAttributes(undefined, at('2026-12-05T12:00:00Z'))).toEqual(open);
  });

  it('is closed on a Saturday, opening on Monday', () => {
    expect(openingAttributes(lisbon, at('2026-12-05T12:00:00Z'))).toEqual({
      open: 'false',
      nextOpening: '2026-12-07T09:00:00.000Z',
      nextOpeningSpoken: 'Monday at 09:00',
    });
  });

  it('skips a holiday: closed on Christmas Day, open again on the Monday after', () => {
    expect(openingAttributes(lisbon, at('2026-12-25T10:00:00Z'))).toEqual({
      open: 'false',
      nextOpening: '2026-12-28T09:00:00.000Z',
      nextOpeningSpoken: 'Monday at 09:00',
    });
  });

  it('is closed with no next opening when the hours never open', () => {
    expect(openingAttributes(hoursOf({ timeZone: 'UTC', weekly: [] }), at('2026-12-05T12:00:00Z'))).toEqual({
      open: 'false',
      nextOpening: '',
      nextOpeningSpoken: '',
    });
  });
});
