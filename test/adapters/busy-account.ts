// An account as it stands after weeks of use: four contacts with addresses and names, daily usage of
// several features, onboarding done and a touch a week per contact. The shape the packed state is
// sized and round-tripped on.

import type { AccountState, ContactState } from '../../functions/core/state.js';
import { touchIdFor } from '../../functions/core/touch-id.js';
import { anAccount } from '../fixtures/builders.js';

const DAY_MS = 86_400_000;
const START_MS = Date.parse('2026-01-05T00:00:00.000Z');
const dayAt = (day: number, hour: number) => new Date(START_MS + day * DAY_MS + hour * 3_600_000).toISOString();

export function aBusyAccount(accountId: string, weeks: number): AccountState {
  const contacts = ['u1', 'u2', 'u3', 'u4'].map((u) => `${accountId}-${u}`);
  const builder = anAccount(accountId).withProfile({ name: 'Kaisha Ltd.' });
  contacts.forEach((id, i) =>
    builder.withContact(id, { role: i === 0 ? 'owner' : i === 1 ? 'admin' : 'member', name: `Person ${i}` }),
  );
  builder.onboardedOn('2026-01-07');
  const actions = ['login', 'dashboard.view', 'report.create', 'member.invite', 'api.export'];
  for (let day = 0; day < weeks * 7; day++) {
    if (day % 7 >= 5) continue;
    contacts.forEach((id, i) => {
      if ((day + i) % 3 !== 0) builder.withUsage(id, actions[(day + i) % actions.length] as string, dayAt(day, 1 + i));
    });
  }
  return builder
    .patched((state) => {
      const withTouches: Record<string, ContactState> = {};
      for (const [id, contact] of Object.entries(state.contacts)) {
        const touches = Array.from({ length: weeks }, (_, week) => {
          const kind = week % 2 === 0 ? 'feature-tip' : 'milestone-nudge';
          const subject = `${kind === 'feature-tip' ? 'feature' : 'milestone'}-${week}`;
          return {
            touchId: touchIdFor({ accountId, contactId: id, kind, subject, trigger: `step-${week}` }),
            kind,
            subject,
            at: dayAt(week * 7, 0),
          } as const;
        });
        withTouches[id] = { ...contact, touches };
      }
      return {
        ...state,
        contacts: withTouches,
        cadence: { step: weeks, retryAt: null, nextDueAt: dayAt(weeks * 7, 0) },
      };
    })
    .state();
}
