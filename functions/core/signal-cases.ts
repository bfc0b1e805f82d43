// Signal cases: each signal a person may take up, per account and type. The engine raises it (the
// planner, or ingest for a key contact change); people acknowledge and resolve it with events. The
// latest acknowledgement and resolution are kept by (at, event id), so their order and redelivery
// change nothing. An acknowledged `Account At Risk` is not raised again while it is being handled:
// until it is resolved, or for the program's `plays.acknowledgedDays`. One nobody acknowledged is
// damped: not raised again within `plays.reRaiseDays` of its raise unless it is news (see isDamped).
import type { SignalAcknowledged, SignalResolved } from './events.js';
import type { ReRaiseDamping } from './program.js';
import { HANDLED_SIGNAL_TYPES, type HandledSignalType, type Signal } from './signals.js';
import type { AccountState, SignalCase, SignalHandling } from './state.js';
import { DAY_MS, toIso, toMs } from './time.js';

export type CaseStatus = 'open' | 'acknowledged' | 'resolved';

function isHandledType(type: Signal['type']): type is HandledSignalType {
  return (HANDLED_SIGNAL_TYPES as readonly string[]).includes(type);
}

/** Whether the handling `a` is later than `b` (by time, then event id), or `b` is absent. */
function isLater(a: SignalHandling, b: SignalHandling | undefined): boolean {
  return b === undefined || a.at > b.at || (a.at === b.at && a.eventId > b.eventId);
}

/** The case's handling once it was raised: the ones given before the latest raise were about an earlier one. */
function since(handling: SignalHandling | undefined, raisedAt: string | undefined): SignalHandling | undefined {
  return handling !== undefined && (raisedAt === undefined || handling.at >= raisedAt) ? handling : undefined;
}

/**
 * Where the case stands at `now`: resolved after its latest raise; acknowledged after it (and not
 * resolved later) for `acknowledgedDays`; else open. Null when it was never raised.
 */
export function caseStatus(c: SignalCase | undefined, now: string, acknowledgedDays: number): CaseStatus | null {
  if (c?.raisedAt === undefined) return null;
  const resolved = since(c.resolved, c.raisedAt);
  const acknowledged = since(c.acknowledged, c.raisedAt);
  if (resolved !== undefined && (acknowledged === undefined || resolved.at >= acknowledged.at)) return 'resolved';
  if (acknowledged !== undefined && toMs(now) < toMs(acknowledged.at) + acknowledgedDays * DAY_MS)
    return 'acknowledged';
  return 'open';
}

/**
 * Whether a person holds the case: acknowledged (not resolved since) less than `acknowledgedDays`
 * ago. Unlike caseStatus it needs no raise: an acknowledgement sent from the CS team's tools
 * before the engine raised anything holds too.
 */
export function isHeld(c: SignalCase | undefined, now: string, acknowledgedDays: number): boolean {
  const acknowledged = c?.acknowledged;
  if (acknowledged === undefined) return false;
  if (c?.resolved !== undefined && c.resolved.at >= acknowledged.at) return false;
  return toMs(now) < toMs(acknowledged.at) + acknowledgedDays * DAY_MS;
}

/**
 * The acknowledgement expired with the account still at risk: raise it again, once (the raise is
 * then later than the acknowledgement).
 */
export function acknowledgementLapsed(c: SignalCase | undefined, now: string, acknowledgedDays: number): boolean {
  const acknowledged = since(c?.acknowledged, c?.raisedAt);
  if (c?.raisedAt === undefined || acknowledged === undefined) return false;
  if (c.resolved !== undefined && c.resolved.at >= acknowledged.at) return false;
  return !isHeld(c, now, acknowledgedDays);
}

function withCase(state: AccountState, type: HandledSignalType, next: SignalCase): AccountState {
  return { ...state, signalCases: { ...state.signalCases, [type]: next } };
}

/** The state with each handled signal of `signals` recorded as raised (a new open case). */
export function recordRaised(state: AccountState, signals: readonly Signal[]): AccountState {
  let next = state;
  for (const signal of signals) {
    if (!isHandledType(signal.type)) continue;
    // Only the change to expansion-ready asks a person for something.
    if (signal.type === 'Phase Changed' && signal.to !== 'expansion-ready') continue;
    const held = next.signalCases?.[signal.type];
    if (held?.raisedAt !== undefined && held.raisedAt >= signal.at) continue;
    const { recoveredAt: _, ...rest } = held ?? {};
    const raise = { ...rest, raisedAt: signal.at, raised: (held?.raised ?? 0) + 1 };
    next = withCase(
      next,
      signal.type,
      signal.type === 'Account At Risk'
        ? { ...raise, raisedScore: signal.score, raisedReasons: signal.reasons }
        : raise,
    );
  }
  return next;
}

