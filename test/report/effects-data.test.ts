import { describe, expect, it } from 'vitest';
import type { HoldoutGroup } from '../../functions/core/holdout.js';
import { valueMilestoneOf } from '../../functions/core/program.js';
import type { AccountState } from '../../functions/core/state.js';
import { addDays } from '../../functions/core/time.js';
import { buildEffects } from '../../functions/report/effects-data.js';
import { featureSuccessTable } from '../../functions/report/feature-success.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const ONBOARDED = '2026-01-05';
const UNTIL = '2026-04-06T00:00:00.000Z';

interface Story {
  readonly group: HoldoutGroup;
  /** Days after onboarding on which the value milestone's action is taken (null: never). */
  readonly valueDay?: number | null;
  readonly contacts?: number;
  readonly percent?: number;
  readonly mailed?: boolean;
  readonly onboarded?: string;
}

function account(id: string, story: Story): AccountState {
  const onboarded = story.onboarded ?? ONBOARDED;
  const b = anAccount(id).withProfile({ contractStart: '2026-01-01' });
  for (let c = 1; c <= (story.contacts ?? 1); c++) b.withContact(`${id}-c${c}`, { role: c === 1 ? 'owner' : 'member' });
  b.onboardedOn(onboarded);
  if (story.valueDay !== undefined && story.valueDay !== null)
    b.withUsage(`${id}-c1`, 'report.schedule_monthly', addDays(`${onboarded}T03:00:00Z`, story.valueDay));
  b.patched((s) => ({
    ...s,
    enrollment: {
      at: s.onboardingCompletedAt as string,
      programHash: 'h',
      group: story.group,
      holdoutPercent: story.percent ?? 10,
    },
    contacts: story.mailed
      ? Object.fromEntries(
          Object.entries(s.contacts).map(([k, c]) => [
            k,
            { ...c, touches: [{ touchId: 't', kind: 'feature-tip' as const, subject: 'x', at: UNTIL }] },
          ]),
        )
      : s.contacts,
  }));
  return b.state(program);
}

function many(prefix: string, n: number, story: (i: number) => Story): AccountState[] {
  return Array.from({ length: n }, (_, i) => account(`${prefix}-${i}`, story(i)));
}

const effectsOf = (accounts: readonly AccountState[]) =>
  buildEffects({ programs: [program], accounts, until: UNTIL }).programs[0]!;

