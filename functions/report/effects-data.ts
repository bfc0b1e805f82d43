// The effect report (effects.json, and its section of report.html): per program, the accounts that
// got the program's email (treatment) against those held back (control), one number per account —
// never per contact: the people of one company are not independent of each other.
import { featureUse } from '../core/assess.js';
import { milestoneDueAt } from '../core/milestones.js';
import { effectSettingsOf, type Program, valueMilestoneOf } from '../core/program.js';
import { accountProgram, type Programs } from '../core/programs.js';
import type { AccountState } from '../core/state.js';
import { isDetractor, isPromoter } from '../core/voice.js';
import {
  ENOUGH_CONTROL_ACCOUNTS,
  type MeanEffect,
  type Measured,
  meanEffect,
  type NpsEffect,
  npsEffect,
  type ProportionEffect,
  proportionEffect,
  roundFigure,
} from './effect-figures.js';
import { judgeTable, type MilestoneEffect, type PrimaryFigure } from './effect-table.js';
import { type FeatureSuccessTable, featureSuccessTable } from './feature-success.js';
import { renewalOutcome } from './renewal-figures.js';
import { type ReportAccount, reportAccountsOf } from './report-account.js';
import { exactCountP } from './stats/binomial.js';
import type { NpsCounts } from './stats/nps.js';
import { ALPHA, POWER, sizeToDetect } from './stats/power.js';
import { wilsonInterval } from './stats/proportions.js';
import { type TimeToValueEffect, timeToValueEffect } from './time-to-value-effect.js';

export type { MilestoneEffect } from './effect-table.js';

export const EFFECTS_FORMAT = 1;
/** A control share this unlikely under the configured percentage means assignment or exclusions are broken. */
export const SHARE_CHECK_ALPHA = 0.001;

export interface ControlShareCheck {
  /** Accounts in treatment or control. */
  readonly assigned: number;
  readonly control: number;
  /** The share the configured percentages (as recorded at each account's entry) lead to expect. */
  readonly expected: number | null;
  readonly observed: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Exact two-sided p of the observed count under each account's configured share (binomial, or Poisson-binomial when they differ). */
  readonly p: number | null;
  /** Control accounts that were sent email anyway (must be 0). */
  readonly controlMailed: number;
  readonly ok: boolean;
}

export interface ProgramEffects {
  readonly programId: string;
  readonly valueMilestone: string;
  readonly groups: {
    readonly treatment: number;
    readonly control: number;
    readonly excluded: number;
    readonly notEnrolled: number;
  };
  readonly controlShare: ControlShareCheck;
  /** The primary outcome's smallest detectable difference is within the practical size. */
  readonly enough: boolean;
  /** The one outcome the program is judged by (program.yaml `effect.primary`), with its verdict. */
  readonly primary: PrimaryFigure;
  /** program.yaml `effect.practicalPoints`: the smallest change worth knowing about, in points. */
  readonly practicalPoints: number;
  /** How many secondary figures' p-values the table compared (Holm's m; the log-rank test included). */
  readonly secondaryCompared: number;
  /** Share reaching each adoption milestone by its due day, among accounts whose due day has passed. */
  readonly milestones: readonly MilestoneEffect[];
  readonly timeToValue: TimeToValueEffect;
  /** Mean share of the stage's features in use per account, at the end. */
  readonly features: { readonly basic: MeanEffect; readonly advanced: MeanEffect };
  /** Share of accounts at risk at the end. */
  readonly atRisk: ProportionEffect;
  /** Share renewed of the contracts that came up for renewal after the account's enrolment. */
  readonly renewal: ProportionEffect;
  /** How many contracts due per group it takes to see `practicalPoints` on the renewal rate. */
  readonly renewalPower: RenewalPower;
  /**
   * NPS of the people who answered after their account's enrolment (their latest answer), treatment
   * against control; secondary, in score units (0.1 = 10 NPS points). Per person, not per account.
   */
  readonly nps: NpsEffect;
}

