// Signals: what the engine tells the CS team (and other systems) through the event bus.
import type { Survey, SurveyChannel } from './events.js';
import type { TouchKind } from './program.js';
import type { SendingPause } from './sending-guard.js';
import type { Phase } from './state.js';

export const SIGNAL_TYPES = [
  'Account At Risk',
  'Milestone Reached',
  'Phase Changed',
  'Touch Sent',
  'Send Unconfirmed',
  'Sending Paused',
  'Sending Resumed',
  'Key Contact Changed',
  'Onboarding Stalled',
  'Renewal Approaching',
  'Detractor',
  'Support Surge',
  'Account Recovered',
] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

/**
 * Signals no person takes up: what was done (sends, milestones, a recovery) and the sender-wide
 * pause and resume. Every other signal is about one account and may need a person: it has a play,
 * a place in the queue, and can be acknowledged and resolved.
 */
const NOT_HANDLED = [
  'Milestone Reached',
  'Touch Sent',
  'Send Unconfirmed',
  'Sending Paused',
  'Sending Resumed',
  'Account Recovered',
] as const satisfies readonly SignalType[];
export type HandledSignalType = Exclude<SignalType, (typeof NOT_HANDLED)[number]>;
export const HANDLED_SIGNAL_TYPES = SIGNAL_TYPES.filter(
  (t): t is HandledSignalType => !(NOT_HANDLED as readonly string[]).includes(t),
) as [HandledSignalType, ...HandledSignalType[]];

export type Signal =
  | {
      readonly type: 'Account At Risk';
      readonly accountId: string;
      readonly at: string;
      readonly score: number;
      /** Why: `usage-drop`, `low-health`, or both. */
      readonly reasons: readonly ('usage-drop' | 'low-health')[];
    }
  | {
      readonly type: 'Milestone Reached';
      readonly accountId: string;
      readonly at: string;
      readonly milestoneId: string;
      readonly reachedAt: string;
    }
  | {
      readonly type: 'Phase Changed';
      readonly accountId: string;
      readonly at: string;
      readonly from: Phase;
      readonly to: Phase;
    }
  | {
      readonly type: 'Touch Sent';
      readonly accountId: string;
      readonly at: string;
      readonly contactId: string;
      readonly touchId: string;
      readonly kind: TouchKind;
      readonly messageId: string;
    }
  | {
      /**
       * A lost send: the touch was claimed, then the sender lost track of it (it died, or SES failed
       * after it may have accepted the email). It may or may not have reached the contact; it is
       * never sent again. At least once per touch: consumers dedupe on `touchId`.
       */
      readonly type: 'Send Unconfirmed';
      readonly accountId: string;
      readonly at: string;
      readonly contactId: string;
      readonly touchId: string;
      readonly kind: TouchKind;
      readonly claimedAt: string;
      /** Known when SES answered and only recording the send failed. */
      readonly messageId: string | null;
    }
  | {
      /**
       * Automated sending stopped for the whole deployment: teichaku's own bounce or complaint rate
       * crossed its threshold, or SES's reputation alarm fired. Jobs wait; only a person resumes.
       * `accountId` is empty: the signal is about the sender, not one account.
       */
      readonly type: 'Sending Paused';
      readonly accountId: '';
      readonly at: string;
      readonly pause: SendingPause;
    }
  | {
      /**
       * The people who run the account changed: its last owner left (removed, or now admin or member),
       * or a new owner appeared after onboarding was done. Re-onboarding goes to a new owner by email;
       * the relationship is the CS team's to rebuild.
       */
      readonly type: 'Key Contact Changed';
      readonly accountId: string;
      readonly at: string;
      readonly change: 'last-owner-left' | 'owner-added';
      readonly contactId: string;
    }
  | {
      /**
       * Onboarding milestones whose due day has passed unreached while the account is still in
       * onboarding; once per milestone, when its due day ends. Owners and admins get a nudge too.
       */
      readonly type: 'Onboarding Stalled';
      readonly accountId: string;
      readonly at: string;
      readonly milestoneIds: readonly string[];
    }
  | {
      /**
       * The current term's renewal window opened: the account entered the renewal phase (once per
       * term, again only when the renewal date moves). With the figures the CS team prepares the
       * renewal talk with: health, days left, the contract's value when known, and the account's
       * use (people active in the last 30 days, milestones reached).
       */
      readonly type: 'Renewal Approaching';
      readonly accountId: string;
      readonly at: string;
      readonly renewalDate: string;
      /** Days to the renewal date's start, a part day counted whole (0 or less once the date has come). */
      readonly daysToRenewal: number;
      /** When the current term started (the latest renewal, else the contract start). */
      readonly termStartedAt: string;
      /** Health score 0–100 at `at`. */
      readonly score: number;
      readonly atRisk: boolean;
      /** People active on any of the last 30 local days. */
      readonly activePeople: number;
      /** Milestones reached by `at` (onboarding and adoption). */
      readonly milestonesReached: number;
      /** The contract's yearly value and its currency, when known (always together). */
      readonly arr?: number;
      readonly currency?: string;
    }
  | {
      /**
       * A person answered a survey as a detractor (NPS 0–6, CSAT 1–2): for someone to follow up at
       * once. Carries the comment (customer content: for the CS team, never for a log). The account
       * gets no promotional email until it is resolved or the program's `detractorHoldDays` pass.
       */
      readonly type: 'Detractor';
      readonly accountId: string;
      /** When the person answered. */
      readonly at: string;
      readonly contactId: string;
      readonly survey: Survey;
      readonly score: number;
      readonly channel: SurveyChannel;
      readonly comment?: string;
      readonly surveyId?: string;
    }
  | {
      /**
       * The account opened far more support tickets than usual: at least 3 in the 7 days up to `at`
       * and at least twice its weekly mean over the 8 weeks before (`weeklyMean`).
       */
      readonly type: 'Support Surge';
      readonly accountId: string;
      /** The latest opening of the surge. */
      readonly at: string;
      readonly lastWeek: number;
      readonly weeklyMean: number;
    }
  | {
      /**
       * Health came back: the account was at risk and no longer is (score at or above the program's
       * `atRiskBelow`, no usage drop). Once per `Account At Risk` raised; the person who took it up
       * still resolves it.
       */
      readonly type: 'Account Recovered';
      readonly accountId: string;
      readonly at: string;
      readonly score: number;
      /** When the at-risk signal it answers was raised. */
      readonly atRiskSince: string;
    }
  | {
      readonly type: 'Sending Resumed';
      readonly accountId: '';
      readonly at: string;
      readonly by: string;
      readonly reason: string;
      readonly pausedAt: string;
    };
