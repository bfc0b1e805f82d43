// In-memory TouchLedger: the claim on a touch's deterministic id is a conditional put, so a touch
// delivered twice to the sender is sent once, as with the table's `TOUCH#` items.
import type { PlannedTouch } from '../../core/decisions.js';
import type { TouchLedger, TouchStatus } from '../../core/ports.js';

export interface LedgerEntry {
  readonly touch: PlannedTouch;
  readonly claimedAt: string;
  readonly messageId: string | null;
  readonly sentAt: string | null;
  /** First time each status was seen. */
  readonly statuses: Readonly<Partial<Record<TouchStatus, string>>>;
}

export class TouchNotClaimedError extends Error {
  override readonly name = 'TouchNotClaimedError';
  constructor(readonly accountId: string, readonly touchId: string) {
    super(`touch ${touchId} of account ${accountId} was never claimed; claim it before marking it sent`);
  }
}

export class MemoryTouchLedger implements TouchLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  async claim(touch: PlannedTouch, at: string): Promise<'claimed' | 'already-claimed'> {
    const key = keyOf(touch.accountId, touch.touchId);
    if (this.entries.has(key)) return 'already-claimed';
    this.entries.set(key, { touch, claimedAt: at, messageId: null, sentAt: null, statuses: { claimed: at } });
    return 'claimed';
  }

  async markSent(accountId: string, touchId: string, messageId: string, at: string): Promise<void> {
    const key = keyOf(accountId, touchId);
    const entry = this.entries.get(key);
    if (entry === undefined) throw new TouchNotClaimedError(accountId, touchId);
    this.entries.set(key, { ...entry, messageId, sentAt: at, statuses: { ...entry.statuses, sent: entry.statuses.sent ?? at } });
  }

  /** Drops a claim not yet sent, so a later delivery of the job may send it; a sent touch stays. */
  async release(accountId: string, touchId: string): Promise<void> {
    const key = keyOf(accountId, touchId);
    if (this.entries.get(key)?.messageId === null) this.entries.delete(key);
  }

  /** Idempotent: the first time of each status is kept; a status for an unknown touch changes nothing. */
  async recordStatus(accountId: string, touchId: string, status: TouchStatus, at: string): Promise<void> {
    const key = keyOf(accountId, touchId);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.statuses[status] !== undefined) return;
    this.entries.set(key, { ...entry, statuses: { ...entry.statuses, [status]: at } });
  }

  get(accountId: string, touchId: string): LedgerEntry | null {
    return this.entries.get(keyOf(accountId, touchId)) ?? null;
  }

  all(): LedgerEntry[] {
    return [...this.entries.values()];
  }
}

function keyOf(accountId: string, touchId: string): string {
  return `${accountId}\u0000${touchId}`;
}