export interface RenewalPower {
  /**
   * The renewal rate the size is worked out from: both groups' together (the rate they share when the
   * emails change nothing, and steadier than a small control group's own); null with none due.
   */
  readonly baseline: number | null;
  /** The change looked for, a share (`practicalPoints` / 100). */
  readonly change: number;
  /** Contracts due per group (rounded up) for 80 % power at α = 0.05; null with no baseline. */
  readonly duePerGroup: number | null;
  /** Contracts due so far in each group. */
  readonly due: { readonly treatment: number; readonly control: number };
}

function renewalPower(renewal: ProportionEffect<Measured>, practicalPoints: number): RenewalPower {
  const change = practicalPoints / 100;
  const due = renewal.treatment.n + renewal.control.n;
  const baseline = due === 0 ? null : roundFigure((renewal.treatment.x + renewal.control.x) / due);
  const size = baseline === null ? null : sizeToDetect(baseline, change);
  return {
    baseline,
    change,
    duePerGroup: size === null ? null : Math.ceil(size),
    due: { treatment: renewal.treatment.n, control: renewal.control.n },
  };
}

export interface EffectsData {
  readonly format: typeof EFFECTS_FORMAT;
  readonly until: string;
  /** No longer decides anything (see `practicalPoints` per program); kept for the tools that read it. */
  readonly enoughControlAccounts: number;
  readonly alpha: number;
  readonly power: number;
  readonly programs: readonly ProgramEffects[];
  /** Per program, then all programs together. */
  readonly featureSuccess: readonly FeatureSuccessTable[];
}

export interface EffectsInput {
  readonly programs: Programs;
  readonly accounts: readonly AccountState[];
  readonly until: string;
}

function controlShare(treatment: readonly ReportAccount[], control: readonly ReportAccount[]): ControlShareCheck {
  const assigned = [...treatment, ...control];
  const controlMailed = control.filter((a) => a.mailed).length;
  if (assigned.length === 0)
    return {
      assigned: 0,
      control: 0,
      expected: null,
      observed: null,
      lower: null,
      upper: null,
      p: null,
      controlMailed,
      ok: controlMailed === 0,
    };
  const shares = assigned.map((a) => (a.enrollment?.holdoutPercent ?? 0) / 100);
  const expected = shares.reduce((s, p) => s + p, 0);
  const x = control.length;
  // Each account's own percentage (they may differ when CS ops changed it): a Poisson-binomial count.
  const p = exactCountP(x, shares);
  const ci = wilsonInterval(x, assigned.length);
  return {
    assigned: assigned.length,
    control: x,
    expected: roundFigure(expected / assigned.length),
    observed: roundFigure(ci.estimate),
    lower: roundFigure(ci.lower),
    upper: roundFigure(ci.upper),
    p: roundFigure(p, 6),
    controlMailed,
    ok: p >= SHARE_CHECK_ALPHA && controlMailed === 0,
  };
}

/**
 * The latest NPS answers given after each account's enrolment, up to `until`, counted by class, and
 * by account (the estimate's variance treats an account's people as one cluster).
 */
export function npsCountsOf(group: readonly ReportAccount[], until: string): NpsCounts {
  const accounts: NpsCounts[] = [];
  for (const a of group) {
    const since = a.enrollment?.at;
    if (since === undefined) continue;
    let promoters = 0;
    let passives = 0;
    let detractors = 0;
    for (const answer of a.voice?.answers ?? []) {
      if (answer.survey !== 'nps' || answer.at < since || answer.at > until) continue;
      if (isPromoter('nps', answer.score)) promoters += 1;
      else if (isDetractor('nps', answer.score)) detractors += 1;
      else passives += 1;
    }
    if (promoters + passives + detractors > 0) accounts.push({ promoters, passives, detractors });
  }
  const sum = (name: 'promoters' | 'passives' | 'detractors') => accounts.reduce((total, a) => total + a[name], 0);
  return { promoters: sum('promoters'), passives: sum('passives'), detractors: sum('detractors'), accounts };
}

function stageShare(account: ReportAccount, program: Program, until: string, stage: 'basic' | 'advanced'): number {
  const use = featureUse(account, program, until)[stage];
  return use.total === 0 ? 0 : use.used / use.total;
}