/** The state with one more raise held back by an acknowledgement. */
export function recordHeldBack(state: AccountState, type: HandledSignalType): AccountState {
  const held = state.signalCases?.[type] ?? {};
  return withCase(state, type, { ...held, heldBack: (held.heldBack ?? 0) + 1 });
}

type AtRiskFall = Pick<Extract<Signal, { type: 'Account At Risk' }>, 'score' | 'reasons'>;

/**
 * Whether a new fall into risk at `now` is kept from raising `Account At Risk` again: it comes within
 * `damping.days` of the latest raise, nobody resolved that raise, and it is no news: health is not
 * `damping.margin` points or more below the raised score, it has no reason the raise did not carry,
 * and the account did not recover (`Account Recovered`) and stay so `damping.recoveredDays` first.
 */
export function isDamped(c: SignalCase | undefined, fall: AtRiskFall, now: string, damping: ReRaiseDamping): boolean {
  if (damping.days === 0 || c?.raisedAt === undefined) return false;
  if (toMs(now) >= toMs(c.raisedAt) + damping.days * DAY_MS) return false;
  if (since(c.resolved, c.raisedAt) !== undefined) return false;
  if (c.raisedScore !== undefined && fall.score <= c.raisedScore - damping.margin) return false;
  if (c.raisedReasons !== undefined && fall.reasons.some((r) => !c.raisedReasons?.includes(r))) return false;
  const recovered = c.recoveredAt !== undefined && c.recoveredAt >= c.raisedAt ? c.recoveredAt : undefined;
  const fellSince = c.dampedAt !== undefined && recovered !== undefined && c.dampedAt > recovered;
  if (recovered !== undefined && !fellSince && toMs(now) - toMs(recovered) >= damping.recoveredDays * DAY_MS)
    return false;
  return true;
}

/** The state with one more fall damped at `now`. */
export function recordDamped(state: AccountState, now: string): AccountState {
  const held = state.signalCases?.['Account At Risk'] ?? {};
  return withCase(state, 'Account At Risk', { ...held, damped: (held.damped ?? 0) + 1, dampedAt: now });
}

/**
 * A fall was damped since the latest raise and the damping is over with the account still at risk:
 * raise it now, once (the raise is then later than the damped fall). Not when a person resolved it since.
 */
export function dampingLapsed(c: SignalCase | undefined, now: string, damping: ReRaiseDamping): boolean {
  if (c?.raisedAt === undefined || c.dampedAt === undefined || c.dampedAt < c.raisedAt) return false;
  if (c.resolved !== undefined && c.resolved.at >= c.dampedAt) return false;
  return toMs(now) >= toMs(c.raisedAt) + damping.days * DAY_MS;
}

/** The state with the at-risk case answered by `Account Recovered` at `at`. */
export function recordRecovered(state: AccountState, at: string): AccountState {
  const held = state.signalCases?.['Account At Risk'] ?? {};
  return withCase(state, 'Account At Risk', { ...held, recoveredAt: at });
}

/** Whether an `Account Recovered` is due: the latest at-risk raise has not been answered nor resolved. */
export function awaitsRecovery(state: AccountState): string | null {
  const c = state.signalCases?.['Account At Risk'];
  if (c?.raisedAt === undefined) return null;
  if (c.recoveredAt !== undefined && c.recoveredAt >= c.raisedAt) return null;
  if (since(c.resolved, c.raisedAt) !== undefined) return null;
  return c.raisedAt;
}

type HandlingEvent =
  | { readonly detailType: 'Signal Acknowledged'; readonly id: string; readonly detail: SignalAcknowledged }
  | { readonly detailType: 'Signal Resolved'; readonly id: string; readonly detail: SignalResolved };

/**
 * A person's acknowledgement or resolution applied to the cases: kept when later than the one held
 * (by `at`, then event id). Returns null when it changes nothing (an older one, or a redelivery).
 */
export function applyHandling(
  cases: AccountState['signalCases'],
  event: HandlingEvent,
): NonNullable<AccountState['signalCases']> | null {
  const { signalType, by, at, note } = event.detail;
  const handling: SignalHandling = {
    at: toIso(toMs(at)),
    eventId: event.id,
    by,
    ...(note === undefined ? {} : { note }),
    ...(event.detailType === 'Signal Resolved' && event.detail.outcome !== undefined
      ? { outcome: event.detail.outcome }
      : {}),
  };
  const held = cases?.[signalType] ?? {};
  const key = event.detailType === 'Signal Acknowledged' ? 'acknowledged' : 'resolved';
  if (!isLater(handling, held[key])) return null;
  return { ...cases, [signalType]: { ...held, [key]: handling } };
}
