import { describe, expect, it } from 'vitest';
import type { AccountState } from '../../functions/core/state.js';
import { buildReportData, type SentTouch } from '../../functions/report/report-data.js';
import { takeSnapshot } from '../../functions/report/usage-snapshot.js';
import { weeklyCounts, weekStarts } from '../../functions/report/weekly-figures.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const FROM = '2026-01-05T00:00:00.000Z';
const UNTIL = '2026-02-25T00:00:00.000Z';

function onboarded(id: string, on: string) {
  return anAccount(id)
    .withProfile({ name: `Company ${id}` })
    .withContact(`${id}-c1`, { role: 'owner' })
    .onboardedOn(on);
}

// a: dashboard explored on time, value after 14 days; b: dashboard late; c: nothing yet;
// d: onboarded too recently for the dashboard milestone to be due; e: never onboarded.
const accounts: AccountState[] = [
  onboarded('a', '2026-01-05')
    .withUsage('a-c1', 'dashboard.view', '2026-01-06T03:00:00Z', '2026-01-07T03:00:00Z')
    .withUsage('a-c1', 'report.schedule_monthly', '2026-01-20T03:00:00Z')
    .state(program),
  onboarded('b', '2026-01-05')
    .withUsage('b-c1', 'dashboard.view', '2026-01-20T03:00:00Z', '2026-01-21T03:00:00Z')
    .state(program),
  onboarded('c', '2026-01-05').state(program),
  onboarded('d', '2026-02-20').state(program),
  anAccount('e')
    .withProfile()
    .withContact('e-c1', { role: 'owner' })
    .withUsage('e-c1', 'login', '2026-01-06T03:00:00Z')
    .state(program),
];

const touches: SentTouch[] = [
  { sentAt: '2026-01-06T01:00:00.000Z', accountId: 'a', contactId: 'a-c1', kind: 'feature-tip' },
  { sentAt: '2026-01-13T01:00:00.000Z', accountId: 'a', contactId: 'a-c1', kind: 'milestone-nudge' },
  { sentAt: '2026-01-14T01:00:00.000Z', accountId: 'b', contactId: 'b-c1', kind: 'milestone-nudge' },
  { sentAt: '2026-01-15T01:00:00.000Z', accountId: 'b', contactId: 'b-c1', kind: 're-onboarding' },
  // After the end of the report: left out.
  { sentAt: '2026-03-01T01:00:00.000Z', accountId: 'b', contactId: 'b-c1', kind: 'feature-tip' },
];

const data = buildReportData({ program, from: FROM, until: UNTIL, accounts, touches, snapshots: [] });

describe('weekly series', () => {
  it('starts a week every 7 days from the first day until the end', () => {
    expect(weekStarts(FROM, '2026-01-20T00:00:00.000Z')).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
  });

  it('counts each instant in its week and leaves out instants at or after the end', () => {
    const weeks = weekStarts(FROM, '2026-01-20T00:00:00.000Z');
    expect(
      weeklyCounts(
        [
          '2026-01-05T00:00:00.000Z',
          '2026-01-11T23:59:59.000Z',
          '2026-01-12T00:00:00.000Z',
          '2026-01-20T00:00:00.000Z',
        ],
        weeks,
        '2026-01-20T00:00:00.000Z',
      ),
    ).toEqual([2, 1, 0]);
  });
});

