// The effect report's intervals, checked on the closed-loop sample world (a small run; `npm run
// calibrate` runs the large one and its figures are in the README): every account is run both
// treated and untreated, holdout draws pick which outcome the report sees, and each figure is checked
// against the true difference on the same accounts.
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContent } from '../../functions/build/build-content.js';
import type { Content } from '../../functions/core/email/content.js';
import { calibrationFigures, drawHoldout, potentialOutcomes, tally, type CalibrationFigure, type PotentialOutcomes } from '../../functions/sim/calibration.js';
import { loadSampleWorld } from '../../functions/sim/sample-config.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SALTS = 20;
const PERCENT = 20;

let content: Content;
let outcomes: PotentialOutcomes;
let on: CalibrationFigure[];
let off: CalibrationFigure[];

beforeAll(async () => {
  content = await buildContent(join(ROOT, 'templates'));
  const base = await loadSampleWorld(join(ROOT, 'templates/sample/world.yaml'));
  const world = { ...base, seed: base.seed + 101, accounts: 120, months: 3, effects: { featureTip: 0.35, milestoneNudge: 0.5, reonboarding: 0.8, withinDays: 7 } };
  outcomes = potentialOutcomes(world, content.programs, content.catalogs);
  const none = { until: outcomes.until, treated: outcomes.untreated, untreated: outcomes.untreated };
  on = [];
  off = [];
  for (let k = 0; k < SALTS; k++) {
    on.push(...calibrationFigures(outcomes, content.programs, `test-${k}`, PERCENT));
    off.push(...calibrationFigures(none, content.programs, `test-${k}`, PERCENT));
  }
}, 120_000);

describe('the effect report on the closed-loop sample world', () => {
  it('puts about the configured share of accounts in control in every draw', () => {
    const eligible = outcomes.treated.filter((s) => s.enrollment !== undefined && s.enrollment.group !== 'excluded').length;
    const controls = Array.from({ length: SALTS }, (_, k) => drawHoldout(outcomes, `test-${k}`, PERCENT).filter((s) => s.enrollment?.group === 'control').length);
    const mean = controls.reduce((a, b) => a + b, 0) / SALTS;
    expect(Math.abs(mean / eligible - PERCENT / 100)).toBeLessThan(0.05);
  });

  it('has true differences to find when the emails are answered', () => {
    expect(tally(on).nonZeroTruth).toBeGreaterThan(0.5);
  });

  it('holds the true difference inside the 95 % interval for most figures and draws', () => {
    const result = tally(on);
    expect(result.figures).toBeGreaterThan(50);
    expect(result.covered).toBeGreaterThan(0.85);
  });

  it('finds no significant difference for most figures and draws when the emails change nothing', () => {
    const result = tally(off);
    expect(result.nonZeroTruth).toBe(0);
    expect(result.figures).toBeGreaterThan(50);
    expect(result.significant).toBeLessThan(0.15);
  });
});
