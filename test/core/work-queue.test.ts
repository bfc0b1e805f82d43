// The work queue on hand-built states: what puts an account in it, the ranking, the play and the
// low-touch moments.
import { describe, expect, it } from 'vitest';
import type { AccountState, HealthAssessment } from '../../functions/core/state.js';
import { accountQueueItems, keyContactChangedAt, queueScore, workQueue } from '../../functions/core/work-queue.js';
import { anAccount, contractEnded, defaultProgram, programWith } from '../fixtures/builders.js';

const program = defaultProgram();
const NOW = '2026-03-02T00:00:00.000Z';
const ONBOARDED = '2026-01-19';

function health(score: number, atRisk: boolean): HealthAssessment {
  return {
    at: NOW,
    score,
    atRisk,
    usageDrop: false,
    dauMau: 0,
    activeDays30: 0,
    previousActiveDays30: 0,
  };
}

/** An account in adoption, raised at risk at `raisedAt`, with its health, arr and renewal date. */
function atRiskAccount(
  id: string,
  options: { score: number; arr?: number; renewalDate?: string; raisedAt?: string; touchModel?: 'tech' | 'low' },
): AccountState {
  return anAccount(id)
    .withProfile({
      timeZone: 'Asia/Tokyo',
      locale: 'ja',
      touchModel: options.touchModel ?? 'tech',
      ...(options.arr === undefined ? {} : { arr: options.arr, currency: 'JPY' }),
      ...(options.renewalDate === undefined ? {} : { renewalDate: options.renewalDate }),
    })
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn(ONBOARDED)
    .patched((s) => ({
      ...s,
      health: health(options.score, true),
      signalCases: { 'Account At Risk': { raisedAt: options.raisedAt ?? '2026-02-23T00:00:00.000Z', raised: 1 } },
    }))
    .state(program);
}

