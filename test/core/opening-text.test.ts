import { describe, expect, it } from 'vitest';
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
