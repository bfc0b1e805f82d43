// Which one message a contact gets at a touch, by the program's priority:
// re-onboarding › re-engagement › celebration › value review › milestone nudge › survey › feature tip ›
// webinar invite › success story › monthly summary.
// Every candidate not chosen is recorded with its own reason, for the decision trail.
import { usageDropFigures } from './assess.js';
import { type Catalogs, webinarSeries } from './catalogs.js';
import { CELEBRATION_GAP_DAYS, freshMilestones, nextGoal } from './celebration.js';
import { pickStory, pickWebinar } from './content-catalog.js';
import type { PassedOver, PassOverCode, TouchContent } from './decisions.js';
import type { Locale } from './events.js';
import { accountTimeZone, milestoneDueAt } from './milestones.js';
import { overdueFrom } from './onboarding-stall.js';
import { activityLevel, colleaguesUsing, personUsed, roleCanUse } from './person-usage.js';
import {
  audienceOf,
  DEFAULT_WAKING_HOURS,
  FEATURE_STAGES,
  type Feature,
  type FeatureStage,
  type Program,
  type TouchKind,
} from './program.js';
import type { AccountState, ContactState, HealthAssessment } from './state.js';
import { dueSurvey } from './survey-due.js';
import { DAY_MS, localDate, toIso, toMs } from './time.js';
import { usageFiguresOf } from './usage-figures.js';
import { isReviewWindowOpen, reviewSubject, valueReviewWindow } from './value-review.js';

/** A contact is not sent two re-engagement notes within this many days. */
export const RE_ENGAGEMENT_GAP_DAYS = 30;

/** A person with light usage may get a basic feature's tip a second time, this many days after the first. */
export const BASIC_RETIP_AFTER_DAYS = 28;

export interface ChoiceInput {
  /** The account as planned so far in this run (touches already chosen for other contacts included). */
  readonly state: AccountState;
  readonly contact: ContactState;
  readonly locale: Locale;
  readonly now: string;
  readonly program: Program;
  readonly catalogs: Catalogs;
  readonly health: HealthAssessment;
  /**
   * Why an eligible kind may still not go to this contact (promotional email without a basis, or
   * a topic the contact refused); it is then passed over with that reason and the next one tried.
   */
  readonly block?: (kind: TouchKind) => 'no-basis' | 'opted-out-topic' | 'detractor-hold' | null;
  /** The run is a monthly slot of the cadence (the monthly summary goes only then). */
  readonly monthlyTouch?: boolean;
  /**
   * The kinds to consider, when the run was brought about by a milestone reached or a review window
   * opening only (then nothing else is due); absent: every kind. Kinds left out are not in the trail.
   */
  readonly kinds?: readonly TouchKind[];
}

export interface ChosenContent {
  readonly content: TouchContent;
  /** What the touch is about, for the touch id and the never-twice rules. */
  readonly subject: string;
}

export interface ContentChoice {
  readonly chosen: ChosenContent | null;
  readonly passedOver: readonly PassedOver[];
}

type Evaluation = ChosenContent | { readonly reason: PassOverCode };

/**
 * A new key person first, then a usage drop (both about the account's health). A celebration comes
 * next: it is news only for CELEBRATION_FRESH_DAYS, and a nudge toward the next milestone would
 * say less than the congratulation that names it. The value review comes before the nudges, tips and
 * invitations: it has a window of weeks before the renewal, but goes once a term, to the people who
 * decide on it. The monthly summary comes last: it is what an account gets when nothing else is due.
 */
const PRIORITY: readonly TouchKind[] = [
  're-onboarding',
  're-engagement',
  'celebration',
  'value-review',
  'milestone-nudge',
  'survey',
  'feature-tip',
  'webinar-invite',
  'success-story',
  'monthly-summary',
];

export function localeOf(contact: ContactState, accountLocale: Locale): Locale {
  return contact.locale ?? accountLocale;
}

/** Subjects of the touches of one kind already sent to the contact. */
function sentSubjects(contact: ContactState, kind: TouchKind): Set<string> {
  return new Set(contact.touches.filter((t) => t.kind === kind).map((t) => t.subject));
}

function isUsed(state: AccountState, feature: Feature, now: string): boolean {
  const first = state.actionsFirstSeen[feature.action];
  return first !== undefined && first <= now;
}

/** Unused features in introduction order: stage (basic, advanced, new), then program order. */
export function unusedFeatures(state: AccountState, program: Program, now: string): Feature[] {
  return FEATURE_STAGES.flatMap((stage) => program.features.filter((f) => f.stage === stage && !isUsed(state, f, now)));
}

/** The stage the account is learning: that of its next unused feature, `new` once all are used. */
export function currentStage(state: AccountState, program: Program, now: string): FeatureStage {
  return unusedFeatures(state, program, now)[0]?.stage ?? 'new';
}

function reOnboarding({ contact }: ChoiceInput): Evaluation {
  if (contact.reonboarding === 'pending') return { content: { kind: 're-onboarding' }, subject: contact.firstSeenAt };
  return { reason: contact.reonboarding === 'done' ? 'already-sent' : 'not-applicable' };
}

