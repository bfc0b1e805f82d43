import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateDifference } from '../../../functions/report/effect-figures.js';
import { StatisticsInputError } from '../../../functions/report/stats/errors.js';
import {
  kaplanMeier,
  type Observation,
  restrictedMean,
  survivalAt,
} from '../../../functions/report/stats/kaplan-meier.js';
import { logRank } from '../../../functions/report/stats/log-rank.js';
import { describeSample, meanDifference } from '../../../functions/report/stats/means.js';

// The leukaemia remission trial of E. J. Freireich et al., Blood 21 (1963) 699–716, as tabulated by
// E. A. Gehan, Biometrika 52 (1965) 203–223: weeks in remission, + marking a censored time.
const MP6 = '6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+'.split(' ');
const PLACEBO = '1 1 2 2 3 4 4 5 5 8 8 8 8 11 11 12 12 15 17 22 23'.split(' ');
const observations = (cells: readonly string[]): Observation[] =>
  cells.map((c) => ({ time: Number.parseInt(c, 10), event: !c.endsWith('+') }));

describe('kaplanMeier on the 6-MP arm', () => {
  const km = kaplanMeier(observations(MP6));

  // The product-limit table of this arm: D. G. Kleinbaum & M. Klein, Survival Analysis: A
  // Self-Learning Text, 3rd ed. (2012), ch. 2; Greenwood standard errors and log-scale 95 % limits
  // as printed by R's summary(survfit()) for the same data (package MASS, data set gehan).
  it.each([
    [6, 21, 3, 0.857, 0.0764, 0.72],
    [7, 17, 1, 0.807, 0.0869, 0.653],
    [10, 15, 1, 0.753, 0.0963, 0.586],
    [13, 12, 1, 0.69, 0.1068, 0.51],
    [16, 11, 1, 0.627, 0.1141, 0.439],
    [23, 6, 1, 0.448, 0.1346, 0.249],
  ])('at week %d: %d at risk, %d events, S = %d', (time, atRisk, events, survival, se, lower) => {
    const step = km.steps.find((s) => s.time === time);
    expect(step).toMatchObject({ atRisk, events });
    expect(step?.survival).toBeCloseTo(survival, 3);
    expect(step?.se).toBeCloseTo(se, 4);
    expect(step?.lower).toBeCloseTo(lower, 3);
  });

  it('gives the published median and its interval (23 weeks, from 16, no upper limit)', () => {
    expect(km.median).toEqual({ estimate: 23, lower: 16, upper: null });
    expect(kaplanMeier(observations(PLACEBO)).median).toEqual({ estimate: 8, lower: 4, upper: 12 });
  });

  it('holds S flat between events and counts censored times only in the risk sets', () => {
    expect(survivalAt(km, 9.5)).toBe(survivalAt(km, 7));
    expect(km.events).toBe(9);
    expect(km.maxTime).toBe(35);
  });
});

describe('restrictedMean', () => {
  it('is the area under the published product-limit steps up to τ', () => {
    const table: [number, number][] = [
      [6, 1],
      [7, 0.857],
      [10, 0.807],
      [13, 0.753],
      [16, 0.69],
      [22, 0.627],
      [23, 0.538],
    ];
    let area = 6;
    for (let i = 1; i < table.length; i++) area += (table[i]![0] - table[i - 1]![0]) * table[i]![1];
    expect(restrictedMean(kaplanMeier(observations(MP6)), 23).estimate).toBeCloseTo(area, 1);
  });

  it('without censoring, is the mean of min(T, τ) with the variance of that mean', () => {
    const obs = observations(PLACEBO);
    const tau = 10;
    const capped = obs.map((o) => Math.min(o.time, tau));
    const mean = capped.reduce((s, v) => s + v, 0) / capped.length;
    const variance = capped.reduce((s, v) => s + (v - mean) ** 2, 0) / capped.length ** 2;
    const rmst = restrictedMean(kaplanMeier(obs), tau);
    expect(rmst.estimate).toBeCloseTo(mean, 10);
    expect(rmst.se).toBeCloseTo(Math.sqrt(variance), 10);
  });
});

describe('logRank', () => {
  // Kleinbaum & Klein (2012), ch. 2: for the remission data, observed 9 and expected 19.25 relapses on
  // 6-MP, and the log-rank statistic 16.79 (χ² with 1 degree of freedom).
  it('gives the published statistic for 6-MP against placebo', () => {
    const test = logRank(observations(MP6), observations(PLACEBO));
    expect(test.observedA).toBe(9);
    expect(test.expectedA).toBeCloseTo(19.25, 2);
    expect(test.chiSquare).toBeCloseTo(16.79, 2);
    expect(test.p).toBeLessThan(0.0001);
  });

  it('finds nothing between identical groups', () => {
    const same = observations(MP6);
    expect(logRank(same, same).chiSquare).toBeCloseTo(0, 12);
  });
});

