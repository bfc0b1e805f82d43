import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cadenceSlotAt } from '../../functions/core/cadence.js';
import { CELEBRATION_GAP_DAYS } from '../../functions/core/celebration.js';
import { chooseContent } from '../../functions/core/content-choice.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import { occasionDueAt } from '../../functions/core/occasions.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import type { AccountState, ContactState, HealthAssessment } from '../../functions/core/state.js';
import { addDays, DAY_MS, toMs } from '../../functions/core/time.js';
import { anAccount, everyFeatureUsed, featureTipCatalogs, programWith } from '../fixtures/builders.js';

// No survey in these cases (surveys have their own tests): a survey would outrank the summary.
const NO_SURVEYS = {
  nps: { adoptionDay: 730, beforeRenewalDays: 1 },
  csat: { afterMilestone: null },
  minDaysBetween: 90,
};
const program = programWith({ surveys: NO_SURVEYS });
const TIPS = featureTipCatalogs(program);
const RENEWAL = '2027-01-05';
/** 60 days before the renewal date is Friday 2026-11-06; the send window opens at 09:00 JST. */
const REVIEW_OPENS = '2026-11-06T00:00:00.000Z';
/** The occasion itself is the start of that day in Tokyo; the planner's due time is the window's opening. */
const REVIEW_DAY = '2026-11-05T15:00:00.000Z';
const ADOPTION = program.milestones.filter((m) => m.phase === 'adoption');

/** An account whose adoption ended (phase `retention`), renewing on RENEWAL, with an owner, an admin and a member. */
function renewingAccount(renewalDate: string | null = RENEWAL): AccountState {
  return (
    anAccount('acc-1')
      .withProfile({
        timeZone: 'Asia/Tokyo',
        locale: 'ja',
        contractStart: '2026-01-05',
        ...(renewalDate === null ? {} : { renewalDate }),
      })
      .withContact('c-admin', { role: 'admin' })
      .withContact('c-member', { role: 'member' })
      .withContact('c-owner', { role: 'owner' })
      .withUsage('c-owner', 'dashboard.view', '2026-01-15T01:00:00Z', '2026-01-16T01:00:00Z')
      .withUsage('c-admin', 'report.create', '2026-03-02T01:00:00Z')
      .withUsage('c-member', 'daily_report.create', '2026-10-20T01:00:00Z')
      .onboardedOn('2026-01-19')
      // Adoption ended long ago; its milestones' celebrations were looked at when they were reached.
      .patched((s) => ({
        ...s,
        phase: 'retention',
        phaseChangedAt: '2026-07-19T00:00:00.000Z',
        // Its last retention slot was on 10-20: the next (11-19) is after the review's window opens.
        cadence: { ...s.cadence, step: 0, since: '2026-10-20T00:00:00.000Z' },
        celebrated: Object.keys(s.milestones).sort(),
      }))
      .state(program)
  );
}

const health = (at: string): HealthAssessment => ({
  at,
  score: 60,
  atRisk: false,
  usageDrop: false,
  dauMau: 0.2,
  activeDays30: 6,
  previousActiveDays30: 6,
});

function choiceFor(state: AccountState, contactId: string, now: string, p = program, monthlyTouch = false) {
  const contact = state.contacts[contactId] as ContactState;
  return chooseContent({
    state,
    contact,
    locale: 'ja',
    now,
    program: p,
    catalogs: TIPS,
    health: health(now),
    monthlyTouch,
  });
}

const reasonOf = (choice: ReturnType<typeof chooseContent>, kind: string) =>
  choice.passedOver.find((p) => p.kind === kind)?.reason;

