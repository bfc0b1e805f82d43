import { describe, expect, it } from 'vitest';
import {
  adoptionEndAt,
  cadenceSlotAt,
  deriveNextDueAt,
  dueCadenceSlot,
  nextStepAfter,
  PLANNER_PERIOD_HOURS,
} from '../../functions/core/cadence.js';
import type { AccountState, ContactState, TouchRecord } from '../../functions/core/state.js';
import { anAccount, defaultProgram, programWith } from '../fixtures/builders.js';

// Judged from day one (no grace, no ramp): an account with no usage is at risk the day after it was
// assessed healthy, so the look-ahead below checks it daily. The grace has its own tests (assess).
const program = programWith({ health: { ...defaultProgram().health, graceDays: 0, rampDays: 0 } });
const ONBOARDED = '2026-01-19T00:00:00.000Z';

function onboarded(): AccountState {
  return anAccount('acc-1')
    .withProfile()
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .state(program);
}

function patchContact(state: AccountState, id: string, patch: Partial<ContactState>): AccountState {
  const contact = state.contacts[id] as ContactState;
  return { ...state, contacts: { ...state.contacts, [id]: { ...contact, ...patch } } };
}

function assessedAt(state: AccountState, at: string): AccountState {
  return {
    ...state,
    health: { at, score: 80, atRisk: false, usageDrop: false, dauMau: 0.3, activeDays30: 12, previousActiveDays30: 12 },
  };
}

/** An onboarding account whose overdue onboarding milestones were already signalled and nudged. */
function stallsHandled(state: AccountState): AccountState {
  return { ...state, stallsHandled: ['basic-settings', 'first-login'] };
}

describe('cadenceSlotAt', () => {
  it.each([
    [0, '2026-01-26T00:00:00.000Z', 'one week after onboarding'],
    [7, '2026-03-16T00:00:00.000Z', 'the eighth and last weekly slot'],
    [8, '2026-04-15T00:00:00.000Z', 'the first monthly slot, 30 days after the last weekly one'],
    [9, '2026-05-15T00:00:00.000Z', 'the second monthly slot'],
  ])('puts slot %i at %s (%s)', (step, expected) => {
    expect(cadenceSlotAt(ONBOARDED, step, program.cadence)).toBe(expected);
  });

  it('goes monthly from the start when the program has no weekly weeks', () => {
    const monthly = programWith({ cadence: { weeklyWeeks: 0, monthlyEveryDays: 30, adoptionMonths: 6 } });
    expect(cadenceSlotAt(ONBOARDED, 0, monthly.cadence)).toBe('2026-02-18T00:00:00.000Z');
  });
});

describe('adoptionEndAt', () => {
  it('ends adoption the configured number of calendar months after onboarding', () => {
    expect(adoptionEndAt(ONBOARDED, program.cadence)).toBe('2026-07-19T00:00:00.000Z');
  });
});

describe('nextStepAfter', () => {
  it('jumps over every slot already past, so an outage ends in one touch, not a burst', () => {
    const now = '2026-04-20T00:00:00.000Z';
    const step = nextStepAfter(ONBOARDED, 0, now, program.cadence);
    expect(cadenceSlotAt(ONBOARDED, step, program.cadence) > now).toBe(true);
    expect(cadenceSlotAt(ONBOARDED, step - 1, program.cadence) <= now).toBe(true);
  });

  it('never goes back below the current step', () => {
    expect(nextStepAfter(ONBOARDED, 5, '2026-01-01T00:00:00.000Z', program.cadence)).toBe(5);
  });
});

