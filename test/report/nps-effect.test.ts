// NPS in the effect report: treatment against control as a secondary figure, the difference of two
// independent NPS with var = (p + d − (p − d)²)/n per group, summed; checked against figures worked
// out by hand below (and, once, against R: qnorm and pnorm give the same to 12 digits).
import { describe, expect, it } from 'vitest';
import type { HoldoutGroup } from '../../functions/core/holdout.js';
import type { AccountState } from '../../functions/core/state.js';
import { npsEffect } from '../../functions/report/effect-figures.js';
import { buildEffects } from '../../functions/report/effects-data.js';
import { StatisticsInputError } from '../../functions/report/stats/errors.js';
import { npsDifference, npsEstimate, npsInterval } from '../../functions/report/stats/nps.js';
import { anAccount, defaultProgram, surveyAnswered } from '../fixtures/builders.js';

const program = defaultProgram();
const UNTIL = '2026-07-01T00:00:00.000Z';

// Treatment: 30 promoters, 10 passives, 10 detractors of 50.
//   p = 0.6, d = 0.2, NPS = 0.4; var of one answer = 0.6 + 0.2 − 0.4² = 0.64; var/n = 0.64/50 = 0.0128.
// Control: 8 promoters, 6 passives, 6 detractors of 20.
//   p = 0.4, d = 0.3, NPS = 0.1; var = 0.4 + 0.3 − 0.1² = 0.69; var/n = 0.69/20 = 0.0345.
// Difference 0.4 − 0.1 = 0.3 (30 NPS points); se = √(0.0128 + 0.0345) = √0.0473 = 0.2174856317.
// 95 %: 0.3 ± 1.9599639845 × 0.2174856317 = 0.3 ± 0.4262640053 → −0.1262640053 … 0.7262640053.
// z = 0.3 / 0.2174856317 = 1.3794016; p = 2 Φ(−1.3794016) = 0.1677710064.
// Smallest detectable (80 % power): (1.9599639845 + 0.8416212335) × 0.2174856317 = 0.6093045309.
const TREATMENT = { promoters: 30, passives: 10, detractors: 10 };
const CONTROL = { promoters: 8, passives: 6, detractors: 6 };

describe('the NPS statistic', () => {
  it('gives the score and the variance of one answer', () => {
    const e = npsEstimate(TREATMENT);
    expect(e.n).toBe(50);
    expect(e.score).toBeCloseTo(0.4, 12);
    expect(e.variance).toBeCloseTo(0.64, 12);
    expect(npsEstimate({ promoters: 0, passives: 0, detractors: 0 })).toEqual({ n: 0, score: null, variance: null });
  });

  it('gives one group’s interval: 0.4 ± 1.96 × √(0.64/50)', () => {
    const i = npsInterval(TREATMENT);
    expect(i.lower).toBeCloseTo(0.1782553881, 9);
    expect(i.upper).toBeCloseTo(0.6217446119, 9);
    // Everyone a promoter: no spread, no interval (a zero-width one would claim certainty).
    expect(npsInterval({ promoters: 5, passives: 0, detractors: 0 })).toMatchObject({ score: 1, lower: null });
  });

  it('matches the hand-worked difference, interval and p', () => {
    const d = npsDifference(TREATMENT, CONTROL);
    expect(d?.estimate).toBeCloseTo(0.3, 12);
    expect(d?.se).toBeCloseTo(0.2174856317, 9);
    expect(d?.lower).toBeCloseTo(-0.1262640053, 9);
    expect(d?.upper).toBeCloseTo(0.7262640053, 9);
    expect(d?.p).toBeCloseTo(0.1677710064, 9);
  });

  it('has p < 0.05 exactly when the interval leaves out 0', () => {
    // Treatment 60 promoters of 100 and 10 detractors (NPS 0.5); control 30 and 30 of 100 (NPS 0):
    // var 0.7 − 0.25 = 0.45 and 0.6 − 0 = 0.6; se = √(0.0045 + 0.006) = 0.1024695; 0.5/se = 4.88.
    const big = npsDifference(
      { promoters: 60, passives: 30, detractors: 10 },
      { promoters: 30, passives: 40, detractors: 30 },
    );
    expect(big?.se).toBeCloseTo(0.1024695077, 9);
    expect(big?.p).toBeLessThan(0.05);
    expect(big?.lower).toBeGreaterThan(0);
    const small = npsDifference(TREATMENT, CONTROL);
    expect(small?.p).toBeGreaterThan(0.05);
    expect(small?.lower).toBeLessThan(0);
  });

  it('gives nothing without answers in a group, and no interval without spread', () => {
    expect(npsDifference(TREATMENT, { promoters: 0, passives: 0, detractors: 0 })).toBeNull();
    expect(
      npsDifference({ promoters: 3, passives: 0, detractors: 0 }, { promoters: 0, passives: 2, detractors: 0 }),
    ).toEqual({ estimate: 1, se: 0, lower: null, upper: null, p: null });
    expect(npsEffect(TREATMENT, { promoters: 0, passives: 0, detractors: 0 }).difference.estimate).toBeNull();
  });

  it('refuses a count that is not a whole number, naming it', () => {
    expect(() => npsEstimate({ promoters: 1.5, passives: 0, detractors: 0 })).toThrow(StatisticsInputError);
    expect(() => npsEstimate({ promoters: 1, passives: -1, detractors: 0 })).toThrow(/npsEstimate\.passives/);
  });

  it('gives the smallest detectable difference from the same standard error', () => {
    expect(npsEffect(TREATMENT, CONTROL).difference.mde).toBeCloseTo(0.6093, 4);
  });
});

