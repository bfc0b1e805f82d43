import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  newcombeDifference,
  newcombeP,
  riskRatio,
  wilsonInterval,
} from '../../../functions/report/stats/proportions.js';

describe('wilsonInterval', () => {
  // R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Statistics in Medicine 17 (1998) 857–872, Table I, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('gives %d/%d the published interval', (x, n, lower, upper) => {
    const ci = wilsonInterval(x, n);
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });
});

describe('newcombeDifference (method 10)', () => {
  // R. G. Newcombe, "Interval estimation for the difference between independent proportions:
  // comparison of eleven methods", Statistics in Medicine 17 (1998) 873–890, Table II, method 10,
  // examples (a), (b), (d), (e), (f), (g) and (h).
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('gives %d/%d − %d/%d the published interval', (x1, n1, x2, n2, lower, upper) => {
    const ci = newcombeDifference(x1, n1, x2, n2);
    expect(ci.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 12);
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });
});

describe('riskRatio', () => {
  // Same study: sample relative risk 1.82, lower 95 % limit 1.43 (Agresti 2007, §2.3.3).
  it('gives the published relative risk and lower limit, symmetric on the log scale', () => {
    const rr = riskRatio(189, 11_034, 104, 11_037);
    expect(rr.estimate).toBeCloseTo(1.82, 2);
    expect(rr.lower).toBeCloseTo(1.43, 2);
    expect(Math.log(rr.upper) - Math.log(rr.estimate)).toBeCloseTo(Math.log(rr.estimate) - Math.log(rr.lower), 12);
  });

  it('stays finite around the estimate when a group has no events', () => {
    const rr = riskRatio(0, 20, 5, 20);
    expect([rr.lower, rr.estimate, rr.upper].every(Number.isFinite)).toBe(true);
    expect(rr.lower).toBeLessThan(rr.estimate);
    expect(rr.estimate).toBeLessThan(rr.upper);
  });
});

describe('newcombeP', () => {
  // One method for the p and the interval: a property over counts and levels, no reference needed.
  it('is below α exactly when the (1 − α) interval excludes 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(0.05, 0.01, 0.1, 0.2),
        (n1, n2, a, b, alpha) => {
          const x1 = a % (n1 + 1);
          const x2 = b % (n2 + 1);
          const p = newcombeP(x1, n1, x2, n2);
          const ci = newcombeDifference(x1, n1, x2, n2, 1 - alpha);
          // Away from the knife edge (where the two differ only in the last bits) they must agree.
          if (Math.abs(p - alpha) < 1e-9) return true;
          return p < alpha === (ci.lower > 0 || ci.upper < 0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is 1 for equal shares and small for a clear difference', () => {
    expect(newcombeP(30, 100, 60, 200)).toBe(1);
    expect(newcombeP(189, 11_034, 104, 11_037)).toBeLessThan(1e-5);
  });
});