function programEffects(program: Program, accounts: readonly ReportAccount[], until: string): ProgramEffects {
  const enrolled = accounts.filter((a) => a.enrollment !== undefined);
  const treatment = enrolled.filter((a) => a.enrollment?.group === 'treatment');
  const control = enrolled.filter((a) => a.enrollment?.group === 'control');
  // One value per account of each group; null leaves the account out of that figure.
  const pick = <T>(group: readonly ReportAccount[], f: (a: ReportAccount) => T | null): T[] =>
    group.flatMap((a) => {
      const v = f(a);
      return v === null ? [] : [v];
    });
  const both = <T>(f: (a: ReportAccount) => T | null) => ({ t: pick(treatment, f), c: pick(control, f) });

  const milestones = program.milestones
    .filter((m) => m.phase === 'adoption')
    .map((m): MilestoneEffect<Measured> => {
      const onTime = both((a) => {
        const dueAt = milestoneDueAt(m, a);
        if (dueAt === null || dueAt > until) return null;
        const reachedAt = a.milestones[m.id];
        return reachedAt !== undefined && reachedAt <= dueAt;
      });
      return { milestoneId: m.id, dueDay: m.dueDay, ...proportionEffect(onTime.t, onTime.c) };
    });
  const basic = both((a) => stageShare(a, program, until, 'basic'));
  const advanced = both((a) => stageShare(a, program, until, 'advanced'));
  // Each account's health was read by its own program, which is this one, at `until`.
  const atRisk = both((a) => a.health.atRisk);
  // A contract that came up before the account was enrolled owes nothing to the program's email.
  const renewed = both((a) => {
    const due = a.enrollment === undefined ? null : renewalOutcome(a, a.enrollment.at, until);
    return due === null ? null : due.outcome === 'renewed';
  });
  const renewal = proportionEffect(renewed.t, renewed.c);

  const settings = effectSettingsOf(program);
  const judged = judgeTable(
    {
      milestones,
      features: { basic: meanEffect(basic.t, basic.c, [0, 1]), advanced: meanEffect(advanced.t, advanced.c, [0, 1]) },
      atRisk: proportionEffect(atRisk.t, atRisk.c),
      renewal,
      nps: npsEffect(npsCountsOf(treatment, until), npsCountsOf(control, until)),
      timeToValue: timeToValueEffect(treatment, control, program, until),
    },
    settings,
  );
  return {
    programId: program.id,
    valueMilestone: valueMilestoneOf(program),
    groups: {
      treatment: treatment.length,
      control: control.length,
      excluded: enrolled.length - treatment.length - control.length,
      notEnrolled: accounts.length - enrolled.length,
    },
    controlShare: controlShare(treatment, control),
    enough: judged.primary.difference.enough,
    primary: judged.primary,
    practicalPoints: settings.practicalPoints,
    secondaryCompared: judged.secondaryCompared,
    milestones: judged.milestones,
    timeToValue: judged.timeToValue,
    features: judged.features,
    atRisk: judged.atRisk,
    renewal: judged.renewal,
    renewalPower: renewalPower(renewal, settings.practicalPoints),
    nps: judged.nps,
  };
}

export function buildEffects(input: EffectsInput): EffectsData {
  return effectsOf(input.programs, reportAccountsOf(input.accounts, input.programs, input.until), input.until);
}

/** The effect report from the accounts' report rows, their health read as of `until`. */
export function effectsOf(programs: Programs, accounts: readonly ReportAccount[], until: string): EffectsData {
  const byProgram = new Map<string, ReportAccount[]>(programs.map((p) => [p.id, []]));
  const withProgram = accounts.map((account) => {
    const program = accountProgram(account, programs);
    byProgram.get(program.id)?.push(account);
    return { account, program };
  });
  const valueMilestoneFor = (p: Program) => valueMilestoneOf(p);
  const featureSuccess = programs.map((p) =>
    featureSuccessTable(
      p.id,
      withProgram.filter((x) => x.program.id === p.id),
      valueMilestoneFor,
      until,
    ),
  );
  if (programs.length > 1) featureSuccess.push(featureSuccessTable(null, withProgram, valueMilestoneFor, until));
  return {
    format: EFFECTS_FORMAT,
    until,
    enoughControlAccounts: ENOUGH_CONTROL_ACCOUNTS,
    alpha: ALPHA,
    power: POWER,
    programs: programs.map((p) => programEffects(p, byProgram.get(p.id) ?? [], until)),
    featureSuccess,
  };
}
