// The renewal figures on hand-built accounts whose answers are worked out in the comments.
import { describe, expect, it } from 'vitest';
import type { AccountProfile } from '../../functions/core/state.js';
import { renewalFigures, renewalOutcome } from '../../functions/report/renewal-figures.js';
import { reportAccountsOf } from '../../functions/report/report-account.js';
import { buildReportData } from '../../functions/report/report-data.js';
import { takeSnapshot } from '../../functions/report/usage-snapshot.js';
import { anAccount, contractEnded, contractRenewed, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const FROM = '2026-01-01T00:00:00.000Z';
const UNTIL = '2026-07-01T00:00:00.000Z';

function account(id: string, profile: Partial<AccountProfile>) {
  return anAccount(id)
    .withProfile({ name: `Company ${id}`, ...profile })
    .withContact(`${id}-c1`, { role: 'owner' });
}

// The default program: the value milestone is `monthly-report-scheduled` (report.schedule_monthly
// once), the first adoption milestone `dashboard-understood` (dashboard.view on 2 days).
const states = [
  // Renewed in March for less (1.2 M → 1.0 M JPY); value 10 days after onboarding (band 0-30);
  // activated (dashboard on days 7 and 8 of the contract).
  account('r1', { contractStart: '2026-01-05', renewalDate: '2026-03-01', arr: 1_200_000, currency: 'JPY' })
    .onboardedOn('2026-01-10')
    .withUsage('r1-c1', 'dashboard.view', '2026-01-12T03:00:00Z', '2026-01-13T03:00:00Z')
    .withUsage('r1-c1', 'report.schedule_monthly', '2026-01-20T03:00:00Z')
    .withEvents(contractRenewed('r1', '2026-03-01', '2027-03-01', { arr: 1_000_000, currency: 'JPY' }))
    .state(program),
  // Ended for price on its renewal date, value never reached.
  account('r2', { contractStart: '2026-01-12', renewalDate: '2026-04-01', arr: 600_000, currency: 'JPY' })
    .onboardedOn('2026-01-15')
    .withEvents(contractEnded('r2', '2026-04-01', 'price'))
    .state(program),
  // Renewed in May for more (10 k → 12 k USD: the GRR keeps 10 k); value after 42.6 days (31-60).
  account('r3', { contractStart: '2026-02-02', renewalDate: '2026-05-01', arr: 10_000, currency: 'USD' })
    .onboardedOn('2026-02-05')
    .withUsage('r3-c1', 'dashboard.view', '2026-02-10T03:00:00Z', '2026-02-11T03:00:00Z')
    .withUsage('r3-c1', 'report.schedule_monthly', '2026-03-20T03:00:00Z')
    .withEvents(contractRenewed('r3', '2026-05-01', '2027-05-01', { arr: 12_000, currency: 'USD' }))
    .state(program),
  // Renewal date passed in June with no word: lapsed.
  account('r4', { contractStart: '2026-02-02', renewalDate: '2026-06-01', arr: 5_000, currency: 'USD' })
    .onboardedOn('2026-02-05')
    .state(program),
  // Not due before September; the dashboard's second day comes after its first 30 days.
  account('r5', { contractStart: '2026-02-10', renewalDate: '2026-09-01' })
    .onboardedOn('2026-02-12')
    .withUsage('r5-c1', 'dashboard.view', '2026-02-11T03:00:00Z', '2026-03-20T03:00:00Z')
    .state(program),
  // Ended before the window: in no renewal figure, but out of the live counts.
  account('r6', { contractStart: '2025-06-02', renewalDate: '2026-06-02' })
    .withEvents(contractEnded('r6', '2025-12-01', 'budget'))
    .state(program),
  // Ended early in the window without a reason, no value stated.
  account('r7', { contractStart: '2026-01-05', renewalDate: '2026-12-01' })
    .withEvents(contractEnded('r7', '2026-02-15'))
    .state(program),
];
const rows = reportAccountsOf(states, program, UNTIL);
const figures = renewalFigures(rows, program, FROM, UNTIL);

describe('renewal figures', () => {
  it('counts renewed of the contracts due in the window, ended and lapsed ones as not renewed', () => {
    expect(figures).toMatchObject({ due: 5, renewed: 2, rate: 0.4, ended: 2, lapsed: 1 });
    const outcomes = rows.map((r) => renewalOutcome(r, FROM, UNTIL)?.outcome ?? null);
    expect(outcomes).toEqual(['renewed', 'ended', 'renewed', 'lapsed', null, null, 'ended']);
  });

  it('gives the rate per contract-start month and per program', () => {
    expect(figures.byCohort).toEqual([
      { cohort: '2026-01', due: 3, renewed: 1, rate: 0.333 },
      { cohort: '2026-02', due: 2, renewed: 1, rate: 0.5 },
    ]);
    expect(figures.byProgram).toEqual([{ programId: program.id, due: 5, renewed: 2, rate: 0.4 }]);
  });

  it('splits the rate by value reached before the renewal came up, and by time to value', () => {
    expect(figures.byValue).toEqual({
      reached: { due: 2, renewed: 2, rate: 1 },
      notReached: { due: 3, renewed: 0, rate: 0 },
    });
    expect(figures.byTimeToValue).toEqual([
      { band: '0-30', due: 1, renewed: 1, rate: 1 },
      { band: '31-60', due: 1, renewed: 1, rate: 1 },
      { band: '61-90', due: 0, renewed: 0, rate: null },
      { band: '91+', due: 0, renewed: 0, rate: null },
      { band: 'not-reached', due: 3, renewed: 0, rate: 0 },
    ]);
  });

  it('keeps gross revenue retention per currency, contraction counted and expansion capped', () => {
    expect(figures.grossRevenueRetention).toEqual([
      { currency: 'JPY', accounts: 2, startArr: 1_800_000, keptArr: 1_000_000, rate: 0.556 },
      { currency: 'USD', accounts: 2, startArr: 15_000, keptArr: 10_000, rate: 0.667 },
    ]);
  });

  it('counts the contracts ended in the window by reason', () => {
    expect(figures.endedByReason).toMatchObject({ price: 1, unstated: 1, budget: 0 });
    expect(Object.values(figures.endedByReason).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('counts activation within 30 days of contract start among contracts started in the window', () => {
    // r6 started before the window; r1 and r3 saw the dashboard on two days within 30 days, r5 not.
    expect(figures.activation30).toEqual({ eligible: 6, activated: 2, rate: 0.333 });
  });
});

describe('ended accounts in the report', () => {
  // An ended account with no usage is at risk by its health; it must not count as a live one.
  const data = buildReportData({ program, from: FROM, until: UNTIL, accounts: states, touches: [], snapshots: [] });
  const ended = new Set(['r2', 'r6', 'r7']);

  it('leaves the live at-risk count and counts in contractsEnded', () => {
    const atRiskRows = data.accounts.rows.filter((r) => r.atRisk);
    expect(atRiskRows.some((r) => ended.has(r.accountId))).toBe(true);
    expect(data.summary.atRisk).toBe(atRiskRows.filter((r) => !ended.has(r.accountId)).length);
    expect(data.summary.contractsEnded).toBe(3);
  });

  it('leaves the weekly reading’s live counts too', () => {
    // r2 ended in April while still in adoption: without its contract's end it counts there.
    const unended = states.map(({ contract: _, ...s }) => s);
    const live = takeSnapshot(states, program, UNTIL);
    const all = takeSnapshot(unended, program, UNTIL);
    expect(states.filter((s) => ended.has(s.accountId) && s.phase === 'adoption').map((s) => s.accountId)).toEqual([
      'r2',
    ]);
    expect(all.inAdoption - live.inAdoption).toBe(1);
  });

  it('writes the renewal figures into report.json', () => {
    const json = JSON.parse(JSON.stringify(data)) as { renewal: Record<string, unknown> };
    expect(Object.keys(json.renewal).sort()).toEqual(
      [
        'activation30',
        'byCohort',
        'byProgram',
        'byTimeToValue',
        'byValue',
        'due',
        'ended',
        'endedByReason',
        'grossRevenueRetention',
        'lapsed',
        'rate',
        'renewed',
      ].sort(),
    );
    expect(json.renewal.due).toBe(5);
  });
});
