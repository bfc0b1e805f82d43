import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseContent } from '../../functions/core/content-choice.js';
import { type Program, Program as ProgramSchema } from '../../functions/core/program.js';
import { recipientOf } from '../../functions/core/send-eligibility.js';
import type { AccountState, ContactState, TouchRecord } from '../../functions/core/state.js';
import { CSAT_WITHIN_DAYS, dueSurvey } from '../../functions/core/survey-due.js';
import { addDays } from '../../functions/core/time.js';
import { anAccount, aPlannedTouch, defaultProgram } from '../fixtures/builders.js';

const base = defaultProgram();
const ONBOARDED = '2026-01-19T00:00:00.000Z';
const milestone = base.milestones.find((m) => m.phase === 'adoption')?.id ?? '';

function program(surveys: unknown = undefined): Program {
  return ProgramSchema.parse({ ...base, ...(surveys === undefined ? {} : { surveys }) });
}

const survey = (subject: string, at: string): TouchRecord => ({
  touchId: `survey:${subject}`,
  kind: 'survey',
  subject,
  at,
});

function account(options: { renewalDate?: string; contact?: Partial<ContactState>; reachedAt?: string } = {}) {
  let state = anAccount('acc-1')
    .withProfile({
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
      ...(options.renewalDate === undefined ? {} : { renewalDate: options.renewalDate }),
    })
    .withContact('c-1', { role: 'member' })
    .onboardedOn('2026-01-19')
    .state(base);
  if (options.reachedAt !== undefined) state = { ...state, milestones: { [milestone]: options.reachedAt } };
  const contact = { ...(state.contacts['c-1'] as ContactState), ...options.contact };
  state = { ...state, contacts: { 'c-1': contact } };
  return { state, contact };
}

const due = (state: AccountState, contact: ContactState, now: string, p = program()) =>
  dueSurvey(state, contact, p, now);

