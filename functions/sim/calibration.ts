// Are the effect report's intervals honest? The sample world knows both answers for every account:
// what it does when it gets the program's emails (effects on) and when it gets none (its story alone,
// which is what a control account lives). Running the closed loop twice gives both potential
// outcomes of every account; any holdout draw (a salt) then picks which one the report sees, and the
// true effect on these very accounts is the difference between everyone treated and no one treated.
//
// Over many draws, a 95 % interval should contain the true effect about 95 % of the time, and with
// effects set to zero a difference should come out significant about 5 % of the time, and a program's
// table should show a "helps" or "hurts" verdict, after its correction, at most 5 % of the time.
// Renewal is among the figures: the sample's renewals follow adoption (sample-life.ts), drawn alike
// for an account treated and untreated, so the emails' effect on renewal is known too.
import type { Catalogs } from '../core/catalogs.js';
import { holdoutBucket, isControl } from '../core/holdout.js';
import type { Program } from '../core/program.js';
import { accountProgram, type Programs } from '../core/programs.js';
import type { AccountState } from '../core/state.js';
import { buildEffects, type EffectsData, type ProgramEffects } from '../report/effects-data.js';
import { type KaplanMeier, kaplanMeier, restrictedMean } from '../report/stats/kaplan-meier.js';
import { timeToValueOf } from '../report/time-to-value-effect.js';
import { runClosedLoop } from './closed-loop.js';
import type { SampleWorld } from './sample-config.js';
import { sampleWindow } from './sample-world.js';

export interface PotentialOutcomes {
  readonly until: string;
  /** Every account's final state when it gets the emails and answers them as the world's effects say. */
  readonly treated: readonly AccountState[];
  /** The same accounts when the emails change nothing (what a control account lives). */
  readonly untreated: readonly AccountState[];
}

const NO_HOLDOUT = (programs: Programs): Programs =>
  programs.map((p) => ({
    ...p,
    holdout: { percent: 0, ...(p.holdout?.salt === undefined ? {} : { salt: p.holdout.salt }) },
  }));

export function potentialOutcomes(world: SampleWorld, programs: Programs, catalogs: Catalogs): PotentialOutcomes {
  const everyone = NO_HOLDOUT(programs);
  const untouched = { ...world, effects: { ...world.effects, featureTip: 0, milestoneNudge: 0, reonboarding: 0 } };
  return {
    until: sampleWindow(world).until,
    treated: runClosedLoop(world, everyone, catalogs).map((a) => a.state),
    untreated: runClosedLoop(untouched, everyone, catalogs).map((a) => a.state),
  };
}

function relabel(state: AccountState, group: 'treatment' | 'control', percent: number): AccountState {
  const enrollment = state.enrollment;
  if (enrollment === undefined || enrollment.group === 'excluded') return state;
  return { ...state, enrollment: { ...enrollment, group, holdoutPercent: percent } };
}

/** The accounts as a run with this holdout draw would end: control accounts live their untreated outcome. */
export function drawHoldout(outcomes: PotentialOutcomes, salt: string, percent: number): AccountState[] {
  return outcomes.treated.map((treated, i) => {
    const control = isControl(holdoutBucket(salt, treated.accountId), percent);
    return control
      ? relabel(outcomes.untreated[i] as AccountState, 'control', percent)
      : relabel(treated, 'treatment', percent);
  });
}

export interface CalibrationFigure {
  readonly key: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly p: number;
  readonly truth: number;
  /** Control accounts behind the figure. */
  readonly controlN: number;
  /** The program's primary outcome (judged on its own interval). */
  readonly primary: boolean;
}

/** Figures of the report with both groups at least this large are checked (smaller ones say little). */
export const MIN_GROUP = 10;

const truthCache = new WeakMap<PotentialOutcomes, EffectsData>();
/** Everyone treated against everyone untreated: the true differences, on the scale of each figure. */
function truths(outcomes: PotentialOutcomes, programs: Programs): EffectsData {
  let truth = truthCache.get(outcomes);
  if (truth === undefined) {
    const both = [
      ...outcomes.treated.map((s) => relabel(s, 'treatment', 0)),
      ...outcomes.untreated.map((s) => relabel(s, 'control', 0)),
    ];
    truth = buildEffects({ programs, accounts: both, until: outcomes.until });
    truthCache.set(outcomes, truth);
  }
  return truth;
}