function reEngagement({ contact, health, now, program }: ChoiceInput): Evaluation {
  // Only the figures that show the drop are quoted: a drop the email cannot show is not sent.
  const figures = usageDropFigures(health, program.usageDrop);
  if (figures === null) return { reason: 'no-usage-drop' };
  const since = toMs(now) - RE_ENGAGEMENT_GAP_DAYS * DAY_MS;
  if (contact.touches.some((t) => t.kind === 're-engagement' && toMs(t.at) > since)) return { reason: 'already-sent' };
  return {
    content: {
      kind: 're-engagement',
      activeDays30: figures.current,
      previousActiveDays30: figures.previous,
      measure: figures.measure,
    },
    subject: 'usage-drop',
  };
}

/**
 * Milestones to nudge: in onboarding its onboarding milestones, after it the adoption ones; each once
 * its due day has passed (from the start of the next local day) and while unreached.
 */
function milestoneNudge({ state, contact, program, now }: ChoiceInput): Evaluation {
  const phase = state.phase === 'onboarding' ? 'onboarding' : 'adoption';
  const timeZone = state.profile?.timeZone ?? 'UTC';
  const overdue = program.milestones
    .filter((m) => m.phase === phase)
    .map((m, order) => ({ m, order, dueAt: milestoneDueAt(m, state) }))
    .filter((x): x is typeof x & { dueAt: string } => {
      const reachedAt = state.milestones[x.m.id];
      return (
        x.dueAt !== null && overdueFrom(x.dueAt, timeZone) <= now && !(reachedAt !== undefined && reachedAt <= now)
      );
    })
    .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.order - b.order));
  if (overdue.length === 0) return { reason: 'no-overdue-milestone' };
  const nudged = sentSubjects(contact, 'milestone-nudge');
  const next = overdue.find((x) => !nudged.has(x.m.id));
  if (next === undefined) return { reason: 'already-sent' };
  return { content: { kind: 'milestone-nudge', milestoneId: next.m.id, dueAt: next.dueAt }, subject: next.m.id };
}

/** The features the person has not used and their role can use, in introduction order. */
export function personUnusedFeatures(contact: ContactState, program: Program, now: string): Feature[] {
  return FEATURE_STAGES.flatMap((stage) =>
    program.features.filter((f) => f.stage === stage && roleCanUse(contact.role, f) && !personUsed(contact, f, now)),
  );
}

/**
 * The next tip by the person's own usage and role: a feature they have not used and their role can
 * use, basic first. A person with light usage stays on the basics while one is unused, and may get
 * a basic tip a second time (BASIC_RETIP_AFTER_DAYS after the first); everyone else gets each tip once.
 */
function featureTip({ state, contact, program, catalogs, now }: ChoiceInput): Evaluation {
  if (!program.features.some((f) => roleCanUse(contact.role, f))) return { reason: 'not-for-role' };
  const unused = personUnusedFeatures(contact, program, now);
  if (unused.length === 0) return { reason: 'all-features-used' };
  const tips = contact.touches.filter((t) => t.kind === 'feature-tip');
  const light = activityLevel(state, contact.contactId, now) === 'light';
  const basics = unused.filter((f) => f.stage === 'basic');
  let candidates: Feature[];
  if (light && basics.length > 0) {
    const retipBefore = toMs(now) - BASIC_RETIP_AFTER_DAYS * DAY_MS;
    candidates = basics.filter((f) => {
      const sent = tips.filter((t) => t.subject === f.id);
      return sent.length === 0 || (sent.length === 1 && toMs((sent[0] as { at: string }).at) <= retipBefore);
    });
  } else {
    const tipped = new Set(tips.map((t) => t.subject));
    candidates = unused.filter((f) => !tipped.has(f.id));
  }
  if (candidates.length === 0) return { reason: 'already-sent' };
  // A tip needs its copy in the catalog; a feature without copy is passed for the next one.
  const withCopy = candidates.find((f) => catalogs.features.some((tip) => tip.feature === f.id));
  if (withCopy === undefined) return { reason: 'no-tip-copy' };
  const colleagues = colleaguesUsing(state, contact.contactId, withCopy, now);
  return {
    content: { kind: 'feature-tip', featureId: withCopy.id, colleaguesUsingFeature: colleagues },
    subject: withCopy.id,
  };
}

function webinarInvite({ state, contact, locale, program, catalogs, now }: ChoiceInput): Evaluation {
  const pick = pickWebinar(catalogs.webinars, {
    now,
    locale,
    stage: currentStage(state, program, now),
    invited: sentSubjects(contact, 'webinar-invite'),
    timeZone: contact.timeZone ?? accountTimeZone(state),
    wakingHours: program.wakingHours ?? DEFAULT_WAKING_HOURS,
  });
  if ('reason' in pick) return pick;
  // The subject is the series, so a later session of the same one is never offered again.
  return { content: { kind: 'webinar-invite', webinarId: pick.id }, subject: webinarSeries(pick) };
}

