// Decisions: for each contact at each planning run, what the planner chose and why. Touches are the
// `sent` decisions; the skipped ones are the trail CS ops read ("why didn't this contact get mail").
import type { ConsentBasis, Locale } from './events.js';
import type { SurveyType, TouchKind } from './program.js';
import type { UsageFigures } from './usage-figures.js';

/** Why a contact got nothing at this run. A closed union: callers switch on it exhaustively. */
export type SkipReason =
  | { readonly code: 'capped'; readonly until: string }
  | { readonly code: 'outside-window'; readonly nextWindowAt: string }
  | { readonly code: 'holiday'; readonly nextWindowAt: string }
  | { readonly code: 'unsubscribed' }
  | { readonly code: 'bounced' }
  | { readonly code: 'complained' }
  | { readonly code: 'removed' }
  | { readonly code: 'high-touch' }
  /** The account is in its program's control group: no automated email of any kind. */
  | { readonly code: 'holdout' }
  | { readonly code: 'nothing-eligible' }
  /** Only promotional email was left for the contact, and it has no basis for it (no consent, no program default). */
  | { readonly code: 'no-basis' }
  /** Only promotional email was left for the contact, and it refused that topic. */
  | { readonly code: 'opted-out-topic' }
  /** The account had its emails for the week (the cap per company); people of higher priority came first. */
  | { readonly code: 'account-capped'; readonly until: string }
  /** The account's contract ended (`Contract Ended`, no renewal after it): no email of any kind. */
  | { readonly code: 'contract-ended' }
  /**
   * Only promotional email was left for the contact, and the account is on hold after a detractor
   * answer (not yet resolved) until `until` (program `voice.detractorHoldDays`).
   */
  | { readonly code: 'detractor-hold'; readonly until: string };
export type SkipCode = SkipReason['code'];

/** Why a candidate kind was not the one chosen. */
export type PassOverCode =
  | 'lower-priority'
  | 'already-sent'
  | 'not-applicable'
  | 'not-key-contact'
  | 'no-overdue-milestone'
  | 'all-features-used'
  | 'no-upcoming-webinar'
  | 'no-matching-story'
  | 'no-usage-drop'
  | 'no-tip-copy'
  | 'no-basis'
  | 'opted-out-topic'
  /** A promotional kind, held back while the account has an open detractor (voice.ts). */
  | 'detractor-hold'
  /** The kind's audience (program.yaml `audience`) does not include the person's role. */
  | 'not-in-audience'
  /** No program feature is open to the person's role. */
  | 'not-for-role'
  /** The email chosen for the person, held back by the cap per company. */
  | 'account-capped'
  /** Celebration: no value or adoption milestone reached in the last days. */
  | 'no-new-milestone'
  /** Celebration: the person had one within the last 7 days. */
  | 'celebrated-recently'
  /** Value review: the contract names no renewal date. */
  | 'no-renewal-date'
  /** Value review: the renewal date is further off than the review's days before it (or passed). */
  | 'outside-review-window'
  /** Monthly summary: the program does not send it (`monthlySummary`). */
  | 'not-opted-in'
  /** Monthly summary: this is not a monthly touch of the cadence. */
  | 'not-monthly-touch'
  /** Monthly summary: nobody at the account was active in the last 30 days. */
  | 'no-activity'
  /** No survey is due for the person now (not at the adoption day, not before a renewal, no CSAT moment). */
  | 'no-survey-due'
  /** A survey is due, but the person had one within the program's `surveys.minDaysBetween`. */
  | 'survey-too-recent';

export interface PassedOver {
  readonly kind: TouchKind;
  readonly reason: PassOverCode;
}

/** What a touch is about, with the facts the template needs to render it. */
export type TouchContent =
  | { readonly kind: 're-onboarding' }
  | {
      readonly kind: 're-engagement';
      /** The figures that fired, in `measure` (absent: active days, as before the measure was named). */
      readonly activeDays30: number;
      readonly previousActiveDays30: number;
      readonly measure?: 'active-days' | 'person-days' | 'actions';
    }
  | { readonly kind: 'milestone-nudge'; readonly milestoneId: string; readonly dueAt: string }
  | {
      readonly kind: 'feature-tip';
      readonly featureId: string;
      /** Other people at the account already using the feature (absent on touches planned before it was counted). */
      readonly colleaguesUsingFeature?: number;
    }
  | { readonly kind: 'webinar-invite'; readonly webinarId: string }
  | { readonly kind: 'success-story'; readonly storyId: string }
  | {
      readonly kind: 'value-review';
      /** The renewal date the review is for. */
      readonly renewalDate: string;
      /** The term's figures as the state held them when the review was planned. */
      readonly figures: UsageFigures;
    }
  | { readonly kind: 'monthly-summary'; readonly figures: UsageFigures }
  | {
      readonly kind: 'celebration';
      readonly milestoneId: string;
      readonly reachedAt: string;
      /** The next milestone to reach; absent when every one is reached. */
      readonly nextMilestoneId?: string;
    }
  | { readonly kind: 'survey'; readonly survey: SurveyType };

export interface PlannedTouch {
  readonly touchId: string;
  readonly accountId: string;
  readonly contactId: string;
  readonly kind: TouchKind;
  /** Template key `<kind>/<locale>`. */
  readonly template: string;
  readonly locale: Locale;
  readonly content: TouchContent;
  /** When it was planned (the sender may send a little later). */
  readonly plannedAt: string;
  /** For promotional email only: the basis the touch relies on, and where it came from. */
  readonly basis?: TouchBasis;
}

/** The basis a promotional touch relied on: the contact's own, or the program's default for contracted accounts. */
export interface TouchBasis {
  readonly basis: ConsentBasis;
  readonly from: 'contact' | 'program-default';
}

export type Decision =
  | {
      readonly outcome: 'sent';
      readonly at: string;
      readonly accountId: string;
      readonly contactId: string;
      readonly touch: PlannedTouch;
      readonly passedOver: readonly PassedOver[];
    }
  | {
      readonly outcome: 'skipped';
      readonly at: string;
      readonly accountId: string;
      readonly contactId: string;
      readonly reason: SkipReason;
      readonly passedOver: readonly PassedOver[];
    };
