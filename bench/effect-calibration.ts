// `npm run calibrate`: how honest the effect report is on the sample world, at a size `npm test`
// cannot afford. For each world seed the closed loop runs twice (every account treated; every
// account untreated); each holdout draw (a salt) then gives one report, and each of its figures is
// checked against the true difference on the same accounts. Prints, per size and kind of figure, how
// often the 95 % interval holds the truth (should be near 95 %), how often p < 0.05 with effects on
// and with effects at zero (near 5 %), the same for the primary outcome, the log-rank test and the
// Kaplan–Meier median intervals, and the family-wise false alarms: the share of program tables that
// show any "helps" or "hurts" with every effect at zero (at most 5 %), beside the share that showed
// any uncorrected p < 0.05 (what the page read before the correction).
//
//   npm run calibrate -- [--runs 300:3:40,600:4:40,2000:2:30] [--percent 20] [--months 6]
//   (each run: accounts:world seeds:holdout draws)

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildContent } from '../functions/build/build-content.js';
import type { Content } from '../functions/core/email/content.js';
import {
  type CalibrationFigure,
  calibrationDraw,
  type MedianCheck,
  medianCoverage,
  potentialOutcomes,
  type TableOutcome,
  tally,
  tallyTables,
} from '../functions/sim/calibration.js';
import { loadSampleWorld, type SampleEffects, type SampleWorld } from '../functions/sim/sample-config.js';

/** Stronger than the sample's own, so most figures have a true difference to find. */
export const CALIBRATION_EFFECTS: SampleEffects = {
  featureTip: 0.35,
  milestoneNudge: 0.5,
  reonboarding: 0.8,
  withinDays: 7,
};

const { values } = parseArgs({
  options: { runs: { type: 'string' }, percent: { type: 'string' }, months: { type: 'string' } },
});
const runs = (values.runs ?? '300:3:40,600:4:40,2000:2:30').split(',').map((r) => {
  const [accounts, seeds, salts] = r.split(':').map(Number);
  return { accounts: accounts as number, seeds: seeds as number, salts: salts as number };
});
const percent = Number(values.percent ?? 20);
const months = Number(values.months ?? 6);

const root = resolve(import.meta.dirname, '..');
const content = await buildContent(resolve(root, 'templates'));
const base = await loadSampleWorld(resolve(root, 'templates/sample/world.yaml'));
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const started = performance.now();
const seconds = () => Math.round((performance.now() - started) / 1000);

interface Collected {
  readonly on: CalibrationFigure[];
  readonly off: CalibrationFigure[];
  readonly tablesOn: TableOutcome[];
  readonly tablesOff: TableOutcome[];
  readonly medians: MedianCheck[];
}

function collect(world: SampleWorld, seeds: number, salts: number, built: Content): Collected {
  const c: Collected = { on: [], off: [], tablesOn: [], tablesOff: [], medians: [] };
  for (let s = 1; s <= seeds; s++) {
    const outcomes = potentialOutcomes({ ...world, seed: base.seed + s }, built.programs, built.catalogs);
    // With effects at zero both potential outcomes are the untreated one.
    const none = { until: outcomes.until, treated: outcomes.untreated, untreated: outcomes.untreated };
    for (let k = 0; k < salts; k++) {
      const on = calibrationDraw(outcomes, built.programs, `calibration-${s}-${k}`, percent);
      const off = calibrationDraw(none, built.programs, `calibration-${s}-${k}`, percent);
      c.on.push(...on.figures);
      c.off.push(...off.figures);
      c.tablesOn.push(...on.tables);
      c.tablesOff.push(...off.tables);
      c.medians.push(...on.medians, ...off.medians);
    }
    process.stderr.write(`${world.accounts} accounts: seed ${s}/${seeds} done (${seconds()} s)\n`);
  }
  return c;
}

function report(accounts: number, seeds: number, salts: number, c: Collected): string[] {
  const kindOf = (key: string) => key.split('/')[1] as string;
  const row = (label: string, on: readonly CalibrationFigure[], off: readonly CalibrationFigure[]) => {
    const a = tally(on);
    const b = tally(off);
    return `| ${label} | ${a.figures} | ${pct(a.covered)} | ${pct(a.significant)} | ${b.figures} | ${pct(b.significant)} |`;
  };
  const kinds = [...new Set(c.on.map((f) => kindOf(f.key)))].sort();
  const fOff = tallyTables(c.tablesOff);
  const fOn = tallyTables(c.tablesOn);
  const byGroup = (g: 'treatment' | 'control') => c.medians.filter((m) => m.group === g);
  return [
    `### ${accounts} accounts: ${seeds} world seeds × ${salts} holdout draws, ${months} months, ${percent} % holdout`,
    '',
    '| figure | checked (effects on) | interval holds the truth | p < 0.05 | checked (effects 0) | p < 0.05 |',
    '|---|---|---|---|---|---|',
    row(
      '**primary outcome** (restricted mean time to value)',
      c.on.filter((f) => f.primary),
      c.off.filter((f) => f.primary),
    ),
    ...kinds.map((k) =>
      row(
        k,
        c.on.filter((f) => kindOf(f.key) === k),
        c.off.filter((f) => kindOf(f.key) === k),
      ),
    ),
    row('all figures', c.on, c.off),
    '',
    `- log-rank p < 0.05: ${pct(fOff.logRankSignificant)} of ${c.tablesOff.filter((t) => t.logRankP !== null).length} tables with effects at zero, ${pct(fOn.logRankSignificant)} with effects on`,
    `- Kaplan–Meier median interval holds the median of the same accounts: control ${pct(medianCoverage(byGroup('control')))} of ${byGroup('control').length}, treatment ${pct(medianCoverage(byGroup('treatment')))} of ${byGroup('treatment').length}`,
    `- program tables with effects at zero (${fOff.tables}): any uncorrected p < 0.05 ${pct(fOff.anyRawP)}; any "helps"/"hurts" after the correction **${pct(fOff.anyVerdict)}**`,
    `- program tables with effects on (${fOn.tables}): any "helps"/"hurts" ${pct(fOn.anyVerdict)}`,
    '',
  ];
}

const out: string[] = [`effect calibration; effects on: ${JSON.stringify(CALIBRATION_EFFECTS)}`, ''];
for (const run of runs) {
  const world = { ...base, accounts: run.accounts, months, effects: CALIBRATION_EFFECTS };
  out.push(...report(run.accounts, run.seeds, run.salts, collect(world, run.seeds, run.salts, content)));
}
out.push(`${seconds()} s`, '');
process.stdout.write(out.join('\n'));
