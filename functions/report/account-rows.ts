// The accounts table of the report: one row per account, the least healthy first, so a CS lead
// reads the accounts that need a person at the top.
import { assessAccount } from '../core/assess.js';
import type { Locale, TouchModel } from '../core/events.js';
import type { Program } from '../core/program.js';
import { accountProgram, asPrograms, type Programs } from '../core/programs.js';
import type { AccountState, Phase } from '../core/state.js';
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

export function accountRows(
  accounts: readonly AccountState[],
  touches: readonly { readonly accountId: string }[],
  program: Program | Programs,
  until: string,
): { readonly all: readonly AccountRow[] } {
  const programs = asPrograms(program);
  const touchCount = new Map<string, number>();
  for (const t of touches) touchCount.set(t.accountId, (touchCount.get(t.accountId) ?? 0) + 1);
  const rows = accounts.flatMap((a): AccountRow[] => {
    const profile = a.profile;
    if (profile === null) return [];
    // Read health as of the report's end, the same instant for every account.
    const health = assessAccount(a, accountProgram(a, programs), until);
    return [
      {
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
      },
    ];
  });
  rows.sort((x, y) => x.score - y.score || Number(y.atRisk) - Number(x.atRisk) || (x.accountId < y.accountId ? -1 : 1));
  return { all: rows };
}
