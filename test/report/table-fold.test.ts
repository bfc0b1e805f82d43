// The report of a table, folded as the scan reads it: each account into its report row, each touch
// into the tally. It must give the very report the states give, keep only what the figures read, and
// refuse to mix a fold of one window with the report of another.
import { describe, expect, it } from 'vitest';
import type { LedgerItem } from '../../functions/adapters/table-items.js';
import type { AccountState } from '../../functions/core/state.js';
import { reportAccountOf } from '../../functions/report/report-account.js';
import { buildReportData, type SentTouch } from '../../functions/report/report-data.js';
import { tableFold, tableReport } from '../../functions/report/table-report.js';
import { readingOf, takeSnapshot } from '../../functions/report/usage-snapshot.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const window = { from: '2026-01-05T00:00:00.000Z', until: '2026-02-25T00:00:00.000Z' };

const states: AccountState[] = [
  anAccount('b')
    .withProfile({ name: 'Company b' })
    .withContact('b-c1', { role: 'owner' })
    .onboardedOn('2026-01-05')
    .withUsage('b-c1', 'dashboard.view', '2026-01-20T03:00:00Z', '2026-01-21T03:00:00Z')
    .state(program),
  anAccount('a')
    .withProfile({ name: 'Company a' })
    .withContact('a-c1', { role: 'owner' })
    .withContact('a-c2', { role: 'member' })
    .onboardedOn('2026-01-05')
    .withUsage('a-c1', 'dashboard.view', '2026-01-06T03:00:00Z')
    .withUsage('a-c2', 'report.schedule_monthly', '2026-01-20T03:00:00Z')
    .state(program),
  anAccount('c').withProfile().withContact('c-c1', { role: 'owner' }).state(program),
  // No profile yet: in no figure.
  anAccount('d').withContact('d-c1', { role: 'owner' }).state(program),
];

const touches: SentTouch[] = [
  { sentAt: '2026-01-06T01:00:00.000Z', accountId: 'a', contactId: 'a-c1', kind: 'feature-tip' },
  { sentAt: '2026-01-13T01:00:00.000Z', accountId: 'a', contactId: 'a-c2', kind: 'milestone-nudge' },
  { sentAt: '2026-01-14T01:00:00.000Z', accountId: 'b', contactId: 'b-c1', kind: 're-onboarding' },
  // Before and after the window: left out of the table's report.
  { sentAt: '2026-01-01T01:00:00.000Z', accountId: 'b', contactId: 'b-c1', kind: 'feature-tip' },
  { sentAt: '2026-03-01T01:00:00.000Z', accountId: 'b', contactId: 'b-c1', kind: 'feature-tip' },
];

function ledgerItem(t: SentTouch, i: number): LedgerItem {
  return {
    accountId: t.accountId,
    touchId: `t-${i}`,
    contactId: t.contactId,
    kind: t.kind,
    template: `${t.kind}/ja`,
    content: {},
    status: 'sent',
    claimedAt: t.sentAt,
    sentAt: t.sentAt,
    statusAt: {},
  };
}

function folded() {
  const fold = tableFold({ program, window });
  // Items in scan order: accounts and touches interleaved, a claimed touch that never left among them.
  touches.forEach((t, i) => {
    fold.add({ kind: 'touch', touch: ledgerItem(t, i) });
    const state = states[i];
    if (state !== undefined) fold.add({ kind: 'account', state });
  });
  fold.add({ kind: 'touch', touch: { ...ledgerItem(touches[0] as SentTouch, 99), sentAt: null } });
  fold.add({ kind: 'other' });
  return fold.contents();
}

describe('the report folded from a table', () => {
  it('is the report the states and touches of the window give', () => {
    const byId = [...states].sort((x, y) => (x.accountId < y.accountId ? -1 : 1));
    const inWindow = touches.filter((t) => t.sentAt >= window.from && t.sentAt < window.until);
    const fromStates = buildReportData({
      program,
      ...window,
      accounts: byId,
      touches: inWindow,
      snapshots: [takeSnapshot(byId, program, window.until)],
    });
    const fromFold = tableReport(folded(), program, window);
    expect(fromFold.summary).toMatchObject({ accounts: 3, touches: 3, contactsReached: 3 });
    expect(fromFold).toEqual(fromStates);
  });

  it('keeps a row per account with a profile, by id, without its contacts or day-by-day usage', () => {
    const contents = folded();
    expect(contents.accounts.map((a) => a.accountId)).toEqual(['a', 'b', 'c']);
    const row = contents.accounts[0] as object;
    for (const heavy of ['contacts', 'activeDays', 'actionDays', 'cadence', 'version'])
      expect(Object.keys(row)).not.toContain(heavy);
    expect(contents.accounts[0]?.mailed).toBe(false);
    expect(contents.touches.perAccount.get('b')).toBe(1);
  });

  it('keeps of the actions only those of the programs’ features', () => {
    const state = states[1] as AccountState;
    const withOther = {
      ...state,
      actionsFirstSeen: { ...state.actionsFirstSeen, 'not.a.feature': '2026-01-07T00:00:00.000Z' },
    };
    const row = reportAccountOf(withOther, program, window.until);
    expect(Object.keys(row?.actionsFirstSeen ?? {})).not.toContain('not.a.feature');
    expect(Object.keys(row?.actionsFirstSeen ?? {})).toContain('dashboard.view');
  });

  it('refuses a report of another window than the one folded, and a reading at another instant', () => {
    const contents = folded();
    expect(() => tableReport(contents, program, { ...window, from: '2026-01-12T00:00:00.000Z' })).toThrow(
      /read for 2026-01-05T00:00:00.000Z – 2026-02-25T00:00:00.000Z/,
    );
    expect(() => readingOf(contents.accounts, '2026-02-24T00:00:00.000Z')).toThrow(
      /account a: its health was read at 2026-02-25T00:00:00.000Z/,
    );
  });
});
