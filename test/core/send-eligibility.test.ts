// Whether a planned touch may still go when its job is sent: here, the promotional hold after a
// detractor answer that arrived between planning and sending. The sender asks the planner's own rule
// (voice.ts detractorHoldUntil) at the send time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import type { ProductEvent } from '../../functions/core/events.js';
import { recipientOf } from '../../functions/core/send-eligibility.js';
import type { AccountState } from '../../functions/core/state.js';
import { addDays } from '../../functions/core/time.js';
import { anAccount, aPlannedTouch, defaultProgram, programWith, surveyAnswered } from '../fixtures/builders.js';

const program = defaultProgram();
const A = 'acc-1';
const PLANNED = '2026-02-02T01:00:00.000Z';
const ANSWERED = '2026-02-02T03:00:00.000Z';
const basis = { basis: 'business-relationship', from: 'program-default' } as const;

const story = aPlannedTouch({ kind: 'success-story', storyId: 's-1' }, { plannedAt: PLANNED, basis });
const webinar = aPlannedTouch({ kind: 'webinar-invite', webinarId: 'w-1' }, { plannedAt: PLANNED, basis });
const tip = aPlannedTouch({ kind: 'feature-tip', featureId: 'reports' }, { plannedAt: PLANNED });
const nps = aPlannedTouch({ kind: 'survey', survey: 'nps' }, { plannedAt: PLANNED });

function account(events: readonly ProductEvent[] = []): AccountState {
  const built = anAccount(A)
    .withProfile({ locale: 'ja', contractStart: '2026-01-05' })
    .withContact('c-1', { email: 'mio@customer.example.jp', name: 'Mio Ito', role: 'owner' })
    .withContact('c-2', { email: 'ken@customer.example.jp', name: 'Ken Abe', role: 'member' })
    .onboardedOn('2026-01-19')
    .state(program);
  return applyEvents(built, events, program).state;
}

const answer = (contactId: string, score: number, at = ANSWERED) =>
  surveyAnswered(A, contactId, { survey: 'nps', score, answeredAt: at });

describe('a promotional touch sent after a detractor answer', () => {
  const held = account([answer('c-2', 3)]);

  it.each<[string, AccountState, PlannedTouch, string, ReturnType<typeof recipientOf> | 'recipient']>([
    ['a success story, an hour after the answer', held, story, '2026-02-02T04:00:00.000Z', 'detractor-hold'],
    ['a webinar invite, to another person of the account', held, webinar, '2026-02-10T00:00:00.000Z', 'detractor-hold'],
    ['a success story, the last millisecond of the 30 days', held, story, '2026-03-04T02:59:59.999Z', 'detractor-hold'],
    ['a success story, once the 30 days have passed', held, story, '2026-03-04T03:00:00.000Z', 'recipient'],
    ['a feature tip (service email) during the hold', held, tip, '2026-02-02T04:00:00.000Z', 'recipient'],
    ['a survey (service email) during the hold', held, nps, '2026-02-02T04:00:00.000Z', 'recipient'],
    ['a success story with no detractor answer', account(), story, '2026-02-02T04:00:00.000Z', 'recipient'],
    [
      'a success story after a passive answer replaced the detractor one',
      account([answer('c-2', 3), answer('c-2', 8, '2026-02-03T00:00:00.000Z')]),
      story,
      '2026-02-04T00:00:00.000Z',
      'recipient',
    ],
    [
      'a success story once the detractor was followed up',
      { ...held, detractorsResolvedAt: '2026-02-03T00:00:00.000Z' },
      story,
      '2026-02-04T00:00:00.000Z',
      'recipient',
    ],
  ])('%s', (_name, state, touch, now, expected) => {
    const got = recipientOf(state, touch, now, program);
    if (expected === 'recipient') expect(got).toMatchObject({ email: 'mio@customer.example.jp' });
    else expect(got).toBe(expected);
  });

  it('holds for the account program’s own detractorHoldDays', () => {
    const short = programWith({ voice: { detractorHoldDays: 5 } });
    expect(recipientOf(held, story, '2026-02-07T02:59:59.999Z', short)).toBe('detractor-hold');
    expect(recipientOf(held, story, '2026-02-07T03:00:00.000Z', short)).toMatchObject({ email: expect.any(String) });
    // No program given: the default hold (30 days).
    expect(recipientOf(held, story, '2026-02-20T00:00:00.000Z')).toBe('detractor-hold');
  });

  it('says opted-out-topic, not detractor-hold, to a person who also refused promotional email', () => {
    const refused = {
      ...held,
      contacts: { ...held.contacts, 'c-1': { ...held.contacts['c-1']!, topicOptOuts: { promotional: ANSWERED } } },
    };
    expect(recipientOf(refused, story, '2026-02-02T04:00:00.000Z', program)).toBe('opted-out-topic');
  });

  it('refuses a promotional touch exactly while the hold is on, and a service touch never (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 90 * 24 }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        (score, hoursAfter, holdDays, promotional) => {
          const state = account([answer('c-2', score)]);
          const now = new Date(Date.parse(ANSWERED) + hoursAfter * 3_600_000).toISOString();
          const got = recipientOf(
            state,
            promotional ? story : tip,
            now,
            programWith({ voice: { detractorHoldDays: holdDays } }),
          );
          const onHold = score <= 6 && now < addDays(ANSWERED, holdDays);
          expect(got === 'detractor-hold').toBe(promotional && onHold);
          if (got !== 'detractor-hold') expect(typeof got).toBe('object');
        },
      ),
      { numRuns: 200 },
    );
  });
});
