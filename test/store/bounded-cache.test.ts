import { describe, expect, it } from 'vitest';
import { BoundedCache } from '#store/bounded-cache.ts';

describe('the bounded cache', () => {
  it('forgets the oldest entry once full', () => {
    const cache = new BoundedCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });
});
