// The adoption program CS ops edit in templates/program.yaml: milestones, feature stages, cadence,
// usage-drop rule, health weights, frequency cap and send window. Parsed once, trusted inside.

import { z } from 'zod';
import { ClosedDays } from './closed-days.js';
import { ConsentBasis, ContactRole, HandledSignalType, Id, type Locale, Text } from './events.js';
import { Holdout } from './holdout.js';
import { MessageClass } from './message-class.js';
import { ProgramWhen } from './program-when.js';

export const TOUCH_KINDS = [
  're-onboarding',
  're-engagement',
  'milestone-nudge',
  'feature-tip',
  'webinar-invite',
  'success-story',
  'value-review',
  'monthly-summary',
  'celebration',
  'survey',
] as const;
export const TouchKind = z.enum(TOUCH_KINDS);
export type TouchKind = z.infer<typeof TouchKind>;

export const FEATURE_STAGES = ['basic', 'advanced', 'new'] as const;
export const FeatureStage = z.enum(FEATURE_STAGES);
export type FeatureStage = z.infer<typeof FeatureStage>;

const ActionName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be an action name such as daily_report.create')
  .max(100);

/** Text per locale; both locales are required so no contact ever gets an empty sentence. */
export const LocalizedText = z.strictObject({ ja: Text(300), en: Text(300) });
export type LocalizedText = z.infer<typeof LocalizedText>;

/**
 * A milestone is reached when every requirement holds: the action was seen on at least `days`
 * distinct days (account time zone). Distinct days, not raw counts, so a redelivered event changes nothing.
 */
export const Requirement = z.strictObject({
  action: ActionName,
  days: z.number().int().min(1).max(366).default(1),
});
export type Requirement = z.infer<typeof Requirement>;

export const Milestone = z.strictObject({
  id: Id,
  title: LocalizedText,
  /** `onboarding` milestones count from the contract start; `adoption` ones from onboarding completion. */
  phase: z.enum(['onboarding', 'adoption']).default('adoption'),
  dueDay: z.number().int().min(1).max(730),
  requires: z.array(Requirement).min(1),
  /** Where the nudge email points the contact (help article, screen in the product). */
  link: z.url({ protocol: /^https$/, message: 'must be an https URL' }).optional(),
});
export type Milestone = z.infer<typeof Milestone>;

export const Feature = z.strictObject({
  id: Id,
  stage: FeatureStage,
  /** The action whose first occurrence shows the feature is in use. */
  action: ActionName,
  /** The roles that can use the feature (a member may not be allowed to invite); absent: every role. */
  roles: z.array(ContactRole).min(1).max(3).optional(),
});
export type Feature = z.infer<typeof Feature>;

export const Cadence = z.strictObject({
  /** Weekly touches for this many weeks after onboarding completion… */
  weeklyWeeks: z.number().int().min(0).max(52).default(8),
  /** …then one touch every this many days… */
  monthlyEveryDays: z.number().int().min(7).max(92).default(30),
  /** …until adoption ends this many months after onboarding completion (or earlier when expansion-ready). */
  adoptionMonths: z.number().int().min(1).max(36).default(6),
});
export type Cadence = z.infer<typeof Cadence>;

export const Retention = z.strictObject({
  /** After adoption, one touch every this many days, counted from the end of adoption or the latest renewal. */
  everyDays: z.number().int().min(7).max(92).default(30),
});
export type Retention = z.infer<typeof Retention>;

export const DEFAULT_RETENTION: Retention = { everyDays: 30 };

export const Renewal = z.strictObject({
  /** The renewal phase starts this many days before the renewal date (`Renewal Approaching` then). */
  windowDays: z.number().int().min(1).max(365).default(60),
});
export type Renewal = z.infer<typeof Renewal>;

export const DEFAULT_RENEWAL: Renewal = { windowDays: 60 };

