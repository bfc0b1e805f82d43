// `npm run calibrate`: how honest the effect report is on the sample world, at a size `npm test`
// cannot afford. For each world seed the closed loop runs twice (every account treated; every
// account untreated); each holdout draw (a salt) then gives one report, and each of its figures is
// checked against the true difference on the same accounts. Prints, per kind of figure, how often the
// 95 % interval holds the truth (should be near 95 %) and how often p < 0.05 with effects on and
// with effects set to zero (should be near 5 %).
//
//   npm run calibrate -- [--seeds 10] [--accounts 600] [--salts 40] [--percent 20]
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { buildContent } from '../functions/build/build-content.js';
import { calibrationFigures, potentialOutcomes, tally, type CalibrationFigure } from '../functions/sim/calibration.js';
import { loadSampleWorld, type SampleEffects } from '../functions/sim/sample-config.js';

/** Stronger than the sample's own, so most figures have a true difference to find. */
export const CALIBRATION_EFFECTS: SampleEffects = { featureTip: 0.35, milestoneNudge: 0.5, reonboarding: 0.8, withinDays: 7 };

const { values } = parseArgs({
  options: { seeds: { type: 'string' }, accounts: { type: 'string' }, salts: { type: 'string' }, percent: { type: 'string' }, months: { type: 'string' } },
});
const seeds = Number(values.seeds ?? 10);
const accounts = Number(values.accounts ?? 600);
const salts = Number(values.salts ?? 40);
const percent = Number(values.percent ?? 20);
const months = Number(values.months ?? 6);

const root = resolve(import.meta.dirname, '..');
const content = await buildContent(resolve(root, 'templates'));
const base = await loadSampleWorld(resolve(root, 'templates/sample/world.yaml'));
const on: CalibrationFigure[] = [];
const off: CalibrationFigure[] = [];
const started = performance.now();
for (let s = 1; s <= seeds; s++) {
  const world = { ...base, seed: base.seed + s, accounts, months, effects: CALIBRATION_EFFECTS };
  const outcomes = potentialOutcomes(world, content.programs, content.catalogs);
  // With effects at zero both potential outcomes are the untreated one.
  const none = { until: outcomes.until, treated: outcomes.untreated, untreated: outcomes.untreated };
  for (let k = 0; k < salts; k++) {
    on.push(...calibrationFigures(outcomes, content.programs, `calibration-${s}-${k}`, percent));
    off.push(...calibrationFigures(none, content.programs, `calibration-${s}-${k}`, percent));
  }
  process.stderr.write(`seed ${s}/${seeds} done (${Math.round((performance.now() - started) / 1000)} s)\n`);
}

const kindOf = (key: string) => key.split('/')[1] as string;
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const rows = [...new Set(on.map((f) => kindOf(f.key)))].map((kind) => {
  const a = tally(on.filter((f) => kindOf(f.key) === kind));
  const b = tally(off.filter((f) => kindOf(f.key) === kind));
  return `| ${kind} | ${a.figures} | ${pct(a.covered)} | ${pct(a.significant)} | ${b.figures} | ${pct(b.significant)} |`;
});
const all = tally(on);
const none = tally(off);
// The same, by the size of the control group behind each figure: small groups are where normal
// approximations strain (and where the report says "not enough accounts yet to tell").
const sizes: [string, (n: number) => boolean][] = [
  ['under 30 control accounts', (n) => n < 30],
  ['30 to 99', (n) => n >= 30 && n < 100],
  ['100 or more', (n) => n >= 100],
];
const bySize = sizes.map(([label, within]) => {
  const a = tally(on.filter((f) => within(f.controlN)));
  const b = tally(off.filter((f) => within(f.controlN)));
  return `| ${label} | ${a.figures} | ${pct(a.covered)} | ${pct(a.significant)} | ${b.figures} | ${pct(b.significant)} |`;
});
process.stdout.write(
  [
    `effect calibration: ${seeds} world seeds × ${salts} holdout draws, ${accounts} accounts, ${months} months, ${percent} % holdout; effects ${JSON.stringify(CALIBRATION_EFFECTS)}`,
    '',
    '| figure | checked (effects on) | interval holds the truth | p < 0.05 | checked (effects 0) | p < 0.05 |',
    '|---|---|---|---|---|---|',
    ...rows,
    `| all | ${all.figures} | ${pct(all.covered)} | ${pct(all.significant)} | ${none.figures} | ${pct(none.significant)} |`,
    '',
    '| control group | checked (effects on) | interval holds the truth | p < 0.05 | checked (effects 0) | p < 0.05 |',
    '|---|---|---|---|---|---|',
    ...bySize,
    '',
    `${Math.round((performance.now() - started) / 1000)} s`,
    '',
  ].join('\n'),
);
