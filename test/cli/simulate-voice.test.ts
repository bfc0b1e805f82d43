// `teichaku simulate` end to end for the customer's voice: a detractor answer raises `Detractor` at
// once (with its comment) and holds the account's promotional email (a webinar invite), while an
// account like it without one gets the invite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountUpserted,
  contactUpserted,
  defaultProgram,
  onboardingCompleted,
  surveyAnswered,
  ticketOpened,
  usage,
} from '../fixtures/builders.js';
import { byTime, type Line, runScenario, type Scenario } from '../fixtures/simulate-scenario.js';

const START = Date.parse('2026-11-16T01:00:00Z');
const UNTIL = '2026-12-21T00:00:00.000Z';
const ANSWERED_AT = '2026-11-24T05:00:00.000Z';

/**
 * Both people use every action of the program on the first day and sign in every weekday: no tip is
 * left for the member. Daily reports on 4 days only: a week of them is not reached, so the account
 * stays in adoption (not expansion-ready) and its nudge goes to the owner.
 */
function busyAccount(accountId: string) {
  const program = defaultProgram();
  const actions = [
    ...new Set([
      ...program.features.map((f) => f.action),
      ...program.milestones.flatMap((m) => m.requires.map((r) => r.action)),
    ]),
  ];
  const people = [`${accountId}-owner`, `${accountId}-member`];
  const events = [
    accountUpserted(
      accountId,
      { name: `${accountId} KK`, contractStart: '2026-11-09' },
      { at: '2026-11-09T00:00:00Z' },
    ),
    contactUpserted(accountId, people[0] as string, { role: 'owner' }, { at: '2026-11-09T00:01:00Z' }),
    contactUpserted(accountId, people[1] as string, { role: 'member' }, { at: '2026-11-09T00:02:00Z' }),
    onboardingCompleted(accountId, '2026-11-16T00:00:00Z'),
  ];
  for (let day = 0; day < 35; day++) {
    const at = new Date(START + day * 86_400_000);
    if (at.getUTCDay() === 0 || at.getUTCDay() === 6) continue;
    const today = day === 0 ? actions : day < 4 ? ['login', 'daily_report.create'] : ['login'];
    for (const id of people) for (const action of today) events.push(usage(accountId, id, action, at.toISOString()));
  }
  return events;
}

let run: Scenario;
let touches: Line[] = [];
let decisions: Line[] = [];
let signals: Line[] = [];

beforeAll(async () => {
  const events = byTime([
    // Both accounts are in the program's treatment group (acc-voice would be in its holdout).
    ...busyAccount('acc-calm'),
    ...busyAccount('acc-unhappy'),
    surveyAnswered('acc-unhappy', 'acc-unhappy-member', {
      survey: 'nps',
      score: 2,
      answeredAt: ANSWERED_AT,
      comment: 'Reports are too slow',
    }),
    ticketOpened('acc-unhappy', 't-1', '2026-11-24T06:00:00Z', { priority: 'urgent' }),
  ]);
  run = await runScenario(events, { until: UNTIL, name: 'voice' });
  expect(run.code, run.stderr).toBe(0);
  ({ touches, decisions, signals } = run);
}, 120_000);

afterAll(() => run?.remove());

const promotional = (t: Line) => t.kind === 'webinar-invite' || t.kind === 'success-story';

describe('simulate: the customer’s voice', () => {
  it('raises Detractor at once, with the score, the comment and the contact', () => {
    const detractors = signals.filter((s) => s.type === 'Detractor');
    expect(detractors).toEqual([
      expect.objectContaining({
        accountId: 'acc-unhappy',
        contactId: 'acc-unhappy-member',
        survey: 'nps',
        score: 2,
        comment: 'Reports are too slow',
        at: ANSWERED_AT,
      }),
    ]);
  });

  it('sends the webinar invite to the account without a detractor', () => {
    expect(touches.some((t) => t.accountId === 'acc-calm' && t.kind === 'webinar-invite')).toBe(true);
  });

  it('holds the webinar invite of the account with a detractor, and says why in the trail', () => {
    const held = touches.filter(
      (t) => t.accountId === 'acc-unhappy' && promotional(t) && String(t.sentAt) > ANSWERED_AT,
    );
    expect(held).toEqual([]);
    const skips = decisions.filter((d) => d.accountId === 'acc-unhappy' && d.reason === 'detractor-hold');
    expect(skips.length).toBeGreaterThan(0);
    expect(skips.flatMap((d) => d.passedOver as unknown[])).toContainEqual({
      kind: 'webinar-invite',
      reason: 'detractor-hold',
    });
  });
});