function successStory({ state, locale, catalogs }: ChoiceInput): Evaluation {
  const profile = state.profile;
  if (profile === null) return { reason: 'not-applicable' };
  // Never the same story twice to the account: any contact's history counts.
  const told = new Set<string>();
  for (const id in state.contacts) {
    for (const t of state.contacts[id]?.touches ?? []) if (t.kind === 'success-story') told.add(t.subject);
  }
  const pick = pickStory(catalogs.stories, { locale, industry: profile.industry, employees: profile.employees, told });
  if ('reason' in pick) return pick;
  return { content: { kind: 'success-story', storyId: pick.id }, subject: pick.id };
}

/**
 * The latest value or adoption milestone reached in the last days that the person was not told of,
 * with the next goal; at most one celebration per person in CELEBRATION_GAP_DAYS.
 */
function celebration({ state, contact, program, now }: ChoiceInput): Evaluation {
  const fresh = freshMilestones(state, program, now);
  if (fresh.length === 0) return { reason: 'no-new-milestone' };
  const told = sentSubjects(contact, 'celebration');
  const untold = fresh.find((m) => !told.has(m.id));
  if (untold === undefined) return { reason: 'already-sent' };
  const since = toMs(now) - CELEBRATION_GAP_DAYS * DAY_MS;
  if (contact.touches.some((t) => t.kind === 'celebration' && toMs(t.at) > since)) {
    return { reason: 'celebrated-recently' };
  }
  const next = nextGoal(state, program, now);
  return {
    content: {
      kind: 'celebration',
      milestoneId: untold.id,
      reachedAt: untold.reachedAt,
      ...(next === null ? {} : { nextMilestoneId: next.id }),
    },
    subject: untold.id,
  };
}

/** The term's figures, once per term per person, within the review window before the renewal date. */
function valueReview({ state, contact, program, now }: ChoiceInput): Evaluation {
  const window = valueReviewWindow(state, program);
  if (window === null) return { reason: 'no-renewal-date' };
  if (!isReviewWindowOpen(window, now)) return { reason: 'outside-review-window' };
  const subject = reviewSubject(window);
  if (sentSubjects(contact, 'value-review').has(subject)) return { reason: 'already-sent' };
  const from = window.termStartedAt < now ? window.termStartedAt : now;
  return {
    content: {
      kind: 'value-review',
      renewalDate: window.renewalDate,
      figures: usageFiguresOf(state, program, from, now),
    },
    subject,
  };
}

/** The last 30 days' figures at a monthly touch, for programs that opted in, when anyone was active. */
function monthlySummary({ state, program, now, monthlyTouch }: ChoiceInput): Evaluation {
  if (program.monthlySummary !== true) return { reason: 'not-opted-in' };
  if (monthlyTouch !== true) return { reason: 'not-monthly-touch' };
  const figures = usageFiguresOf(state, program, toIso(toMs(now) - 30 * DAY_MS), now);
  if (figures.activePeople30 === 0) return { reason: 'no-activity' };
  return { content: { kind: 'monthly-summary', figures }, subject: localDate(now, accountTimeZone(state)) };
}

function surveyChoice({ state, contact, program, now }: ChoiceInput): Evaluation {
  const due = dueSurvey(state, contact, program, now);
  if ('reason' in due) return due;
  return { content: { kind: 'survey', survey: due.survey }, subject: due.subject };
}

const EVALUATE: Record<TouchKind, (input: ChoiceInput) => Evaluation> = {
  're-onboarding': reOnboarding,
  're-engagement': reEngagement,
  'milestone-nudge': milestoneNudge,
  'feature-tip': featureTip,
  'webinar-invite': webinarInvite,
  'success-story': successStory,
  'value-review': valueReview,
  'monthly-summary': monthlySummary,
  celebration,
  survey: surveyChoice,
};

/**
 * A kind whose audience (program.yaml `audience`) leaves the person's role out: `not-key-contact`
 * when the audience is the owners and admins (the default for several kinds), else `not-in-audience`.
 */
function outsideAudience(input: ChoiceInput, kind: TouchKind): Evaluation | null {
  const audience = audienceOf(input.program, kind);
  const role = input.contact.role;
  if (role !== null && audience.includes(role)) return null;
  const keyOnly = audience.length === 2 && audience.includes('owner') && audience.includes('admin');
  return { reason: keyOnly ? 'not-key-contact' : 'not-in-audience' };
}

/** The highest-priority eligible message for the contact, and why each other kind was passed over. */
export function chooseContent(input: ChoiceInput): ContentChoice {
  let chosen: ChosenContent | null = null;
  const passedOver: PassedOver[] = [];
  for (const kind of PRIORITY) {
    if (input.kinds !== undefined && !input.kinds.includes(kind)) continue;
    const evaluation = outsideAudience(input, kind) ?? EVALUATE[kind](input);
    const blocked = 'reason' in evaluation || chosen !== null ? null : (input.block?.(kind) ?? null);
    if ('reason' in evaluation) passedOver.push({ kind, reason: evaluation.reason });
    else if (blocked !== null) passedOver.push({ kind, reason: blocked });
    else if (chosen === null) chosen = evaluation;
    else passedOver.push({ kind, reason: 'lower-priority' });
  }
  return { chosen, passedOver };
}
