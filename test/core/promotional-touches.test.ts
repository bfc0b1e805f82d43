// Promotional email (webinar invites, success stories by default) needs a basis per contact and
// honours a contact's refusal of the topic; service email does not depend on either.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalogs } from '../../functions/core/catalogs.js';
import type { Decision } from '../../functions/core/decisions.js';
import { CONSENT_BASES, type Consent } from '../../functions/core/events.js';
import { messageClassOf } from '../../functions/core/message-class.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import { type Program, TOUCH_KINDS } from '../../functions/core/program.js';
import type { AccountState, ContactState } from '../../functions/core/state.js';
import { DAY_MS, toIso, toMs } from '../../functions/core/time.js';
import { anAccount, defaultProgram, everyFeatureUsed, programWith } from '../fixtures/builders.js';

const base = defaultProgram();
const ONBOARDED = '2026-01-19';
// Cadence slot 0: Monday 2026-01-26 09:00 JST.
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
const CATALOGS: Catalogs = {
  features: base.features.map((f) => ({
    feature: f.id,
    title: { ja: 't', en: 't' },
    tip: { ja: 't', en: 't' },
    link: 'https://help.example.com/t',
  })),
  webinars: [],
  stories: [STORY],
};
const OPT_IN: Consent = { basis: 'opt-in', at: '2026-01-10T00:00:00.000Z', source: 'signup-form' };

/** A member who has used every feature: the only email left for them is a success story (promotional). */
function storyOnly(options: { consent?: Consent; contractStart?: string; optedOut?: boolean } = {}): AccountState {
  const state = anAccount('acc-1')
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja', contractStart: options.contractStart ?? '2026-01-05' })
    .withContact('c-1', { role: 'member', ...(options.consent ? { consent: options.consent } : {}) })
    .onboardedOn(ONBOARDED)
    .state(base);
  const used = everyFeatureUsed(state, base);
  const contact = used.contacts['c-1'] as ContactState;
  const patched: ContactState = options.optedOut
    ? { ...contact, topicOptOuts: { promotional: '2026-01-21T00:00:00.000Z' } }
    : contact;
  return { ...used, contacts: { 'c-1': patched } };
}

const only = (decisions: readonly Decision[]) => decisions[0] as Decision;

describe('promotional touches and their basis', () => {
  const noDefault = programWith({ compliance: {} });

  it('relies on the program default for a contact of an account under contract, and records it', () => {
    const result = planTouches(storyOnly(), SLOT_0, base, CATALOGS);
    expect(result.touches).toHaveLength(1);
    expect(result.touches[0]).toMatchObject({
      kind: 'success-story',
      basis: { basis: 'business-relationship', from: 'program-default' },
    });
  });

  it('skips with no-basis when neither the contact nor the program gives one', () => {
    const decision = only(planTouches(storyOnly(), SLOT_0, noDefault, CATALOGS).decisions);
    expect(decision).toMatchObject({ outcome: 'skipped', reason: { code: 'no-basis' } });
    expect(decision.passedOver).toContainEqual({ kind: 'success-story', reason: 'no-basis' });
  });

  it('uses the basis the product stated for the contact before any program default', () => {
    for (const program of [base, noDefault]) {
      const touch = planTouches(storyOnly({ consent: OPT_IN }), SLOT_0, program, CATALOGS).touches[0];
      expect(touch?.basis).toEqual({ basis: 'opt-in', from: 'contact' });
    }
  });

  it('gives no default basis before the contract starts', () => {
    const decision = only(planTouches(storyOnly({ contractStart: '2026-02-01' }), SLOT_0, base, CATALOGS).decisions);
    expect(decision).toMatchObject({ outcome: 'skipped', reason: { code: 'no-basis' } });
  });

  it('skips with opted-out-topic for a contact who refused promotional email, whatever its basis', () => {
    const decision = only(
      planTouches(storyOnly({ consent: OPT_IN, optedOut: true }), SLOT_0, base, CATALOGS).decisions,
    );
    expect(decision).toMatchObject({ outcome: 'skipped', reason: { code: 'opted-out-topic' } });
  });

  it('still sends service email to a contact who refused promotional email, without a basis on the touch', () => {
    const state = storyOnly({ optedOut: true });
    const withUnusedFeature = {
      ...state,
      contacts: { 'c-1': { ...(state.contacts['c-1'] as ContactState), featuresFirstUsed: {} } },
    };
    const touch = planTouches(withUnusedFeature, SLOT_0, noDefault, CATALOGS).touches[0];
    expect(touch?.kind).toBe('feature-tip');
    expect(touch?.basis).toBeUndefined();
  });

  it('follows the program when it makes a kind promotional', () => {
    const tipsPromotional = programWith({ compliance: {}, messageClasses: { 'feature-tip': 'promotional' } });
    const used = storyOnly();
    const state = {
      ...used,
      contacts: { 'c-1': { ...(used.contacts['c-1'] as ContactState), featuresFirstUsed: {} } },
    };
    const decision = only(planTouches(state, SLOT_0, tipsPromotional, CATALOGS).decisions);
    expect(decision.passedOver).toContainEqual({ kind: 'feature-tip', reason: 'no-basis' });
    expect(decision).toMatchObject({ outcome: 'skipped', reason: { code: 'no-basis' } });
  });
});

