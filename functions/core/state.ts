// Account state: what the engine knows of one account. Plain JSON-safe data (it is stored as one
// DynamoDB item). Facts are kept as sets, minima and maxima, so applying an event twice, or events in
// another order, gives the same state; everything else is derived from the facts.
import type { Consent, ContactRole, ContractEndReason, CsOwner, Locale, TouchModel } from './events.js';
import type { HoldoutGroup } from './holdout.js';
import type { OptOutTopic } from './message-class.js';
import type { FeatureStage, TouchKind } from './program.js';
import type { HandledSignalType } from './signals.js';
import type { SupportFacts, SurveyAnswer } from './voice.js';

/**
 * `retention` follows adoption while the contract runs; `renewal` is its last `renewal.windowDays`
 * before the renewal date, until a `Contract Renewed` starts the next term (see phase-change.ts).
 * `ended` is where adoption ended before the retention phase existed: nothing moves an account out of it.
 */
export const PHASES = ['onboarding', 'adoption', 'expansion-ready', 'retention', 'renewal', 'ended'] as const;
export type Phase = (typeof PHASES)[number];

export const CONTACT_SUPPRESSIONS = ['unsubscribed', 'bounced', 'complained'] as const;
export type ContactSuppression = (typeof CONTACT_SUPPRESSIONS)[number];

/** Last-writer-wins stamp: the event time, then the event id to break ties deterministically. */
export interface Stamp {
  readonly at: string;
  readonly eventId: string;
}

export interface AccountProfile {
  readonly name: string;
  readonly plan: string;
  readonly industry: string;
  readonly employees: number;
  readonly timeZone: string;
  readonly locale: Locale;
  readonly contractStart: string;
  readonly touchModel: TouchModel;
  /** The account's CS owner, when the product names one: emails then come in their name. */
  readonly csOwner?: CsOwner;
  /** The company's own closed days (`MM-DD` or `YYYY-MM-DD`), when the product names them. */
  readonly closedDays?: string[];
  /** The end of the current term (`YYYY-MM-DD`), when the product names it (see `contractOf`). */
  readonly renewalDate?: string;
  /** The contract's yearly value in `currency`, when the product names it. */
  readonly arr?: number;
  readonly currency?: string;
  /** The account's record id in the CRM, when the product names it. */
  readonly crmId?: string;
}

/** The latest `Contract Renewed` (by `renewedAt`, then event id): it started the current term. */
export interface ContractRenewal {
  readonly at: string;
  readonly eventId: string;
  readonly renewalDate: string;
  readonly arr?: number;
  readonly currency?: string;
}

/** The latest `Contract Ended` (by `endedAt`, then event id). */
export interface ContractEnding {
  readonly at: string;
  readonly eventId: string;
  readonly reason?: ContractEndReason;
}

/**
 * The contract events the product sent, each kept as a maximum so their order does not matter. The
 * account's contract as a whole (term, renewal date, value, ended or not) is derived by `contractOf`.
 */
export interface ContractFacts {
  readonly renewed?: ContractRenewal;
  readonly ended?: ContractEnding;
  /**
   * Set by the planner: the `at` of the ending whose skips the decision trail holds. The account
   * is looked at once after it ended, to say why nothing goes, then leaves the due index.
   */
  readonly endNoted?: string;
}

/** A contact's basis for promotional email as the product stated it; the latest `at` wins. */
export interface ContactConsent extends Consent {
  /** The event that stated it (ties on `at` go to the larger id, as for every stamp). */
  readonly eventId: string;
}

/** One automated email planned for a contact (the `sent` decisions). */
export interface TouchRecord {
  /** Deterministic id: the sender claims it before calling SES. */
  readonly touchId: string;
  readonly kind: TouchKind;
  /** What the touch was about: milestone id, feature id, webinar id, story id, or the cadence step. */
  readonly subject: string;
  readonly at: string;
}

