// Opt a contact out, by their own choice (the unsubscribe link, the page's forms, a mail client's
// one-click): stop all automated email, or only one topic (the promotional kind, surveys), and put
// the choice on the compliance record exactly once.
import type { OptOutChannel } from '../core/compliance-record.js';
import { heldOptOutAt, type OptOutScope, optOutOnRecord } from '../core/opt-out.js';
import type { AccountStore, ComplianceLog, SuppressionRecorder, TopicOptOutRecorder } from '../core/ports.js';
import type { ContactState } from '../core/state.js';

export interface OptOutDeps {
  readonly store: AccountStore;
  readonly suppressions: SuppressionRecorder;
  /** Offers and records the opt-out of one topic (promotional, survey); without it the page offers stop-all alone. */
  readonly topics?: TopicOptOutRecorder;
  /** Where each opt-out is recorded with its time and channel. */
  readonly compliance?: ComplianceLog;
}

/** Records the choice; true when this request put an entry on the compliance record. */
export type OptOut = (
  accountId: string,
  contactId: string,
  before: ContactState | undefined,
  choice: { scope: OptOutScope; channel: OptOutChannel },
  now: string,
) => Promise<boolean>;

export function createOptOut(deps: OptOutDeps): OptOut {
  /**
   * The state first, then the record. The state keeps the first time of an opt-out, so the request
   * that changed it is the one whose time it holds: that request writes the entry, with that time. A
   * repeated POST or a second click finds the choice held and the entry on the record, and writes
   * nothing. A repeat also puts back an entry lost to a failure between the two writes (with that
   * time; the channel is the repeat's). After a resubscribe the state holds nothing, so a new choice
   * is a new entry.
   */
  return async function optOut(
    accountId: string,
    contactId: string,
    before: ContactState | undefined,
    choice: { scope: OptOutScope; channel: OptOutChannel },
    now: string,
  ): Promise<boolean> {
    const { scope, channel } = choice;
    const entry = { kind: 'opt-out', accountId, contactId, scope, channel } as const;
    let contact = before;
    let held = heldOptOutAt(before, scope);
    if (held === null) {
      if (scope === 'all') await deps.suppressions.suppress(accountId, contactId, 'unsubscribed', now);
      else await deps.topics?.optOut(accountId, contactId, scope, now);
      contact = (await deps.store.load(accountId))?.contacts[contactId];
      held = heldOptOutAt(contact, scope);
      if (held === now) {
        await deps.compliance?.append([{ ...entry, at: now }]);
        return true;
      }
    }
    if (deps.compliance === undefined) return false;
    // Held since before (or not holdable: suppressed by a bounce or a complaint, a topic of an unknown
    // contact): the record says whether this choice is on it already.
    const since = held ?? contact?.suppressed?.at ?? null;
    if (optOutOnRecord(await deps.compliance.list(accountId), contactId, scope, since)) return false;
    await deps.compliance.append([{ ...entry, at: held ?? now }]);
    return true;
  };
}