describe('property: no promotional touch without a basis or after a topic opt-out', () => {
  const contactArb = fc.record({
    role: fc.constantFrom('owner', 'admin', 'member' as const),
    consent: fc.option(
      fc.record({ basis: fc.constantFrom(...CONSENT_BASES), daysBefore: fc.integer({ min: 0, max: 60 }) }),
      { nil: undefined },
    ),
    /** Days after onboarding the contact refuses promotional email (never when undefined). */
    optOutAfterDays: fc.option(fc.integer({ min: -5, max: 120 }), { nil: undefined }),
  });
  const scenarioArb = fc.record({
    contacts: fc.array(contactArb, { minLength: 1, maxLength: 4 }),
    defaultBasis: fc.option(fc.constantFrom(...CONSENT_BASES), { nil: undefined }),
    contractDaysAfterOnboarding: fc.integer({ min: -60, max: 90 }),
    classes: fc.dictionary(fc.constantFrom(...TOUCH_KINDS), fc.constantFrom('service', 'promotional' as const)),
    featuresUsed: fc.subarray(base.features.map((f) => f.action)),
    webinarDays: fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 3 }),
  });

  it('holds over months of planning runs', () => {
    // Counted across all runs, so the property is known not to hold vacuously.
    const seen = { promotional: 0, refused: 0, withoutBasis: 0 };
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const onboardedMs = toMs(`${ONBOARDED}T00:00:00Z`);
        const program: Program = programWith({
          compliance: s.defaultBasis ? { contractedAccountsBasis: s.defaultBasis } : {},
          messageClasses: s.classes,
        });
        const contractStart = toIso(onboardedMs + s.contractDaysAfterOnboarding * DAY_MS).slice(0, 10);
        const builder = anAccount('acc-p').withProfile(
          { timeZone: 'Asia/Tokyo', contractStart },
          { at: '2025-11-01T00:00:00Z' },
        );
        s.contacts.forEach((c, i) =>
          builder.withContact(
            `c-${i}`,
            {
              role: c.role,
              ...(c.consent
                ? {
                    consent: {
                      basis: c.consent.basis,
                      at: toIso(onboardedMs - c.consent.daysBefore * DAY_MS),
                      source: 'test',
                    },
                  }
                : {}),
            },
            { at: '2025-11-01T00:00:00Z' },
          ),
        );
        let state = builder.onboardedOn(ONBOARDED).state(program);
        state = { ...state, actionsFirstSeen: Object.fromEntries(s.featuresUsed.map((a) => [a, toIso(onboardedMs)])) };
        const catalogs: Catalogs = {
          ...CATALOGS,
          webinars: s.webinarDays.map((d, i) => ({
            id: `w-${i}`,
            title: 'w',
            startsAt: toIso(onboardedMs + d * DAY_MS),
            durationMin: 60,
            stage: 'basic' as const,
            locale: 'ja' as const,
            registrationUrl: 'https://events.example.com/r',
          })),
        };
        let now: string | null = SLOT_0;
        for (let run = 0; run < 30 && now !== null; run++) {
          // Topic opt-outs arrive between runs, as the unsubscribe page records them.
          const contacts = { ...state.contacts };
          s.contacts.forEach((c, i) => {
            const at = c.optOutAfterDays === undefined ? null : toIso(onboardedMs + c.optOutAfterDays * DAY_MS);
            const id = `c-${i}`;
            if (at !== null && at <= (now as string))
              contacts[id] = { ...(contacts[id] as ContactState), topicOptOuts: { promotional: at } };
          });
          state = { ...state, contacts };
          const result = planTouches(state, now, program, catalogs);
          for (const touch of result.touches) {
            const contact = state.contacts[touch.contactId] as ContactState;
            if (messageClassOf(program, touch.kind) !== 'promotional') {
              expect(touch.basis).toBeUndefined();
              continue;
            }
            seen.promotional++;
            expect(contact.topicOptOuts?.promotional).toBeUndefined();
            const stated = contact.consent?.basis;
            const fallback =
              s.defaultBasis !== undefined && contractStart <= now.slice(0, 10) ? s.defaultBasis : undefined;
            expect(stated ?? fallback).toBeDefined();
            expect(touch.basis).toEqual(
              stated !== undefined ? { basis: stated, from: 'contact' } : { basis: fallback, from: 'program-default' },
            );
          }
          for (const d of result.decisions) {
            if (d.outcome === 'skipped' && d.reason.code === 'opted-out-topic') seen.refused++;
            if (d.outcome === 'skipped' && d.reason.code === 'no-basis') seen.withoutBasis++;
          }
          state = result.state;
          now = state.cadence.nextDueAt;
        }
      }),
      { numRuns: 150 },
    );
    expect(seen.promotional).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.withoutBasis).toBeGreaterThan(0);
  });
});
