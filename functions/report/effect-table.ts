// One program's table of effect figures, judged: the primary outcome (declared in program.yaml) is
// judged on its own 95 % interval; every other figure is secondary, its p Holm-adjusted within the
// table and gated behind the primary (verdict.ts), and each gets a verdict against the program's
// practical size.
import type { EffectSettings } from '../core/program.js';
import type { Difference, MeanEffect, Measured, NpsEffect, ProportionEffect } from './effect-figures.js';
import { ALPHA } from './stats/power.js';
import type { LogRankFigure, TimeToValueEffect } from './time-to-value-effect.js';
import { adjustSecondary, type Better, verdictOf } from './verdict.js';

export interface MilestoneEffect<D extends Measured = Difference> extends ProportionEffect<D> {
  readonly milestoneId: string;
  readonly dueDay: number;
}

export interface MeasuredTable {
  readonly milestones: readonly MilestoneEffect<Measured>[];
  readonly features: { readonly basic: MeanEffect<Measured>; readonly advanced: MeanEffect<Measured> };
  readonly atRisk: ProportionEffect<Measured>;
  /** Share renewed of the contracts that came up for renewal after enrolment. */
  readonly renewal: ProportionEffect<Measured>;
  /** NPS of the people who answered after enrolment: always secondary, never the primary outcome. */
  readonly nps: NpsEffect<Measured>;
  readonly timeToValue: TimeToValueEffect<Measured> & { readonly logRankDirection: -1 | 0 | 1 };
}

export interface PrimaryFigure {
  /** `time-to-value`, `basic-features`, `advanced-features`, `at-risk`, `renewal` or `on-time:<milestone id>`. */
  readonly outcome: string;
  /** `share`: a difference of shares (0.1 = 10 points); `days`: of restricted mean days. */
  readonly unit: 'share' | 'days';
  /** The practical size in the figure's unit. */
  readonly practical: number;
  readonly difference: Difference;
}

export interface JudgedTable {
  readonly primary: PrimaryFigure;
  /** The secondary figures whose p-values were compared (Holm's m). */
  readonly secondaryCompared: number;
  readonly milestones: readonly MilestoneEffect[];
  readonly features: { readonly basic: MeanEffect; readonly advanced: MeanEffect };
  readonly atRisk: ProportionEffect;
  readonly renewal: ProportionEffect;
  readonly nps: NpsEffect;
  readonly timeToValue: TimeToValueEffect;
}

export function primaryOutcomeKey(settings: EffectSettings): string {
  return typeof settings.primary === 'string' ? settings.primary : `on-time:${settings.primary.milestoneOnTime}`;
}

interface Slot {
  readonly key: string;
  readonly measured: Measured;
  readonly better: Better;
  readonly practical: number;
  readonly unit: 'share' | 'days';
}

export function judgeTable(table: MeasuredTable, settings: EffectSettings): JudgedTable {
  const points = settings.practicalPoints / 100;
  const ttv = table.timeToValue;
  // For time to value the practical size is the same share of the compared days: the difference of
  // restricted means over τ days is the curves' average vertical gap times τ.
  const days = ttv.tauDays === null ? Number.POSITIVE_INFINITY : points * ttv.tauDays;
  const slots: Slot[] = [
    ...table.milestones.map(
      (m): Slot => ({
        key: `on-time:${m.milestoneId}`,
        measured: m.difference,
        better: 'higher',
        practical: points,
        unit: 'share',
      }),
    ),
    {
      key: 'basic-features',
      measured: table.features.basic.difference,
      better: 'higher',
      practical: points,
      unit: 'share',
    },
    {
      key: 'advanced-features',
      measured: table.features.advanced.difference,
      better: 'higher',
      practical: points,
      unit: 'share',
    },
    { key: 'at-risk', measured: table.atRisk.difference, better: 'lower', practical: points, unit: 'share' },
    { key: 'renewal', measured: table.renewal.difference, better: 'higher', practical: points, unit: 'share' },
    // In score units, so the practical size reads as NPS points (10 points = 0.1).
    { key: 'nps', measured: table.nps.difference, better: 'higher', practical: points, unit: 'share' },
    { key: 'time-to-value', measured: ttv.restrictedMeanDifference, better: 'lower', practical: days, unit: 'days' },
  ];
  const primaryKey = primaryOutcomeKey(settings);
  const primarySlot = slots.find((s) => s.key === primaryKey) ?? (slots.find((s) => s.key === 'time-to-value') as Slot);
  const secondary = slots.filter((s) => s !== primarySlot);
  const primaryP = primarySlot.measured.p;
  // The log-rank test is one more secondary figure of the table: a p without an interval.
  const adjusted = adjustSecondary(primaryP, [...secondary.map((s) => s.measured.p), ttv.logRankP]);
  const judged = new Map<Slot, Difference>();
  const judge = (slot: Slot, role: 'primary' | 'secondary', pAdjusted: number | null): Difference => {
    const m = slot.measured;
    const verdict = verdictOf({ ...m, p: pAdjusted, practical: slot.practical, better: slot.better, alpha: ALPHA });
    return { ...m, enough: m.mde !== null && m.mde <= slot.practical, role, pAdjusted, verdict };
  };
  judged.set(primarySlot, judge(primarySlot, 'primary', primaryP));
  secondary.forEach((s, i) => judged.set(s, judge(s, 'secondary', adjusted[i] ?? null)));
  const of = (key: string) => judged.get(slots.find((s) => s.key === key) as Slot) as Difference;

  const rm = of('time-to-value');
  const logRankAdjusted = adjusted[secondary.length] ?? null;
  const logRank: LogRankFigure = {
    direction: ttv.logRankDirection,
    pAdjusted: logRankAdjusted,
    verdict:
      logRankAdjusted !== null && logRankAdjusted < ALPHA && ttv.logRankDirection !== 0
        ? { kind: ttv.logRankDirection > 0 ? 'helps' : 'hurts' }
        : rm.enough
          ? { kind: 'no-effect-yet', upTo: null }
          : { kind: 'too-few' },
  };
  const { logRankDirection: _, ...ttvFigures } = ttv;
  return {
    primary: {
      outcome: primarySlot.key,
      unit: primarySlot.unit,
      practical: primarySlot.practical,
      difference: judged.get(primarySlot) as Difference,
    },
    secondaryCompared: adjusted.filter((p) => p !== null).length,
    milestones: table.milestones.map((m) => ({ ...m, difference: of(`on-time:${m.milestoneId}`) })),
    features: {
      basic: { ...table.features.basic, difference: of('basic-features') },
      advanced: { ...table.features.advanced, difference: of('advanced-features') },
    },
    atRisk: { ...table.atRisk, difference: of('at-risk') },
    renewal: { ...table.renewal, difference: of('renewal') },
    nps: { ...table.nps, difference: of('nps') },
    timeToValue: { ...ttvFigures, restrictedMeanDifference: rm, logRank },
  };
}