export const ExpansionReady = z.strictObject({
  /** All adoption milestones reached… */
  allMilestones: z.boolean().default(true),
  /** …at least this many advanced features in use… */
  minAdvancedFeatures: z.number().int().min(0).default(2),
  /** …and a health score at least this high. */
  minHealth: z.number().min(0).max(100).default(70),
});
export type ExpansionReady = z.infer<typeof ExpansionReady>;

export const UsageDrop = z.strictObject({
  /** A drop of at least this many percent in active days or active contact-days… */
  percent: z.number().min(1).max(100).default(20),
  /** …over the last `windowDays` against the `windowDays` before. */
  windowDays: z.number().int().min(7).max(90).default(30),
  /** Below this many active days in the earlier window there is too little usage to call a drop. */
  minPreviousActiveDays: z.number().int().min(1).default(4),
});
export type UsageDrop = z.infer<typeof UsageDrop>;

export const HealthWeights = z
  .strictObject({
    activity: z.number().min(0).max(1).default(0.4),
    milestones: z.number().min(0).max(1).default(0.3),
    features: z.number().min(0).max(1).default(0.2),
    breadth: z.number().min(0).max(1).default(0.1),
    /**
     * The share of the whole score the customer's satisfaction takes when key contacts answered a
     * survey (their latest NPS or CSAT, fading with age: voice.ts `satisfactionOf`); absent: 0.
     */
    satisfaction: z.number().min(0).max(0.5).optional(),
    /** The share of the whole score support takes when the account has tickets (voice.ts `supportOf`); absent: 0. */
    support: z.number().min(0).max(0.5).optional(),
  })
  .refine(
    (w) => Math.abs(w.activity + w.milestones + w.features + w.breadth - 1) < 1e-6,
    'weights must add up to 1 (activity, milestones, features and breadth; satisfaction and support are shares on top)',
  )
  .refine(
    (w) => (w.satisfaction ?? 0) + (w.support ?? 0) <= 0.5,
    'satisfaction and support together must be at most 0.5 (usage keeps at least half of the score)',
  );
export type HealthWeights = z.infer<typeof HealthWeights>;

export const Health = z.strictObject({
  weights: HealthWeights.default({ activity: 0.4, milestones: 0.3, features: 0.2, breadth: 0.1 }),
  /** An account whose score falls below this is at risk. */
  atRiskBelow: z.number().min(0).max(100).default(40),
  /**
   * Days of adoption in which activity alone flags nothing: no low-health from few active days, no
   * usage drop (absent: DEFAULT_GRACE_DAYS). Optional, so a program without it keeps its content hash.
   */
  graceDays: z.number().int().min(0).max(90).optional(),
  /**
   * The activity expected of an account rises linearly from nothing on its first day of adoption to
   * full activity on this day (absent: DEFAULT_RAMP_DAYS; 0: full activity expected from day one).
   */
  rampDays: z.number().int().min(0).max(180).optional(),
});
export type Health = z.infer<typeof Health>;

/** Days of adoption before activity alone can flag an account (see `Health.graceDays`). */
export const DEFAULT_GRACE_DAYS = 14;
/** The day of adoption by which full activity is expected (see `Health.rampDays`). */
export const DEFAULT_RAMP_DAYS = 30;

export const FrequencyCap = z.strictObject({
  /** At least this many hours between two automated emails to one contact. */
  minHoursBetween: z
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .default(72),
  /** At most this many automated emails to one contact in any 30 days. */
  maxPer30Days: z.number().int().min(1).max(30).default(6),
});
export type FrequencyCap = z.infer<typeof FrequencyCap>;

export const WakingHours = z
  .strictObject({
    /** Local hour from which a live session may start, inclusive. */
    startHour: z.number().int().min(0).max(23),
    /** Local hour by which it must have started, exclusive. */
    endHour: z.number().int().min(1).max(24),
  })
  .refine((w) => w.startHour < w.endHour, 'startHour must be before endHour');
export type WakingHours = z.infer<typeof WakingHours>;

export const DEFAULT_WAKING_HOURS: WakingHours = { startHour: 8, endHour: 21 };

