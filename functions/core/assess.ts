// Health of one account at one instant: score, usage drop, DAU/MAU and risk. Pure in `now`.

import { actionsOfDay } from './action-counts.js';
import { BoundedCache } from './bounded-cache.js';
import { accountTimeZone, milestoneDueAt } from './milestones.js';
import { DEFAULT_GRACE_DAYS, DEFAULT_RAMP_DAYS, FEATURE_STAGES, type FeatureStage, type Program } from './program.js';
import { type AccountState, type FeatureUse, type HealthAssessment, isReachable } from './state.js';
import { addCalendarDays, DAY_MS, localDate, toMs } from './time.js';
import { satisfactionOf, supportOf } from './voice.js';

/** Active days in 30 that count as full activity: about the business days of a month. */
export const FULL_ACTIVITY_DAYS = 20;
/** The period of the activity, breadth and DAU/MAU figures, in local days up to and including today. */
export const MONTH_DAYS = 30;

interface WindowUsage {
  /** Distinct local days with any activity. */
  days: number;
  /** Sum over those days of the contacts active that day. */
  contactDays: number;
  /** Actions (sum of the events' `count`) on those days; 0 for days kept before they were counted. */
  actions: number;
}

interface Usage {
  /** The last MONTH_DAYS local days up to today, with the contacts active in them. */
  readonly month: WindowUsage & { readonly contacts: ReadonlySet<string> };
  /** The usage-drop window ending today, and the one before it. */
  readonly current: WindowUsage;
  readonly previous: WindowUsage;
}

// Every account planned on one day asks for the same window edges: keep them rather than redo the date arithmetic.
const edgesCache = new BoundedCache<readonly [string, string, string]>(10_000);
function windowEdges(today: string, windowDays: number): readonly [string, string, string] {
  const key = `${today}|${windowDays}`;
  return (
    edgesCache.get(key) ??
    edgesCache.set(key, [
      addCalendarDays(today, -MONTH_DAYS),
      addCalendarDays(today, -windowDays),
      addCalendarDays(today, -2 * windowDays),
    ])
  );
}

/**
 * The month and both usage-drop windows, in one pass over the active days (each window's days end
 * inclusive). `leftOut` is a day read as if it had no activity (see assessAccountAsAtOpening).
 */
function usageOf(
  state: Pick<AccountState, 'activeDays' | 'actionCounts'>,
  today: string,
  windowDays: number,
  leftOut: string | null,
): Usage {
  const activeDays = state.activeDays;
  const [monthStart, currentStart, previousStart] = windowEdges(today, windowDays);
  const contacts = new Set<string>();
  const month = { days: 0, contactDays: 0, actions: 0, contacts };
  const current = { days: 0, contactDays: 0, actions: 0 };
  const previous = { days: 0, contactDays: 0, actions: 0 };
  const counts = state.actionCounts;
  for (const day in counts) {
    if (day > today || day === leftOut || day <= previousStart) continue;
    const actions = actionsOfDay(counts[day] ?? []);
    if (day > currentStart) current.actions += actions;
    else previous.actions += actions;
  }
  for (const day in activeDays) {
    if (day > today || day === leftOut) continue;
    const ids = activeDays[day];
    if (ids === undefined || ids.length === 0) continue;
    if (day > monthStart) {
      month.days += 1;
      month.contactDays += ids.length;
      for (const id of ids) contacts.add(id);
    }
    if (day > currentStart) {
      current.days += 1;
      current.contactDays += ids.length;
    } else if (day > previousStart) {
      previous.days += 1;
      previous.contactDays += ids.length;
    }
  }
  return { month, current, previous };
}

/**
 * Whether the account's health can put it at risk: in every phase from adoption on (expansion-ready
 * and any later live phase included), but not before onboarding completed nor once the account's
 * phase is `ended`. Written as what it excludes, so a phase added later is judged by default.
 */
