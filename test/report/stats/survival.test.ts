import { describe, expect, it } from 'vitest';
import { kaplanMeier, restrictedMean, survivalAt, type Observation } from '../../../functions/report/stats/kaplan-meier.js';
import { logRank } from '../../../functions/report/stats/log-rank.js';

// The leukaemia remission trial of E. J. Freireich et al., Blood 21 (1963) 699–716, as tabulated by
// E. A. Gehan, Biometrika 52 (1965) 203–223: weeks in remission, + marking a censored time.
const MP6 = '6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+'.split(' ');
const PLACEBO = '1 1 2 2 3 4 4 5 5 8 8 8 8 11 11 12 12 15 17 22 23'.split(' ');
const observations = (cells: readonly string[]): Observation[] => cells.map((c) => ({ time: Number.parseInt(c, 10), event: !c.endsWith('+') }));

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
    const table: [number, number][] = [[6, 1], [7, 0.857], [10, 0.807], [13, 0.753], [16, 0.69], [22, 0.627], [23, 0.538]];
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
