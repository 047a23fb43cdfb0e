import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoAt } from '#core/routing/time.ts';

describe('timestamp formatting', () => {
  it('writes exactly what Date#toISOString writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 253_402_300_799_999 }), (ms) => {
        expect(isoAt(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('drops fractions of a millisecond as Date does', () => {
    expect(isoAt(1_741_000_000_123.9)).toBe(new Date(1_741_000_000_123.9).toISOString());
  });
});
