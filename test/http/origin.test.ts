import { describe, expect, it } from 'vitest';
import { OriginListSchema, originAllowed } from '#http/origin.ts';

describe('console origins', () => {
  it('are read from a comma-separated list, spaces and empty entries aside', () => {
    expect(OriginListSchema.parse(' https://agents.example.com, http://localhost:5173 ,')).toEqual([
      'https://agents.example.com',
      'http://localhost:5173',
    ]);
    expect(OriginListSchema.parse('')).toEqual([]);
    expect(OriginListSchema.parse(undefined)).toEqual([]);
  });

  it.each([
    ['a path', 'https://agents.example.com/console/'],
    ['a trailing slash', 'https://agents.example.com/'],
    ['another scheme', 'ftp://agents.example.com'],
    ['an opaque origin', 'null'],
    ['upper case, which browsers never send', 'https://Agents.example.com'],
  ])('refuse %s', (_, origin) => {
    expect(OriginListSchema.safeParse(`https://ok.example.com,${origin}`).success).toBe(false);
  });

  it('let a handshake in from one of them, or from a client that names none', () => {
    const allowed = ['https://agents.example.com'];
    expect(originAllowed('https://agents.example.com', allowed)).toBe(true);
    expect(originAllowed(undefined, allowed)).toBe(true);
    for (const origin of [
      'https://agents.example.com.evil.example',
      'http://agents.example.com',
      'null',
      '',
    ]) {
      expect(originAllowed(origin, allowed), origin).toBe(false);
    }
  });
});
