// The effect report's intervals, checked on the closed-loop sample world (a small run; `npm run
// calibrate` runs the large one and its figures are in the README): every account is run both
// treated and untreated, holdout draws pick which outcome the report sees, and each figure is checked
// against the true difference on the same accounts.
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContent } from '../../functions/build/build-content.js';
import type { Content } from '../../functions/core/email/content.js';
import {
  type CalibrationFigure,
  calibrationDraw,
  drawHoldout,
  type MedianCheck,
  medianCoverage,
  type PotentialOutcomes,
  potentialOutcomes,
  type TableOutcome,
  tally,
  tallyTables,
} from '../../functions/sim/calibration.js';
import { loadSampleWorld } from '../../functions/sim/sample-config.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SALTS = 20;
const PERCENT = 20;

let content: Content;
let outcomes: PotentialOutcomes;
let on: CalibrationFigure[];
let off: CalibrationFigure[];
let tablesOff: TableOutcome[];
let medians: MedianCheck[];

beforeAll(async () => {
  content = await buildContent(join(ROOT, 'templates'));
  const base = await loadSampleWorld(join(ROOT, 'templates/sample/world.yaml'));
  const world = {
    ...base,
    seed: base.seed + 101,
    accounts: 120,
    months: 3,
    effects: { featureTip: 0.35, milestoneNudge: 0.5, reonboarding: 0.8, withinDays: 7 },
  };
  outcomes = potentialOutcomes(world, content.programs, content.catalogs);
  const none = { until: outcomes.until, treated: outcomes.untreated, untreated: outcomes.untreated };
  on = [];
  off = [];
  tablesOff = [];
  medians = [];
  for (let k = 0; k < SALTS; k++) {
    const a = calibrationDraw(outcomes, content.programs, `test-${k}`, PERCENT);
    const b = calibrationDraw(none, content.programs, `test-${k}`, PERCENT);
    on.push(...a.figures);
    off.push(...b.figures);
    tablesOff.push(...b.tables);
    medians.push(...a.medians, ...b.medians);
  }
}, 120_000);

describe('the effect report on the closed-loop sample world', () => {
  it('puts about the configured share of accounts in control in every draw', () => {
    const eligible = outcomes.treated.filter(
      (s) => s.enrollment !== undefined && s.enrollment.group !== 'excluded',
    ).length;
    const controls = Array.from(
      { length: SALTS },
      (_, k) => drawHoldout(outcomes, `test-${k}`, PERCENT).filter((s) => s.enrollment?.group === 'control').length,
    );
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

  it('holds the truth in the primary outcome’s interval for most draws', () => {
    const primary = tally(on.filter((f) => f.primary));
    expect(primary.figures).toBeGreaterThan(10);
    expect(primary.covered).toBeGreaterThan(0.85);
  });

  it('holds the median of the same accounts in most control groups’ Kaplan–Meier median intervals', () => {
    const control = medians.filter((m) => m.group === 'control');
    expect(control.length).toBeGreaterThan(10);
    expect(medianCoverage(control)).toBeGreaterThan(0.85);
  });

  it('rarely shows a “helps” or “hurts” in a program’s table when the emails change nothing, far less often than an uncorrected p < 0.05', () => {
    const tables = tallyTables(tablesOff);
    expect(tables.tables).toBeGreaterThan(30);
    expect(tables.anyVerdict).toBeLessThanOrEqual(0.1);
    expect(tables.anyVerdict).toBeLessThan(tables.anyRawP);
  });
});
