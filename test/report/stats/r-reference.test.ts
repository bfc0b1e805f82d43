// The statistics against R: every expected value comes from fixtures/r-reference.json, written by
// fixtures/r-reference.R (R 4.2.2, survival 3.5-3, as Debian's r-base-core and r-cran-survival ship
// them; the file names both). The script is run once by hand; these tests do not need R.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactCountP } from '../../../functions/report/stats/binomial.js';
import { kaplanMeier, type Observation, restrictedMean } from '../../../functions/report/stats/kaplan-meier.js';
import { logRank } from '../../../functions/report/stats/log-rank.js';
import { describeSample, meanDifference } from '../../../functions/report/stats/means.js';
import { newcombeDifference, newcombeP } from '../../../functions/report/stats/proportions.js';
import { holmAdjust } from '../../../functions/report/verdict.js';

type Num = number | null;
interface KmCase {
  name: string;
  time: number[];
  event: number[];
  tau: number;
  stepTime: number[];
  atRisk: number[];
  events: number[];
  survival: number[];
  lower: Num[];
  upper: Num[];
  median: Num;
  medianLower: Num;
  medianUpper: Num;
  rmean: number;
  rmeanSe: number;
}
interface Reference {
  r: string;
  survival: string;
  kaplanMeier: KmCase[];
  logRank: {
    name: string;
    timeA: number[];
    eventA: number[];
    timeB: number[];
    eventB: number[];
    observedA: number;
    expectedA: number;
    chiSquare: number;
  }[];
  binomTest: { x: number; n: number; p: number; pValue: number }[];
  welch: { a: number[]; b: number[]; t: number; df: number; p: number; lower: number; upper: number }[];
  newcombe: { x1: number; n1: number; x2: number; n2: number; lower: number; upper: number; p: number }[];
  holm: { p: number[]; adjusted: number[] };
}

const REF = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/r-reference.json'), 'utf8')) as Reference;
const obs = (time: number[], event: number[]): Observation[] =>
  time.map((t, i) => ({ time: t, event: event[i] === 1 }));
const close = (actual: number | null, expected: number | null, digits = 10) => {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, digits);
};

describe('the fixture', () => {
  it('comes from the R and survival versions it names', () => {
    expect(REF.r).toMatch(/^R version 4\.2\.2/);
    expect(REF.survival).toBe('3.5.3');
  });
});

describe.each(REF.kaplanMeier)('kaplanMeier against survfit: $name', (c) => {
  const km = kaplanMeier(obs(c.time, c.event));

  it('has survfit’s steps, survival and log-scale limits (NA where S = 0)', () => {
    expect(km.steps.map((s) => s.time)).toEqual(c.stepTime);
    expect(km.steps.map((s) => s.atRisk)).toEqual(c.atRisk);
    expect(km.steps.map((s) => s.events)).toEqual(c.events);
    km.steps.forEach((s, i) => {
      close(s.survival, c.survival[i] as number, 12);
      close(s.lower, c.lower[i] as Num, 10);
      close(s.upper, c.upper[i] as Num, 10);
    });
  });

  it('has quantile.survfit’s median and limits', () => {
    close(km.median.estimate, c.median, 12);
    close(km.median.lower, c.medianLower, 12);
    close(km.median.upper, c.medianUpper, 12);
  });

  it('has print.survfit’s restricted mean and its standard error', () => {
    const rm = restrictedMean(km, c.tau);
    close(rm.estimate, c.rmean, 9);
    close(rm.se, c.rmeanSe, 9);
  });
});

describe.each(REF.logRank)('logRank against survdiff: $name', (c) => {
  it('has survdiff’s observed and expected events and χ²', () => {
    const test = logRank(obs(c.timeA, c.eventA), obs(c.timeB, c.eventB));
    expect(test.observedA).toBe(c.observedA);
    close(test.expectedA, c.expectedA, 9);
    close(test.chiSquare, c.chiSquare, 9);
  });
});

describe('exactCountP against binom.test', () => {
  it.each(REF.binomTest)('$x of $n at $p', ({ x, n, p, pValue }) => {
    expect(
      exactCountP(
        x,
        Array.from({ length: n }, () => p),
      ),
    ).toBeCloseTo(pValue, 10);
  });
});

describe('meanDifference against t.test (Welch)', () => {
  it.each(REF.welch)('gives t = $t on $df degrees of freedom', (c) => {
    const d = meanDifference(describeSample(c.a), describeSample(c.b));
    expect(d).not.toBeNull();
    close(d?.t ?? null, c.t, 9);
    close(d?.df ?? null, c.df, 9);
    close(d?.p ?? null, c.p, 9);
    close(d?.lower ?? null, c.lower, 8);
    close(d?.upper ?? null, c.upper, 8);
  });
});

describe('newcombeDifference and newcombeP against prop.test’s Wilson intervals', () => {
  it.each(REF.newcombe)('$x1/$n1 − $x2/$n2', (c) => {
    const ci = newcombeDifference(c.x1, c.n1, c.x2, c.n2);
    close(ci.lower, c.lower, 9);
    close(ci.upper, c.upper, 9);
    // R's root is found in α to 1e-14; ours in z.
    close(newcombeP(c.x1, c.n1, c.x2, c.n2), c.p, 9);
  });
});

describe('holmAdjust against p.adjust(p, "holm")', () => {
  it('gives R’s adjusted values, ties included', () => {
    holmAdjust(REF.holm.p).forEach((p, i) => close(p, REF.holm.adjusted[i] as number, 12));
  });
});
