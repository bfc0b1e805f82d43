// In-memory TouchLedger: the claim on a touch's deterministic id is a conditional put, so a touch
// delivered twice to the sender is sent once, as with the table's `TOUCH#` items.
import type { PlannedTouch } from '../../core/decisions.js';
import { TouchNotClaimedError } from '../../core/errors.js';
import type { LedgerTouch, TouchLedger, TouchStatus } from '../../core/ports.js';
import { supersedes } from '../../core/touch-status.js';

export interface LedgerEntry {
  readonly touch: PlannedTouch;
  readonly claimedAt: string;
  readonly messageId: string | null;
  readonly sentAt: string | null;
  /** The highest status seen so far (the table's `status` attribute). */
  readonly status: TouchStatus;
  /** First time each status was seen. */
  readonly statuses: Readonly<Partial<Record<TouchStatus, string>>>;
}

export class MemoryTouchLedger implements TouchLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  /** The keys of each account's entries, in the order claimed (as `entries` holds them). */
  private readonly keysByAccount = new Map<string, Set<string>>();

  async claim(
    touch: PlannedTouch,
    at: string,
    status: 'claimed' | 'skipped' = 'claimed',
  ): Promise<'claimed' | 'already-claimed'> {
    const key = keyOf(touch.accountId, touch.touchId);
    if (this.entries.has(key)) return 'already-claimed';
    const keys = this.keysByAccount.get(touch.accountId);
    if (keys === undefined) this.keysByAccount.set(touch.accountId, new Set([key]));
    else keys.add(key);
    this.entries.set(key, {
      touch,
      claimedAt: at,
      messageId: null,
      sentAt: null,
      status,
      statuses: { claimed: at, [status]: at },
    });
    return 'claimed';
  }

  async inspect(accountId: string, touchId: string): Promise<LedgerTouch | null> {
    const entry = this.entries.get(keyOf(accountId, touchId));
    return entry === undefined
      ? null
      : { status: entry.status, claimedAt: entry.claimedAt, messageId: entry.messageId };
  }

  async markUnconfirmed(accountId: string, touchId: string, at: string): Promise<void> {
    const key = keyOf(accountId, touchId);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.status !== 'claimed' || entry.messageId !== null) return;
    this.entries.set(key, {
      ...entry,
      status: 'unconfirmed',
      statuses: { ...entry.statuses, unconfirmed: entry.statuses.unconfirmed ?? at },
    });
  }

  async markSent(accountId: string, touchId: string, messageId: string, at: string): Promise<void> {
    const key = keyOf(accountId, touchId);
    const entry = this.entries.get(key);
    if (entry === undefined) throw new TouchNotClaimedError(accountId, touchId);
    this.entries.set(key, {
      ...entry,
      messageId,
      sentAt: at,
      status: raised(entry.status, 'sent'),
      statuses: { ...entry.statuses, sent: entry.statuses.sent ?? at },
    });
  }

  /** Drops a claim not yet sent, so a later delivery of the job may send it; a sent touch stays. */
  async release(accountId: string, touchId: string): Promise<void> {
    const key = keyOf(accountId, touchId);
    const entry = this.entries.get(key);
    // As the table's conditional delete: only a touch still `claimed` (not skipped, failed, lost).
    if (entry?.status === 'claimed' && entry.messageId === null) {
      this.entries.delete(key);
      this.keysByAccount.get(accountId)?.delete(key);
    }
  }

  /** Idempotent: the first time of each status is kept; a status for an unknown touch changes nothing. */
  async recordStatus(accountId: string, touchId: string, status: TouchStatus, at: string): Promise<void> {
    const key = keyOf(accountId, touchId);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.statuses[status] !== undefined) return;
    this.entries.set(key, {
      ...entry,
      status: raised(entry.status, status),
      statuses: { ...entry.statuses, [status]: at },
    });
  }

  get(accountId: string, touchId: string): LedgerEntry | null {
    return this.entries.get(keyOf(accountId, touchId)) ?? null;
  }

  all(): LedgerEntry[] {
    return [...this.entries.values()];
  }

  /** The entries of one account, in the order `all` lists them, without going through the others'. */
  ofAccount(accountId: string): LedgerEntry[] {
    const out: LedgerEntry[] = [];
    for (const key of this.keysByAccount.get(accountId) ?? []) {
      const entry = this.entries.get(key);
      if (entry !== undefined) out.push(entry);
    }
    return out;
  }
}

function raised(current: TouchStatus, next: TouchStatus): TouchStatus {
  return supersedes(current, next) ? next : current;
}

function keyOf(accountId: string, touchId: string): string {
  return `${accountId}\u0000${touchId}`;
}
