// One account's story, as `teichaku explain` tells it: its profile, phase changes, milestones (due and
// reached), health at each planner run, and every decision (sent or skipped, with what was passed
// over) next to the emails that left and the signals raised. Built the same way from a replay's
// output folder and from the deployed table.
import { type Contract, contractOf } from '../core/contract.js';
import type { DecisionRecord, HealthReading } from '../core/decision-record.js';
import { TeichakuError } from '../core/errors.js';
import type { Locale } from '../core/events.js';
import { milestoneDueAt } from '../core/milestones.js';
import { type Program, renewalOf, retentionOf, type TouchKind } from '../core/program.js';
import { renewalWindowOf } from '../core/renewal-window.js';
import type { AccountProfile, AccountState, ContactState, Phase } from '../core/state.js';

export interface HealthPoint extends HealthReading {
  readonly at: string;
  readonly phase: Phase;
}

/** An email that left (a line of touches.jsonl, or a sent touch of the ledger). */
export interface StoryTouch {
  readonly sentAt: string;
  readonly contactId: string;
  readonly kind: TouchKind;
  readonly subject: string | null;
  /** The ledger's latest status (delivered, opened, clicked, bounced...), when known. */
  readonly status: string | null;
}

export interface StorySignal {
  readonly at: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface StorySources {
  readonly state: AccountState;
  readonly health: readonly HealthPoint[];
  readonly decisions: readonly DecisionRecord[];
  readonly touches: readonly StoryTouch[];
  readonly signals: readonly StorySignal[];
}

export type StoryEntry =
  | {
      readonly at: string;
      readonly type: 'decision';
      readonly decision: DecisionRecord;
      readonly email: StoryTouch | null;
    }
  | { readonly at: string; readonly type: 'signal'; readonly signal: StorySignal };

export interface AccountStory {
  readonly account: AccountProfile & {
    readonly accountId: string;
    readonly programId: string;
    readonly phase: Phase;
    readonly phaseChangedAt: string | null;
    readonly onboardingCompletedAt: string | null;
    /** The contract as the engine reads it: term, renewal date, value, and whether it ended. */
    readonly contract: Contract | null;
    /** The next renewal and its window (`renewal.windowDays` before it), when the renewal date is known. */
    readonly renewal: {
      readonly renewalDate: string;
      readonly windowDays: number;
      readonly windowOpensAt: string;
    } | null;
    /** The days between touches after adoption (`retention.everyDays`). */
    readonly retentionEveryDays: number;
  };
  readonly contact: string | null;
  readonly contacts: readonly {
    readonly contactId: string;
    readonly role: string | null;
    readonly locale: Locale | null;
    readonly status: string;
    readonly firstSeenAt: string;
  }[];
  readonly phaseChanges: readonly { readonly at: string; readonly from: string; readonly to: string }[];
  readonly milestones: readonly {
    readonly id: string;
    readonly title: string;
    readonly phase: string;
    readonly dueAt: string | null;
    readonly reachedAt: string | null;
  }[];
  readonly health: readonly HealthPoint[];
  readonly timeline: readonly StoryEntry[];
}

/** The account or contact asked about is not in the source. */
export class UnknownSubjectError extends TeichakuError {
  readonly code = 'UNKNOWN_SUBJECT';
  override readonly name = 'UnknownSubjectError';
}

function statusOf(contact: ContactState): string {
  if (contact.suppressed !== null) return contact.suppressed.reason;
  if (contact.removed) return 'removed';
  return contact.email === null ? 'usage only (no contact details yet)' : 'active';
}

const byAt = (a: { readonly at: string }, b: { readonly at: string }) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** At one instant: signals first (by type), then decisions by person, whatever order the source gave. */
function entryOrder(e: StoryEntry): string {
  return e.type === 'signal' ? `0|${e.signal.type}|${JSON.stringify(e.signal)}` : `1|${e.decision.contactId}`;
}

/** Each sent decision gets the first email of its person and kind that left at or after it. */
function matchEmails(
  decisions: readonly DecisionRecord[],
  touches: readonly StoryTouch[],
): Map<DecisionRecord, StoryTouch> {
  const left = [...touches].sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0));
  const used = new Set<StoryTouch>();
  const matched = new Map<DecisionRecord, StoryTouch>();
  for (const d of [...decisions].sort(byAt)) {
    if (d.outcome !== 'sent') continue;
    const email = left.find(
      (t) => !used.has(t) && t.contactId === d.contactId && t.kind === d.kind && t.sentAt >= d.at,
    );
    if (email === undefined) continue;
    used.add(email);
    matched.set(d, email);
  }
  return matched;
}