describe('deriveNextDueAt', () => {
  it('is null while the account has no profile', () => {
    const state = anAccount('acc-1').withContact('c-1').onboardedOn('2026-01-19').state(program);
    expect(deriveNextDueAt(state, program)).toBeNull();
  });

  it('is null once the account is ended', () => {
    expect(deriveNextDueAt({ ...onboarded(), phase: 'ended' }, program)).toBeNull();
  });

  it.each(['expansion-ready', 'retention'] as const)('is the next retention slot once the account is %s', (phase) => {
    const since = '2026-07-20T01:00:00.000Z';
    const state: AccountState = {
      ...onboarded(),
      phase,
      phaseChangedAt: since,
      cadence: { step: 0, retryAt: null, since, nextDueAt: null },
    };
    expect(dueCadenceSlot(state, program)).toBe('2026-08-19T01:00:00.000Z');
    // Its health is still judged, so a check may come first, never after the slot.
    expect((deriveNextDueAt(state, program) ?? '') <= '2026-08-19T01:00:00.000Z').toBe(true);
  });

  it('is null for an expansion-ready account whose contract ended and was noted', () => {
    const ready: AccountState = { ...assessedAt(onboarded(), '2026-03-03T03:00:00.000Z'), phase: 'expansion-ready' };
    const ended: AccountState = {
      ...ready,
      contract: {
        ended: { at: '2026-03-01T00:00:00.000Z', eventId: 'e-end' },
        endNoted: '2026-03-01T00:00:00.000Z',
      },
    };
    expect(deriveNextDueAt(ended, program)).toBeNull();
  });

  it('is the first health check, at onboarding completion, before any assessment', () => {
    expect(deriveNextDueAt(onboarded(), program)).toBe(ONBOARDED);
  });

  it('is null for an account still onboarding with nobody to re-onboard and no stall left: health is checked from adoption on', () => {
    const state = stallsHandled(
      anAccount('acc-1')
        .withProfile({ contractStart: '2026-01-05', timeZone: 'Asia/Tokyo' })
        .withContact('c-owner', { role: 'owner' })
        .state(program),
    );
    expect(state.phase).toBe('onboarding');
    expect(deriveNextDueAt(state, program)).toBeNull();
    expect(deriveNextDueAt(assessedAt(state, '2026-01-06T03:00:00.000Z'), program)).toBeNull();
  });

  it('is the window opening of the day after an unreached onboarding milestone was due, while onboarding stalls', () => {
    // Contract 2026-01-05 (Monday): first sign-in and basic settings are due on day 7, the 12th; the
    // stall is looked at once that day is over, on Tuesday the 13th at 09:00 JST.
    const state = anAccount('acc-1')
      .withProfile({ contractStart: '2026-01-05', timeZone: 'Asia/Tokyo' })
      .withContact('c-owner', { role: 'owner' })
      .state(program);
    expect(deriveNextDueAt(state, program)).toBe('2026-01-13T00:00:00.000Z');
    expect(deriveNextDueAt({ ...state, stallsHandled: ['basic-settings'] }, program)).toBe('2026-01-13T00:00:00.000Z');
  });

  it('is the send window opening of the next sending day after the last assessment, before the next cadence slot', () => {
    // Tuesday 12:00 JST: checked again on Wednesday at 09:00 JST.
    expect(deriveNextDueAt(assessedAt(onboarded(), '2026-01-20T03:00:00.000Z'), program)).toBe(
      '2026-01-21T00:00:00.000Z',
    );
  });

  it.each([
    ['a weekend', '2026-01-23T08:00:00.000Z', '2026-01-26T00:00:00.000Z'],
    ['Culture Day in Asia/Tokyo', '2026-11-02T03:00:00.000Z', '2026-11-04T00:00:00.000Z'],
  ])('checks health again only after %s, on the next sending day', (_name, assessed, expected) => {
    const state = { ...assessedAt(onboarded(), assessed), cadence: { step: 12, retryAt: null, nextDueAt: null } };
    const late = { ...state, onboardingCompletedAt: '2026-06-01T00:00:00.000Z' };
    expect(deriveNextDueAt(late, program)).toBe(expected);
  });

  it('checks health every day, at the window start, when the program sends on any day', () => {
    const everyDay = programWith({
      health: program.health,
      sendWindow: { startHour: 9, endHour: 18, businessDaysOnly: false },
    });
    const state = {
      ...assessedAt(onboarded(), '2026-01-23T08:00:00.000Z'),
      cadence: { step: 5, retryAt: null, nextDueAt: null },
    };
    expect(deriveNextDueAt(state, everyDay)).toBe('2026-01-24T00:00:00.000Z');
  });

  it('is the slot of the current step when that comes before the next health check', () => {
    const state = {
      ...assessedAt(onboarded(), '2026-01-25T12:00:00.000Z'),
      cadence: { step: 0, retryAt: null, nextDueAt: null },
    };
    expect(deriveNextDueAt(state, program)).toBe('2026-01-26T00:00:00.000Z');
  });

  it('is adoption end once the remaining slots fall after it, so the phase can move to ended', () => {
    const base = assessedAt(onboarded(), '2026-07-18T12:00:00.000Z');
    const state = { ...base, cadence: { step: 12, retryAt: null, nextDueAt: null } };
    expect(cadenceSlotAt(ONBOARDED, 12, program.cadence) > adoptionEndAt(ONBOARDED, program.cadence)).toBe(true);
    // Adoption ends on Sunday 2026-07-19 at 09:00 JST and Monday is Marine Day: Tuesday's opening.
    expect(deriveNextDueAt(state, program)).toBe('2026-07-21T00:00:00.000Z');
  });

  it('moves a slot that falls outside the send window to the next opening, where the health check is too', () => {
    // Onboarding completed on Friday at 21:00 JST: every slot falls on a Friday evening.
    const late = anAccount('acc-1')
      .withProfile()
      .withContact('c-owner', { role: 'owner' })
      .onboardedOn('2026-01-23T12:00:00Z')
      .state(program);
    const state = assessedAt(late, '2026-01-30T02:00:00.000Z');
    expect(cadenceSlotAt('2026-01-23T12:00:00.000Z', 0, program.cadence)).toBe('2026-01-30T12:00:00.000Z');
    expect(deriveNextDueAt(state, program)).toBe('2026-02-02T00:00:00.000Z');
  });

  it('is the first-seen time of a pending re-onboarding, without waiting for the cadence', () => {
    const firstSeen = '2026-01-21T05:00:00.000Z';
    const state = patchContact(assessedAt(onboarded(), '2026-01-21T04:00:00.000Z'), 'c-owner', {
      reonboarding: 'pending',
      firstSeenAt: firstSeen,
    });
    expect(deriveNextDueAt(state, program)).toBe(firstSeen);
  });

  it('waits for the cap to lift before a pending re-onboarding', () => {
    const touch: TouchRecord = {
      touchId: 't-1',
      kind: 'feature-tip',
      subject: 'dashboard',
      at: '2026-01-21T01:00:00.000Z',
    };
    const state = patchContact(assessedAt(onboarded(), '2026-01-21T04:00:00.000Z'), 'c-owner', {
      reonboarding: 'pending',
      firstSeenAt: '2026-01-21T05:00:00.000Z',
      touches: [touch],
    });
    // The cap lifts on Saturday 10:00 JST, after Thursday's health check.
    expect(deriveNextDueAt(state, program)).toBe('2026-01-22T00:00:00.000Z');
    // Checked on Friday at 11:00 JST: the cap lifts on Friday at 14:00 JST, before Monday's check.
    const sooner = patchContact(assessedAt(state, '2026-01-23T02:00:00.000Z'), 'c-owner', {
      touches: [{ ...touch, at: '2026-01-20T05:00:00.000Z' }],
    });
    expect(deriveNextDueAt(sooner, program)).toBe('2026-01-23T05:00:00.000Z');
  });

  it('plans a pending re-onboarding that falls outside the send window at the next opening, even while onboarding', () => {
    // A new owner seen on Wednesday at 21:00 JST, before onboarding completed: due Thursday at 09:00 JST.
    const state = patchContact(
      stallsHandled(anAccount('acc-1').withProfile().withContact('c-owner', { role: 'owner' }).state(program)),
      'c-owner',
      { reonboarding: 'pending', firstSeenAt: '2026-01-21T12:00:00.000Z' },
    );
    expect(state.phase).toBe('onboarding');
    expect(deriveNextDueAt(state, program)).toBe('2026-01-22T00:00:00.000Z');
  });

  it("moves a time due in the window's last hour to the next opening: the hourly planner would come after 18:00", () => {
    const at = (firstSeenAt: string) =>
      deriveNextDueAt(
        patchContact(
          stallsHandled(anAccount('acc-1').withProfile().withContact('c-owner', { role: 'owner' }).state(program)),
          'c-owner',
          { reonboarding: 'pending', firstSeenAt },
        ),
        program,
      );
    // Wednesday 16:59 JST is still planned then; 17:00 JST waits for Thursday 09:00 JST.
    expect(at('2026-01-21T07:59:00.000Z')).toBe('2026-01-21T07:59:00.000Z');
    expect(at('2026-01-21T08:00:00.000Z')).toBe('2026-01-22T00:00:00.000Z');
    expect(PLANNER_PERIOD_HOURS).toBe(1);
  });

  it('is null when nothing is due, whatever retry time was left behind', () => {
    const state = stallsHandled(
      anAccount('acc-1').withProfile().withContact('c-owner', { role: 'owner' }).state(program),
    );
    expect(
      deriveNextDueAt(
        { ...state, cadence: { step: 0, retryAt: '2026-01-22T00:00:00.000Z', nextDueAt: null } },
        program,
      ),
    ).toBeNull();
  });

  it('ignores a pending re-onboarding on a high-touch account (the CS manager welcomes them)', () => {
    const base = patchContact(assessedAt(onboarded(), '2026-01-21T04:00:00.000Z'), 'c-owner', {
      reonboarding: 'pending',
      firstSeenAt: '2026-01-21T05:00:00.000Z',
    });
    const state = {
      ...base,
      profile: { ...(base.profile as NonNullable<AccountState['profile']>), touchModel: 'high' as const },
    };
    expect(deriveNextDueAt(state, program)).toBe('2026-01-22T00:00:00.000Z');
  });

  it('ignores a pending re-onboarding of a contact who cannot be reached', () => {
    const state = patchContact(assessedAt(onboarded(), '2026-01-21T04:00:00.000Z'), 'c-owner', {
      reonboarding: 'pending',
      firstSeenAt: '2026-01-21T05:00:00.000Z',
      suppressed: { reason: 'unsubscribed', at: '2026-01-21T06:00:00.000Z' },
    });
    expect(deriveNextDueAt(state, program)).toBe('2026-01-22T00:00:00.000Z');
  });

  it('never comes before the retry time of a touch that waits for the send window', () => {
    const base = onboarded();
    const state = { ...base, cadence: { step: 0, retryAt: '2026-01-27T00:00:00.000Z', nextDueAt: null } };
    expect(deriveNextDueAt(state, program)).toBe('2026-01-27T00:00:00.000Z');
  });

  it('gives the same answer for the same state (pure)', () => {
    const state = assessedAt(onboarded(), '2026-02-01T00:00:00.000Z');
    expect(deriveNextDueAt(state, program)).toBe(deriveNextDueAt(structuredClone(state), program));
  });
});