describe('buildEffects', () => {
  const treatment = many('t', 45, (i) => ({
    group: 'treatment',
    valueDay: i % 3 === 0 ? null : 10 + (i % 20),
    contacts: 1 + (i % 4),
  }));
  const control = many('c', 5, (i) => ({ group: 'control', valueDay: i % 2 === 0 ? null : 40 }));
  const effects = effectsOf([...treatment, ...control, account('x-1', { group: 'excluded' })]);

  it('counts accounts, not contacts, in each group', () => {
    expect(effects.groups).toEqual({ treatment: 45, control: 5, excluded: 1, notEnrolled: 0 });
    const valueMilestone = effects.milestones.find((m) => m.milestoneId === valueMilestoneOf(program));
    expect([valueMilestone?.treatment.n, valueMilestone?.control.n]).toEqual([45, 5]);
  });

  it('counts a milestone reached after its due day as not on time', () => {
    const value = effects.milestones.find((m) => m.milestoneId === 'monthly-report-scheduled');
    // Due 30 days after onboarding: treatment reaches it on days 10–29 (on time) or never; control on day 40 or never.
    const onTime = treatment.filter((_, i) => i % 3 !== 0).length;
    expect(value?.treatment.x).toBe(onTime);
    expect(value?.control.x).toBe(0);
    expect(value?.difference.estimate).toBeCloseTo(onTime / 45, 4);
    expect(value?.difference.lower).toBeLessThan(value?.difference.estimate as number);
  });

  it('keeps accounts not at value in the time-to-value curves as censored, not dropped', () => {
    expect(effects.timeToValue.treatment.n).toBe(45);
    expect(effects.timeToValue.treatment.atValue).toBe(30);
    const last = effects.timeToValue.treatment.curve.at(-1);
    expect(last?.share).toBeCloseTo(30 / 45, 4);
    expect(effects.timeToValue.logRankP).not.toBeNull();
    expect(effects.timeToValue.restrictedMeanDifference.lower).not.toBeNull();
  });

  it('says too few accounts to tell when the smallest detectable effect exceeds the practical size (20 points)', () => {
    expect(effects.practicalPoints).toBe(20);
    expect(effects.enough).toBe(false);
    expect(effects.atRisk.difference.enough).toBe(false);
    expect(effects.atRisk.difference.mde).toBeGreaterThan(0.2);
    expect(effects.atRisk.difference.verdict).toEqual({ kind: 'too-few' });
    // Value by days 10–29 against day 40 or never looks clear, but 5 control accounts leave Welch's t
    // 4 degrees of freedom or so: the interval reaches past 0 and no smaller change than 20 % of the
    // compared days could be detected.
    expect(effects.primary.difference.upper as number).toBeGreaterThan(0);
    expect(effects.primary.difference.mde as number).toBeGreaterThan(effects.primary.practical);
    expect(effects.primary.difference.verdict).toEqual({ kind: 'too-few' });
  });

  it('judges the program by restricted mean time to value by default, shown as the primary outcome', () => {
    expect(effects.primary.outcome).toBe('time-to-value');
    expect(effects.primary.unit).toBe('days');
    expect(effects.primary.difference).toEqual(effects.timeToValue.restrictedMeanDifference);
    expect(effects.timeToValue.restrictedMeanDifference.role).toBe('primary');
    expect(effects.primary.difference.pAdjusted).toBe(effects.primary.difference.p);
    // 20 points of the compared days: the curves' average gap.
    expect(effects.primary.practical).toBeCloseTo(0.2 * (effects.timeToValue.tauDays as number), 6);
  });

  it('Holm-adjusts every secondary figure within the table, behind the primary, and counts them', () => {
    const secondary = [
      ...effects.milestones.map((m) => m.difference),
      effects.features.advanced.difference,
      effects.atRisk.difference,
    ];
    expect(secondary.every((d) => d.role === 'secondary')).toBe(true);
    // Adoption milestones, basic and advanced features, at risk, and the log-rank test; the basic
    // share has no p (no spread at all here).
    expect(effects.secondaryCompared).toBe(effects.milestones.length + 2 + 1);
    for (const d of secondary) {
      if (d.p === null) continue;
      expect(d.pAdjusted as number).toBeGreaterThanOrEqual(d.p);
      expect(d.pAdjusted as number).toBeGreaterThanOrEqual(effects.primary.difference.p as number);
    }
    expect(effects.timeToValue.logRank?.pAdjusted as number).toBeGreaterThanOrEqual(
      effects.timeToValue.logRankP as number,
    );
  });

  it('gives no p and no interval when neither group has any spread (no feature in use anywhere)', () => {
    expect(effects.features.basic.difference).toMatchObject({
      estimate: 0,
      lower: null,
      upper: null,
      p: null,
      mde: null,
      verdict: { kind: 'too-few' },
    });
    expect(effects.features.basic.control).toMatchObject({ mean: 0, lower: null, upper: null });
  });

  it('judges the program by the outcome program.yaml declares', () => {
    const declared = {
      ...program,
      effect: { primary: { milestoneOnTime: 'monthly-report-scheduled' }, practicalPoints: 50 },
    };
    const judged = buildEffects({ programs: [declared], accounts: [...treatment, ...control], until: UNTIL })
      .programs[0]!;
    expect(judged.primary.outcome).toBe('on-time:monthly-report-scheduled');
    expect(judged.primary.unit).toBe('share');
    expect(judged.timeToValue.restrictedMeanDifference.role).toBe('secondary');
    // 30 of 45 against 0 of 5 on time: Newcombe's interval lies above 0, so the emails help.
    expect(judged.primary.difference.lower as number).toBeGreaterThan(0);
    expect(judged.primary.difference.verdict).toEqual({ kind: 'helps' });
  });

  it('leaves the curve’s band out where everyone in a group is at value (no interval there, as survfit’s NA)', () => {
    const all = effectsOf([...treatment, ...many('c', 5, () => ({ group: 'control', valueDay: 40 }))]);
    const last = all.timeToValue.control.curve.at(-1);
    expect(last).toMatchObject({ share: 1, lower: null, upper: null });
    expect(all.timeToValue.control.curve.slice(0, -1).every((p) => p.lower !== null && p.upper !== null)).toBe(true);
  });

  it('passes the control-share check when the share matches the configured percentage', () => {
    expect(effects.controlShare).toMatchObject({ assigned: 50, control: 5, expected: 0.1, ok: true });
  });

  it('fails the control-share check when the share is far off, or when a control account was mailed', () => {
    const lopsided = effectsOf([
      ...many('t', 20, () => ({ group: 'treatment' })),
      ...many('c', 20, () => ({ group: 'control' })),
    ]);
    expect(lopsided.controlShare.ok).toBe(false);
    expect(lopsided.controlShare.p).toBeLessThan(0.001);
    const mailed = effectsOf([
      ...many('t', 18, () => ({ group: 'treatment' })),
      account('c-m', { group: 'control', mailed: true }),
      account('c-2', { group: 'control' }),
    ]);
    expect(mailed.controlShare).toMatchObject({ controlMailed: 1, ok: false });
  });

  it('has enough accounts to tell once the detectable effect is within the practical size', () => {
    const big = effectsOf([
      ...many('t', 200, (i) => ({ group: 'treatment', percent: 50, valueDay: i % 2 === 0 ? 5 : null })),
      ...many('c', 200, (i) => ({ group: 'control', percent: 50, valueDay: i % 4 === 0 ? 5 : null })),
    ]);
    expect(big.enough).toBe(true);
    expect(big.milestones.find((m) => m.milestoneId === 'monthly-report-scheduled')?.difference).toMatchObject({
      enough: true,
      estimate: 0.25,
      verdict: { kind: 'helps' },
    });
    expect(big.controlShare.ok).toBe(true);
  });
});

