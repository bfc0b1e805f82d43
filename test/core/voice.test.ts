// The customer's voice in the core: survey answers per contact, tickets per account, the Detractor
// and Support Surge signals, the promotional hold, and the two health components.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import { assessAccount } from '../../functions/core/assess.js';
import type { Catalogs } from '../../functions/core/catalogs.js';
import type { Decision } from '../../functions/core/decisions.js';
import type { ProductEvent } from '../../functions/core/events.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import type { Signal } from '../../functions/core/signals.js';
import { type AccountState, type ContactState, emptyAccountState } from '../../functions/core/state.js';
import {
  detractorHoldUntil,
  isDetractor,
  openDetractors,
  satisfactionOf,
  supportOf,
  surgeAt,
} from '../../functions/core/voice.js';
import {
  anAccount,
  contactRemoved,
  defaultProgram,
  everyFeatureUsed,
  programWith,
  surveyAnswered,
  ticketClosed,
  ticketOpened,
} from '../fixtures/builders.js';

const program = defaultProgram();
const A = 'acc-1';

function apply(events: readonly ProductEvent[], state: AccountState = emptyAccountState(A, program.id)) {
  return applyEvents(state, events, program);
}
const ofType = <T extends Signal['type']>(signals: readonly Signal[], type: T) =>
  signals.filter((s): s is Extract<Signal, { type: T }> => s.type === type);

describe('survey answers in the state', () => {
  const first = surveyAnswered(A, 'c-1', { survey: 'nps', score: 4, answeredAt: '2026-02-01T00:00:00Z' });
  const later = surveyAnswered(A, 'c-1', {
    survey: 'nps',
    score: 9,
    answeredAt: '2026-02-03T00:00:00Z',
    channel: 'email',
    surveyId: 'tch-9',
  });
  const csat = surveyAnswered(A, 'c-1', { survey: 'csat', score: 5, answeredAt: '2026-02-02T00:00:00Z' });

  it('keeps the latest answer per survey, whatever the order the answers came in', () => {
    const one = apply([first, later, csat]).state.contacts['c-1']?.surveys;
    const two = apply([later, csat, first]).state.contacts['c-1']?.surveys;
    expect(one).toEqual(two);
    expect(one?.nps).toMatchObject({ score: 9, channel: 'email', surveyId: 'tch-9', at: '2026-02-03T00:00:00.000Z' });
    expect(one?.csat).toMatchObject({ score: 5, channel: 'in-app' });
  });

  it('counts a redelivered answer as a duplicate and an older one as stale', () => {
    const held = apply([later]).state;
    const again = apply([later], held);
    expect(again.changed).toBe(false);
    expect(again.ignored.duplicate).toBe(1);
    const older = apply([first], held);
    expect(older.state.contacts['c-1']?.surveys?.nps?.score).toBe(9);
    expect(older.ignored.stale).toBe(1);
  });

  it("drops the person's answers and comments with the person, and refuses answers dated before the removal", () => {
    const answered = apply([
      surveyAnswered(A, 'c-1', { survey: 'nps', score: 2, answeredAt: '2026-02-01T00:00:00Z', comment: 'slow' }),
    ]).state;
    const removed = apply([contactRemoved(A, 'c-1', { at: '2026-02-05T00:00:00Z' })], answered).state;
    expect(removed.contacts['c-1']?.surveys).toBeUndefined();
    expect(JSON.stringify(removed)).not.toContain('slow');
    const late = apply(
      [surveyAnswered(A, 'c-1', { survey: 'csat', score: 1, answeredAt: '2026-02-04T00:00:00Z', comment: 'late' })],
      removed,
    );
    expect(late.state.contacts['c-1']?.surveys).toBeUndefined();
    expect(ofType(late.signals, 'Detractor')).toEqual([]);
  });
});

