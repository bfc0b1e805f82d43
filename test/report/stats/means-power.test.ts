import { describe, expect, it } from 'vitest';
import { describeSample, meanDifference } from '../../../functions/report/stats/means.js';
import { minimumDetectable, minimumDetectableMean, minimumDetectableProportion } from '../../../functions/report/stats/power.js';
import { normalCdf, normalQuantile } from '../../../functions/report/stats/normal.js';

describe('meanDifference', () => {
  // Student's sleep data (W. S. Gosset, Biometrika 6, 1908; R's data set `sleep`), as printed by R's
  // t.test(extra ~ group, data = sleep): t = −1.8608, df = 17.776, p-value = 0.07939, 95 percent
  // confidence interval −3.3654832 to 0.2054832.
  it('gives the published Welch test for the sleep data', () => {
    const a = describeSample([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2]);
    const b = describeSample([1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]);
    const d = meanDifference(a, b);
    expect(d.estimate).toBeCloseTo(0.75 - 2.33, 10);
    expect(d.t).toBeCloseTo(-1.8608, 4);
    expect(d.df).toBeCloseTo(17.776, 3);
    expect(d.p).toBeCloseTo(0.07939, 5);
    expect(d.lower).toBeCloseTo(-3.3654832, 6);
    expect(d.upper).toBeCloseTo(0.2054832, 6);
  });
});

describe('minimum detectable effects', () => {
  // R. Lehr, "Sixteen s-squared over d-squared: a relation for crude sample size estimates",
  // Statistics in Medicine 11 (1992) 1099–1102: 16 per group detect one standard deviation at 80 %
  // power, two-sided α = 0.05.
  it('detects about one standard deviation with 16 per group (Lehr’s rule)', () => {
    expect(minimumDetectableMean(1, 16, 16)).toBeCloseTo(1, 1);
  });

  it('has 80 % power at the effect it reports', () => {
    const se = 0.07;
    const mde = minimumDetectable(se);
    const power = normalCdf(mde / se - normalQuantile(0.975)) + normalCdf(-mde / se - normalQuantile(0.975));
    expect(power).toBeCloseTo(0.8, 3);
  });

  it('shrinks with the square root of the group sizes, and says nothing for an empty group', () => {
    const small = minimumDetectableProportion(0.3, 100, 100) as number;
    expect(minimumDetectableProportion(0.3, 400, 400)).toBeCloseTo(small / 2, 10);
    expect(minimumDetectableProportion(0.3, 0, 100)).toBeNull();
  });
});