/** An enrolled account whose people gave these NPS scores after its enrolment (10 Jan). */
function account(id: string, group: HoldoutGroup, scores: readonly number[], before: readonly number[] = []) {
  const b = anAccount(id).withProfile({ contractStart: '2026-01-05' }).onboardedOn('2026-01-10');
  const answer = (prefix: string, at: string) => (score: number, i: number) => {
    b.withContact(`${id}-${prefix}${i}`, { role: i === 0 ? 'owner' : 'member' });
    b.withEvents(surveyAnswered(id, `${id}-${prefix}${i}`, { survey: 'nps', score, answeredAt: at }));
  };
  scores.forEach(answer('c', '2026-03-01T00:00:00Z'));
  // Answered before the account entered the program: the emails had no part in it.
  before.forEach(answer('early', '2026-01-07T00:00:00Z'));
  b.patched((s) => ({
    ...s,
    enrollment: { at: s.onboardingCompletedAt as string, programHash: 'h', group, holdoutPercent: 10 },
  }));
  return b.state(program);
}

describe('NPS in the effect report', () => {
  // Treatment: 10 accounts of 3 promoters, 1 passive, 1 detractor (30/10/10), each with an early
  // detractor left out; control: 4 accounts, 8/6/6 in all.
  const accounts: AccountState[] = [
    ...Array.from({ length: 10 }, (_, i) => account(`t-${i}`, 'treatment', [10, 9, 9, 7, 3], [0])),
    account('c-0', 'control', [10, 9, 8, 2, 0]),
    account('c-1', 'control', [10, 9, 8, 7, 6]),
    account('c-2', 'control', [9, 9, 7, 5, 4]),
    account('c-3', 'control', [10, 10, 8, 8, 1]),
  ];
  const effects = buildEffects({ programs: [program], accounts, until: UNTIL }).programs[0];

  it('counts the answers given after enrolment in each group', () => {
    expect(effects?.nps.treatment).toMatchObject({ n: 50, promoters: 30, passives: 10, detractors: 10, score: 0.4 });
    expect(effects?.nps.control).toMatchObject({ n: 20, promoters: 8, passives: 6, detractors: 6, score: 0.1 });
  });

  it('gives the difference with its interval, as a secondary figure with a verdict', () => {
    const d = effects?.nps.difference;
    expect(d).toMatchObject({ estimate: 0.3, lower: -0.1263, upper: 0.7263, p: 0.167771, role: 'secondary' });
    // The smallest detectable (0.61) is far above the practical 20 points: too few to tell.
    expect(d?.verdict).toEqual({ kind: 'too-few' });
    expect(d?.enough).toBe(false);
  });

  it('is one more p in the secondary figures’ Holm adjustment, and never above its own p', () => {
    const without = buildEffects({
      programs: [program],
      accounts: accounts.map((a) => ({
        ...a,
        contacts: Object.fromEntries(Object.entries(a.contacts).map(([k, c]) => [k, { ...c, surveys: {} }])),
      })),
      until: UNTIL,
    }).programs[0];
    expect(without?.nps.difference.p).toBeNull();
    expect(effects?.secondaryCompared).toBe((without?.secondaryCompared ?? 0) + 1);
    const own = effects?.nps.difference.p ?? 0;
    expect(effects?.nps.difference.pAdjusted).toBeGreaterThanOrEqual(own);
  });
});

