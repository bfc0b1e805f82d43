import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, twoSidedP, zFor } from '../../../functions/report/stats/normal.js';

describe('the standard normal distribution', () => {
  // Values from M. Abramowitz & I. A. Stegun, Handbook of Mathematical Functions (1964), Table 26.1
  // (P(x) = Φ(x)) and Table 26.5 (percentage points), to the digits printed there.
  it.each([
    [0, 0.5],
    [1, 0.8413447461],
    [1.96, 0.9750021049],
    [2.5, 0.9937903347],
    [3, 0.998650102],
  ])('gives Φ(%d) as tabulated', (x, p) => {
    expect(normalCdf(x)).toBeCloseTo(p, 10);
    expect(normalCdf(-x)).toBeCloseTo(1 - p, 10);
  });

  it.each([
    [0.975, 1.959963985],
    [0.8, 0.8416212336],
    [0.995, 2.575829304],
    [0.9, 1.281551566],
  ])('gives the %d quantile as tabulated', (p, x) => {
    expect(normalQuantile(p)).toBeCloseTo(x, 9);
    expect(normalQuantile(1 - p)).toBeCloseTo(-x, 9);
  });

  it('gives the two-sided critical value and p-value of the usual 95 % test', () => {
    expect(zFor(0.95)).toBeCloseTo(1.959963985, 9);
    expect(twoSidedP(1.959963985)).toBeCloseTo(0.05, 9);
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