/** Time to value of every assigned account of the program, as everyone treated or as no one treated. */
const populationCache = new WeakMap<readonly AccountState[], Map<string, KaplanMeier>>();
function populationCurve(
  states: readonly AccountState[],
  program: Program,
  programs: Programs,
  until: string,
): KaplanMeier {
  let byProgram = populationCache.get(states);
  if (byProgram === undefined) populationCache.set(states, (byProgram = new Map()));
  let km = byProgram.get(program.id);
  if (km === undefined) {
    km = kaplanMeier(
      states
        .filter(
          (s) =>
            s.enrollment !== undefined &&
            s.enrollment.group !== 'excluded' &&
            accountProgram(s, programs).id === program.id,
        )
        .flatMap((s) => timeToValueOf(s, program, until) ?? []),
    );
    byProgram.set(program.id, km);
  }
  return km;
}

function trueRestrictedMeanDifference(
  outcomes: PotentialOutcomes,
  program: Program,
  programs: Programs,
  tau: number,
): number {
  const curve = (states: readonly AccountState[]) => populationCurve(states, program, programs, outcomes.until);
  return (
    restrictedMean(curve(outcomes.treated), tau).estimate - restrictedMean(curve(outcomes.untreated), tau).estimate
  );
}

/** One program's table in one draw, as a CS manager would read it. */
export interface TableOutcome {
  readonly programId: string;
  readonly controlN: number;
  /** Any figure (log-rank included) with a "helps" or "hurts" verdict after the table's correction. */
  readonly anyVerdict: boolean;
  /** Any figure with an uncorrected p below 0.05 (what the page showed before the correction). */
  readonly anyRawP: boolean;
  readonly logRankP: number | null;
}

/** Whether a group's Kaplan–Meier median interval holds the median of the same accounts all living that group's outcome. */
export interface MedianCheck {
  readonly key: string;
  readonly group: 'treatment' | 'control';
  readonly covered: boolean;
  readonly groupN: number;
}

export interface CalibrationDraw {
  readonly figures: CalibrationFigure[];
  readonly tables: TableOutcome[];
  readonly medians: MedianCheck[];
}

function tableOutcome(p: ProgramEffects): TableOutcome | null {
  const differences = [
    ...p.milestones.map((m) => m.difference),
    p.features.basic.difference,
    p.features.advanced.difference,
    p.atRisk.difference,
    p.renewal.difference,
    p.nps.difference,
    p.timeToValue.restrictedMeanDifference,
  ];
  const raw = [...differences.map((d) => d.p), p.timeToValue.logRankP].filter((x): x is number => x !== null);
  if (raw.length === 0) return null;
  const found = (kind: string) => kind === 'helps' || kind === 'hurts';
  return {
    programId: p.programId,
    controlN: p.groups.control,
    anyVerdict: differences.some((d) => found(d.verdict.kind)) || found(p.timeToValue.logRank?.verdict.kind ?? ''),
    anyRawP: raw.some((x) => x < 0.05),
    logRankP: p.timeToValue.logRankP,
  };
}

/** The checked figures of one holdout draw, each with the true value it estimates. */
export function calibrationFigures(
  outcomes: PotentialOutcomes,
  programs: Programs,
  salt: string,
  percent: number,
): CalibrationFigure[] {
  return calibrationDraw(outcomes, programs, salt, percent).figures;
}