export function isRiskJudged(state: Pick<AccountState, 'phase' | 'onboardingCompletedAt'>): boolean {
  return state.phase !== 'onboarding' && state.phase !== 'ended' && state.onboardingCompletedAt !== null;
}

/** Days of adoption elapsed at `now` (fractional), or null before onboarding completed. */
export function adoptionDaysAt(state: Pick<AccountState, 'onboardingCompletedAt'>, now: string): number | null {
  if (state.onboardingCompletedAt === null) return null;
  return Math.max(0, (toMs(now) - toMs(state.onboardingCompletedAt)) / DAY_MS);
}

/**
 * The share of full activity (FULL_ACTIVITY_DAYS in 30) expected of an account after `adoptionDays`
 * days of adoption: rising linearly to 1 on day `rampDays`. An account still onboarding (null) is
 * measured against full activity, as it always was: it is never at risk, and the reports read it so.
 */
export function expectedActivityShare(adoptionDays: number | null, program: Program): number {
  if (adoptionDays === null) return 1;
  const rampDays = program.health.rampDays ?? DEFAULT_RAMP_DAYS;
  return rampDays === 0 ? 1 : Math.min(1, adoptionDays / rampDays);
}

/** Whether `adoptionDays` is inside the program's grace period, where activity alone flags nothing. */
export function inHealthGrace(adoptionDays: number | null, program: Program): boolean {
  return adoptionDays !== null && adoptionDays < (program.health.graceDays ?? DEFAULT_GRACE_DAYS);
}

/** True when `current` is at least `percent` % below `previous` (integer-safe: no float division). */
export function droppedBy(previous: number, current: number, percent: number): boolean {
  return previous > 0 && (previous - current) * 100 >= percent * previous;
}

/**
 * Features in use per stage as of `now` (a feature is in use once its action has been seen).
 * The planner reads `advanced.used` for expansion readiness.
 */
export function featureUse(state: Pick<AccountState, 'actionsFirstSeen'>, program: Program, now: string): FeatureUse {
  const use = { basic: { used: 0, total: 0 }, advanced: { used: 0, total: 0 }, new: { used: 0, total: 0 } };
  for (const f of program.features) {
    const first = state.actionsFirstSeen[f.action];
    use[f.stage].total += 1;
    if (first !== undefined && first <= now) use[f.stage].used += 1;
  }
  return use;
}

/**
 * Feature score: features used over the features of the stages up to the current one, where the
 * current stage is the latest stage with any feature in use (at least `basic`). An account that
 * uses every basic feature scores 1; once it tries an advanced one it is measured against that stage too.
 */
function featureScore(use: FeatureUse): number {
  let current: FeatureStage = 'basic';
  for (const stage of FEATURE_STAGES) if (use[stage].used > 0) current = stage;
  let used = 0;
  let total = 0;
  for (const stage of FEATURE_STAGES) {
    used += use[stage].used;
    total += use[stage].total;
    if (stage === current) break;
  }
  return total === 0 ? 1 : Math.min(1, used / total);
}

/**
 * Milestone score: reached over expected, where expected are the milestones of the account's phase
 * (onboarding ones while onboarding, adoption ones after) that are due by `now` or already reached.
 * Nothing expected yet scores 1: a young account is not unhealthy for having no milestone due.
 */
function milestoneScore(state: AccountState, program: Program, now: string): number {
  const phase = state.phase === 'onboarding' ? 'onboarding' : 'adoption';
  let expected = 0;
  let reached = 0;
  for (const m of program.milestones) {
    if (m.phase !== phase) continue;
    const reachedAt = state.milestones[m.id];
    const isReached = reachedAt !== undefined && reachedAt <= now;
    const dueAt = milestoneDueAt(m, state);
    if (isReached || (dueAt !== null && dueAt <= now)) expected += 1;
    if (isReached) reached += 1;
  }
  return expected === 0 ? 1 : reached / expected;
}

