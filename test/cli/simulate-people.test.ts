// `teichaku simulate` end to end for the people of an account: a member promoted to admin gets
// re-onboarding, the last owner leaving and a new owner are told to the CS team, and an account
// stalled in onboarding gets its owner nudged and an `Onboarding Stalled` signal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountUpserted, contactRemoved, contactUpserted, onboardingCompleted, usage } from '../fixtures/builders.js';
import { byTime, type Line, runScenario, type Scenario } from '../fixtures/simulate-scenario.js';

const UNTIL = '2026-03-02T00:00:00.000Z';

/** Weekday usage of the account's people, so the accounts stay healthy and in adoption. */
function dailyUsage(accountId: string, contactIds: readonly string[], fromDay: number, toDay: number) {
  const out = [];
  for (let day = fromDay; day < toDay; day++) {
    const at = new Date(Date.parse('2026-01-05T01:00:00Z') + day * 86_400_000);
    if (at.getUTCDay() === 0 || at.getUTCDay() === 6) continue;
    for (const id of contactIds) out.push(usage(accountId, id, 'login', at.toISOString()));
  }
  return out;
}

let run: Scenario;
let touches: Line[] = [];
let signals: Line[] = [];

beforeAll(async () => {
  const events = byTime([
    // acc-promo: onboarded on 2026-01-07; its member becomes an admin on 2026-02-02 and its only
    // owner leaves on 2026-02-09, then a new owner arrives on 2026-02-16.
    accountUpserted('acc-promo', { name: 'Promo KK' }),
    contactUpserted('acc-promo', 'p-owner', { role: 'owner' }),
    contactUpserted('acc-promo', 'p-member', { role: 'member' }),
    onboardingCompleted('acc-promo', '2026-01-07T00:00:00Z'),
    ...dailyUsage('acc-promo', ['p-owner', 'p-member'], 0, 56),
    contactUpserted('acc-promo', 'p-member', { role: 'admin' }, { at: '2026-02-02T03:00:00Z' }),
    contactRemoved('acc-promo', 'p-owner', { at: '2026-02-09T03:00:00Z' }),
    contactUpserted('acc-promo', 'p-new', { role: 'owner' }, { at: '2026-02-16T03:00:00Z' }),
    // acc-stall: contract 2026-01-05, its owner never signs in: onboarding stalls on day 7.
    accountUpserted('acc-stall', { name: 'Stall KK' }),
    contactUpserted('acc-stall', 's-owner', { role: 'owner' }),
    contactUpserted('acc-stall', 's-member', { role: 'member' }),
  ]);
  run = await runScenario(events, { until: UNTIL, name: 'people' });
  expect(run.code, run.stderr).toBe(0);
  ({ touches, signals } = run);
}, 120_000);

afterAll(() => run?.remove());

describe('simulate: people who change', () => {
  it('re-onboards a member promoted to admin after onboarding, as a new key contact', () => {
    const reonboarding = touches.filter((t) => t.kind === 're-onboarding').map((t) => t.contactId);
    expect(reonboarding).toContain('p-member');
    expect(reonboarding).toContain('p-new');
    const sent = touches.find((t) => t.kind === 're-onboarding' && t.contactId === 'p-member');
    expect(String(sent?.sentAt) >= '2026-02-02T03:00:00.000Z').toBe(true);
  });

  it('tells the CS team when the last owner leaves and when a new owner appears', () => {
    const changes = signals
      .filter((s) => s.type === 'Key Contact Changed')
      .map((s) => [s.accountId, s.change, s.contactId]);
    expect(changes).toEqual([
      ['acc-promo', 'last-owner-left', 'p-owner'],
      ['acc-promo', 'owner-added', 'p-new'],
    ]);
  });

  it('nudges the owner of an account stalled in onboarding, not its member, and signals the stall once', () => {
    const stalled = signals.filter((s) => s.type === 'Onboarding Stalled');
    expect(stalled).toHaveLength(1);
    expect(stalled[0]).toMatchObject({ accountId: 'acc-stall', milestoneIds: ['first-login', 'basic-settings'] });
    // Due on 2026-01-12 (day 7): looked at from the next day, 09:00 JST.
    expect(stalled[0]?.at).toBe('2026-01-13T00:00:00.000Z');
    const nudges = touches.filter((t) => t.accountId === 'acc-stall');
    expect(nudges.map((t) => [t.contactId, t.kind])).toEqual([['s-owner', 'milestone-nudge']]);
  });
});
