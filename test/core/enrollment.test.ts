import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalogs } from '../../functions/core/catalogs.js';
import { applyAccountEvents } from '../../functions/core/enrollment.js';
import type { ProductEvent } from '../../functions/core/events.js';
import { holdoutBucket, isControl } from '../../functions/core/holdout.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import { Program } from '../../functions/core/program.js';
import { type Programs, parsePrograms, programHash } from '../../functions/core/programs.js';
import { type AccountState, emptyAccountState } from '../../functions/core/state.js';
import {
  accountUpserted,
  anAccount,
  contactUpserted,
  defaultProgram,
  featureTipCatalogs,
  onboardingCompleted,
  usage,
} from '../fixtures/builders.js';

const base = defaultProgram();
function variant(id: string, change: Record<string, unknown> = {}): Record<string, unknown> {
  const { when: _w, ...rest } = base;
  return { ...rest, id, holdout: { percent: 10, salt: `${id}-salt` }, ...change };
}
const programs: Programs = parsePrograms({
  programs: [variant('enterprise', { when: { plan: ['enterprise'] } }), variant('default')],
});
const TIPS: Catalogs = featureTipCatalogs(base);
const COMPLETED = '2026-01-19T00:00:00.000Z';

function apply(
  accountId: string,
  events: readonly ProductEvent[],
  list: Program | Programs = programs,
  from?: AccountState,
): AccountState {
  return applyAccountEvents(from ?? emptyAccountState(accountId, 'default'), events, list).state;
}

function accountIn(group: 'control' | 'treatment', salt = 'default-salt', percent = 10): string {
  for (let i = 0; ; i++) {
    const id = `acc-${i}`;
    if (isControl(holdoutBucket(salt, id), percent) === (group === 'control')) return id;
  }
}

const entering = (id: string, plan = 'standard', touchModel: 'tech' | 'high' = 'tech'): ProductEvent[] => [
  accountUpserted(id, { plan, touchModel }),
  contactUpserted(id, 'c-owner', { role: 'owner' }),
  onboardingCompleted(id, COMPLETED),
];

