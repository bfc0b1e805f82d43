// In-memory SendingGuardStore, with the table's contract: an outcome counts once per touch, and only
// for a touch the ledger knows.
import type { SendingGuardStore } from '../../core/ports.js';
import { INITIAL_GUARD_STATE, type SendingGuardState } from '../../core/sending-guard.js';
import { type HourCounts, hourOf, type SendingOutcome } from '../../core/sending-rates.js';

export interface MemorySendingGuardOptions {
  /** Whether the touch exists in the ledger (default: every touch does). */
  readonly touchExists?: (accountId: string, touchId: string) => Promise<boolean>;
}

export class MemorySendingGuard implements SendingGuardStore {
  private state: SendingGuardState = INITIAL_GUARD_STATE;
  private readonly counted = new Set<string>();
  private readonly hours = new Map<string, { sends: number; bounces: number; complaints: number }>();

  constructor(private readonly options: MemorySendingGuardOptions = {}) {}

  async countOutcome(
    accountId: string,
    touchId: string,
    outcome: SendingOutcome,
    at: string,
  ): Promise<'counted' | 'already-counted' | 'unknown-touch'> {
    if (this.options.touchExists !== undefined && !(await this.options.touchExists(accountId, touchId)))
      return 'unknown-touch';
    const key = `${accountId}\u0000${touchId}\u0000${outcome}`;
    if (this.counted.has(key)) return 'already-counted';
    this.counted.add(key);
    const hour = hourOf(at);
    const counts = this.hours.get(hour) ?? { sends: 0, bounces: 0, complaints: 0 };
    if (outcome === 'send') counts.sends += 1;
    else if (outcome === 'bounce') counts.bounces += 1;
    else counts.complaints += 1;
    this.hours.set(hour, counts);
    return 'counted';
  }

  async countSends(at: string, count: number): Promise<void> {
    const hour = hourOf(at);
    const counts = this.hours.get(hour) ?? { sends: 0, bounces: 0, complaints: 0 };
    this.hours.set(hour, { ...counts, sends: counts.sends + count });
  }

  async readCounts(fromHour: string): Promise<HourCounts[]> {
    return [...this.hours.entries()]
      .filter(([hour]) => hour >= fromHour)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([hour, c]) => ({ hour, ...c }));
  }

  async load(): Promise<SendingGuardState> {
    return this.state;
  }

  async update(change: (current: SendingGuardState) => SendingGuardState | null): Promise<SendingGuardState | null> {
    const next = change(this.state);
    if (next === null) return null;
    // firstSendAt is kept apart from pauses and resumes, as in the table.
    this.state = { ...next, firstSendAt: this.state.firstSendAt };
    return this.state;
  }

  async noteFirstSend(at: string): Promise<void> {
    if (this.state.firstSendAt === null || at < this.state.firstSendAt) this.state = { ...this.state, firstSendAt: at };
  }
}
