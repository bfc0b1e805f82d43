import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CELEBRATION_GAP_DAYS } from '../../functions/core/celebration.js';
import { chooseContent } from '../../functions/core/content-choice.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import type { AccountState, ContactState, HealthAssessment } from '../../functions/core/state.js';
import { addDays, DAY_MS, toMs } from '../../functions/core/time.js';
import { anAccount, featureTipCatalogs, programWith } from '../fixtures/builders.js';

// No survey in these cases: they are about the three kinds of the term (surveys have their own tests).
const program = programWith({
  surveys: { nps: { adoptionDay: 730, beforeRenewalDays: 1 }, csat: { afterMilestone: null }, minDaysBetween: 90 },
});
const TIPS = featureTipCatalogs(program);
const RENEWAL = '2027-01-05';
/** 60 days before the renewal date is Friday 2026-11-06; the send window opens at 09:00 JST. */
const REVIEW_OPENS = '2026-11-06T00:00:00.000Z';
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