describe('Detractor', () => {
  it.each([
    ['nps', 0, true],
    ['nps', 6, true],
    ['nps', 7, false],
    ['nps', 10, false],
    ['csat', 1, true],
    ['csat', 2, true],
    ['csat', 3, false],
  ] as const)('%s %i is a detractor: %s', (survey, score, expected) => {
    expect(isDetractor(survey, score)).toBe(expected);
    const result = apply([surveyAnswered(A, 'c-1', { survey, score, answeredAt: '2026-02-01T00:00:00Z' })]);
    expect(ofType(result.signals, 'Detractor')).toHaveLength(expected ? 1 : 0);
  });

  it('is raised at once with the score, the survey, the comment and the contact, and once only', () => {
    const answer = surveyAnswered(A, 'c-2', {
      survey: 'nps',
      score: 3,
      answeredAt: '2026-02-01T09:00:00Z',
      comment: 'レポートが遅い',
      channel: 'email',
      surveyId: 'tch-1',
    });
    const first = apply([answer]);
    expect(ofType(first.signals, 'Detractor')).toEqual([
      {
        type: 'Detractor',
        accountId: A,
        at: '2026-02-01T09:00:00.000Z',
        contactId: 'c-2',
        survey: 'nps',
        score: 3,
        channel: 'email',
        comment: 'レポートが遅い',
        surveyId: 'tch-1',
      },
    ]);
    expect(ofType(apply([answer], first.state).signals, 'Detractor')).toEqual([]);
  });

  it('is not raised by an older detractor answer arriving after a newer answer', () => {
    const newer = apply([surveyAnswered(A, 'c-1', { survey: 'nps', score: 9, answeredAt: '2026-02-03T00:00:00Z' })]);
    const older = apply(
      [surveyAnswered(A, 'c-1', { survey: 'nps', score: 1, answeredAt: '2026-02-01T00:00:00Z' })],
      newer.state,
    );
    expect(ofType(older.signals, 'Detractor')).toEqual([]);
  });
});

describe('support tickets in the state', () => {
  it('is open once opened and closed once closed, whatever the order of the two', () => {
    const open = ticketOpened(A, 't-1', '2026-02-01T00:00:00Z', { priority: 'high' });
    const close = ticketClosed(A, 't-1', '2026-02-02T00:00:00Z');
    const a = apply([open, close]).state;
    const b = apply([close, open]).state;
    expect(a.support).toEqual(b.support);
    expect(supportOf(a, '2026-02-03T00:00:00.000Z')).toBe(1);
    expect(supportOf(apply([open]).state, '2026-02-01T12:00:00.000Z')).toBeCloseTo(0.75);
  });

  it('keeps a reopened ticket open: opened again after its closing', () => {
    const state = apply([
      ticketOpened(A, 't-1', '2026-02-01T00:00:00Z', { priority: 'urgent' }),
      ticketClosed(A, 't-1', '2026-02-02T00:00:00Z'),
      ticketOpened(A, 't-1', '2026-02-03T00:00:00Z', { priority: 'urgent' }),
    ]).state;
    expect(supportOf(state, '2026-02-03T01:00:00.000Z')).toBeCloseTo(0.6);
  });

  it('forgets closed tickets older than 12 weeks, and never more than 300 are kept', () => {
    const events = [ticketOpened(A, 'old', '2026-01-01T00:00:00Z'), ticketClosed(A, 'old', '2026-01-02T00:00:00Z')];
    for (let i = 0; i < 320; i++)
      events.push(ticketOpened(A, `t-${i}`, new Date(Date.UTC(2026, 3, 1) + i * 60_000).toISOString()));
    const support = apply(events).state.support ?? {};
    expect(Object.keys(support)).toHaveLength(300);
    expect(support.old).toBeUndefined();
  });
});