/** One holdout draw: its figures against the truth, its tables' verdicts, its medians' intervals. */
export function calibrationDraw(
  outcomes: PotentialOutcomes,
  programs: Programs,
  salt: string,
  percent: number,
): CalibrationDraw {
  const report = buildEffects({ programs, accounts: drawHoldout(outcomes, salt, percent), until: outcomes.until });
  const truth = truths(outcomes, programs);
  const figures: CalibrationFigure[] = [];
  const tables = report.programs.flatMap((p) => tableOutcome(p) ?? []);
  const medians: MedianCheck[] = [];
  const add = (
    key: string,
    sizes: readonly number[],
    d: { estimate: number | null; lower: number | null; upper: number | null; p: number | null; role?: string },
    t: number | null,
  ) => {
    if (
      sizes.some((n) => n < MIN_GROUP) ||
      d.estimate === null ||
      d.lower === null ||
      d.upper === null ||
      d.p === null ||
      t === null
    )
      return;
    figures.push({
      key,
      estimate: d.estimate,
      lower: d.lower,
      upper: d.upper,
      p: d.p,
      truth: t,
      controlN: sizes[1] as number,
      primary: d.role === 'primary',
    });
  };
  report.programs.forEach((p, i) => {
    const t = truth.programs[i];
    const program = programs[i] as Program;
    if (t === undefined) return;
    p.milestones.forEach((m, k) =>
      add(
        `${p.programId}/on-time/${m.milestoneId}`,
        [m.treatment.n, m.control.n],
        m.difference,
        t.milestones[k]?.difference.estimate ?? null,
      ),
    );
    add(
      `${p.programId}/basic-features`,
      [p.features.basic.treatment.n, p.features.basic.control.n],
      p.features.basic.difference,
      t.features.basic.difference.estimate,
    );
    add(
      `${p.programId}/advanced-features`,
      [p.features.advanced.treatment.n, p.features.advanced.control.n],
      p.features.advanced.difference,
      t.features.advanced.difference.estimate,
    );
    add(
      `${p.programId}/at-risk`,
      [p.atRisk.treatment.n, p.atRisk.control.n],
      p.atRisk.difference,
      t.atRisk.difference.estimate,
    );
    // Renewal depends on adoption in the sample world (sample-life.ts), so the email moves it too.
    add(
      `${p.programId}/renewal`,
      [p.renewal.treatment.n, p.renewal.control.n],
      p.renewal.difference,
      t.renewal.difference.estimate,
    );
    const ttv = p.timeToValue;
    add(
      `${p.programId}/time-to-value`,
      [ttv.treatment.n, ttv.control.n],
      ttv.restrictedMeanDifference,
      ttv.tauDays === null ? null : trueRestrictedMeanDifference(outcomes, program, programs, ttv.tauDays),
    );
    for (const group of ['treatment', 'control'] as const) {
      const g = ttv[group];
      const trueMedian = populationCurve(
        group === 'treatment' ? outcomes.treated : outcomes.untreated,
        program,
        programs,
        outcomes.until,
      ).median.estimate;
      if (g.n < MIN_GROUP || g.medianDays.estimate === null || trueMedian === null) continue;
      // A missing upper limit is survfit's NA: the interval runs on past the follow-up.
      const lower = g.medianDays.lower ?? Number.NEGATIVE_INFINITY;
      const upper = g.medianDays.upper ?? Number.POSITIVE_INFINITY;
      // Medians are printed to 0.1 day.
      medians.push({
        key: `${p.programId}/median-${group}`,
        group,
        covered: trueMedian >= lower - 0.05 && trueMedian <= upper + 0.05,
        groupN: g.n,
      });
    }
  });
  return { figures, tables, medians };
}

export interface CalibrationTally {
  readonly figures: number;
  /** Share of figures whose interval holds the true difference. */
  readonly covered: number;
  /** Share of figures with p < 0.05. */
  readonly significant: number;
  /** Share of figures whose true difference is not 0 (to 1e-9). */
  readonly nonZeroTruth: number;
}

export function tally(figures: readonly CalibrationFigure[]): CalibrationTally {
  const n = figures.length;
  const share = (f: (x: CalibrationFigure) => boolean) => (n === 0 ? 0 : figures.filter(f).length / n);
  // Figures are rounded to 4 decimals in the report: allow that much at the interval's ends.
  return {
    figures: n,
    covered: share((x) => x.truth >= x.lower - 1e-4 && x.truth <= x.upper + 1e-4),
    significant: share((x) => x.p < 0.05),
    nonZeroTruth: share((x) => Math.abs(x.truth) > 1e-9),
  };
}

export interface TableTally {
  readonly tables: number;
  /** Share of tables with any "helps" or "hurts" verdict after the correction. */
  readonly anyVerdict: number;
  /** Share of tables with any uncorrected p below 0.05. */
  readonly anyRawP: number;
  /** Share of tables whose log-rank p is below 0.05 (among those with one). */
  readonly logRankSignificant: number;
}

export function tallyTables(tables: readonly TableOutcome[]): TableTally {
  const n = tables.length;
  const withLogRank = tables.filter((t) => t.logRankP !== null);
  return {
    tables: n,
    anyVerdict: n === 0 ? 0 : tables.filter((t) => t.anyVerdict).length / n,
    anyRawP: n === 0 ? 0 : tables.filter((t) => t.anyRawP).length / n,
    logRankSignificant:
      withLogRank.length === 0
        ? 0
        : withLogRank.filter((t) => (t.logRankP as number) < 0.05).length / withLogRank.length,
  };
}

/** Share of median intervals that hold the true median. */
export function medianCoverage(checks: readonly MedianCheck[]): number {
  return checks.length === 0 ? 0 : checks.filter((c) => c.covered).length / checks.length;
}