describe('buildReportData', () => {
  it('counts touches per week by kind, within the window only', () => {
    expect(data.touchesPerWeek['milestone-nudge'].slice(0, 3)).toEqual([0, 2, 0]);
    expect(data.touchesPerWeek['feature-tip'].reduce((a, b) => a + b, 0)).toBe(1);
    expect(data.reonboardingsPerWeek[1]).toBe(1);
    expect(data.summary.touches).toBe(touches.length);
  });

  it('rates a milestone over the accounts whose due day passed or that reached it, on time or late', () => {
    const dashboard = data.milestones.find((m) => m.id === 'dashboard-understood');
    expect(dashboard).toMatchObject({ eligible: 3, reached: 2, onTime: 1 });
    expect(dashboard?.rate).toBeCloseTo(2 / 3, 3);
    expect(dashboard?.onTimeRate).toBeCloseTo(1 / 3, 3);
  });

  it('measures days to a milestone from onboarding completion', () => {
    const dashboard = data.milestones.find((m) => m.id === 'dashboard-understood');
    const reachedDays = ['a', 'b'].map((id) => {
      const s = accounts.find((x) => x.accountId === id) as AccountState;
      return (
        (Date.parse(s.milestones['dashboard-understood'] as string) - Date.parse(s.onboardingCompletedAt as string)) /
        86_400_000
      );
    });
    expect(dashboard?.daysToReach?.median).toBeCloseTo((reachedDays[0]! + reachedDays[1]!) / 2, 1);
  });

  it('gives time to value from onboarding completion to the value milestone, over onboarded accounts', () => {
    const a = accounts[0] as AccountState;
    const days =
      (Date.parse(a.milestones['monthly-report-scheduled'] as string) - Date.parse(a.onboardingCompletedAt as string)) /
      86_400_000;
    expect(data.timeToValue).toMatchObject({ milestoneId: 'monthly-report-scheduled', onboarded: 4, reached: 1 });
    expect(data.timeToValue.days?.median).toBeCloseTo(days, 1);
    expect(data.timeToValue.bins[Math.floor(days / 7)]).toBe(1);
  });

  it('gives the onboarding completion rate over accounts with a profile', () => {
    expect(data.summary.onboardingCompletionRate).toBeCloseTo(4 / 5, 3);
    expect(data.summary.byPhase.onboarding).toBe(1);
  });

  it('lists accounts from the least healthy, and only as many rows as asked', () => {
    const scores = data.accounts.rows.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((x, y) => x - y));
    const few = buildReportData({
      program,
      from: FROM,
      until: UNTIL,
      accounts,
      touches,
      snapshots: [],
      maxAccountRows: 2,
    });
    expect(few.accounts.rows).toHaveLength(2);
    expect(few.accounts.total).toBe(5);
    expect(data.accounts.rows.find((r) => r.accountId === 'b')?.touches).toBe(3);
  });

  it('shows a feature as used from the week its action was first seen', () => {
    const dashboard = data.features.perFeature.find((f) => f.id === 'dashboard');
    expect(dashboard).toMatchObject({ accounts: 2 });
    const basic = data.features.overTime.basic;
    expect(basic[0]).toBeLessThan(basic[3] as number);
  });

  it('reads the weekly series from the last snapshot of each week, and leaves weeks without one empty', () => {
    const early = takeSnapshot(accounts, program, '2026-01-08T00:00:00.000Z');
    const late = takeSnapshot(accounts, program, '2026-01-11T00:00:00.000Z');
    const withSnapshots = buildReportData({
      program,
      from: FROM,
      until: UNTIL,
      accounts,
      touches,
      snapshots: [late, early],
    });
    expect(withSnapshots.usage.inAdoption[0]).toBe(late.inAdoption);
    expect(withSnapshots.usage.dauMau[0]).toBe(late.dauMau);
    expect(withSnapshots.usage.dauMau[1]).toBeNull();
  });
});

describe('takeSnapshot', () => {
  it('counts accounts in adoption and averages DAU/MAU over accounts with activity', () => {
    const snapshot = takeSnapshot(accounts, program, '2026-01-22T00:00:00.000Z');
    expect(snapshot.inAdoption).toBe(accounts.filter((a) => a.phase === 'adoption').length);
    // a, b and e were active in the 30 days before; c and d never were.
    expect(snapshot.activeAccounts).toBe(3);
    expect(snapshot.dauMau).toBeGreaterThan(0);
    expect(snapshot.dauMau).toBeLessThanOrEqual(1);
  });
});