export const SendWindow = z
  .strictObject({
    /** Local hour (recipient's time zone) the window opens, inclusive. */
    startHour: z.number().int().min(0).max(23).default(9),
    /** Local hour the window closes, exclusive. */
    endHour: z.number().int().min(1).max(24).default(18),
    /** Monday to Friday only; Japanese public holidays are not business days in Asia/Tokyo. */
    businessDaysOnly: z.boolean().default(true),
  })
  .refine((w) => w.startHour < w.endHour, 'startHour must be before endHour');
export type SendWindow = z.infer<typeof SendWindow>;

/** The roles each touch kind goes to, as far as the program names them; see audienceOf for the rest. */
export const Audience = z.partialRecord(TouchKind, z.array(ContactRole).min(1).max(3));
export type Audience = z.infer<typeof Audience>;

/** Who gets each kind when the program does not say: usage drops and overdue milestones are for the people who run the account. */
export const DEFAULT_AUDIENCE: Readonly<Record<TouchKind, readonly ContactRole[]>> = {
  're-onboarding': ['owner', 'admin'],
  're-engagement': ['owner', 'admin'],
  'milestone-nudge': ['owner', 'admin'],
  'feature-tip': ['owner', 'admin', 'member'],
  'webinar-invite': ['owner', 'admin', 'member'],
  'success-story': ['owner', 'admin', 'member'],
  'value-review': ['owner', 'admin'],
  'monthly-summary': ['owner'],
  celebration: ['owner', 'admin'],
  survey: ['owner', 'admin', 'member'],
};

export const ValueReview = z.strictObject({
  /** The review goes this many days before the renewal date (the account's local day). */
  daysBefore: z.number().int().min(7).max(180).default(60),
});
export type ValueReview = z.infer<typeof ValueReview>;

export const DEFAULT_VALUE_REVIEW: ValueReview = { daysBefore: 60 };

export const AccountCap = z.strictObject({
  /** At most this many automated emails to all the people of one account in any 7 days. */
  maxPer7Days: z.number().int().min(1).max(100).default(5),
});
export type AccountCap = z.infer<typeof AccountCap>;

export const DEFAULT_ACCOUNT_CAP: AccountCap = { maxPer7Days: 5 };

export const Voice = z.strictObject({
  /** Days an account with an open detractor gets no promotional email, from the latest detractor answer. */
  detractorHoldDays: z.number().int().min(0).max(365).default(30),
});
export type Voice = z.infer<typeof Voice>;

export const SURVEY_TYPES = ['nps', 'csat'] as const;
export const SurveyType = z.enum(SURVEY_TYPES);
export type SurveyType = z.infer<typeof SurveyType>;

/** When the survey kind asks a person for their view; see surveyDue in content-choice.ts. */
export const Surveys = z.strictObject({
  nps: z
    .strictObject({
      /** NPS once the account is this many days into adoption (from onboarding completion). */
      adoptionDay: z.number().int().min(1).max(730).default(30),
      /** NPS again this many days before each renewal date, for accounts whose contract states one. */
      beforeRenewalDays: z.number().int().min(1).max(365).default(45),
    })
    .default({ adoptionDay: 30, beforeRenewalDays: 45 }),
  csat: z
    .strictObject({
      /** CSAT once this milestone is reached (within CSAT_WITHIN_DAYS of it); null: no CSAT. */
      afterMilestone: Id.nullable().default(null),
    })
    .default({ afterMilestone: null }),
  /** At most one survey to a person in this many days. */
  minDaysBetween: z.number().int().min(1).max(730).default(90),
});
export type Surveys = z.infer<typeof Surveys>;

export const DEFAULT_SURVEYS: Surveys = {
  nps: { adoptionDay: 30, beforeRenewalDays: 45 },
  csat: { afterMilestone: null },
  minDaysBetween: 90,
};

export const Compliance = z.strictObject({
  /**
   * The basis assumed for a contact of an account under contract whose product event gave none (a
   * customer is in a business relationship with the sender). Without it such contacts get no
   * promotional email.
   */
  contractedAccountsBasis: ConsentBasis.optional(),
});
export type Compliance = z.infer<typeof Compliance>;

