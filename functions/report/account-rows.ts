// The accounts table of the report: one row per account, the least healthy first, so a CS lead
// reads the accounts that need a person at the top.
import type { Locale, TouchModel } from '../core/events.js';
import type { Phase } from '../core/state.js';
import type { ReportAccount } from './report-account.js';
import { round } from './statistics.js';

export interface AccountRow {
  readonly accountId: string;
  readonly name: string;
  readonly industry: string;
  readonly employees: number;
  readonly locale: Locale;
  readonly touchModel: TouchModel;
  readonly phase: Phase;
  readonly score: number;
  readonly atRisk: boolean;
  readonly usageDrop: boolean;
  readonly dauMau: number;
  readonly activeDays30: number;
  readonly milestonesReached: number;
  readonly onboardingCompletedAt: string | null;
  readonly touches: number;
}

/** Health is as of the report's end (`ReportAccount.health`), the same instant for every account. */
export function accountRows(
  accounts: readonly ReportAccount[],
  touchCount: ReadonlyMap<string, number>,
  until: string,
): { readonly all: readonly AccountRow[] } {
  const rows = accounts.map((a): AccountRow => {
    const { profile, health } = a;
    return {
      accountId: a.accountId,
      name: profile.name,
      industry: profile.industry,
      employees: profile.employees,
      locale: profile.locale,
      touchModel: profile.touchModel,
      phase: a.phase,
      score: health.score,
      atRisk: health.atRisk,
      usageDrop: health.usageDrop,
      dauMau: round(health.dauMau) as number,
      activeDays30: health.activeDays30,
      milestonesReached: Object.values(a.milestones).filter((at) => at <= until).length,
      onboardingCompletedAt: a.onboardingCompletedAt,
      touches: touchCount.get(a.accountId) ?? 0,
    };
  });
  rows.sort((x, y) => x.score - y.score || Number(y.atRisk) - Number(x.atRisk) || (x.accountId < y.accountId ? -1 : 1));
  return { all: rows };
}
