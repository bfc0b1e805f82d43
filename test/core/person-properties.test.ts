// Properties of the personal choice and the cap per company, over random accounts followed through
// weeks of planning runs: nobody gets a tip for a feature they use or their role cannot use, and no
// 7 days hold more automated emails to one account than its program allows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalogs } from '../../functions/core/catalogs.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import type { Program } from '../../functions/core/program.js';
import type { AccountState, ContactState, TouchRecord } from '../../functions/core/state.js';
import { DAY_MS, HOUR_MS, localDate, toIso, toMs } from '../../functions/core/time.js';
import { anAccount, defaultProgram, featureTipCatalogs, programWith } from '../fixtures/builders.js';

const START_MS = Date.parse('2026-01-05T00:00:00Z');
const ROLES = ['owner', 'admin', 'member'] as const;
const base = defaultProgram();

const personArb = fc.record({
  role: fc.constantFrom(...ROLES),
  /** Indexes into the program's features the person already used. */
  used: fc.uniqueArray(fc.integer({ min: 0, max: base.features.length - 1 }), { maxLength: base.features.length }),
  /** Days back (from the first run) the person was active on. */
  activeDaysBack: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 20 }),
  priorMinutesAgo: fc.uniqueArray(fc.integer({ min: 1, max: 10 * 24 * 60 }), { maxLength: 4 }),
  pending: fc.boolean(),
});