/**
 * The one outcome a program is judged by (its effect report shows it first, with its own verdict):
 * reaching the value milestone (judged by restricted mean time to value), a milestone reached by its
 * due day, the share of basic or advanced features in use, the share at risk, or the share of
 * contracts due for renewal that renewed (`renewal`: the outcome adoption exists for, but it takes a
 * term to come in, and many accounts to measure; see the README). Every other figure
 * is secondary: corrected for how many are compared, and for exploring.
 */
export const PrimaryOutcome = z.union([
  z.enum(['time-to-value', 'basic-features', 'advanced-features', 'at-risk', 'renewal']),
  z.strictObject({ milestoneOnTime: Id }),
]);
export type PrimaryOutcome = z.infer<typeof PrimaryOutcome>;

export const EffectSettings = z.strictObject({
  primary: PrimaryOutcome.default('time-to-value'),
  /**
   * The smallest change worth knowing about, in percentage points (for time to value: the curves'
   * average gap over the compared days, that is this share of those days). When the smallest change
   * the groups could detect is larger, the report says "too few accounts to tell".
   */
  practicalPoints: z.number().min(1).max(100).default(20),
});
export type EffectSettings = z.infer<typeof EffectSettings>;

export const DEFAULT_EFFECT_SETTINGS: EffectSettings = { primary: 'time-to-value', practicalPoints: 20 };

/** How a person gets in touch for a play. */
export const PLAY_CHANNELS = ['phone', 'meeting', 'email', 'slack'] as const;
export const PlayChannel = z.enum(PLAY_CHANNELS);
export type PlayChannel = z.infer<typeof PlayChannel>;

/**
 * What a person does about a signal: the step (both locales), who on the CS team (a role name such
 * as `csm`, `cs-ops`, `account-exec`), within how many days of the signal, and through which channel.
 */
export const Play = z.strictObject({
  do: LocalizedText,
  who: z
    .string()
    .min(1, 'must name a role')
    .max(40, 'must be at most 40 characters')
    .regex(/^[a-z][a-z0-9-]*$/, 'must be a role name in lower case, such as csm, cs-ops or account-exec'),
  withinDays: z.number().int('must be a whole number of days').min(0).max(90),
  channel: PlayChannel,
});
export type Play = z.infer<typeof Play>;

/** The plays per signal type, and how long an acknowledgement holds a repeated `Account At Risk` back. */
export const Plays = z.strictObject({
  /** An acknowledged `Account At Risk` is not raised again for this many days, unless resolved first. */
  acknowledgedDays: z.number().int('must be a whole number of days').min(1).max(180).default(30),
  // The settings below are optional, with no zod default, so a program that does not name them keeps
  // its content hash; their defaults are filled in by expansionReadyDaysOf and reRaiseDampingOf.
  /** An expansion-ready account leaves the work queue this many days after it became one (its figures stay). */
  expansionReadyDays: z.number().int('must be a whole number of days').min(1).max(365).optional(),
  /**
   * After an `Account At Risk` raise, the account is not raised again within this many days (0: no
   * damping), unless its health fell `reRaiseMargin` points below the raised score, or it recovered
   * (`Account Recovered`) and stayed so `recoveredDays` before falling again. Defaults: DEFAULT_RE_RAISE.
   */
  reRaiseDays: z.number().int('must be a whole number of days').min(0).max(90).optional(),
  reRaiseMargin: z.number().int('must be a whole number of points').min(1).max(100).optional(),
  recoveredDays: z.number().int('must be a whole number of days').min(1).max(90).optional(),
  /** Signal types not named keep DEFAULT_PLAYS. */
  signals: z.partialRecord(HandledSignalType, Play).default({}),
});
export type Plays = z.infer<typeof Plays>;

