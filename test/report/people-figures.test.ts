import { describe, expect, it } from 'vitest';
import { peopleFigures } from '../../functions/report/people-figures.js';
import { reportAccountsOf } from '../../functions/report/report-account.js';
import { anAccount, defaultProgram, onboardingCompleted } from '../fixtures/builders.js';

const program = defaultProgram();
const UNTIL = '2026-03-01T00:00:00.000Z';

describe('usage by person in the report', () => {
  const state = anAccount('acc-1')
    .withProfile({ timeZone: 'UTC' })
    .withContact('c-owner', { role: 'owner' })
    .withContact('c-m1', { role: 'member' })
    .withContact('c-m2', { role: 'member' })
    .withUsage('c-owner', 'member.invite', '2026-02-20T01:00:00Z')
    .withUsage('c-m1', 'dashboard.view', '2026-01-10T01:00:00Z')
    .withUsage('c-owner', 'dashboard.view', '2026-02-25T01:00:00Z')
    .withEvents(onboardingCompleted('acc-1', '2026-01-06'))
    .state(program);
  const [figures] = peopleFigures([program], reportAccountsOf([state], program, UNTIL), UNTIL);

  it('gives the share of seats active in the last 30 days, by role', () => {
    expect(figures?.seats).toEqual([
      { role: 'owner', seats: 1, active30: 1, activeShare: 1 },
      { role: 'admin', seats: 0, active30: 0, activeShare: null },
      // c-m1 was last active on 2026-01-10, more than 30 days before the end.
      { role: 'member', seats: 2, active30: 0, activeShare: 0 },
    ]);
  });

  it('counts feature adoption by person, among the people whose role can use the feature', () => {
    const byId = Object.fromEntries((figures?.features ?? []).map((f) => [f.featureId, f]));
    expect(byId.dashboard).toMatchObject({ people: 3, using: 2, share: 0.667 });
    // Inviting the team is for owners and admins: the members do not count.
    expect(byId.team).toMatchObject({ people: 1, using: 1, share: 1 });
    expect(byId['api-export']).toMatchObject({ people: 1, using: 0, share: 0 });
  });
});