/** Health over time as its changes: a reading that repeats the one before (score, risk, drop, phase) is left out. */
function healthChanges(points: readonly HealthPoint[]): HealthPoint[] {
  const key = (p: HealthPoint) => `${p.score}|${p.atRisk}|${p.usageDrop}|${p.phase}`;
  return [...points].sort(byAt).filter((p, i, all) => i === 0 || key(p) !== key(all[i - 1] as HealthPoint));
}

/** The account's own program (programs per segment), else the default one (the last). */
export function programOf(state: Pick<AccountState, 'programId'>, programs: readonly Program[]): Program {
  const found = programs.find((p) => p.id === state.programId) ?? programs[programs.length - 1];
  if (found === undefined) throw new Error('no program to explain the account against');
  return found;
}

function renewalOfStory(state: AccountState, program: Program): AccountStory['account']['renewal'] {
  const window = renewalWindowOf(state, program);
  if (window === null) return null;
  return { renewalDate: window.renewalDate, windowDays: renewalOf(program).windowDays, windowOpensAt: window.opensAt };
}

export function buildStory(
  sources: StorySources,
  programs: readonly Program[],
  contactId: string | null,
): AccountStory {
  const { state } = sources;
  const program = programOf(state, programs);
  const profile = state.profile;
  if (profile === null)
    throw new UnknownSubjectError(
      `account ${state.accountId} has events but no Account Upserted yet: nothing to explain`,
    );
  if (contactId !== null && state.contacts[contactId] === undefined) {
    const known = Object.keys(state.contacts).sort();
    throw new UnknownSubjectError(
      `contact ${contactId} is not a contact of account ${state.accountId} (its contacts: ${known.join(', ') || 'none'})`,
    );
  }
  // Account-wide entries (signals without a contact) stay in a contact's story.
  const mine = (x: object) => contactId === null || !('contactId' in x) || x.contactId === contactId;
  const decisions = sources.decisions.filter(mine);
  const emails = matchEmails(decisions, sources.touches.filter(mine));
  const signals = sources.signals.filter(mine);
  const timeline: StoryEntry[] = [
    ...decisions.map(
      (decision): StoryEntry => ({ at: decision.at, type: 'decision', decision, email: emails.get(decision) ?? null }),
    ),
    ...signals
      .filter((s) => s.type !== 'Touch Sent')
      .map((signal): StoryEntry => ({ at: signal.at, type: 'signal', signal })),
  ].sort((a, b) => byAt(a, b) || entryOrder(a).localeCompare(entryOrder(b)));

  return {
    account: {
      accountId: state.accountId,
      ...profile,
      programId: state.programId,
      phase: state.phase,
      phaseChangedAt: state.phaseChangedAt,
      onboardingCompletedAt: state.onboardingCompletedAt,
      contract: contractOf(state),
      renewal: renewalOfStory(state, program),
      retentionEveryDays: retentionOf(program).everyDays,
    },
    contact: contactId,
    contacts: Object.values(state.contacts)
      .filter((c) => contactId === null || c.contactId === contactId)
      .sort((a, b) => (a.contactId < b.contactId ? -1 : 1))
      .map((c) => ({
        contactId: c.contactId,
        role: c.role,
        locale: c.locale,
        status: statusOf(c),
        firstSeenAt: c.firstSeenAt,
      })),
    phaseChanges: signals
      .filter((s) => s.type === 'Phase Changed')
      .map((s) => ({ at: s.at, from: String(s.from), to: String(s.to) }))
      .sort(byAt),
    milestones: program.milestones.map((m) => ({
      id: m.id,
      title: m.title[profile.locale],
      phase: m.phase,
      dueAt: milestoneDueAt(m, state),
      reachedAt: state.milestones[m.id] ?? null,
    })),
    health: healthChanges(sources.health),
    timeline,
  };
}