describe('edges', () => {
  it('refuses a time that is not a number instead of looping', () => {
    const bad = [
      { time: 1, event: true },
      { time: Number.NaN, event: true },
    ];
    expect(() => kaplanMeier(bad)).toThrow(StatisticsInputError);
    expect(() => logRank(bad, observations(MP6))).toThrow(/observation 1/);
  });

  it('takes the midpoint where the curve sits on ½ (days 1 to 24: 12.5, as survfit)', () => {
    const days = Array.from({ length: 24 }, (_, i) => ({ time: i + 1, event: true }));
    expect(kaplanMeier(days).median.estimate).toBe(12.5);
    // Odd n has no plateau at ½: the middle time.
    expect(kaplanMeier(days.slice(0, 23)).median.estimate).toBe(12);
  });

  it('without censoring, gives the sample median (the mean of the two middle times when n is even)', () => {
    // Before the plateau rule, 116 of 200 such sets with even n reported the next event time instead.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 120 }), (times) => {
        const sorted = [...times].sort((a, b) => a - b);
        const mid = sorted.length / 2;
        const sampleMedian =
          sorted.length % 2 === 1
            ? (sorted[Math.floor(mid)] as number)
            : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
        return kaplanMeier(times.map((time) => ({ time, event: true }))).median.estimate === sampleMedian;
      }),
      { numRuns: 500 },
    );
  });

  it('gives no pointwise limits where everyone has had the event', () => {
    const last = kaplanMeier([
      { time: 1, event: true },
      { time: 2, event: true },
    ]).steps.at(-1);
    expect(last).toMatchObject({ survival: 0, lower: null, upper: null });
  });
});

describe('logRank in one sweep', () => {
  /** The definition, one rescan of both groups per event time. */
  function byDefinition(a: readonly Observation[], b: readonly Observation[]) {
    const times = [...new Set([...a, ...b].filter((o) => o.event).map((o) => o.time))].sort((x, y) => x - y);
    let o = 0;
    let e = 0;
    let v = 0;
    for (const t of times) {
      const nA = a.filter((x) => x.time >= t).length;
      const n = nA + b.filter((x) => x.time >= t).length;
      const dA = a.filter((x) => x.event && x.time === t).length;
      const d = dA + b.filter((x) => x.event && x.time === t).length;
      o += dA;
      e += (d * nA) / n;
      if (n > 1) v += (d * nA * (n - nA) * (n - d)) / (n * n * (n - 1));
    }
    return { o, e, v };
  }
  const group = fc.array(fc.record({ time: fc.integer({ min: 0, max: 40 }), event: fc.boolean() }), {
    minLength: 1,
    maxLength: 60,
  });

  it('sums the same observed, expected and variance as the definition', () => {
    fc.assert(
      fc.property(group, group, (a, b) => {
        const test = logRank(a, b);
        const def = byDefinition(a, b);
        return (
          test.observedA === def.o && Math.abs(test.expectedA - def.e) < 1e-9 && Math.abs(test.variance - def.v) < 1e-9
        );
      }),
    );
  });

  it('compares 8,000 accounts with 8,000 in well under a second', () => {
    const draw = (k: number) =>
      Array.from({ length: 8000 }, (_, i) => ({ time: ((i * 7919 + k) % 1800) / 10, event: (i + k) % 3 !== 0 }));
    const started = performance.now();
    const test = logRank(draw(1), draw(2));
    expect(performance.now() - started).toBeLessThan(500);
    expect(test.p).toBeGreaterThan(0);
  });
});

describe('the restricted mean difference the report tests', () => {
  // Without censoring a restricted mean is the mean of min(T, τ), so the report's figure must be
  // Welch's t-test of the capped times (meanDifference, itself checked against R's t.test).
  it('is Welch’s t-test of min(T, τ) when no one is censored', () => {
    const tau = 15;
    const a = observations(PLACEBO);
    const b = observations(MP6).map((o) => ({ ...o, event: true }));
    const rm = (o: Observation[]) => ({ ...restrictedMean(kaplanMeier(o), tau), n: o.length });
    const figure = estimateDifference(rm(a), rm(b), { up: tau, down: tau });
    const capped = (o: Observation[]) => describeSample(o.map((x) => Math.min(x.time, tau)));
    const welch = meanDifference(capped(a), capped(b));
    expect(figure.estimate).toBeCloseTo(welch?.estimate as number, 4);
    expect(figure.lower).toBeCloseTo(welch?.lower as number, 4);
    expect(figure.upper).toBeCloseTo(welch?.upper as number, 4);
    expect(figure.p).toBeCloseTo(welch?.p as number, 6);
  });
});