/** The seeds' playbook: a person, a time limit and a channel for each signal that needs one. */
export const DEFAULT_PLAYS: Readonly<Partial<Record<HandledSignalType, Play>>> = {
  'Account At Risk': {
    do: {
      ja: '担当者に電話し、利用が落ちた理由を聞いて、必要なら個別トレーニングを提案する',
      en: 'Call the account’s owner, ask why usage fell, and offer a one-to-one training if it helps',
    },
    who: 'csm',
    withinDays: 2,
    channel: 'phone',
  },
  'Key Contact Changed': {
    do: {
      ja: '新しい担当者とオンライン会議を設定し、導入の目的と使い方をあらためて説明する',
      en: 'Set up a video call with the new person in charge: restate why the product was bought and how it is used',
    },
    who: 'csm',
    withinDays: 5,
    channel: 'meeting',
  },
  'Onboarding Stalled': {
    do: {
      ja: '止まっている初期設定をメールで確認し、詰まっている点を一緒に片付ける日程を提案する',
      en: 'Email the admins about the setup step that is stuck and offer a time to finish it together',
    },
    who: 'cs-ops',
    withinDays: 3,
    channel: 'email',
  },
  'Phase Changed': {
    do: {
      ja: '活用の成果を振り返るレビューMTGを設定し、上位プランや追加機能の提案につなげる',
      en: 'Book a review meeting on the value reached so far, and lead to the next plan or add-ons',
    },
    who: 'account-exec',
    withinDays: 14,
    channel: 'meeting',
  },
  'Renewal Approaching': {
    do: {
      ja: '更新前のレビューMTGを設定し、この期間の成果（価値レビューの数字）と次の期の目標を一緒に確認する',
      en: 'Book a renewal review: go through the term’s results (the value review’s figures) and agree the goals for the next term',
    },
    who: 'csm',
    withinDays: 14,
    channel: 'meeting',
  },
  Detractor: {
    do: {
      ja: '回答した本人に電話し、評価の理由を聞いて、解決までの道筋と期日を伝える',
      en: 'Call the person who answered, hear why they scored low, and tell them how and by when it will be fixed',
    },
    who: 'csm',
    withinDays: 2,
    channel: 'phone',
  },
  'Support Surge': {
    do: {
      ja: 'サポート担当と問い合わせの中身を確認し、共通の原因があれば管理者に説明の場を設ける',
      en: 'Review the tickets with support; if they share a cause, offer the admins a call to walk through it',
    },
    who: 'csm',
    withinDays: 3,
    channel: 'meeting',
  },
};

export const DEFAULT_ACKNOWLEDGED_DAYS = 30;
export const DEFAULT_EXPANSION_READY_DAYS = 30;
export const DEFAULT_RE_RAISE = { days: 14, margin: 10, recoveredDays: 7 } as const;

/**
 * `low` touch: automated email as for `tech`, plus a person at key moments: these days after
 * onboarding completion, and this many days before the renewal date. The queue lists the account at
 * each moment with `play` (no signal is raised: a moment is known in advance).
 */
export const LowTouch = z.strictObject({
  playDays: z.array(z.number().int('must be a whole number of days').min(1).max(730)).max(12).default([30]),
  beforeRenewalDays: z.number().int('must be a whole number of days').min(1).max(365).default(60),
  play: Play.optional(),
});
export type LowTouch = z.infer<typeof LowTouch>;

export const DEFAULT_LOW_TOUCH_PLAY: Play = {
  do: {
    ja: '担当者と短いオンライン会議を行い、進み具合と次の目標を一緒に確認する',
    en: 'Hold a short video call with the account’s owner: progress so far and the next goal',
  },
  who: 'csm',
  withinDays: 7,
  channel: 'meeting',
};

export const DEFAULT_LOW_TOUCH: LowTouch = { playDays: [30], beforeRenewalDays: 60, play: DEFAULT_LOW_TOUCH_PLAY };