/**
 * Breadth: contacts active in the last 30 days over the people who could be: reachable contacts plus
 * active ones without a known address yet (their usage counts even before a Contact Upserted).
 * Removed contacts are out of both.
 */
function breadthScore(state: AccountState, active: ReadonlySet<string>): number {
  let population = 0;
  let activeKnown = 0;
  for (const id in state.contacts) {
    const c = state.contacts[id];
    if (c === undefined || c.removed) continue;
    const isActive = active.has(id);
    if (!isActive && !isReachable(c)) continue;
    population += 1;
    if (isActive) activeKnown += 1;
  }
  return population === 0 ? 0 : activeKnown / population;
}

/**
 * Health score (0–100, weighted by `program.health.weights`), usage drop, DAU/MAU and risk as of `now`.
 *
 * - activity: active days in the last 30 local days over the active days expected by the account's
 *   day of adoption (20 times `expectedActivityShare`: the program's ramp), capped at 1;
 * - milestones, features, breadth: see the functions above;
 * - usage drop: active days, active contact-days or actions (sum of `count`) of the last `windowDays` down at least `percent` %
 *   against the `windowDays` before, judged only when the earlier window had `minPreviousActiveDays`,
 *   and not in the grace period (the earlier window then is mostly onboarding's setup burst);
 * - DAU/MAU: average daily active contacts over the contacts active in the last 30 days;
 * - at risk: in every live phase (isRiskJudged), when the score is below `atRiskBelow` or usage
 *   dropped; in the grace period the score is judged with activity counted as met, so only
 *   milestones, features and breadth can make it low there.
 *
 * Windows are local days of the account's time zone and include today (so a morning check sees a
 * partial today; on a 30-day window that is at most a 1/30 bias against a 20 % threshold).
 * `activeDays30`/`previousActiveDays30` are the two usage-drop windows (30 days by default): they are
 * the figures a re-engagement email quotes, so they must be the ones the drop was judged on.
 */
export function assessAccount(state: AccountState, program: Program, now: string): HealthAssessment {
  return assessLeavingOut(state, program, now, localDate(now, accountTimeZone(state)), null);
}

/**
 * assessAccount of the state without the activity of `day` (a local day of the account's zone): the
 * same assessment as of a copy of the state with that day's entry removed, without copying the
 * active days (the cadence asks this up to four times per account write).
 */
export function assessAccountWithoutDay(
  state: AccountState,
  program: Program,
  now: string,
  day: string,
): HealthAssessment {
  return assessLeavingOut(state, program, now, localDate(now, accountTimeZone(state)), day);
}

function assessLeavingOut(
  state: AccountState,
  program: Program,
  now: string,
  today: string,
  leftOut: string | null,
): HealthAssessment {
  const rule = program.usageDrop;
  const { month, current, previous } = usageOf(state, today, rule.windowDays, leftOut);

  const w = program.health.weights;
  const adoptionDays = adoptionDaysAt(state, now);
  const grace = inHealthGrace(adoptionDays, program);
  const expectedDays = FULL_ACTIVITY_DAYS * expectedActivityShare(adoptionDays, program);
  const activity = expectedDays <= 0 ? 1 : Math.min(1, month.days / expectedDays);
  const rest =
    w.milestones * milestoneScore(state, program, now) +
    w.features * featureScore(featureUse(state, program, now)) +
    w.breadth * breadthScore(state, month.contacts);
  const voice = voiceBlend(state, w, now);
  // The customer's voice takes its share of the whole score (see voiceBlend); usage keeps the rest.
  const blend = (usage: number) => (voice === null ? usage : (1 - voice.share) * usage + voice.points);
  const score = scoreOf(blend(w.activity * activity + rest));
  // In the grace period the verdict reads activity as met: a young account is not low for being young.
  const judged = grace ? scoreOf(blend(w.activity + rest)) : score;

  const usageDrop =
    !grace &&
    previous.days >= rule.minPreviousActiveDays &&
    (droppedBy(previous.days, current.days, rule.percent) ||
      droppedBy(previous.contactDays, current.contactDays, rule.percent) ||
      droppedBy(Math.round(previous.actions), Math.round(current.actions), rule.percent));

  const dauMau = month.contacts.size === 0 ? 0 : month.contactDays / MONTH_DAYS / month.contacts.size;
  const atRisk = isRiskJudged(state) && (judged < program.health.atRiskBelow || usageDrop);

  return {
    at: now,
    score,
    atRisk,
    usageDrop,
    dauMau,
    activeDays30: current.days,
    previousActiveDays30: previous.days,
    personDays30: current.contactDays,
    previousPersonDays30: previous.contactDays,
    actions30: Math.round(current.actions),
    previousActions30: Math.round(previous.actions),
    ...(voice?.satisfaction === undefined ? {} : { satisfaction: voice.satisfaction }),
    ...(voice?.support === undefined ? {} : { support: voice.support }),
  };
}

