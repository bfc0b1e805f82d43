// In-memory ComplianceLog with the table's contract: append-only by entry id, listed by contact then time.
import { type ComplianceEntry, complianceEntryId } from '../../core/compliance-record.js';
import type { ComplianceLog, StoredComplianceEntry } from '../../core/ports.js';

export class MemoryComplianceLog implements ComplianceLog {
  private readonly entries = new Map<string, StoredComplianceEntry>();

  async append(entries: readonly ComplianceEntry[]): Promise<void> {
    for (const entry of entries) {
      const key = keyOf(entry.accountId, entry.contactId, complianceEntryId(entry));
      if (!this.entries.has(key)) this.entries.set(key, { ...entry, expiresAt: null });
    }
  }

  async list(accountId: string): Promise<StoredComplianceEntry[]> {
    return [...this.entries.entries()]
      .filter(([, e]) => e.accountId === accountId)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, e]) => e);
  }

  async retain(accountId: string, contactId: string, until: string | null): Promise<void> {
    for (const [key, e] of this.entries) {
      if (e.accountId === accountId && e.contactId === contactId) this.entries.set(key, { ...e, expiresAt: until });
    }
  }

  /** Every account's entries (for a replay's run folder). */
  all(): StoredComplianceEntry[] {
    return [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  }
}

function keyOf(accountId: string, contactId: string, id: string): string {
  return `${accountId}\u0000${contactId}#${id}`;
}