export const Program = z
  .strictObject({
    id: Id,
    /** Which accounts the program is for (programs are tried in order); absent on the default program. */
    when: ProgramWhen.optional(),
    /** The share of accounts held back from automated email, to measure the program (default 10 %). */
    holdout: Holdout.optional(),
    milestones: z.array(Milestone).min(1),
    /** The milestone that marks "value felt": time to value ends there. Defaults to the last adoption milestone. */
    valueMilestone: Id.optional(),
    features: z.array(Feature).min(1).max(64),
    cadence: Cadence.default({ weeklyWeeks: 8, monthlyEveryDays: 30, adoptionMonths: 6 }),
    expansionReady: ExpansionReady.default({ allMilestones: true, minAdvancedFeatures: 2, minHealth: 70 }),
    usageDrop: UsageDrop.default({ percent: 20, windowDays: 30, minPreviousActiveDays: 4 }),
    health: Health.default({
      weights: { activity: 0.4, milestones: 0.3, features: 0.2, breadth: 0.1 },
      atRiskBelow: 40,
    }),
    cap: FrequencyCap.default({ minHoursBetween: 72, maxPer30Days: 6 }),
    sendWindow: SendWindow.default({ startHour: 9, endHour: 18, businessDaysOnly: true }),
    /**
     * Closed days beyond weekends and national holidays, in the recipient's zone (absent: the
     * year-end break 12/29–1/3 for Asia/Tokyo, DEFAULT_CLOSED_DAYS; `[]`: none).
     */
    closedDays: z.array(ClosedDays).max(100).optional(),
    /**
     * Live webinars are offered only when they start within these local hours of the recipient
     * (absent: 08:00–21:00); a webinar with a recording link is offered whenever it starts.
     */
    wakingHours: WakingHours.optional(),
    /** `service` or `promotional` per kind; kinds not named keep DEFAULT_MESSAGE_CLASSES. */
    messageClasses: z.partialRecord(TouchKind, MessageClass).default({}),
    compliance: Compliance.default({}),
    /** How the effect report judges the program (optional, so a program without it keeps its content hash). */
    effect: EffectSettings.optional(),
    /** Which roles each kind goes to; kinds not named keep DEFAULT_AUDIENCE (optional for the same reason). */
    audience: Audience.optional(),
    /** The cap per company, on top of the cap per person; absent: DEFAULT_ACCOUNT_CAP. */
    accountCap: AccountCap.optional(),
    /** The cadence after adoption; absent: DEFAULT_RETENTION (optional, so a program without it keeps its content hash). */
    retention: Retention.optional(),
    /** When the renewal phase starts; absent: DEFAULT_RENEWAL (optional for the same reason). */
    renewal: Renewal.optional(),
    /** What the customer's voice does to the program (absent: DEFAULT_VOICE in voice.ts). */
    voice: Voice.optional(),
    /** What a person does about each signal (optional, so a program without it keeps its hash); absent: DEFAULT_PLAYS. */
    plays: Plays.optional(),
    /** The moments a `low`-touch account gets a person; absent: DEFAULT_LOW_TOUCH. */
    lowTouch: LowTouch.optional(),
    /** When the value review goes before each renewal; absent: DEFAULT_VALUE_REVIEW. */
    valueReview: ValueReview.optional(),
    /** Engaged accounts get a summary of their month at a monthly touch with nothing else to send (opt-in). */
    monthlySummary: z.boolean().optional(),
    /** When surveys go (optional, so a program without it keeps its content hash); absent: DEFAULT_SURVEYS. */
    surveys: Surveys.optional(),
  })
  .superRefine((p, ctx) => {
    const dup = (ids: string[], where: string) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [where, i, 'id'], message: `duplicate id "${id}"` });
        seen.add(id);
      });
    };
    dup(
      p.milestones.map((m) => m.id),
      'milestones',
    );
    dup(
      p.features.map((f) => f.id),
      'features',
    );
    if (!p.milestones.some((m) => m.phase === 'adoption')) {
      ctx.addIssue({ code: 'custom', path: ['milestones'], message: 'at least one adoption milestone is required' });
    }
    if (p.valueMilestone !== undefined && !p.milestones.some((m) => m.id === p.valueMilestone)) {
      ctx.addIssue({
        code: 'custom',
        path: ['valueMilestone'],
        message: `"${p.valueMilestone}" is not one of the milestones`,
      });
    }
    const csatAfter = p.surveys?.csat.afterMilestone;
    if (csatAfter !== undefined && csatAfter !== null && !p.milestones.some((m) => m.id === csatAfter)) {
      ctx.addIssue({
        code: 'custom',
        path: ['surveys', 'csat', 'afterMilestone'],
        message: `"${csatAfter}" is not one of the milestones`,
      });
    }
    const primary = p.effect?.primary;
    if (
      typeof primary === 'object' &&
      !p.milestones.some((m) => m.id === primary.milestoneOnTime && m.phase === 'adoption')
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['effect', 'primary', 'milestoneOnTime'],
        message: `"${primary.milestoneOnTime}" is not one of the adoption milestones`,
      });
    }
  });
