import { describe, expect, it } from 'vitest';
import { adjustSecondary, holmAdjust, type VerdictInput, verdictOf } from '../../functions/report/verdict.js';

const figure = (over: Partial<VerdictInput>): VerdictInput => ({
  estimate: 0.05,
  lower: -0.02,
  upper: 0.12,
  p: 0.2,
  mde: 0.1,
  practical: 0.2,
  better: 'higher',
  alpha: 0.05,
  ...over,
});

describe('verdictOf', () => {
  it.each([
    [
      'helps when the interval is above 0 and higher is better',
      figure({ estimate: 0.1, lower: 0.02, upper: 0.18, p: 0.01 }),
      { kind: 'helps' },
    ],
    [
      'hurts when the interval is above 0 and lower is better (days to value)',
      figure({ estimate: 3, lower: 1, upper: 5, p: 0.003, better: 'lower' }),
      { kind: 'hurts' },
    ],
    [
      'helps when days to value fall',
      figure({ estimate: -3, lower: -5, upper: -1, p: 0.003, better: 'lower' }),
      { kind: 'helps' },
    ],
    [
      'says how large the effect could still be, from the interval’s far end',
      figure({}),
      { kind: 'no-effect-yet', upTo: 0.12 },
    ],
    [
      'takes the far end on the negative side when that is farther',
      figure({ estimate: -0.04, lower: -0.15, upper: 0.07 }),
      { kind: 'no-effect-yet', upTo: -0.15 },
    ],
    [
      'has too few accounts when the smallest detectable effect exceeds the practical size',
      figure({ mde: 0.25 }),
      { kind: 'too-few' },
    ],
    ['has too few accounts when no change could be detected at all', figure({ mde: null }), { kind: 'too-few' }],
    [
      'has too few accounts when there is nothing to compare',
      figure({ estimate: null, lower: null, upper: null, p: null, mde: null }),
      { kind: 'too-few' },
    ],
    [
      'still reports a clear effect found with few accounts',
      figure({ estimate: 0.4, lower: 0.1, upper: 0.7, p: 0.004, mde: 0.5 }),
      { kind: 'helps' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(verdictOf(input)).toEqual(expected);
  });
});

describe('adjustSecondary', () => {
  it('holds every secondary behind the primary: none is found while the primary is not', () => {
    const adjusted = adjustSecondary(0.3, [0.001, 0.04, null]);
    expect(adjusted).toEqual([0.3, 0.3, null]);
  });

  it('is Holm’s adjustment once the primary is found', () => {
    // Holm (1979): the k-th smallest of m is multiplied by m − k + 1, then made non-decreasing.
    expect(adjustSecondary(0.001, [0.01, 0.04, 0.03])).toEqual(holmAdjust([0.01, 0.04, 0.03]));
    expect(holmAdjust([0.01, 0.04, 0.03]).map((p) => Number(p?.toFixed(6)))).toEqual([0.03, 0.06, 0.06]);
  });
});