describe('when a survey is due', () => {
  it.each<[string, string, object]>([
    ['nothing before the adoption day', addDays(ONBOARDED, 29), { reason: 'no-survey-due' }],
    ['NPS from the adoption day (default 30)', addDays(ONBOARDED, 30), { survey: 'nps', subject: 'nps-adoption' }],
    ['still NPS later when it was never asked', addDays(ONBOARDED, 80), { survey: 'nps', subject: 'nps-adoption' }],
  ])('%s', (_name, now, expected) => {
    const { state, contact } = account();
    expect(due(state, contact, now)).toEqual(expected);
  });

  it('asks the adoption NPS once', () => {
    const { state, contact } = account({ contact: { touches: [survey('nps-adoption', addDays(ONBOARDED, 30))] } });
    expect(due(state, contact, addDays(ONBOARDED, 200))).toEqual({ reason: 'already-sent' });
  });

  it('takes the adoption day from the program', () => {
    const { state, contact } = account();
    const p = program({ nps: { adoptionDay: 60 } });
    expect(due(state, contact, addDays(ONBOARDED, 59), p)).toEqual({ reason: 'no-survey-due' });
    expect(due(state, contact, addDays(ONBOARDED, 60), p)).toEqual({ survey: 'nps', subject: 'nps-adoption' });
  });

  it('asks NPS before renewal only when the contract states a renewal date, within beforeRenewalDays', () => {
    const asked = { touches: [survey('nps-adoption', addDays(ONBOARDED, 30))] };
    const without = account({ contact: asked });
    expect(due(without.state, without.contact, '2026-12-01T03:00:00.000Z')).toEqual({ reason: 'already-sent' });
    const { state, contact } = account({ renewalDate: '2027-01-19', contact: asked });
    // 2027-01-19 00:00 in Tokyo is 2027-01-18T15:00Z; 45 days before it:
    expect(due(state, contact, '2026-12-04T14:59:00.000Z')).toEqual({ reason: 'already-sent' });
    expect(due(state, contact, '2026-12-04T15:00:00.000Z')).toEqual({
      survey: 'nps',
      subject: 'nps-renewal-2027-01-19',
    });
    expect(due(state, contact, '2027-01-18T15:00:00.000Z')).toEqual({ reason: 'already-sent' });
  });

  it('asks CSAT after the chosen milestone, within CSAT_WITHIN_DAYS of it, once', () => {
    const p = program({ csat: { afterMilestone: milestone } });
    const reachedAt = addDays(ONBOARDED, 10);
    const { state, contact } = account({ reachedAt });
    expect(due(state, contact, addDays(ONBOARDED, 11), p)).toEqual({ survey: 'csat', subject: `csat-${milestone}` });
    expect(due(state, contact, addDays(reachedAt, CSAT_WITHIN_DAYS + 1), p)).toEqual({
      survey: 'nps',
      subject: 'nps-adoption',
    });
    const none = program();
    expect(due(state, contact, addDays(ONBOARDED, 11), none)).toEqual({ reason: 'no-survey-due' });
  });

  it('refuses a CSAT milestone the program does not have', () => {
    const parsed = ProgramSchema.safeParse({ ...base, surveys: { csat: { afterMilestone: 'no-such-step' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['surveys', 'csat', 'afterMilestone']);
  });

  it('sends at most one survey per person per minDaysBetween', () => {
    const p = program({ csat: { afterMilestone: milestone } });
    const csatAt = addDays(ONBOARDED, 11);
    const { state, contact } = account({
      reachedAt: addDays(ONBOARDED, 10),
      contact: { touches: [survey(`csat-${milestone}`, csatAt)] },
    });
    expect(due(state, contact, addDays(csatAt, 89), p)).toEqual({ reason: 'survey-too-recent' });
    expect(due(state, contact, addDays(csatAt, 90), p)).toEqual({ survey: 'nps', subject: 'nps-adoption' });
  });

  it('never goes to a person who refused the survey topic', () => {
    const { state, contact } = account({ contact: { topicOptOuts: { survey: ONBOARDED } } });
    expect(due(state, contact, addDays(ONBOARDED, 40))).toEqual({ reason: 'opted-out-topic' });
    // The promotional topic is another matter: surveys are service email.
    const promo = account({ contact: { topicOptOuts: { promotional: ONBOARDED } } });
    expect(due(promo.state, promo.contact, addDays(ONBOARDED, 40))).toMatchObject({ survey: 'nps' });
  });

  it('holds for any history: never two surveys within minDaysBetween, never to an opted-out person (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 500 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 200 }),
        (sentDays, nowDay, optedOut, gap) => {
          const now = addDays(ONBOARDED, nowDay);
          const touches = sentDays.filter((d) => d <= nowDay).map((d, i) => survey(`s-${i}`, addDays(ONBOARDED, d)));
          const { state, contact } = account({
            renewalDate: '2027-01-19',
            contact: { touches, ...(optedOut ? { topicOptOuts: { survey: ONBOARDED } } : {}) },
          });
          const result = due(state, contact, now, program({ minDaysBetween: gap }));
          if (!('survey' in result)) return;
          expect(optedOut).toBe(false);
          for (const t of touches) expect(Date.parse(now) - Date.parse(t.at)).toBeGreaterThanOrEqual(gap * 86_400_000);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the survey among the kinds', () => {
  it('comes after the milestone nudge and before the feature tip, and says why when passed over', () => {
    const { state: fresh, contact } = account();
    const reached = Object.fromEntries(base.milestones.map((m) => [m.id, addDays(ONBOARDED, 1)]));
    const input = {
      state: { ...fresh, milestones: reached },
      contact,
      locale: 'ja' as const,
      program: base,
      catalogs: {
        features: base.features.map((f) => ({
          feature: f.id,
          title: { ja: 't', en: 't' },
          tip: { ja: 't', en: 't' },
          link: 'https://help.example.com/t',
        })),
        webinars: [],
        stories: [],
      },
      health: {
        at: ONBOARDED,
        score: 50,
        atRisk: false,
        usageDrop: false,
        dauMau: 0.2,
        activeDays30: 6,
        previousActiveDays30: 6,
      },
    };
    const early = chooseContent({ ...input, now: addDays(ONBOARDED, 3) });
    expect(early.chosen?.content.kind).toBe('feature-tip');
    expect(early.passedOver.find((p) => p.kind === 'survey')?.reason).toBe('no-survey-due');
    const later = chooseContent({ ...input, now: addDays(ONBOARDED, 31) });
    expect(later.chosen?.content).toEqual({ kind: 'survey', survey: 'nps' });
    expect(later.passedOver.find((p) => p.kind === 'feature-tip')?.reason).toBe('lower-priority');
    const owner = { ...contact, role: 'owner' as const };
    const withNudge = chooseContent({ ...input, state: fresh, contact: owner, now: addDays(ONBOARDED, 31) });
    expect(withNudge.chosen?.content.kind).toBe('milestone-nudge');
    expect(withNudge.passedOver.find((p) => p.kind === 'survey')?.reason).toBe('lower-priority');
  });
});

describe('at send time', () => {
  it('drops a survey to a person who refused surveys after it was planned, and no other kind', () => {
    const { state } = account({ contact: { topicOptOuts: { survey: ONBOARDED } } });
    const named = {
      ...state,
      contacts: {
        'c-1': {
          ...(state.contacts['c-1'] as ContactState),
          email: 'mio@customer.example.jp',
          name: 'Mio',
          role: 'member' as const,
        },
      },
    };
    expect(recipientOf(named, aPlannedTouch({ kind: 'survey', survey: 'nps' }), addDays(ONBOARDED, 40))).toBe(
      'opted-out-topic',
    );
    expect(recipientOf(named, aPlannedTouch(), addDays(ONBOARDED, 40))).not.toBe('opted-out-topic');
  });
});
