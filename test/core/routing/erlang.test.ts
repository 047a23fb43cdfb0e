import { describe, expect, it } from 'vitest';
import { erlangAsa, erlangC, erlangServiceLevel, predict } from '../../../bench/sim/erlang.ts';
import { erlangA } from '../../../bench/sim/erlang-a.ts';

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

describe('Erlang A (M/M/n+M)', () => {
  it('is Erlang C when nobody gives up', () => {
    const c = predict(12, 200, 180, 20);
    const a = erlangA(12, 200, 180, 1e9, 20);
    expect(a.waitProbability).toBeCloseTo(c.waitProbability, 4);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 4);
    expect(a.asa).toBeCloseTo(c.asa, 1);
    expect(a.abandonShare).toBeCloseTo(0, 4);
  });

  it('loses to impatience what Little and PASTA say it must: θ · E[waiting] / λ', () => {
    // A single agent keeps the stationary law short enough to sum here independently.
    const [lambda, mu, theta] = [0.9, 1, 0.5];
    const weights = [1, lambda / mu];
    for (let j = 1; j < 200; j++) weights.push(((weights.at(-1) ?? 0) * lambda) / (mu + j * theta));
    const total = weights.reduce((a, b) => a + b, 0);
    const waiting = weights.reduce((sum, w, k) => sum + (Math.max(0, k - 1) * w) / total, 0);
    const a = erlangA(1, lambda * 3600, 1 / mu, 1 / theta, 1);
    expect(a.abandonShare).toBeCloseTo((theta * waiting) / lambda, 6);
    expect(a.waitProbability).toBeCloseTo(1 - 1 / total, 6);
  });

  it('answers more within the target as patience shortens the line, and never more than all', () => {
    const patient = erlangA(12, 200, 180, 600, 20);
    const impatient = erlangA(12, 200, 180, 60, 20);
    expect(impatient.serviceLevel).toBeGreaterThan(patient.serviceLevel);
    expect(impatient.abandonShare).toBeGreaterThan(patient.abandonShare);
    expect(impatient.serviceLevel + impatient.abandonShare).toBeLessThanOrEqual(1);
  });

  it('predicts the shipped scenario in the simulator figures (answered who waited, share abandoned)', () => {
    const p = predict(12, 200, 180, 20, 120);
    expect(p.model).toBe('Erlang A');
    expect(p.serviceLevel).toBeCloseTo(0.8256, 3);
    expect(p.abandonShare).toBeCloseTo(0.0616, 3);
    expect(p.waitProbability).toBeCloseTo(0.2325, 3);
  });
});