describe('value review', () => {
  it('brings the account due at its window’s opening, 60 days before the renewal date, after adoption ended', () => {
    expect(occasionDueAt(renewingAccount(), program)).toBe(REVIEW_DAY);
    expect(occasionDueAt(renewingAccount(null), program)).toBeNull();
    const later = programWith({ surveys: NO_SURVEYS, valueReview: { daysBefore: 30 } });
    // 30 days before 2027-01-05 is Sunday 2026-12-06 (the planner then waits for Monday's opening).
    expect(occasionDueAt(renewingAccount(), later)).toBe('2026-12-05T15:00:00.000Z');
  });

  it('sends the owners and admins the term’s own figures, and the members nothing', () => {
    const state = renewingAccount();
    const plan = planTouches(state, REVIEW_OPENS, program, TIPS);
    expect(plan.touches.map((t) => [t.contactId, t.kind])).toEqual([
      ['c-admin', 'value-review'],
      ['c-owner', 'value-review'],
    ]);
    expect(plan.decisions.map((d) => d.contactId)).not.toContain('c-member');
    const reached = Object.entries(state.milestones)
      .map(([id, reachedAt]) => ({ id, reachedAt }))
      .sort(
        (a, b) =>
          program.milestones.findIndex((m) => m.id === a.id) - program.milestones.findIndex((m) => m.id === b.id),
      );
    expect(reached.length).toBeGreaterThan(0);
    expect((plan.touches[0] as PlannedTouch).content).toEqual({
      kind: 'value-review',
      renewalDate: RENEWAL,
      figures: {
        from: '2026-01-04T15:00:00.000Z',
        to: REVIEW_OPENS,
        peopleAtStart: 0,
        peopleNow: 3,
        peopleKnown: 3,
        activePeople30: 1,
        milestones: reached,
        features: [
          { stage: 'basic', total: 4, usedAtStart: 0, usedNow: 3 },
          { stage: 'advanced', total: 4, usedAtStart: 0, usedNow: 0 },
          { stage: 'new', total: 1, usedAtStart: 0, usedNow: 0 },
        ],
      },
    });
  });

  it('goes once per term: the account is not due again, and a person who got it is passed over', () => {
    const first = planTouches(renewingAccount(), REVIEW_OPENS, program, TIPS);
    expect(first.state.valueReviewedFor).toBe(RENEWAL);
    expect(occasionDueAt(first.state, program)).toBeNull();
    const later = addDays(REVIEW_OPENS, 10);
    expect(reasonOf(choiceFor(first.state, 'c-owner', later), 'value-review')).toBe('already-sent');
    expect(planTouches(first.state, later, program, TIPS).touches).toEqual([]);
  });

  it('passes outside its window and without a renewal date', () => {
    expect(reasonOf(choiceFor(renewingAccount(), 'c-owner', '2026-11-05T00:00:00.000Z'), 'value-review')).toBe(
      'outside-review-window',
    );
    expect(reasonOf(choiceFor(renewingAccount(), 'c-owner', '2027-01-05T00:00:00.000Z'), 'value-review')).toBe(
      'outside-review-window',
    );
    expect(reasonOf(choiceFor(renewingAccount(null), 'c-owner', REVIEW_OPENS), 'value-review')).toBe('no-renewal-date');
    expect(reasonOf(choiceFor(renewingAccount(), 'c-member', REVIEW_OPENS), 'value-review')).toBe('not-key-contact');
  });
});

describe('monthly summary', () => {
  // Everything used and every milestone reached long ago: today such a monthly touch is `nothing-eligible`.
  function engagedAccount(): AccountState {
    const base = anAccount('acc-1')
      .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
      .withContact('c-owner', { role: 'owner' })
      .withContact('c-member', { role: 'member' })
      .withUsage('c-owner', 'dashboard.view', '2026-04-01T01:00:00Z')
      .onboardedOn('2026-01-19')
      .state(program);
    const used = everyFeatureUsed(base, program);
    const milestones = Object.fromEntries(program.milestones.map((m) => [m.id, '2026-01-25T00:00:00.000Z']));
    return { ...used, milestones, celebrated: Object.keys(milestones).sort() };
  }
  const NOW = '2026-04-10T01:00:00.000Z';
  const optedIn = programWith({ surveys: NO_SURVEYS, monthlySummary: true });

  it('goes to the owner at a monthly touch with nothing else to send, when the program opts in', () => {
    const choice = choiceFor(engagedAccount(), 'c-owner', NOW, optedIn, true);
    expect(choice.chosen?.content.kind).toBe('monthly-summary');
    if (choice.chosen?.content.kind !== 'monthly-summary') return;
    expect(choice.chosen.content.figures).toMatchObject({ to: NOW, peopleNow: 2, activePeople30: 1 });
    expect(reasonOf(choiceFor(engagedAccount(), 'c-member', NOW, optedIn, true), 'monthly-summary')).toBe(
      'not-in-audience',
    );
  });

  it('is not sent without the program’s opt-in, outside a monthly touch, or when something else is eligible', () => {
    const plain = choiceFor(engagedAccount(), 'c-owner', NOW, program, true);
    expect(plain.chosen).toBeNull();
    expect(reasonOf(plain, 'monthly-summary')).toBe('not-opted-in');
    expect(reasonOf(choiceFor(engagedAccount(), 'c-owner', NOW, optedIn, false), 'monthly-summary')).toBe(
      'not-monthly-touch',
    );
    const withTip = { ...engagedAccount(), actionsFirstSeen: {} };
    const owner = withTip.contacts['c-owner'] as ContactState;
    const fresh = { ...withTip, contacts: { ...withTip.contacts, 'c-owner': { ...owner, featuresFirstUsed: {} } } };
    const choice = choiceFor(fresh, 'c-owner', NOW, optedIn, true);
    expect(choice.chosen?.content.kind).toBe('feature-tip');
    expect(reasonOf(choice, 'monthly-summary')).toBe('lower-priority');
  });

  it('is what the planner sends at a monthly cadence slot instead of skipping it as nothing-eligible', () => {
    const state = {
      ...engagedAccount(),
      cadence: { step: program.cadence.weeklyWeeks, retryAt: null, nextDueAt: null },
    };
    const slot = cadenceSlotAt(state.onboardingCompletedAt as string, state.cadence.step, optedIn.cadence);
    const plan = planTouches(state, slot, optedIn, { features: [], webinars: [], stories: [] });
    expect(plan.touches.map((t) => [t.contactId, t.kind])).toEqual([['c-owner', 'monthly-summary']]);
    const without = planTouches(state, slot, program, { features: [], webinars: [], stories: [] });
    expect(without.touches).toEqual([]);
    expect(without.decisions.find((d) => d.contactId === 'c-owner')).toMatchObject({
      reason: { code: 'nothing-eligible' },
    });
  });
});

