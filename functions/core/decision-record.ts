// The decision trail as it is kept and read back: one flat record per decision (a line of
// decisions.jsonl, an item of the table, a line of `teichaku explain`), and one record per planner
// run of an account (its health and phase at that moment, and the signals the run raised).
import { z } from 'zod';
import type { Decision } from './decisions.js';
import { TOUCH_KINDS } from './program.js';
import type { Signal } from './signals.js';
import { type AccountState, type HealthAssessment, PHASES } from './state.js';

const PassedOverRecord = z.object({ kind: z.enum(TOUCH_KINDS), reason: z.string().min(1) });

const RecordBase = {
  at: z.string().min(1),
  accountId: z.string().min(1),
  contactId: z.string().min(1),
  passedOver: z.array(PassedOverRecord),
};

/**
 * One decision. `reason` is a skip code (decisions.ts); the reason's own facts sit beside it (`until`
 * for `capped`, `nextWindowAt` for `outside-window` and `holiday`). Codes are read as strings, so a
 * trail written by a newer version with a code this one lacks still reads.
 */
export const DecisionRecord = z.discriminatedUnion('outcome', [
  z.looseObject({
    ...RecordBase,
    outcome: z.literal('sent'),
    kind: z.enum(TOUCH_KINDS),
    template: z.string(),
    touchId: z.string(),
  }),
  z.looseObject({
    ...RecordBase,
    outcome: z.literal('skipped'),
    reason: z.string().min(1),
    until: z.string().optional(),
    nextWindowAt: z.string().optional(),
  }),
]);
export type DecisionRecord = z.infer<typeof DecisionRecord>;

export function toDecisionRecord(decision: Decision): DecisionRecord {
  const base = { at: decision.at, accountId: decision.accountId, contactId: decision.contactId };
  const passedOver = decision.passedOver.map((p) => ({ kind: p.kind, reason: p.reason }));
  if (decision.outcome === 'sent') {
    const { touch } = decision;
    // A promotional touch keeps the basis it relied on (the compliance export reads it from the ledger too).
    return {
      ...base,
      outcome: 'sent',
      kind: touch.kind,
      template: touch.template,
      touchId: touch.touchId,
      ...(touch.basis === undefined ? {} : { basis: touch.basis }),
      passedOver,
    };
  }
  const { code, ...facts } = decision.reason;
  return { ...base, outcome: 'skipped', reason: code, ...facts, passedOver };
}

/** The account's health as a planner run read it: the points of "health over time". */
export const HealthReading = z.object({
  score: z.number(),
  atRisk: z.boolean(),
  usageDrop: z.boolean(),
  dauMau: z.number(),
  activeDays30: z.number(),
});
export type HealthReading = z.infer<typeof HealthReading>;

/** One planner run of one account, as the trail keeps it. */
export const PlanRecord = z.object({
  at: z.string().min(1),
  accountId: z.string().min(1),
  phase: z.enum(PHASES),
  health: HealthReading.nullable(),
  /** The signals the run raised (at risk, phase changed), as published. */
  signals: z.array(z.looseObject({ type: z.string(), accountId: z.string(), at: z.string() })),
  decisions: z.number().int().nonnegative(),
});
export type PlanRecord = z.infer<typeof PlanRecord>;

/** What a planner run hands the trail: the saved state's phase and health, and what it decided. */
export interface PlanRun {
  readonly at: string;
  readonly state: Pick<AccountState, 'accountId' | 'phase' | 'health'>;
  readonly decisions: readonly Decision[];
  readonly signals: readonly Signal[];
}

function healthReading(health: HealthAssessment | null): HealthReading | null {
  if (health === null) return null;
  return {
    score: health.score,
    atRisk: health.atRisk,
    usageDrop: health.usageDrop,
    dauMau: health.dauMau,
    activeDays30: health.activeDays30,
  };
}

export function toPlanRecord(run: PlanRun): PlanRecord {
  return {
    at: run.at,
    accountId: run.state.accountId,
    phase: run.state.phase,
    health: healthReading(run.state.health),
    signals: run.signals.map((s) => ({ ...s })),
    decisions: run.decisions.length,
  };
}