describe('enrollment when an account enters adoption', () => {
  it('fixes the program its profile matches, that program’s content hash, and the group with its time', () => {
    const id = accountIn('treatment', 'enterprise-salt');
    const state = apply(id, entering(id, 'enterprise'));
    expect(state.programId).toBe('enterprise');
    expect(state.enrollment).toEqual({
      at: COMPLETED,
      programHash: programHash(programs[0] as Program),
      group: 'treatment',
      holdoutPercent: 10,
    });
  });

  it('puts an account below the holdout line in control', () => {
    const id = accountIn('control');
    expect(apply(id, entering(id)).enrollment?.group).toBe('control');
  });

  it('leaves high-touch accounts out of both groups', () => {
    const id = accountIn('control');
    expect(apply(id, entering(id, 'standard', 'high')).enrollment?.group).toBe('excluded');
  });

  it('follows the matching program before adoption, and not after', () => {
    const id = 'acc-move';
    const onboarding = apply(id, [accountUpserted(id, { plan: 'standard' })]);
    expect([onboarding.programId, onboarding.enrollment]).toEqual(['default', undefined]);
    const upgraded = apply(
      id,
      [accountUpserted(id, { plan: 'enterprise' }, { at: '2026-01-06' })],
      programs,
      onboarding,
    );
    expect(upgraded.programId).toBe('enterprise');
    const enrolled = apply(id, [onboardingCompleted(id, COMPLETED)], programs, upgraded);
    const downgraded = apply(id, [accountUpserted(id, { plan: 'standard' }, { at: '2026-02-01' })], programs, enrolled);
    expect(downgraded.programId).toBe('enterprise');
    expect(downgraded.enrollment).toEqual(enrolled.enrollment);
  });

  it('waits for the profile when onboarding completes first, and dates the group from the completion', () => {
    const id = 'acc-late-profile';
    const early = apply(id, [onboardingCompleted(id, COMPLETED)]);
    expect(early.enrollment).toBeUndefined();
    const known = apply(id, [accountUpserted(id, {}, { at: '2026-01-25' })], programs, early);
    expect(known.enrollment?.at).toBe(COMPLETED);
  });

  it('never changes the group when the percentage or salt changes later', () => {
    const id = accountIn('treatment');
    const enrolled = apply(id, entering(id));
    const everyone = parsePrograms({
      programs: [
        variant('enterprise', { when: { plan: ['enterprise'] } }),
        variant('default', { holdout: { percent: 20, salt: 'new' } }),
      ],
    });
    const later = apply(id, [usage(id, 'c-owner', 'login', '2026-01-20T01:00:00Z')], everyone, enrolled);
    expect(later.enrollment).toEqual(enrolled.enrollment);
  });

  it('puts accounts that were already in adoption before enrollment existed in neither group', () => {
    const id = accountIn('control');
    const stored = anAccount(id)
      .withProfile()
      .withContact('c-owner', { role: 'owner' })
      .onboardedOn('2026-01-19')
      .state(base);
    expect(stored.enrollment).toBeUndefined();
    expect(apply(id, [usage(id, 'c-owner', 'login', '2026-01-20T01:00:00Z')], programs, stored).enrollment?.group).toBe(
      'excluded',
    );
  });

  it('gives the same program and group whatever the order and batching of the events', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.boolean(),
        fc.infiniteStream(fc.integer()),
        fc.integer({ min: 1, max: 4 }),
        (n, enterprise, keys, split) => {
          const id = `acc-${n}`;
          const events = [
            ...entering(id, enterprise ? 'enterprise' : 'standard'),
            usage(id, 'c-owner', 'login', '2026-01-12T01:00:00Z'),
            usage(id, 'c-owner', 'settings.basic_complete', '2026-01-13T01:00:00Z'),
          ];
          const expected = apply(id, events);
          const order = [...keys.take(events.length)];
          const shuffled = events
            .map((e, i) => [order[i] as number, e] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, e]) => e);
          let state = emptyAccountState(id, 'default');
          for (let i = 0; i < shuffled.length; i += split)
            state = apply(id, shuffled.slice(i, i + split), programs, state);
          expect([state.programId, state.enrollment?.group]).toEqual([expected.programId, expected.enrollment?.group]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('planning a control account', () => {
  const id = accountIn('control', 'default-salt');
  const SLOT_0 = '2026-01-26T00:00:00.000Z';
  const enrolled = apply(id, [...entering(id), contactUpserted(id, 'c-member', { role: 'member' })]);
  const plan = planTouches(enrolled, SLOT_0, programs[1] as Program, TIPS);

  it('records every contact as skipped for the holdout and sends nothing', () => {
    expect(plan.touches).toEqual([]);
    expect(plan.decisions.map((d) => [d.contactId, d.outcome, d.outcome === 'skipped' ? d.reason.code : null])).toEqual(
      [
        ['c-member', 'skipped', 'holdout'],
        ['c-owner', 'skipped', 'holdout'],
      ],
    );
  });

  it('tracks it like any account: health assessed, cadence moved on, signals raised', () => {
    expect(plan.state.health?.at).toBe(SLOT_0);
    expect(plan.state.cadence.step).toBe(1);
    const risky = planTouches(
      { ...enrolled, activeDays: {} },
      '2026-03-02T00:00:00.000Z',
      programs[1] as Program,
      TIPS,
    );
    expect(risky.signals.map((s) => s.type)).toContain('Account At Risk');
  });

  it('is not kept due by a new owner waiting for re-onboarding, as a treatment account would be', () => {
    const newOwner = (accountId: string, from: AccountState) =>
      apply(
        accountId,
        [contactUpserted(accountId, 'c-new', { role: 'owner' }, { at: '2026-01-26T05:00:00Z' })],
        programs,
        from,
      );
    const control = newOwner(id, plan.state);
    expect(control.contacts['c-new']?.reonboarding).toBe('pending');
    // Due when it was before the owner appeared (its next health check or slot), not at the owner's arrival.
    expect(control.cadence.nextDueAt).toBe(plan.state.cadence.nextDueAt);
    expect(control.cadence.nextDueAt).not.toBe('2026-01-26T05:00:00.000Z');
    const other = accountIn('treatment', 'default-salt');
    const treated = newOwner(
      other,
      planTouches(apply(other, entering(other)), SLOT_0, programs[1] as Program, TIPS).state,
    );
    expect(treated.cadence.nextDueAt).toBe('2026-01-26T05:00:00.000Z');
  });
});

describe('accounts in flight follow edits of their program', () => {
  const id = accountIn('treatment', 'default-salt');
  const enrolled = apply(id, entering(id));
  const withMilestones = (milestones: readonly unknown[]) =>
    Program.parse({ ...variant('default'), milestones, valueMilestone: undefined });
  const nudgesAt = (program: Program, at: string) =>
    planTouches({ ...enrolled, cadence: { ...enrolled.cadence, step: 1 } }, at, program, TIPS).touches.filter(
      (t) => t.kind === 'milestone-nudge',
    );

  it('no longer nudges a milestone removed from the program', () => {
    const at = '2026-02-02T00:00:00.000Z';
    expect(nudgesAt(base, at).map((t) => t.content)).toContainEqual(
      expect.objectContaining({ milestoneId: 'dashboard-understood' }),
    );
    const without = withMilestones(base.milestones.filter((m) => m.id !== 'dashboard-understood'));
    expect(nudgesAt(without, at).map((t) => t.content)).not.toContainEqual(
      expect.objectContaining({ milestoneId: 'dashboard-understood' }),
    );
  });

  it('counts a new milestone from the onboarding completion', () => {
    const added = withMilestones([
      ...base.milestones.filter((m) => m.phase === 'onboarding'),
      {
        id: 'api-tried',
        phase: 'adoption',
        title: { ja: 'API', en: 'API' },
        dueDay: 3,
        requires: [{ action: 'api.export' }],
      },
    ]);
    const [nudge] = nudgesAt(added, '2026-02-02T00:00:00.000Z');
    expect(nudge?.content).toEqual({
      kind: 'milestone-nudge',
      milestoneId: 'api-tried',
      dueAt: '2026-01-22T00:00:00.000Z',
    });
  });
});