describe('celebration', () => {
  // Adopted on 2026-01-19; the first adoption milestone is reached on Tuesday 2026-02-03 10:00 JST.
  const REACHED = '2026-02-03T01:00:00.000Z';
  function celebratingAccount(milestones: Record<string, string>): AccountState {
    const base = anAccount('acc-1')
      .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
      .withContact('c-admin', { role: 'admin' })
      .withContact('c-member', { role: 'member' })
      .withContact('c-owner', { role: 'owner' })
      .onboardedOn('2026-01-19')
      .patched((s) => ({ ...s, phase: 'expansion-ready', phaseChangedAt: '2026-01-30T00:00:00.000Z' }))
      .state(program);
    return { ...base, milestones };
  }

  it('congratulates the owners and admins on the milestone, naming the next goal', () => {
    const first = ADOPTION[0]?.id as string;
    const state = celebratingAccount({ [first]: REACHED });
    expect(occasionDueAt(state, program)).toBe(REACHED);
    const plan = planTouches(state, REACHED, program, TIPS);
    const next = ADOPTION.filter((m) => m.id !== first).reduce((a, b) => (b.dueDay < a.dueDay ? b : a));
    expect(plan.touches.map((t) => [t.contactId, t.content])).toEqual(
      ['c-admin', 'c-owner'].map((id) => [
        id,
        { kind: 'celebration', milestoneId: first, reachedAt: REACHED, nextMilestoneId: next.id },
      ]),
    );
    // Expansion-ready: the run was for the milestone, so no other kind is even considered.
    expect(plan.decisions.flatMap((d) => d.passedOver.map((p) => p.kind))).not.toContain('feature-tip');
    expect(plan.state.celebrated).toEqual([first]);
    expect(occasionDueAt(plan.state, program)).toBeNull();
  });

  it('lets a milestone older than a week pass without a word', () => {
    const first = ADOPTION[0]?.id as string;
    const state = celebratingAccount({ [first]: REACHED });
    const late = addDays(REACHED, 8);
    const plan = planTouches(state, late, program, TIPS);
    expect(plan.touches).toEqual([]);
    expect(plan.decisions).toEqual([]);
    expect(plan.state.celebrated).toEqual([first]);
  });

  it('sends a person at most one celebration in any 7 days, whenever milestones are reached and planned', () => {
    const hours = fc.integer({ min: 0, max: 24 * 40 });
    fc.assert(
      fc.property(
        fc.array(fc.option(hours, { nil: null }), { minLength: ADOPTION.length, maxLength: ADOPTION.length }),
        fc.array(hours, { minLength: 5, maxLength: 40 }),
        (reachedAfter, planAfter) => {
          const start = toMs(REACHED);
          const milestones: Record<string, string> = {};
          ADOPTION.forEach((m, i) => {
            const h = reachedAfter[i];
            if (h !== null && h !== undefined) milestones[m.id] = new Date(start + h * 3_600_000).toISOString();
          });
          let state = celebratingAccount(milestones);
          const times = [...new Set(planAfter)]
            .sort((a, b) => a - b)
            .map((h) => new Date(start + h * 3_600_000).toISOString());
          // The planner runs at the times given and whenever the account asks to be planned.
          const sent: { contactId: string; at: string }[] = [];
          let i = 0;
          for (let guard = 0; guard < 200; guard++) {
            const due = state.cadence.nextDueAt;
            const next = times[i];
            const at = due !== null && (next === undefined || due < next) ? due : next;
            if (at === undefined) break;
            if (at === next) i += 1;
            const plan = planTouches(state, at, program, TIPS);
            for (const t of plan.touches) if (t.kind === 'celebration') sent.push({ contactId: t.contactId, at });
            state = plan.state;
            if (state.cadence.nextDueAt !== null && state.cadence.nextDueAt <= at) break;
          }
          for (const a of sent) {
            for (const b of sent) {
              if (a === b || a.contactId !== b.contactId) continue;
              expect(Math.abs(toMs(a.at) - toMs(b.at))).toBeGreaterThanOrEqual(CELEBRATION_GAP_DAYS * DAY_MS);
            }
          }
          expect(sent.every((s) => s.contactId !== 'c-member')).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
