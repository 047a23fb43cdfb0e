import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '#core/errors.ts';
import { decodeCursor, encodeCursor } from '#core/timeline-cursor.ts';

describe('timeline cursors', () => {
  it('round-trip the per-customer bounds', () => {
    const bounds = { cust_a: '2026-05-01T09:00:00.000Z#int_x', cust_b: null };
    expect(decodeCursor(encodeCursor(bounds))).toEqual(bounds);
  });

  it('reject anything the API did not hand out', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(InvalidCursorError);
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toThrow(InvalidCursorError);
  });
});
