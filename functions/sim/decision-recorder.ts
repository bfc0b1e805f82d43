// What a replay keeps of the planner's decision trail: every decision for decisions.jsonl (taken hour
// by hour, in a stable order) and each account's health at every planner run for accounts.jsonl. A
// decorator around the trail port, so the planner runs unchanged and the trail also reaches the
// ports' own trail (DynamoDB Local in a local replay, where `teichaku explain --table` reads it).
import { type DecisionRecord, type HealthReading, toDecisionRecord, toPlanRecord } from '../core/decision-record.js';
import type { DecisionTrail } from '../core/ports.js';
import type { Phase } from '../core/state.js';

/** The account's health and phase as one planner run read them. */
export interface HealthPoint extends HealthReading {
  readonly at: string;
  readonly phase: Phase;
}

export class DecisionRecorder {
  private pending: DecisionRecord[] = [];
  private readonly health = new Map<string, HealthPoint[]>();
  private total = 0;

  trail(inner: DecisionTrail): DecisionTrail {
    return {
      record: async (run) => {
        this.pending.push(...run.decisions.map(toDecisionRecord));
        this.total += run.decisions.length;
        const plan = toPlanRecord(run);
        if (plan.health !== null) {
          const points = this.health.get(plan.accountId) ?? [];
          points.push({ at: plan.at, phase: plan.phase, ...plan.health });
          this.health.set(plan.accountId, points);
        }
        await inner.record(run);
      },
    };
  }

  /** The decisions recorded since the last call, by time, account and contact. */
  take(): DecisionRecord[] {
    const out = this.pending;
    this.pending = [];
    return out.sort((a, b) => cmp(a.at, b.at) || cmp(a.accountId, b.accountId) || cmp(a.contactId, b.contactId));
  }

  /** The account's health at each of its planner runs, in time order. */
  healthOf(accountId: string): readonly HealthPoint[] {
    return [...(this.health.get(accountId) ?? [])].sort((a, b) => cmp(a.at, b.at));
  }

  get decisions(): number {
    return this.total;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
