// `teichaku simulate` end to end for health in every phase: an account that became expansion-ready
// and then stopped using the product raises `Account At Risk`; one that keeps using it does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountUpserted, contactUpserted, onboardingCompleted, usage } from '../fixtures/builders.js';
import { byTime, type Line, runScenario, type Scenario } from '../fixtures/simulate-scenario.js';

const UNTIL = '2026-04-30T00:00:00.000Z';
/** Every action a milestone or feature of the shipped programs reads: enough to be expansion-ready. */
const ACTIONS = [
  'login',
  'settings.basic_complete',
  'dashboard.view',
  'daily_report.create',
  'report.create',
  'member.invite',
  'approval.configure',
  'report.schedule_monthly',
  'dashboard.customize',
];

/** Weekday usage of every action by the account's people, from 2026-01-05 for `days` days. */
function weekdayUsage(accountId: string, contactIds: readonly string[], days: number) {
  const out = [];
  for (let day = 0; day < days; day++) {
    const at = new Date(Date.parse('2026-01-05T01:00:00Z') + day * 86_400_000);
    if (at.getUTCDay() === 0 || at.getUTCDay() === 6) continue;
    for (const id of contactIds)
      for (const [i, action] of ACTIONS.entries())
        out.push(usage(accountId, id, action, new Date(at.getTime() + i * 60_000).toISOString()));
  }
  return out;
}

function anAccountsEvents(accountId: string, usageDays: number) {
  const people = [`${accountId}-owner`, `${accountId}-member`];
  return [
    accountUpserted(accountId, { name: `${accountId} KK` }),
    contactUpserted(accountId, people[0] as string, { role: 'owner' }),
    contactUpserted(accountId, people[1] as string, { role: 'member' }),
    onboardingCompleted(accountId, '2026-01-07T00:00:00Z'),
    ...weekdayUsage(accountId, people, usageDays),
  ];
}

let run: Scenario;
let signals: Line[] = [];

beforeAll(async () => {
  // acc-steady uses the product through the run; acc-collapse stops after seven weeks.
  const events = byTime([...anAccountsEvents('acc-steady', 115), ...anAccountsEvents('acc-collapse', 49)]);
  run = await runScenario(events, { until: UNTIL, name: 'health' });
  expect(run.code, run.stderr).toBe(0);
  ({ signals } = run);
}, 120_000);

afterAll(() => run?.remove());

const readyAt = (accountId: string) =>
  signals.find((s) => s.type === 'Phase Changed' && s.accountId === accountId && s.to === 'expansion-ready')?.at as
    | string
    | undefined;
const risksAfter = (accountId: string, at: string) =>
  signals.filter((s) => s.type === 'Account At Risk' && s.accountId === accountId && String(s.at) > at);

describe('simulate: health in every phase', () => {
  it('raises Account At Risk for an account that became expansion-ready and then collapsed', () => {
    const ready = readyAt('acc-collapse');
    expect(ready).toBeDefined();
    const risks = risksAfter('acc-collapse', ready as string);
    expect(risks.length).toBeGreaterThan(0);
    expect(risks[0]?.reasons).toContain('usage-drop');
  });

  it('raises nothing for an expansion-ready account that keeps using the product', () => {
    const ready = readyAt('acc-steady');
    expect(ready).toBeDefined();
    expect(risksAfter('acc-steady', ready as string)).toEqual([]);
  });

  it('raises no at-risk signal in the grace period of either account', () => {
    const grace = '2026-01-21T00:00:00.000Z';
    expect(signals.filter((s) => s.type === 'Account At Risk' && String(s.at) < grace)).toEqual([]);
  });
});
