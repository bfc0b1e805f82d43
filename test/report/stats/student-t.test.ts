import { describe, expect, it } from 'vitest';
import { incompleteBeta, studentTCdf, studentTQuantile } from '../../../functions/report/stats/student-t.js';

describe("Student's t distribution", () => {
  // Two-sided 5 % critical values from the t table of R. A. Fisher & F. Yates, Statistical Tables
  // for Biological, Agricultural and Medical Research (6th ed., 1963), Table III.
  it.each([
    [1, 12.706],
    [4, 2.776],
    [10, 2.228],
    [30, 2.042],
    [120, 1.98],
  ])('gives the tabulated 97.5 %% point for %d degrees of freedom', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    expect(studentTCdf(t, df)).toBeCloseTo(0.975, 3);
  });

  it('is symmetric about zero and tends to the normal distribution', () => {
    expect(studentTCdf(0, 7)).toBe(0.5);
    expect(studentTCdf(-1.3, 7)).toBeCloseTo(1 - studentTCdf(1.3, 7), 14);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
  });

  it('has the incomplete beta function’s closed forms: I_x(1, 1) = x and I_x(a, 1) = x^a', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.6, 3, 1)).toBeCloseTo(0.216, 12);
  });
});