/**
 * The customer's voice in the score: satisfaction takes its weight's share of the whole score
 * (times how much the answers count, fading with their age), support its share, each only when the
 * account has answers or tickets; the usage score keeps the rest. Null when neither applies: the
 * score is then the usage score exactly, as before the voice was heard.
 */
function voiceBlend(
  state: AccountState,
  weights: Program['health']['weights'],
  now: string,
): { share: number; points: number; satisfaction?: number; support?: number } | null {
  const satisfactionWeight = weights.satisfaction ?? 0;
  const supportWeight = weights.support ?? 0;
  if (satisfactionWeight === 0 && supportWeight === 0) return null;
  const satisfaction = satisfactionWeight === 0 ? null : satisfactionOf(state, now);
  const support = supportWeight === 0 ? null : supportOf(state, now);
  if (satisfaction === null && support === null) return null;
  let share = 0;
  let points = 0;
  if (satisfaction !== null) {
    share += satisfactionWeight * satisfaction.weight;
    points += satisfactionWeight * satisfaction.weight * satisfaction.score;
  }
  if (support !== null) {
    share += supportWeight;
    points += supportWeight * support;
  }
  return {
    share,
    points,
    ...(satisfaction === null ? {} : { satisfaction: Math.round(100 * satisfaction.score) }),
    ...(support === null ? {} : { support: Math.round(100 * support) }),
  };
}

function scoreOf(weighted: number): number {
  return Math.max(0, Math.min(100, Math.round(100 * weighted)));
}

/** Which figure a usage drop was seen in: days with any activity, person-days, or actions. */
export type DropMeasure = 'active-days' | 'person-days' | 'actions';

export interface UsageDropFigures {
  readonly measure: DropMeasure;
  readonly current: number;
  readonly previous: number;
}

/**
 * The figures that show the usage drop, in the measure that fired (active days first, the one a
 * reader grasps at once), or null when neither dropped by the rule's percentage. A re-engagement
 * email quotes these, so it never shows activity flat or rising.
 */
export function usageDropFigures(health: HealthAssessment, rule: Program['usageDrop']): UsageDropFigures | null {
  if (!health.usageDrop) return null;
  if (droppedBy(health.previousActiveDays30, health.activeDays30, rule.percent))
    return { measure: 'active-days', current: health.activeDays30, previous: health.previousActiveDays30 };
  const current = health.personDays30;
  const previous = health.previousPersonDays30;
  if (current !== undefined && previous !== undefined && droppedBy(previous, current, rule.percent))
    return { measure: 'person-days', current, previous };
  const actions = health.actions30;
  const previousActions = health.previousActions30;
  if (actions !== undefined && previousActions !== undefined && droppedBy(previousActions, actions, rule.percent))
    return { measure: 'actions', current: actions, previous: previousActions };
  return null;
}