export interface ContactState {
  readonly contactId: string;
  /** Null until a `Contact Upserted` is seen (usage can arrive first). */
  readonly email: string | null;
  readonly name: string | null;
  readonly role: ContactRole | null;
  /** The contact's own locale, when the product gave one; else the account's applies. */
  readonly locale: Locale | null;
  /** The contact's own time zone, when the product gave one; else the account's applies (`recipientTimeZone`). */
  readonly timeZone?: string;
  /** Earliest time the contact was seen in any event. */
  readonly firstSeenAt: string;
  /**
   * When the contact was last seen using the product, to the day: the start of the latest local day
   * (account time zone) with usage by them, so more usage that day changes nothing and costs no
   * write. While the account's zone is unknown, the start of the UTC quarter-hour of the latest
   * usage, made a day start when the profile arrives. Items written before kept the exact time of
   * the latest usage: read as is (an instant on that day), it becomes a day start with the first
   * usage on a later day.
   */
  readonly lastActiveAt: string | null;
  /** Last upsert or removal wins; `removed` tells which it was. */
  readonly stamp: Stamp | null;
  readonly removed: boolean;
  /** Suppression is for good: no later upsert lifts it. */
  readonly suppressed: { readonly reason: ContactSuppression; readonly at: string } | null;
  /** `pending` for a key contact first seen after onboarding completed, until re-onboarding is sent. */
  readonly reonboarding: 'none' | 'pending' | 'done';
  readonly touches: readonly TouchRecord[];
  /** The basis for promotional email the product gave; absent when it gave none. */
  readonly consent?: ContactConsent;
  /** Topics the contact refused on their own (first time each), keeping the rest of the email. */
  readonly topicOptOuts?: Readonly<Partial<Record<OptOutTopic, string>>>;
  /**
   * The person's own use of the program's features: feature action → first time they did it
   * (minimum). Only the actions of the program's features are kept (at most MAX_PERSON_FEATURES).
   * Absent on items written before, and on people who used none yet.
   */
  readonly featuresFirstUsed?: Readonly<Record<string, string>>;
  /**
   * The latest time an upsert stated the person a member (maximum); absent: never stated a member.
   */
  readonly memberUntil?: string;
  /**
   * The earliest times after `memberUntil` an upsert stated the person owner or admin (sorted, at
   * most MAX_KEY_STATEMENTS). A member now owner or admin was promoted at the first of them; promoted
   * on a later day than onboarding completed, they get re-onboarding like a new key contact.
   */
  readonly keyStatedAt?: readonly string[];
  /**
   * The person's latest answer to each survey (`Survey Answered`; the latest `answeredAt`, then the
   * larger event id). Dropped when the contact is removed. Absent when they answered none.
   */
  readonly surveys?: Readonly<Partial<Record<'nps' | 'csat', SurveyAnswer>>>;
}

/** The time zone a contact's email follows: their own when the product gave one, else the account's. */
export function recipientTimeZone(
  contact: Pick<ContactState, 'timeZone'>,
  profile: Pick<AccountProfile, 'timeZone'>,
): string {
  return contact.timeZone ?? profile.timeZone;
}

export interface HealthAssessment {
  readonly at: string;
  /** 0–100. */
  readonly score: number;
  readonly atRisk: boolean;
  readonly usageDrop: boolean;
  /** Daily active contacts over monthly active contacts, last 30 days, 0–1. */
  readonly dauMau: number;
  readonly activeDays30: number;
  readonly previousActiveDays30: number;
  /**
   * Person-days (one contact active on one local day counts one) in the same two windows: the
   * second measure a usage drop is judged on. Absent on assessments stored before it was kept.
   */
  readonly personDays30?: number;
  readonly previousPersonDays30?: number;
  /** Actions (sum of `count`) in the same two windows: the third measure. Absent on older assessments. */
  readonly actions30?: number;
  readonly previousActions30?: number;
  /** Satisfaction (0–100) from key contacts' survey answers, when any counted (voice.ts). */
  readonly satisfaction?: number;
  /** Support (0–100) from open tickets and a surge, when the account has tickets (voice.ts). */
  readonly support?: number;
}

/**
 * What was fixed when the account entered adoption (onboarding complete and profile known), never
 * changed after: the program's version it started with and its holdout group.
 */
export interface Enrollment {
  /** When the account entered adoption: its onboarding completion. */
  readonly at: string;
  /** The content hash of the program it entered with (its id is `programId`). */
  readonly programHash: string;
  readonly group: HoldoutGroup;
  /** The program's holdout percentage then, so the control share can be checked against it. */
  readonly holdoutPercent: number;
}

