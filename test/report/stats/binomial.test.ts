import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countDistribution, exactCountP } from '../../../functions/report/stats/binomial.js';

describe('countDistribution', () => {
  /** The Poisson-binomial by its definition: one trial at a time. */
  function byDefinition(chances: readonly number[]): number[] {
    let dist = [1];
    for (const p of chances) {
      const next = new Array<number>(dist.length + 1).fill(0);
      dist.forEach((m, k) => {
        next[k] = (next[k] as number) + m * (1 - p);
        next[k + 1] = (next[k + 1] as number) + m * p;
      });
      dist = next;
    }
    return dist;
  }

  it('is the distribution of the count when accounts had different holdout percentages', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0.05, 0.1, 0.2), { minLength: 1, maxLength: 80 }), (chances) => {
        const pmf = countDistribution(chances);
        const exact = byDefinition(chances);
        return exact.every((m, k) => {
          const at = k - pmf.offset;
          const ours = at >= 0 && at < pmf.mass.length ? (pmf.mass[at] as number) : 0;
          return Math.abs(ours - m) < 1e-12;
        });
      }),
    );
  });
});

describe('exactCountP', () => {
  // The share check raises its alarm at p < 0.001; the normal approximation it replaces did so for
  // 0.16–0.32 % of fair draws with up to 200 accounts. Summed exactly over every possible count:
  it('raises a false alarm for at most 0.1 % of fair draws, for every group of 20 to 200 accounts', () => {
    for (let n = 20; n <= 200; n += 9) {
      for (const share of [0.1, 0.2]) {
        const pmf = countDistribution(Array.from({ length: n }, () => share));
        const alarm = pmf.mass.reduce(
          (sum, m, k) =>
            exactCountP(
              pmf.offset + k,
              Array.from({ length: n }, () => share),
            ) < 0.001
              ? sum + m
              : sum,
          0,
        );
        expect(alarm).toBeLessThanOrEqual(0.001);
      }
    }
  });

  it('is 1 at the expected count and 0 for a count the shares cannot give', () => {
    expect(
      exactCountP(
        20,
        Array.from({ length: 200 }, () => 0.1),
      ),
    ).toBeCloseTo(1, 12);
    expect(exactCountP(3, [0, 0, 0])).toBe(0);
  });
});