describe('Support Surge', () => {
  const opening = (id: string, day: number) =>
    ticketOpened(A, id, new Date(Date.UTC(2026, 2, 1 + day, 3)).toISOString(), { priority: 'normal' });

  it('is raised by the third opening in 7 days on an account with no baseline, and not again in the same surge', () => {
    const two = apply([opening('t-1', 0), opening('t-2', 1)]);
    expect(ofType(two.signals, 'Support Surge')).toEqual([]);
    const three = apply([opening('t-3', 2)], two.state);
    expect(ofType(three.signals, 'Support Surge')).toEqual([
      { type: 'Support Surge', accountId: A, at: '2026-03-03T03:00:00.000Z', lastWeek: 3, weeklyMean: 0 },
    ]);
    expect(ofType(apply([opening('t-4', 3)], three.state).signals, 'Support Surge')).toEqual([]);
  });

  it("is not raised when the week is within twice the account's own weekly mean of the 8 weeks before", () => {
    // Two openings a week for 8 weeks: a mean of 2, so 3 in a week is no surge, 4 is.
    const baseline = Array.from({ length: 16 }, (_, i) => opening(`b-${i}`, -60 + Math.floor(i / 2) * 7 + (i % 2)));
    const week = [opening('w-1', 0), opening('w-2', 1), opening('w-3', 2)];
    const three = apply([...baseline, ...week]);
    expect(surgeAt(three.state.support, '2026-03-03T03:00:00.000Z')).toMatchObject({ lastWeek: 3, weeklyMean: 2 });
    expect(ofType(three.signals, 'Support Surge')).toEqual([]);
    const four = apply([opening('w-4', 3)], three.state);
    expect(ofType(four.signals, 'Support Surge')).toHaveLength(1);
  });
});

describe('the promotional hold after a detractor', () => {
  const ONBOARDED = '2026-01-19';
  const SLOT_0 = '2026-01-26T00:00:00.000Z';
  const STORY = {
    id: 's-1',
    company: 'c',
    industry: 'manufacturing',
    employees: 120,
    locale: 'ja' as const,
    title: 't',
    summary: 's',
    link: 'https://stories.example.com/s',
  };
  const CATALOGS: Catalogs = { features: [], webinars: [], stories: [STORY] };

  /** A member who used every feature: a success story (promotional) is all that is left for them. */
  function storyOnly(answers: readonly ProductEvent[]): AccountState {
    const state = anAccount(A)
      .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja', contractStart: '2026-01-05' })
      .withContact('c-1', { role: 'member' })
      .withContact('c-2', { role: 'owner' })
      .onboardedOn(ONBOARDED)
      .withEvents(...answers)
      .state(program);
    const used = everyFeatureUsed(state, program);
    return { ...used, contacts: { 'c-1': used.contacts['c-1'] as ContactState } };
  }
  const detractor = surveyAnswered(A, 'c-1', { survey: 'nps', score: 2, answeredAt: '2026-01-20T00:00:00Z' });
  const only = (decisions: readonly Decision[]) => decisions[0] as Decision;

  it('holds promotional email with its own code, until 30 days after the answer', () => {
    const state = storyOnly([detractor]);
    expect(detractorHoldUntil(state, program, SLOT_0)).toBe('2026-02-19T00:00:00.000Z');
    const decision = only(planTouches(state, SLOT_0, program, CATALOGS).decisions);
    expect(decision).toMatchObject({
      outcome: 'skipped',
      reason: { code: 'detractor-hold', until: '2026-02-19T00:00:00.000Z' },
    });
    expect(decision.passedOver).toContainEqual({ kind: 'success-story', reason: 'detractor-hold' });
    expect(detractorHoldUntil(state, program, '2026-02-18T23:59:59.999Z')).toBe('2026-02-19T00:00:00.000Z');
    expect(detractorHoldUntil(state, program, '2026-02-19T00:00:00.000Z')).toBeNull();
  });

  it('sends promotional email again once the detractor is resolved, or after a passive or promoter answer', () => {
    const resolved = { ...storyOnly([detractor]), detractorsResolvedAt: '2026-01-21T00:00:00.000Z' };
    expect(planTouches(resolved, SLOT_0, program, CATALOGS).touches).toHaveLength(1);
    const happier = storyOnly([
      detractor,
      surveyAnswered(A, 'c-1', { survey: 'nps', score: 8, answeredAt: '2026-01-22T00:00:00Z' }),
    ]);
    expect(openDetractors(happier)).toEqual([]);
    expect(planTouches(happier, SLOT_0, program, CATALOGS).touches).toHaveLength(1);
  });

  it('follows the program setting voice.detractorHoldDays', () => {
    const short = programWith({ voice: { detractorHoldDays: 3 } });
    expect(detractorHoldUntil(storyOnly([detractor]), short, SLOT_0)).toBeNull();
  });
});

