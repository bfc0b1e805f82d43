import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../functions/core/bounded-cache.js';
import { normalIso } from '../../functions/core/time.js';

describe('BoundedCache', () => {
  it('gives back what was set, and nothing for a key never set', () => {
    const cache = new BoundedCache<string>(10);
    expect(cache.set('a', 'x')).toBe('x');
    expect(cache.get('a')).toBe('x');
    expect(cache.get('b')).toBeUndefined();
  });

  it('empties itself once past its limit, keeping the entry being set', () => {
    const cache = new BoundedCache<number>(2);
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i);
    cache.set('d', 3);
    expect(['a', 'b', 'c'].map((k) => cache.get(k))).toEqual([undefined, undefined, undefined]);
    expect(cache.get('d')).toBe(3);
  });
});

describe('normalIso', () => {
  it('returns an instant already in UTC with milliseconds as it is', () => {
    const iso = '2026-02-02T01:00:00.000Z';
    expect(normalIso(iso)).toBe(iso);
  });

  it('normalises offsets, missing milliseconds and 24:00 to the UTC shape', () => {
    expect(normalIso('2026-02-02T10:00:00+09:00')).toBe('2026-02-02T01:00:00.000Z');
    expect(normalIso('2026-02-02T01:00Z')).toBe('2026-02-02T01:00:00.000Z');
    expect(normalIso('2026-02-01T24:00:00.000Z')).toBe('2026-02-02T00:00:00.000Z');
  });
});
