// TopicOptOutRecorder over any AccountStore: the contact keeps the rest and gets no more email of the
// topic (the promotional class, or surveys). The first time stays; the planner and the sender both check.
import type { OptOutTopic } from '../core/message-class.js';
import type { AccountStore, TopicOptOutRecorder } from '../core/ports.js';
import type { AccountState, ContactState } from '../core/state.js';
import { updateAccount } from './update-account.js';

/** The state with the contact's opt-out of `topic`; null when it had one already (or is unknown). */
export function optOutOfTopic(
  state: AccountState,
  contactId: string,
  topic: OptOutTopic,
  at: string,
): AccountState | null {
  const contact = state.contacts[contactId];
  if (contact === undefined || contact.topicOptOuts?.[topic] !== undefined) return null;
  const next: ContactState = { ...contact, topicOptOuts: { ...contact.topicOptOuts, [topic]: at } };
  return { ...state, contacts: { ...state.contacts, [contactId]: next } };
}

export function createStoreTopicOptOutRecorder(store: AccountStore): TopicOptOutRecorder {
  return {
    async optOut(accountId, contactId, topic, at) {
      await updateAccount(store, accountId, (current) => {
        const next = current === null ? null : optOutOfTopic(current, contactId, topic, at);
        return next === null ? null : { state: next };
      });
    },
  };
}