export type Program = z.infer<typeof Program>;

/** The value milestone's id: the named one, else the adoption milestone due last. */
export function valueMilestoneOf(program: Program): string {
  if (program.valueMilestone !== undefined) return program.valueMilestone;
  const adoption = program.milestones.filter((m) => m.phase === 'adoption');
  return adoption.reduce((a, b) => (b.dueDay >= a.dueDay ? b : a)).id;
}

/** The program's effect settings, with the defaults filled in. */
export function effectSettingsOf(program: Program): EffectSettings {
  return program.effect ?? DEFAULT_EFFECT_SETTINGS;
}

/** The roles the kind goes to: the program's list, else the default. */
export function audienceOf(program: Program, kind: TouchKind): readonly ContactRole[] {
  return program.audience?.[kind] ?? DEFAULT_AUDIENCE[kind];
}

/** The play for a signal type: the program's, else the default; null when neither names one. */
export function playOf(program: Program, type: HandledSignalType): Play | null {
  return program.plays?.signals[type] ?? DEFAULT_PLAYS[type] ?? null;
}

/** How long an acknowledgement holds a repeated `Account At Risk` back, in days. */
export function acknowledgedDaysOf(program: Program): number {
  return program.plays?.acknowledgedDays ?? DEFAULT_ACKNOWLEDGED_DAYS;
}

/** How many days an expansion-ready account stays in the work queue. */
export function expansionReadyDaysOf(program: Program): number {
  return program.plays?.expansionReadyDays ?? DEFAULT_EXPANSION_READY_DAYS;
}

/** The damping of a repeated `Account At Risk` (see `Plays`). */
export interface ReRaiseDamping {
  readonly days: number;
  readonly margin: number;
  readonly recoveredDays: number;
}

export function reRaiseDampingOf(program: Program): ReRaiseDamping {
  const d = DEFAULT_RE_RAISE;
  const plays = program.plays;
  return {
    days: plays?.reRaiseDays ?? d.days,
    margin: plays?.reRaiseMargin ?? d.margin,
    recoveredDays: plays?.recoveredDays ?? d.recoveredDays,
  };
}

/** The program's low-touch moments, with the defaults filled in. */
export function lowTouchOf(program: Program): Required<LowTouch> {
  const low = program.lowTouch ?? DEFAULT_LOW_TOUCH;
  return { playDays: low.playDays, beforeRenewalDays: low.beforeRenewalDays, play: low.play ?? DEFAULT_LOW_TOUCH_PLAY };
}

/** The program's cap per company, with the default filled in. */
export function accountCapOf(program: Program): AccountCap {
  return program.accountCap ?? DEFAULT_ACCOUNT_CAP;
}

/** The program's cadence after adoption, with the default filled in. */
export function retentionOf(program: Program): Retention {
  return program.retention ?? DEFAULT_RETENTION;
}

/** The program's renewal window, with the default filled in. */
export function renewalOf(program: Program): Renewal {
  return program.renewal ?? DEFAULT_RENEWAL;
}

/** The program's survey settings, with the defaults filled in. */
export function surveysOf(program: Program): Surveys {
  return program.surveys ?? DEFAULT_SURVEYS;
}

export type { Locale };

/** The program's value review settings, with the default filled in. */
export function valueReviewOf(program: Program): ValueReview {
  return program.valueReview ?? DEFAULT_VALUE_REVIEW;
}
