// What the report's figures read of one account, as of the report's end: the state without the
// day-by-day usage, the contacts and their touches, which only the health reading needed. A table
// of 100,000 accounts holds 100,000 states (about 30 KB each once parsed); the report keeps this
// row of each instead (a few hundred bytes) and drops the state as soon as the scan has read it.
import { assessAccount } from '../core/assess.js';
import { contractOf } from '../core/contract.js';
import type { ContactRole, ContractEndReason } from '../core/events.js';
import type { Program } from '../core/program.js';
import { accountProgram, asPrograms, type Programs } from '../core/programs.js';
import type { AccountProfile, AccountState, Enrollment, HealthAssessment, Phase } from '../core/state.js';
import { DAY_MS, toMs } from '../core/time.js';
import { isOpenTicket, openDetractors } from '../core/voice.js';
import { accountQueueItems, type QueueItem } from '../core/work-queue.js';
import { type ReportAnswer, type ReportVoice, TICKET_WEEKS } from './voice-figures.js';

/** The account's health as of the report's end, by its own program. */
export type ReportHealth = Pick<HealthAssessment, 'at' | 'score' | 'atRisk' | 'usageDrop' | 'dauMau' | 'activeDays30'>;

/** A contract's yearly value in one currency. */
export interface ContractValue {
  readonly arr: number;
  readonly currency: string;
}

/** What the renewal figures read of the account's contract (renewal-figures.ts). */
export interface ReportContract {
  /** The end of the current term (`YYYY-MM-DD`), when known. */
  readonly renewalDate: string | null;
  /** When the latest `Contract Renewed` started a term; null: never renewed. */
  readonly renewedAt: string | null;
  /** Set while the contract is ended. */
  readonly ended: { readonly at: string; readonly reason: ContractEndReason | null } | null;
  /** The value the profile states: the term's value before its latest renewal, when known. */
  readonly startValue: ContractValue | null;
  /** The value after the latest renewal: the renewal's own, else the profile's. */
  readonly currentValue: ContractValue | null;
}

/** One seat of the account (a person with a role, not removed, not suppressed), for the people figures. */
export interface ReportPerson {
  readonly role: ContactRole;
  readonly lastActiveAt: string | null;
  /** The person's own first use of each feature's action (other actions left out). */
  readonly featuresFirstUsed: Readonly<Record<string, string>>;
}

export interface ReportAccount {
  readonly accountId: string;
  readonly programId: string;
  readonly enrollment?: Enrollment;
  /** Accounts whose profile is still unknown are in no figure, so they have no row. */
  readonly profile: AccountProfile;
  readonly onboardingCompletedAt: string | null;
  readonly phase: Phase;
  /** Milestone id → reached-at. */
  readonly milestones: Readonly<Record<string, string>>;
  /** First time each feature's action was seen, for the features of every program (other actions left out). */
  readonly actionsFirstSeen: Readonly<Record<string, string>>;
  /** Any of its people was ever sent an email (a control account must never be). */
  readonly mailed: boolean;
  readonly health: ReportHealth;
  readonly people: readonly ReportPerson[];
  /** Absent on rows built before the contract was read (every row built here has it). */
  readonly contract?: ReportContract;
  /** `Account At Risk` signals raised in its first EARLY_RISK_DAYS days of adoption (state `earlyRisks`). */
  readonly earlyRisks: number;
  /** Survey answers, open detractors and tickets (voice-figures.ts); absent on rows made before. */
  readonly voice?: ReportVoice;
  /** What needs a person on this account at the report's end (unscored: the queue ranks them all); absent: nothing. */
  readonly queue?: readonly QueueItem[];
}

/** The contract as the renewal figures read it, or undefined before the profile is known. */
export function reportContractOf(state: AccountState): ReportContract | undefined {
  const contract = contractOf(state);
  const profile = state.profile;
  if (contract === null || profile === null) return undefined;
  const renewed = state.contract?.renewed;
  const startValue =
    profile.arr !== undefined && profile.currency !== undefined
      ? { arr: profile.arr, currency: profile.currency }
      : null;
  const renewedValue =
    renewed?.arr !== undefined && renewed.currency !== undefined
      ? { arr: renewed.arr, currency: renewed.currency }
      : null;
  return {
    renewalDate: contract.renewalDate,
    renewedAt: renewed?.at ?? null,
    ended: contract.ended,
    startValue: startValue ?? renewedValue,
    currentValue: renewedValue ?? startValue,
  };
}

