// The CRM record changes of a replay: kept for crm.jsonl (one line per `CRM Record Changed`, as its
// detail goes on the bus) and handed on to where they are delivered (`npm start`: the local receiver).
import type { CrmRecordChange } from '../core/crm-record.js';
import type { CrmRecordPublisher } from '../core/ports.js';

export class CrmChanges {
  private changes: CrmRecordChange[] = [];

  constructor(private readonly inner: CrmRecordPublisher | null = null) {}

  readonly publisher: CrmRecordPublisher = {
    publish: async (change) => {
      // Delivered first: a change the destination refused is not published (the planner retries it).
      if (this.inner !== null) await this.inner.publish(change);
      this.changes.push(change);
    },
  };

  /** The changes since the last call, in a stable order (planners run at once): by time, then account. */
  take(): CrmRecordChange[] {
    const out = this.changes;
    this.changes = [];
    return out.sort((a, b) => (a.at === b.at ? (a.accountId < b.accountId ? -1 : 1) : a.at < b.at ? -1 : 1));
  }
}
