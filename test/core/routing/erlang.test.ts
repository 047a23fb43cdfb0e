import { describe, expect, it } from 'vitest';
import { erlangAsa, erlangC, erlangServiceLevel, predict } from '../../../bench/sim/erlang.ts';

describe('Erlang C', () => {
  it('gives the textbook figures for 200 calls an hour of 180 s on 12 agents', () => {
    const prediction = predict(12, 200, 180, 20);
    expect(prediction.erlangs).toBe(10);
    expect(prediction.waitProbability).toBeCloseTo(0.4494, 4);
    expect(prediction.serviceLevel).toBeCloseTo(0.64, 3);
    expect(prediction.asa).toBeCloseTo(40.4, 1);
  });

  it('reduces to M/M/1, where the chance of waiting is the utilisation', () => {
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 10);
    expect(erlangAsa(1, 0.5, 100)).toBeCloseTo(100, 10);
  });

  it('says everyone waits, forever, once the load reaches the agents', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangServiceLevel(10, 12, 180, 20)).toBe(0);
    expect(erlangAsa(10, 10, 180)).toBe(Number.POSITIVE_INFINITY);
  });

  it('shows what pooling is worth: three agents per skill against twelve for all four', () => {
    expect(erlangServiceLevel(3, 2.5, 180, 20)).toBeCloseTo(0.34, 2);
    expect(erlangServiceLevel(12, 10, 180, 20)).toBeCloseTo(0.64, 2);
  });

  it('stays finite for large floors', () => {
    const c = erlangC(500, 480);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
  });
});
