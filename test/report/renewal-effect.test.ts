// Renewal in the effect report: treatment against control on the contracts due after enrolment,
// as a secondary figure or as the program's primary outcome, with the size it takes to tell.
import { describe, expect, it } from 'vitest';
import type { HoldoutGroup } from '../../functions/core/holdout.js';
import { Program } from '../../functions/core/program.js';
import type { AccountState } from '../../functions/core/state.js';
import { buildEffects } from '../../functions/report/effects-data.js';
import { sizePerGroup } from '../../functions/report/stats/power.js';
import { anAccount, contractEnded, contractRenewed, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const UNTIL = '2026-07-01T00:00:00.000Z';

type Fate = 'renewed' | 'ended' | 'not-due' | 'before-enrolment';

function account(id: string, group: HoldoutGroup, fate: Fate): AccountState {
  const b = anAccount(id)
    .withProfile({ contractStart: '2026-01-05', renewalDate: fate === 'not-due' ? '2026-12-01' : '2026-04-01' })
    .withContact(`${id}-c1`, { role: 'owner' })
    .onboardedOn('2026-01-10');
  if (fate === 'renewed') b.withEvents(contractRenewed(id, '2026-04-01', '2027-04-01'));
  if (fate === 'ended') b.withEvents(contractEnded(id, '2026-04-01', 'product-fit'));
  // Ended before the account entered adoption: the program had no part in it.
  if (fate === 'before-enrolment') b.withEvents(contractEnded(id, '2026-01-08', 'budget'));
  b.patched((s) => ({
    ...s,
    enrollment: { at: s.onboardingCompletedAt as string, programHash: 'h', group, holdoutPercent: 10 },
  }));
  return b.state(program);
}

function group(prefix: string, g: HoldoutGroup, fates: Record<Fate, number>): AccountState[] {
  return Object.entries(fates).flatMap(([fate, n]) =>
    Array.from({ length: n }, (_, i) => account(`${prefix}-${fate}-${i}`, g, fate as Fate)),
  );
}

// Treatment: 36 of 40 due renewed (90 %); control: 14 of 20 (70 %).
const accounts = [
  ...group('t', 'treatment', { renewed: 36, ended: 4, 'not-due': 5, 'before-enrolment': 3 }),
  ...group('c', 'control', { renewed: 14, ended: 6, 'not-due': 2, 'before-enrolment': 1 }),
];

describe('renewal in the effect report', () => {
  const effects = buildEffects({ programs: [program], accounts, until: UNTIL }).programs[0];

  it('compares the renewal rate of the contracts due after enrolment, treatment against control', () => {
    expect(effects?.renewal.treatment).toMatchObject({ n: 40, x: 36, rate: 0.9 });
    expect(effects?.renewal.control).toMatchObject({ n: 20, x: 14, rate: 0.7 });
    expect(effects?.renewal.difference.estimate).toBeCloseTo(0.2, 10);
    expect(effects?.renewal.difference.role).toBe('secondary');
    expect(effects?.renewal.difference.lower).not.toBeNull();
  });

  it('states how many contracts due per group it takes to see the practical size', () => {
    // Both groups together renew 50 of 60 (83.33 %): 20 points up has no room, so 20 points down,
    // 63.33 %, which takes 75.6 per group by the formula power.prop.test solves.
    expect(effects?.renewalPower).toEqual({
      baseline: 0.8333,
      change: 0.2,
      duePerGroup: Math.ceil(sizePerGroup(0.8333, 0.6333) as number),
      due: { treatment: 40, control: 20 },
    });
    expect(effects?.renewalPower.duePerGroup).toBe(76);
  });

  it('judges renewal as the primary outcome when the program says so', () => {
    const judged = Program.parse({ ...program, effect: { primary: 'renewal', practicalPoints: 20 } });
    const primary = buildEffects({ programs: [judged], accounts, until: UNTIL }).programs[0]?.primary;
    expect(primary?.outcome).toBe('renewal');
    expect(primary?.unit).toBe('share');
    expect(primary?.difference.role).toBe('primary');
    expect(primary?.difference.estimate).toBeCloseTo(0.2, 10);
  });

  it('gives no baseline and no size before any contract is due', () => {
    const young = accounts.filter((a) => a.accountId.includes('not-due'));
    const p = buildEffects({ programs: [program], accounts: young, until: UNTIL }).programs[0];
    expect(p?.renewal.difference.estimate).toBeNull();
    expect(p?.renewalPower).toMatchObject({ baseline: null, duePerGroup: null, due: { treatment: 0, control: 0 } });
  });
});
