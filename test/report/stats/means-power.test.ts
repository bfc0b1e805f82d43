import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateDifference } from '../../../functions/report/effect-figures.js';
import { describeSample, meanDifference } from '../../../functions/report/stats/means.js';
import { normalCdf, normalQuantile } from '../../../functions/report/stats/normal.js';
import { minimumDetectable, minimumDetectableProportion } from '../../../functions/report/stats/power.js';
import { newcombeDifference } from '../../../functions/report/stats/proportions.js';
import { logGamma } from '../../../functions/report/stats/student-t.js';

describe('meanDifference', () => {
  // Student's sleep data (W. S. Gosset, Biometrika 6, 1908; R's data set `sleep`), as printed by R's
  // t.test(extra ~ group, data = sleep): t = −1.8608, df = 17.776, p-value = 0.07939, 95 percent
  // confidence interval −3.3654832 to 0.2054832.
  it('gives the published Welch test for the sleep data', () => {
    const a = describeSample([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2]);
    const b = describeSample([1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]);
    const d = meanDifference(a, b);
    expect(d?.estimate).toBeCloseTo(0.75 - 2.33, 10);
    expect(d?.t).toBeCloseTo(-1.8608, 4);
    expect(d?.df).toBeCloseTo(17.776, 3);
    expect(d?.p).toBeCloseTo(0.07939, 5);
    expect(d?.lower).toBeCloseTo(-3.3654832, 6);
    expect(d?.upper).toBeCloseTo(0.2054832, 6);
  });

  // R's t.test stops with "data are essentially constant" here: there is nothing to test.
  it('gives no p and no interval for two groups without spread ([1, 1] against [0.5, 0.5])', () => {
    expect(meanDifference(describeSample([1, 1]), describeSample([0.5, 0.5]))).toBeNull();
    expect(meanDifference(describeSample([1]), describeSample([0.5, 0.7]))).toBeNull();
  });
});

/** Exact power of the report's test (Newcombe's 95 % interval excludes 0) by summing over both binomials. */
function exactPower(pc: number, pt: number, nt: number, nc: number): number {
  const pmf = (n: number, p: number) =>
    Array.from({ length: n + 1 }, (_, k) =>
      p <= 0
        ? k === 0
          ? 1
          : 0
        : p >= 1
          ? k === n
            ? 1
            : 0
          : Math.exp(
              logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p),
            ),
    );
  const a = pmf(nt, pt);
  const b = pmf(nc, pc);
  let power = 0;
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      if (x * y < 1e-15) return;
      const ci = newcombeDifference(i, nt, j, nc);
      if (ci.lower > 0 || ci.upper < 0) power += x * y;
    }),
  );
  return power;
}

describe('minimumDetectable', () => {
  // R. Lehr, "Sixteen s-squared over d-squared: a relation for crude sample size estimates",
  // Statistics in Medicine 11 (1992) 1099–1102: 16 per group detect one standard deviation at 80 %
  // power, two-sided α = 0.05.
  it('detects about one standard deviation with 16 per group (Lehr’s rule)', () => {
    expect(minimumDetectable(Math.sqrt(2 / 16))).toBeCloseTo(1, 1);
  });

  it('has 80 % power at the effect it reports, for a normal statistic', () => {
    const se = 0.07;
    const mde = minimumDetectable(se) as number;
    const power = normalCdf(mde / se - normalQuantile(0.975)) + normalCdf(-mde / se - normalQuantile(0.975));
    expect(power).toBeCloseTo(0.8, 3);
  });

  it('says nothing without spread, and nothing beyond the room either way', () => {
    expect(minimumDetectable(0)).toBeNull();
    expect(minimumDetectable(0.1, { up: 0.1, down: 0.1 })).toBeNull();
    expect(minimumDetectable(0.1, { up: 0.1, down: 0.5 })).toBeCloseTo(0.28, 2);
  });
});

describe('minimumDetectableProportion', () => {
  // The report's own test, summed exactly over both binomials, at the printed figure. The baseline-
  // variance formula it replaces gave 52 % power at a 5 % baseline with 400 and 100 accounts, and 32 %
  // with 80 and 20 (the same sums).
  it.each([
    [0.05, 400, 100],
    [0.05, 80, 20],
    [0.3, 400, 100],
    [0.9, 200, 50],
    [0.5, 40, 10],
  ])('gives the report’s test 75–90 %% power at a %d baseline with %d and %d accounts', (pc, nt, nc) => {
    const mde = minimumDetectableProportion(pc, nt, nc) as number;
    const powers = [
      pc + mde <= 1 ? exactPower(pc, pc + mde, nt, nc) : null,
      pc - mde >= 0 ? exactPower(pc, pc - mde, nt, nc) : null,
    ].filter((p): p is number => p !== null);
    expect(powers.length).toBeGreaterThan(0);
    // The larger direction's figure: in it the power is near 80 %, in the other at least as high.
    expect(Math.min(...powers)).toBeGreaterThan(0.75);
    expect(Math.min(...powers)).toBeLessThan(0.9);
  });

  it('is never above what the shares leave room for, and is absent when no change could be detected', () => {
    expect(minimumDetectableProportion(0.05, 2, 2)).toBeNull();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 60 }),
        (x, nt, nc) => {
          const pc = Math.min(x, nc) / nc;
          const mde = minimumDetectableProportion(pc, nt, nc);
          return mde === null || (mde > 0 && mde <= Math.max(pc, 1 - pc) + 1e-12);
        },
      ),
    );
  });

  it('shrinks as the groups grow, and says nothing for an empty group', () => {
    const small = minimumDetectableProportion(0.3, 100, 100) as number;
    expect(minimumDetectableProportion(0.3, 400, 400)).toBeLessThan(small * 0.55);
    expect(minimumDetectableProportion(0.3, 0, 100)).toBeNull();
  });
});

describe('one method for each figure’s p and interval', () => {
  const sample = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 40 });

  it('puts Welch’s p below 0.05 exactly when its 95 % interval excludes 0', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const d = meanDifference(describeSample(a), describeSample(b));
        if (d === null || Math.abs(d.p - 0.05) < 1e-9) return true;
        return d.p < 0.05 === (d.lower > 0 || d.upper < 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('does the same for the restricted mean difference', () => {
    const group = fc.record({
      estimate: fc.double({ min: 0, max: 60, noNaN: true }),
      se: fc.double({ min: 0.01, max: 10, noNaN: true }),
      n: fc.integer({ min: 2, max: 500 }),
    });
    fc.assert(
      fc.property(group, group, (a, b) => {
        const d = estimateDifference(a, b, { up: 60, down: 60 });
        // Printed to 4 decimals (the interval) and 6 (p): leave the knife edge out.
        if (
          d.p === null ||
          d.lower === null ||
          d.upper === null ||
          Math.abs(d.p - 0.05) < 1e-5 ||
          Math.abs(d.lower) < 1e-3 ||
          Math.abs(d.upper) < 1e-3
        )
          return true;
        return d.p < 0.05 === (d.lower > 0 || d.upper < 0);
      }),
      { numRuns: 1000 },
    );
  });
});