/** What the voice figures read of the state as of `until`: no comment text, only whether there is one. */
function voiceOf(state: AccountState, until: string): ReportVoice {
  let seats = 0;
  const answers: ReportAnswer[] = [];
  for (const c of Object.values(state.contacts)) {
    if (c.removed || c.role === null) continue;
    seats += 1;
    for (const survey of ['nps', 'csat'] as const) {
      const a = c.surveys?.[survey];
      if (a !== undefined && a.at <= until) answers.push({ survey, score: a.score, at: a.at });
    }
  }
  const ticketsPerWeek: number[] = new Array<number>(TICKET_WEEKS).fill(0);
  let openTickets = 0;
  const end = toMs(until);
  for (const t of Object.values(state.support ?? {})) {
    if (t.openedAt === undefined || t.openedAt > until) continue;
    if (isOpenTicket(t)) openTickets += 1;
    const weeksBack = Math.floor((end - toMs(t.openedAt)) / (7 * DAY_MS));
    const i = TICKET_WEEKS - 1 - weeksBack;
    if (i >= 0) ticketsPerWeek[i] = (ticketsPerWeek[i] ?? 0) + 1;
  }
  return {
    seats,
    answers,
    openDetractors: openDetractors(state)
      .filter((d) => d.answer.at <= until)
      .map((d) => ({
        contactId: d.contactId,
        survey: d.survey,
        score: d.answer.score,
        at: d.answer.at,
        commented: d.answer.comment !== undefined,
      })),
    ticketsPerWeek,
    openTickets,
  };
}

/** The actions the figures look up: those of every program's features. */
export function featureActionsOf(program: Program | Programs): ReadonlySet<string> {
  return new Set(asPrograms(program).flatMap((p) => p.features.map((f) => f.action)));
}

/**
 * The account's row as of `until` (its health is read at that instant), or null when its profile is
 * unknown. `actions` are the feature actions of the programs (`featureActionsOf`), computed once.
 */
export function reportAccountOf(
  state: AccountState,
  program: Program | Programs,
  until: string,
  actions: ReadonlySet<string> = featureActionsOf(program),
): ReportAccount | null {
  if (state.profile === null) return null;
  const health = assessAccount(state, accountProgram(state, program), until);
  const actionsFirstSeen: Record<string, string> = {};
  for (const [action, at] of Object.entries(state.actionsFirstSeen))
    if (actions.has(action)) actionsFirstSeen[action] = at;
  const people: ReportPerson[] = [];
  for (const c of Object.values(state.contacts)) {
    if (c.removed || c.role === null || c.suppressed !== null) continue;
    const featuresFirstUsed: Record<string, string> = {};
    for (const [action, at] of Object.entries(c.featuresFirstUsed ?? {}))
      if (actions.has(action)) featuresFirstUsed[action] = at;
    people.push({ role: c.role, lastActiveAt: c.lastActiveAt, featuresFirstUsed });
  }
  const contract = reportContractOf(state);
  const queue = accountQueueItems(state, program, until);
  return {
    accountId: state.accountId,
    programId: state.programId,
    ...(state.enrollment === undefined ? {} : { enrollment: state.enrollment }),
    profile: state.profile,
    onboardingCompletedAt: state.onboardingCompletedAt,
    phase: state.phase,
    milestones: state.milestones,
    actionsFirstSeen,
    mailed: Object.values(state.contacts).some((c) => c.touches.length > 0),
    health: {
      at: health.at,
      score: health.score,
      atRisk: health.atRisk,
      usageDrop: health.usageDrop,
      dauMau: health.dauMau,
      activeDays30: health.activeDays30,
    },
    people,
    earlyRisks: state.earlyRisks ?? 0,
    ...(contract === undefined ? {} : { contract }),
    voice: voiceOf(state, until),
    ...(queue.length === 0 ? {} : { queue }),
  };
}

/** Rows of the states with a profile, in the states' order. */
export function reportAccountsOf(
  states: Iterable<AccountState>,
  program: Program | Programs,
  until: string,
): ReportAccount[] {
  const actions = featureActionsOf(program);
  const rows: ReportAccount[] = [];
  for (const state of states) {
    const row = reportAccountOf(state, program, until, actions);
    if (row !== null) rows.push(row);
  }
  return rows;
}