const scenarioArb = fc.record({
  timeZone: fc.constantFrom('Asia/Tokyo', 'America/New_York', 'UTC'),
  onboardedDays: fc.integer({ min: 0, max: 300 }),
  firstRunAfterHours: fc.integer({ min: 0, max: 24 * 50 }),
  people: fc.array(personArb, { minLength: 1, maxLength: 8 }),
  maxPer7Days: fc.integer({ min: 1, max: 6 }),
  /** Per feature: every role (undefined) or a random non-empty subset. */
  featureRoles: fc.array(fc.option(fc.subarray([...ROLES], { minLength: 1 }), { nil: undefined }), {
    minLength: base.features.length,
    maxLength: base.features.length,
  }),
  usedLater: fc.array(
    fc.record({ person: fc.nat(), feature: fc.nat(), afterHours: fc.integer({ min: 1, max: 24 * 60 }) }),
    {
      maxLength: 6,
    },
  ),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function programFor(s: Scenario): Program {
  return programWith({
    accountCap: { maxPer7Days: s.maxPer7Days },
    cap: { minHoursBetween: 24, maxPer30Days: 10 },
    features: base.features.map((f, i) => {
      const roles = s.featureRoles[i];
      return roles === undefined
        ? { id: f.id, stage: f.stage, action: f.action }
        : { id: f.id, stage: f.stage, action: f.action, roles };
    }),
  });
}

const catalogs = (program: Program): Catalogs => featureTipCatalogs(program);

function stateFor(s: Scenario, program: Program): { state: AccountState; firstRunMs: number } {
  const onboardedMs = START_MS + s.onboardedDays * DAY_MS;
  const firstRunMs = onboardedMs + s.firstRunAfterHours * HOUR_MS;
  const builder = anAccount('acc-p').withProfile(
    { timeZone: s.timeZone, contractStart: toIso(onboardedMs - 30 * DAY_MS).slice(0, 10) },
    { at: toIso(onboardedMs - 30 * DAY_MS) },
  );
  s.people.forEach((p, i) => builder.withContact(`c-${i}`, { role: p.role }, { at: toIso(onboardedMs - 30 * DAY_MS) }));
  builder.onboardedOn(toIso(onboardedMs));
  const state = builder.state(program);
  const contacts: Record<string, ContactState> = {};
  const activeDays: Record<string, string[]> = {};
  const actionsFirstSeen: Record<string, string> = {};
  s.people.forEach((p, i) => {
    const id = `c-${i}`;
    const used: Record<string, string> = {};
    for (const f of p.used) {
      const action = (program.features[f] as Program['features'][number]).action;
      used[action] = toIso(onboardedMs + HOUR_MS);
      actionsFirstSeen[action] = toIso(onboardedMs + HOUR_MS);
    }
    // Some people start using a feature while the weeks go by: the tip must notice.
    for (const later of s.usedLater) {
      if (later.person % s.people.length !== i) continue;
      const action = (program.features[later.feature % program.features.length] as Program['features'][number]).action;
      used[action] ??= toIso(firstRunMs + later.afterHours * HOUR_MS);
    }
    for (const d of p.activeDaysBack) {
      const day = localDate(toIso(firstRunMs - d * DAY_MS), s.timeZone);
      activeDays[day] = [...(activeDays[day] ?? []), id].sort();
    }
    const touches: TouchRecord[] = p.priorMinutesAgo
      .map((m) => firstRunMs - m * 60_000)
      .sort((a, b) => a - b)
      .map((ms, k) => ({ touchId: `prior-${i}-${k}`, kind: 'webinar-invite', subject: `prior-${k}`, at: toIso(ms) }));
    contacts[id] = {
      ...(state.contacts[id] as ContactState),
      featuresFirstUsed: used,
      touches,
      ...(p.pending && p.role !== 'member'
        ? { reonboarding: 'pending' as const, firstSeenAt: toIso(onboardedMs + DAY_MS) }
        : {}),
    };
  });
  return { state: { ...state, contacts, activeDays, actionsFirstSeen }, firstRunMs };
}

interface Run {
  readonly now: string;
  readonly result: ReturnType<typeof planTouches>;
  readonly before: AccountState;
}

function follow(s: Scenario, maxRuns = 30): { runs: Run[]; initial: AccountState; program: Program } {
  const program = programFor(s);
  const { state, firstRunMs } = stateFor(s, program);
  const runs: Run[] = [];
  let current = state;
  let now: string | null = toIso(firstRunMs);
  while (now !== null && runs.length < maxRuns) {
    const result = planTouches(current, now, program, catalogs(program));
    runs.push({ now, result, before: current });
    current = result.state;
    now = result.state.cadence.nextDueAt;
  }
  return { runs, initial: state, program };
}

const RUNS = { numRuns: 100 };

describe('personal choice and the cap per company', () => {
  it('never tips a person about a feature they already use, or one their role cannot use', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { runs, program } = follow(s);
        for (const { now, result, before } of runs) {
          for (const touch of result.touches) {
            if (touch.content.kind !== 'feature-tip') continue;
            const featureId = touch.content.featureId;
            const feature = program.features.find((f) => f.id === featureId);
            const person = before.contacts[touch.contactId] as ContactState;
            expect(feature).toBeDefined();
            const first = person.featuresFirstUsed?.[feature?.action ?? ''];
            expect(first === undefined || first > now).toBe(true);
            if (feature?.roles !== undefined) expect(feature.roles).toContain(person.role);
          }
        }
      }),
      RUNS,
    );
  });

  it('never sends one account more emails in any 7 days than its cap, counting those sent before', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { runs, initial, program } = follow(s);
        const cap = program.accountCap?.maxPer7Days ?? 5;
        const prior = Object.values(initial.contacts).flatMap((c) => c.touches.map((t) => toMs(t.at)));
        const planned = runs.flatMap((r) => r.result.touches.map((t) => toMs(t.plannedAt)));
        const all = [...prior, ...planned].sort((a, b) => a - b);
        for (const at of planned) {
          const inWeek = all.filter((t) => t > at - 7 * DAY_MS && t <= at).length;
          // Touches sent before planning may already fill the week: then nothing more may join them.
          const priorInWeek = prior.filter((t) => t > at - 7 * DAY_MS && t <= at).length;
          expect(inWeek).toBeLessThanOrEqual(Math.max(cap, priorInWeek));
          expect(priorInWeek).toBeLessThan(cap);
        }
      }),
      RUNS,
    );
  });

  it('fills the cap by priority: nobody of a later group is mailed in a run that held back an earlier one', () => {
    const rank = (c: ContactState) => (c.reonboarding === 'pending' ? 0 : c.role === 'member' ? 2 : 1);
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const { result, before } of follow(s).runs) {
          const held = result.decisions.filter((d) => d.outcome === 'skipped' && d.reason.code === 'account-capped');
          if (held.length === 0) continue;
          const best = Math.min(...held.map((d) => rank(before.contacts[d.contactId] as ContactState)));
          for (const touch of result.touches)
            expect(rank(before.contacts[touch.contactId] as ContactState)).toBeLessThanOrEqual(best);
        }
      }),
      RUNS,
    );
  });
});
