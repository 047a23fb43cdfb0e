import { describe, expect, it } from 'vitest';
import {
  addressRateKey,
  codeMatches,
  codeState,
  emailCodeDigest,
  newEmailCode,
  pendingEmailCode,
  rateDecision,
} from '#core/email-code.ts';

describe('email codes', () => {
  it('are six digits, leading zeros kept, spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, newEmailCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
  });

  it('are stored as a digest that matches only this session, address and code', () => {
    const pending = pendingEmailCode('chat_a', 'ana@example.com', '048213', new Date());
    expect(pending.codeDigest).not.toContain('048213');
    expect(codeMatches(pending, '048213')).toBe(true);
    expect(codeMatches(pending, '048214')).toBe(false);
    expect(emailCodeDigest('chat_b', 'ana@example.com', '048213')).not.toBe(pending.codeDigest);
    expect(emailCodeDigest('chat_a', 'bob@example.com', '048213')).not.toBe(pending.codeDigest);
  });

  it('expire after ten minutes and after five attempts', () => {
    const sent = new Date('2026-05-01T10:00:00Z');
    const pending = pendingEmailCode('chat_a', 'ana@example.com', '048213', sent);
    expect(codeState(pending, new Date('2026-05-01T10:09:59Z'))).toBe('usable');
    expect(codeState(pending, new Date('2026-05-01T10:10:00Z'))).toBe('expired');
    expect(codeState({ ...pending, attempts: 5 }, sent)).toBe('exhausted');
  });

  it('are rate-limited over a sliding window, naming when the next one fits', () => {
    const rule = { limit: 3, windowSeconds: 3600 };
    expect(rateDecision([], 1000, rule)).toEqual({ allowed: true, recent: [1000] });
    expect(rateDecision([100, 200], 1000, rule)).toEqual({ allowed: true, recent: [100, 200, 1000] });
    expect(rateDecision([100, 200, 300], 1000, rule)).toEqual({ allowed: false, retryAfterSeconds: 2700 });
    // Sends older than the window no longer count.
    expect(rateDecision([100, 200, 300], 3701, rule)).toEqual({ allowed: true, recent: [200, 300, 3701] });
  });

  it('count an address under its hash', () => {
    expect(addressRateKey('ana@example.com')).not.toContain('ana');
  });
});