describe('satisfaction and support in health', () => {
  const NOW = '2026-03-02T00:00:00.000Z';
  const account = (...events: ProductEvent[]) =>
    anAccount(A)
      .withProfile({ timeZone: 'Asia/Tokyo', contractStart: '2026-01-05' })
      .withContact('c-1', { role: 'owner' })
      .withContact('c-2', { role: 'member' })
      .withUsage('c-1', 'login', '2026-02-20T01:00:00Z', '2026-02-24T01:00:00Z')
      .onboardedOn('2026-01-19')
      .withEvents(...events)
      .state(program);

  it('keeps the usage score exactly when the account has no answer and no ticket', () => {
    const usageOnly = programWith({
      health: { weights: { activity: 0.4, milestones: 0.3, features: 0.2, breadth: 0.1 }, atRiskBelow: 40 },
    });
    expect(assessAccount(account(), program, NOW)).toEqual(assessAccount(account(), usageOnly, NOW));
  });

  it('lowers the score on a fresh detractor answer from a key contact, and not on a member’s', () => {
    const base = assessAccount(account(), program, NOW).score;
    const owner = surveyAnswered(A, 'c-1', { survey: 'nps', score: 0, answeredAt: '2026-03-01T00:00:00Z' });
    const member = surveyAnswered(A, 'c-2', { survey: 'nps', score: 0, answeredAt: '2026-03-01T00:00:00Z' });
    const fromOwner = assessAccount(account(owner), program, NOW);
    expect(fromOwner.score).toBeLessThan(base);
    expect(fromOwner.satisfaction).toBe(0);
    expect(assessAccount(account(member), program, NOW).score).toBe(base);
  });

  it('lets an answer fade with age: half its weight after 90 days', () => {
    const state = account(surveyAnswered(A, 'c-1', { survey: 'csat', score: 5, answeredAt: '2026-03-01T00:00:00Z' }));
    expect(satisfactionOf(state, '2026-03-01T00:00:00.000Z')).toEqual({ score: 1, weight: 1 });
    expect(satisfactionOf(state, '2026-05-30T00:00:00.000Z')?.weight).toBeCloseTo(0.5);
  });

  it('lowers the score for open high and urgent tickets, more once they are a week old', () => {
    const base = assessAccount(account(), program, NOW).score;
    const tickets = account(
      ticketOpened(A, 't-1', '2026-02-20T00:00:00Z', { priority: 'urgent' }),
      ticketOpened(A, 't-2', '2026-03-01T00:00:00Z', { priority: 'high' }),
    );
    const health = assessAccount(tickets, program, NOW);
    // urgent, 10 days open: 0.8; high, 1 day: 0.25; support 0.
    expect(health.support).toBe(0);
    expect(health.score).toBeLessThan(base);
  });

  it('gives the same state whatever the order of answers and tickets (property)', () => {
    const events = [
      surveyAnswered(A, 'c-1', { survey: 'nps', score: 3, answeredAt: '2026-02-01T00:00:00Z' }),
      surveyAnswered(A, 'c-1', { survey: 'nps', score: 8, answeredAt: '2026-02-02T00:00:00Z' }),
      surveyAnswered(A, 'c-2', { survey: 'csat', score: 2, answeredAt: '2026-02-02T00:00:00Z' }),
      ticketOpened(A, 't-1', '2026-02-01T00:00:00Z', { priority: 'high' }),
      ticketClosed(A, 't-1', '2026-02-03T00:00:00Z'),
      ticketOpened(A, 't-2', '2026-02-02T00:00:00Z'),
      contactRemoved(A, 'c-2', { at: '2026-02-05T00:00:00Z' }),
    ];
    const reference = apply(events).state;
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.integer({ min: 1, max: 7 }),
        (shuffled, cut) => {
          const first = apply(shuffled.slice(0, cut)).state;
          const state = apply(shuffled.slice(cut), first).state;
          expect(state.support).toEqual(reference.support);
          expect(state.contacts['c-1']?.surveys).toEqual(reference.contacts['c-1']?.surveys);
          expect(state.contacts['c-2']?.surveys).toEqual(reference.contacts['c-2']?.surveys);
        },
      ),
      { numRuns: 100 },
    );
  });
});