describe('the work queue', () => {
  it('ranks by risk, arr, renewal proximity and age, and says each score', () => {
    const states = [
      atRiskAccount('acc-low-risk', { score: 35 }),
      atRiskAccount('acc-big', { score: 35, arr: 12_000_000 }),
      atRiskAccount('acc-renewing', { score: 35, arr: 1_200_000, renewalDate: '2026-03-20' }),
      atRiskAccount('acc-worst', { score: 5 }),
    ];
    const queue = workQueue(states, program, NOW);
    expect(queue.map((i) => i.accountId)).toEqual(['acc-big', 'acc-renewing', 'acc-worst', 'acc-low-risk']);
    // acc-big: 40 × 0.65 + 25 × 1 + 0 + 15 × 7/30 = 54.5; acc-worst: 40 × 0.95 + 3.5 = 41.5
    expect(queue[0]?.score).toBe(54.5);
    // acc-renewing: 40 × 0.65 + 25 × 0.1 + 20 × (1 − 18/180) + 3.5 = 50
    expect(queue.find((i) => i.accountId === 'acc-renewing')).toMatchObject({ score: 50, daysToRenewal: 18 });
    expect(queue[0]?.reason).toEqual({ kind: 'signal', signalType: 'Account At Risk' });
    expect(queue[0]?.play).toMatchObject({ who: 'csm', channel: 'phone', withinDays: 2 });
  });

  it('counts an acknowledged case half, so what nobody has taken up comes first', () => {
    const open = atRiskAccount('acc-open', { score: 40 });
    const acked: AccountState = {
      ...atRiskAccount('acc-acked', { score: 10 }),
      signalCases: {
        'Account At Risk': {
          raisedAt: '2026-02-23T00:00:00.000Z',
          raised: 1,
          acknowledged: { at: '2026-02-24T00:00:00.000Z', eventId: 'e-1', by: 'sato@example.com' },
        },
      },
    };
    const queue = workQueue([acked, open], program, NOW);
    expect(queue.map((i) => [i.accountId, i.status])).toEqual([
      ['acc-open', 'open'],
      ['acc-acked', 'acknowledged'],
    ]);
    expect(queue[1]?.acknowledgedBy).toBe('sato@example.com');
  });

  it('leaves out resolved cases, recovered accounts and ended contracts', () => {
    const resolved: AccountState = {
      ...atRiskAccount('acc-resolved', { score: 10 }),
      signalCases: {
        'Account At Risk': {
          raisedAt: '2026-02-23T00:00:00.000Z',
          resolved: { at: '2026-02-25T00:00:00.000Z', eventId: 'e-2', by: 'Sato' },
        },
      },
    };
    const recovered: AccountState = { ...atRiskAccount('acc-recovered', { score: 80 }), health: health(80, false) };
    const ended = anAccount('acc-ended')
      .withProfile({ timeZone: 'Asia/Tokyo' })
      .onboardedOn(ONBOARDED)
      .withEvents(contractEnded('acc-ended', '2026-02-01T00:00:00Z'))
      .patched((s) => ({ ...s, health: health(10, true), signalCases: { 'Account At Risk': { raisedAt: NOW } } }))
      .state(program);
    expect(workQueue([resolved, recovered, ended], program, NOW)).toEqual([]);
  });

  it('uses the program’s play for the signal type over the default', () => {
    const own = programWith({
      plays: {
        signals: {
          'Account At Risk': {
            do: { ja: '訪問する', en: 'Visit them' },
            who: 'account-exec',
            withinDays: 1,
            channel: 'meeting',
          },
        },
      },
    });
    const [item] = accountQueueItems(atRiskAccount('acc-1', { score: 20 }), own, NOW);
    expect(item?.play).toEqual({
      do: { ja: '訪問する', en: 'Visit them' },
      who: 'account-exec',
      withinDays: 1,
      channel: 'meeting',
    });
  });

  it('lists a key contact change read from the contacts, for 30 days', () => {
    const state = anAccount('acc-1')
      .withProfile({ timeZone: 'Asia/Tokyo' })
      .withContact('c-owner', { role: 'owner' })
      .onboardedOn(ONBOARDED)
      .withContact('c-new', { role: 'owner' }, { at: '2026-02-20T03:00:00Z' })
      .state(program);
    expect(keyContactChangedAt(state)).toBe('2026-02-20T03:00:00.000Z');
    const items = accountQueueItems(state, program, NOW);
    expect(items.map((i) => [i.reason, i.since])).toEqual([
      [{ kind: 'signal', signalType: 'Key Contact Changed' }, '2026-02-20T03:00:00.000Z'],
    ]);
    expect(accountQueueItems(state, program, '2026-03-25T00:00:00.000Z')).toEqual([]);
  });

  it('lists a low-touch account at its moments with the low-touch play, and a tech one never', () => {
    const low = anAccount('acc-low')
      .withProfile({ timeZone: 'Asia/Tokyo', touchModel: 'low', renewalDate: '2026-06-01' })
      .withContact('c-owner', { role: 'owner' })
      .onboardedOn(ONBOARDED)
      .state(program);
    // Day 30 after onboarding completion: 2026-02-18.
    const day30 = accountQueueItems(low, program, '2026-02-19T00:00:00.000Z');
    expect(day30.map((i) => i.reason)).toEqual([{ kind: 'low-touch', moment: 'after-onboarding', day: 30 }]);
    expect(day30[0]?.play?.channel).toBe('meeting');
    expect(accountQueueItems(low, program, '2026-03-10T00:00:00.000Z')).toEqual([]);
    // 60 days before the renewal on 2026-06-01: from 2026-04-02 (Tokyo).
    const renewal = accountQueueItems(low, program, '2026-04-03T00:00:00.000Z');
    expect(renewal.map((i) => i.reason)).toEqual([{ kind: 'low-touch', moment: 'before-renewal', day: 60 }]);
    const tech = {
      ...low,
      profile: { ...(low.profile as NonNullable<AccountState['profile']>), touchModel: 'tech' as const },
    };
    expect(accountQueueItems(tech, program, '2026-02-19T00:00:00.000Z')).toEqual([]);
  });

  it('scores an account never assessed as half a risk', () => {
    const [item] = accountQueueItems(atRiskAccount('acc-1', { score: 0 }), program, NOW);
    const unassessed = { ...(item as NonNullable<typeof item>), health: null, since: NOW };
    expect(queueScore(unassessed, NOW, new Map())).toBe(20);
  });
});
