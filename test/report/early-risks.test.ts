// The false-alarm share: of the at-risk signals raised in an account's first days of adoption, those
// whose account went on to reach value (report-data.ts, earlyRisksOf).
import { describe, expect, it } from 'vitest';
import { valueMilestoneOf } from '../../functions/core/program.js';
import type { AccountState } from '../../functions/core/state.js';
import { reportAccountsOf } from '../../functions/report/report-account.js';
import { earlyRisksOf } from '../../functions/report/report-data.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const UNTIL = '2026-06-01T00:00:00.000Z';

function account(id: string, earlyRisks: number | undefined, valueAt: string | null): AccountState {
  return anAccount(id)
    .withProfile()
    .withContact('c-1', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .patched((s) => ({
      ...s,
      ...(earlyRisks === undefined ? {} : { earlyRisks }),
      milestones: valueAt === null ? s.milestones : { ...s.milestones, [valueMilestoneOf(program)]: valueAt },
    }))
    .state(program);
}

describe('earlyRisksOf', () => {
  it('counts the early signals of accounts that reached value by the end as false alarms', () => {
    const rows = reportAccountsOf(
      [
        account('acc-1', 2, '2026-03-01T00:00:00.000Z'),
        account('acc-2', 1, null),
        account('acc-3', 1, '2026-07-01T00:00:00.000Z'),
        account('acc-4', undefined, '2026-03-01T00:00:00.000Z'),
      ],
      program,
      UNTIL,
    );
    // acc-3 reaches value only after the report's end: not (yet) a false alarm.
    expect(earlyRisksOf(rows, program, UNTIL)).toEqual({ raised: 4, valueReached: 2, falseAlarmShare: 0.5 });
  });

  it('has no share when no early signal was raised', () => {
    const rows = reportAccountsOf([account('acc-1', undefined, null)], program, UNTIL);
    expect(earlyRisksOf(rows, program, UNTIL)).toEqual({ raised: 0, valueReached: 0, falseAlarmShare: null });
  });
});
