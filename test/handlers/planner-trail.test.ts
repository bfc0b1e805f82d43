// The planner keeps every run's decisions, sent and skipped, with the account's health at that run.
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryDecisionTrail } from '../../functions/adapters/memory/decision-trail.js';
import { MemorySendQueue } from '../../functions/adapters/memory/send-queue.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { createPlanAccounts } from '../../functions/app/plan-accounts.js';
import type { DecisionTrail } from '../../functions/core/ports.js';
import type { AccountState } from '../../functions/core/state.js';
import { anAccount, defaultProgram, featureTipCatalogs } from '../fixtures/builders.js';
import { fixedClock, recordingLogger } from './helpers.js';

// Onboarded on Monday 2026-01-19: the first weekly touch is due a week later, 09:00 in Tokyo.
const FIRST_TOUCH_AT = '2026-01-26T00:00:00.000Z';

// Only the tip on inviting the team, which is for owners and admins: the member has nothing to get.
const TEAM_TIP_ONLY = {
  ...featureTipCatalogs(),
  features: featureTipCatalogs().features.filter((f) => f.feature === 'team'),
};

function account(): AccountState {
  return anAccount('acc-1')
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
    .withContact('c-1', { role: 'owner' })
    .withContact('c-2', { role: 'member' })
    .withContact('c-3', { role: 'admin' })
    .onboardedOn('2026-01-19')
    .patched((s) => ({
      ...s,
      contacts: {
        ...s.contacts,
        'c-3': {
          ...(s.contacts['c-3'] as AccountState['contacts'][string]),
          suppressed: { reason: 'unsubscribed', at: '2026-01-20T00:00:00.000Z' },
        },
      },
    }))
    .state();
}

async function plan(trail: DecisionTrail) {
  const store = new MemoryAccountStore();
  await store.save(account());
  const logger = recordingLogger();
  const handler = createPlanAccounts({
    store,
    queue: new MemorySendQueue(),
    publisher: new MemorySignalPublisher(),
    program: defaultProgram(),
    catalogs: TEAM_TIP_ONLY,
    clock: fixedClock(FIRST_TOUCH_AT),
    logger,
    trail,
  });
  return { run: await handler(), logger };
}

describe('planner decision trail', () => {
  it('records one decision per contact looked at, with the reason for each one skipped, and the health read', async () => {
    const trail = new MemoryDecisionTrail();
    await plan(trail);
    const decisions = trail.decisions('acc-1');
    expect(decisions.map((d) => [d.contactId, d.outcome, d.outcome === 'sent' ? d.kind : d.reason])).toEqual([
      ['c-1', 'sent', 'feature-tip'],
      ['c-2', 'skipped', 'nothing-eligible'],
      ['c-3', 'skipped', 'unsubscribed'],
    ]);
    expect(decisions[1]?.passedOver.map((p) => p.reason)).toContain('not-key-contact');
    const [run] = trail.runs('acc-1');
    expect(run).toMatchObject({ at: FIRST_TOUCH_AT, accountId: 'acc-1', phase: 'adoption', decisions: 3 });
    expect(run?.health?.score).toEqual(expect.any(Number));
  });

  it('still plans and queues when the trail cannot be written, and logs which account lost its trail', async () => {
    const failing: DecisionTrail = { record: () => Promise.reject(new Error('throttled')) };
    const { run, logger } = await plan(failing);
    expect(run).toMatchObject({ planned: 1, touches: 1, failed: 0 });
    expect(
      logger.lines.filter((l) => l.message === 'decisions not recorded').map((l) => l.attributes.accountId),
    ).toEqual(['acc-1']);
  });
});