describe('NPS with answers by account (cluster-robust)', () => {
  // Treatment: account A 3 promoters (s = 3, n = 3), account B 2 detractors (s = −2, n = 2).
  //   n = 5, NPS = (3 − 2)/5 = 0.2. Independent: var of one answer 0.6 + 0.4 − 0.2² = 0.96, /5 = 0.192.
  //   Clustered: (3 − 3·0.2)² + (−2 − 2·0.2)² = 2.4² + 2.4² = 11.52; × G/(G − 1) = 2 → 23.04; /n² = 0.9216.
  //   The larger: 0.9216.
  // Control: 3 accounts of 1 promoter, 1 passive, 1 detractor: s = 0 each, NPS 0, clustered spread 0.
  //   Independent: p = d = 1/3, var = 2/3, /9 = 0.0740740741. The larger: 0.0740740741.
  // se = √(0.9216 + 0.0740740741) = √0.9956740741 = 0.9978346928.
  const A = { promoters: 3, passives: 0, detractors: 0 };
  const B = { promoters: 0, passives: 0, detractors: 2 };
  const TRIO = { promoters: 1, passives: 1, detractors: 1 };
  const clusteredTreatment = { promoters: 3, passives: 0, detractors: 2, accounts: [A, B] };
  const clusteredControl = { promoters: 3, passives: 3, detractors: 3, accounts: [TRIO, TRIO, TRIO] };

  it('widens the interval when an account’s people answer alike', () => {
    const d = npsDifference(clusteredTreatment, clusteredControl);
    expect(d?.estimate).toBeCloseTo(0.2, 12);
    expect(d?.se).toBeCloseTo(0.9978346928, 9);
    const independent = npsDifference(
      { promoters: 3, passives: 0, detractors: 2 },
      { promoters: 3, passives: 3, detractors: 3 },
    );
    // Independent: √(0.192 + 0.0740740741) = 0.5158236851.
    expect(independent?.se).toBeCloseTo(0.5158236851, 9);
  });

  it('never goes below the independent variance', () => {
    // Every account answers exactly like the whole group: the clustered spread is 0.
    const alike = {
      promoters: 6,
      passives: 2,
      detractors: 2,
      accounts: [
        { promoters: 3, passives: 1, detractors: 1 },
        { promoters: 3, passives: 1, detractors: 1 },
      ],
    };
    const d = npsDifference(alike, { promoters: 6, passives: 2, detractors: 2 });
    // 2 × (0.6 + 0.2 − 0.4²)/10 = 2 × 0.064 = 0.128; se = √0.128 = 0.3577708764.
    expect(d?.se).toBeCloseTo(0.3577708764, 9);
  });

  it('gives no interval when all of a group’s answers come from one account', () => {
    const one = { promoters: 3, passives: 0, detractors: 1, accounts: [{ promoters: 3, passives: 0, detractors: 1 }] };
    expect(npsInterval(one)).toMatchObject({ n: 4, score: 0.5, lower: null, upper: null });
    expect(npsDifference(one, clusteredControl)).toEqual({ estimate: 0.5, se: 0, lower: null, upper: null, p: null });
  });

  it('refuses accounts whose counts do not add up to the group’s', () => {
    expect(() => npsEstimate({ promoters: 4, passives: 0, detractors: 2, accounts: [A, B] })).toThrow(
      StatisticsInputError,
    );
    expect(() => npsEstimate({ promoters: 4, passives: 0, detractors: 2, accounts: [A, B] })).toThrow(
      /promoters summing to 4, not 3/,
    );
  });

  it('counts the effect report’s answers by account, and leaves them out of effects.json', () => {
    const two = [
      account('k-0', 'control', [10, 10]),
      account('k-1', 'control', [0]),
      account('k-2', 'treatment', [9, 2]),
    ];
    const e = buildEffects({ programs: [program], accounts: two, until: UNTIL }).programs[0];
    expect(e?.nps.control).toEqual({
      promoters: 2,
      passives: 0,
      detractors: 1,
      n: 3,
      score: 0.3333,
      lower: expect.any(Number),
      upper: expect.any(Number),
    });
    expect(JSON.stringify(e?.nps)).not.toContain('accounts');
  });
});