export interface AccountState {
  readonly accountId: string;
  /** Optimistic-concurrency version; the store increments it on every write. */
  readonly version: number;
  /** The program the account follows: the one its profile matches, fixed when it enters adoption. */
  readonly programId: string;
  /** Set once, on entering adoption; absent before. */
  readonly enrollment?: Enrollment;
  readonly profile: AccountProfile | null;
  readonly profileStamp: Stamp | null;
  /** Earliest onboarding completion: given by an event, or inferred from the onboarding milestones. */
  readonly onboardingCompletedAt: string | null;
  readonly phase: Phase;
  readonly phaseChangedAt: string | null;
  readonly contacts: Readonly<Record<string, ContactState>>;
  /**
   * Active contacts per local calendar day (account time zone), sorted ids. Kept for a rolling window
   * relative to the latest day seen, long enough for the usage-drop comparison.
   */
  readonly activeDays: Readonly<Record<string, readonly string[]>>;
  /**
   * Actions per local day (sum of the usage events' `count`) as each day's events keyed by a hash
   * of their id (see action-counts.ts: exact up to ACTION_SAMPLE_SIZE events a day, then a bounded
   * sample), kept for the same days as `activeDays`. The usage-drop rule's third measure. Absent
   * on items written before, and until usage arrives with a known time zone.
   */
  readonly actionCounts?: Readonly<Record<string, readonly string[]>>;
  /** First local days each action was seen on, sorted, up to what the milestone rules need. */
  readonly actionDays: Readonly<Record<string, readonly string[]>>;
  /** First time each action was seen (minimum): features in use and their adoption date. */
  readonly actionsFirstSeen: Readonly<Record<string, string>>;
  /** Milestone id → reached-at (the time its last requirement was met). */
  readonly milestones: Readonly<Record<string, string>>;
  readonly health: HealthAssessment | null;
  readonly cadence: {
    /** Cadence steps already done (a step is a weekly or monthly touch slot, or after adoption a retention slot). */
    readonly step: number;
    /**
     * After adoption: when the retention cadence counts from (the account left adoption, or the
     * current term started); its steps restart there. Absent in onboarding and adoption, and on
     * items written before (read as `phaseChangedAt`).
     */
    readonly since?: string;
    /** Set by the planner when a due touch had to wait (send window, holiday): not before this time. */
    readonly retryAt: string | null;
    /**
     * Contacts a due step still waits for: the step went out to the others while these contacts'
     * send windows (in their own time zones) were closed. Absent when no step is half done.
     */
    readonly waiting?: readonly string[];
    /** When the planner should look at this account next; null when nothing is ahead. Derived (cadence.ts). */
    readonly nextDueAt: string | null;
  };
  /**
   * When the account was last heard from, to the day: the start of the latest local day of any event
   * applied (its envelope time), kept as `lastActiveAt` is (the same quarter-hour while the zone is
   * unknown, and the same reading of items written with the exact time).
   */
  readonly lastEventAt: string | null;
  /**
   * Usage seen before the profile (and so the time zone) was known, as sorted
   * `<UTC quarter-hour start>|<contactId>|<action>|<event key>:<count>` keys (items written before
   * actions were counted hold the first three parts only); folded into the day-keyed facts once the
   * profile arrives, so the order of profile and usage does not matter. Absent when empty.
   */
  readonly pendingUsage?: readonly string[];
  /**
   * Onboarding milestones whose stall (unreached past their due day) was handled: signalled and
   * nudged, once each (see onboarding-stall.ts). Sorted ids; absent when none.
   */
  readonly stallsHandled?: readonly string[];
  /** `Contract Renewed` and `Contract Ended` as received; absent on accounts that never had one. */
  readonly contract?: ContractFacts;
  /**
   * Set by the planner: how many `Account At Risk` signals it raised in the account's first
   * EARLY_RISK_DAYS days of adoption (at most MAX_EARLY_RISKS), so the report can tell how many of
   * them the account proved wrong by reaching value. Absent when none.
   */
  readonly earlyRisks?: number;
  /** Support tickets by id (`Support Ticket Opened`/`Closed`), bounded (voice.ts); absent when none. */
  readonly support?: SupportFacts;
  /**
   * When the account's detractors were last followed up (a maximum): detractor answers up to it are
   * no longer open and hold no promotional email. Set by resolving the `Detractor` signal.
   */
  readonly detractorsResolvedAt?: string;
  /**
   * Each signal a person may take up, by type: when it was raised, and the latest acknowledgement
   * and resolution people sent (see signal-cases.ts). Absent when none was raised or handled.
   */
  readonly signalCases?: Readonly<Partial<Record<HandledSignalType, SignalCase>>>;
  /**
   * The renewal date whose value review the planner has looked at (see value-review.ts): the account
   * is due at the review window's opening once per term. Absent before the first.
   */
  readonly valueReviewedFor?: string;
  /**
   * Milestones whose celebration the planner has looked at (sorted ids, see celebration.ts), so a
   * reached milestone brings the account due once. Absent when none.
   */
  readonly celebrated?: readonly string[];
  /**
   * What the account's CRM record was last given (see crm-record.ts), for the `crmId` it was given
   * to, and when: set only once the change was published. Absent before the first.
   */
  readonly crmSynced?: CrmSynced;
}