describe('featureSuccessTable', () => {
  const ok = (n: number, used: boolean, atValue: boolean, prefix: string): AccountState[] =>
    Array.from({ length: n }, (_, i) => {
      const id = `${prefix}-${i}`;
      const b = anAccount(id)
        .withProfile({ contractStart: '2026-01-01' })
        .withContact(`${id}-c1`, { role: 'owner' })
        .onboardedOn(ONBOARDED);
      if (used) b.withUsage(`${id}-c1`, 'dashboard.customize', '2026-01-10T03:00:00Z');
      if (atValue) b.withUsage(`${id}-c1`, 'report.schedule_monthly', '2026-02-10T03:00:00Z');
      return b.state(program);
    });
  const table = (accounts: AccountState[]) =>
    featureSuccessTable(
      program.id,
      accounts.map((account) => ({ account, program })),
      valueMilestoneOf,
      UNTIL,
    );

  it('compares accounts that used a feature in their first 14 days with those that did not, and ranks by the lower bound', () => {
    const accounts = [
      ...ok(20, true, true, 'u-v'),
      ...ok(5, true, false, 'u-n'),
      ...ok(10, false, true, 'n-v'),
      ...ok(20, false, false, 'n-n'),
    ];
    const t = table(accounts);
    const row = t.rows.find((r) => r.featureId === 'custom-dashboard');
    expect(row?.used).toMatchObject({ n: 25, atValue: 20, rate: 0.8 });
    expect(row?.notUsed).toMatchObject({ n: 30, atValue: 10, rate: 0.3333 });
    expect(row?.used.lower).toBeLessThan(0.8);
    expect(row?.difference.lower).toBeGreaterThan(0);
    expect(row?.lift.estimate).toBeCloseTo(2.4, 3);
    const lowers = t.rows.map((r) => r.difference.lower);
    expect(lowers).toEqual([...lowers].sort((a, b) => b - a));
  });

  it('leaves out features with fewer than 20 accounts on a side, and accounts at value before day 14', () => {
    const early = ok(30, true, false, 'early').map((s) => ({
      ...s,
      milestones: { ...s.milestones, 'monthly-report-scheduled': '2026-01-08T00:00:00.000Z' },
    }));
    const t = table([...ok(19, true, true, 'u'), ...ok(30, false, false, 'n'), ...early]);
    expect(t.accounts).toBe(49);
    expect(t.rows.map((r) => r.featureId)).not.toContain('custom-dashboard');
    expect(t.tooFew).toContain('custom-dashboard');
  });
});