/** The fields teichaku writes to the account's CRM record (see crm-record.ts). */
export interface CrmFields {
  /** The health score rounded to a whole point; null before the first assessment. */
  readonly healthScore: number | null;
  readonly phase: Phase;
  readonly program: string;
  readonly group: HoldoutGroup | null;
  readonly lastTouchAt: string | null;
  readonly nextTouchAt: string | null;
}

export interface CrmSynced {
  readonly crmId: string;
  readonly fields: CrmFields;
  readonly at: string;
}

/** A person's `Signal Acknowledged` or `Signal Resolved`: the latest by `at`, then event id, is kept. */
export interface SignalHandling {
  readonly at: string;
  readonly eventId: string;
  readonly by: string;
  readonly note?: string;
  readonly outcome?: string;
}

/** One signal type's case on one account: raised by the engine, taken up and closed by people. */
export interface SignalCase {
  /** When the engine last raised it (the start of the open case); absent when only handled so far. */
  readonly raisedAt?: string;
  /** How many times the engine raised it. */
  readonly raised?: number;
  /** How many times it would have been raised again while acknowledged, and was not. */
  readonly heldBack?: number;
  readonly acknowledged?: SignalHandling;
  readonly resolved?: SignalHandling;
  /** `Account At Risk` only: when `Account Recovered` answered the latest raise. */
  readonly recoveredAt?: string;
  /** `Account At Risk` only: the health score and the reasons of the latest raise (for the damping). */
  readonly raisedScore?: number;
  readonly raisedReasons?: readonly ('usage-drop' | 'low-health')[];
  /** `Account At Risk` only: how many falls the damping kept from raising it again, and the latest one. */
  readonly damped?: number;
  readonly dampedAt?: string;
}

/** The first days of adoption whose at-risk signals the report weighs against value reached. */
export const EARLY_RISK_DAYS = 14;
/** More early at-risk signals than this are not counted (one a day would be 14). */
export const MAX_EARLY_RISKS = 99;

export type FeatureUse = Readonly<Record<FeatureStage, { readonly used: number; readonly total: number }>>;

/** A contact known only by its id, first seen at `seenAt`: no address, not reachable, nothing sent. */
export function blankContact(contactId: string, seenAt: string): ContactState {
  return {
    contactId,
    email: null,
    name: null,
    role: null,
    locale: null,
    firstSeenAt: seenAt,
    lastActiveAt: null,
    stamp: null,
    removed: false,
    suppressed: null,
    reonboarding: 'none',
    touches: [],
  };
}
export function emptyAccountState(accountId: string, programId: string): AccountState {
  return {
    accountId,
    version: 0,
    programId,
    profile: null,
    profileStamp: null,
    onboardingCompletedAt: null,
    phase: 'onboarding',
    phaseChangedAt: null,
    contacts: {},
    activeDays: {},
    actionDays: {},
    actionsFirstSeen: {},
    milestones: {},
    health: null,
    cadence: { step: 0, retryAt: null, nextDueAt: null },
    lastEventAt: null,
  };
}

/** Contacts that may get email: known address, not removed, not suppressed. */
export function isReachable(contact: ContactState): boolean {
  return contact.email !== null && !contact.removed && contact.suppressed === null;
}

export function isKeyContact(contact: ContactState): boolean {
  return contact.role === 'owner' || contact.role === 'admin';
}
