// In-memory DecisionTrail: the planner runs recorded, in order, as the table would hold them.
import { type DecisionRecord, type PlanRecord, toDecisionRecord, toPlanRecord } from '../../core/decision-record.js';
import type { DecisionTrail } from '../../core/ports.js';

export class MemoryDecisionTrail implements DecisionTrail {
  private readonly plans: PlanRecord[] = [];
  private readonly decisionRecords: DecisionRecord[] = [];

  async record(run: Parameters<DecisionTrail['record']>[0]): Promise<void> {
    this.plans.push(toPlanRecord(run));
    this.decisionRecords.push(...run.decisions.map(toDecisionRecord));
  }

  /** The planner runs of one account (every account when none is given), in recording order. */
  runs(accountId?: string): PlanRecord[] {
    return this.plans.filter((p) => accountId === undefined || p.accountId === accountId);
  }

  decisions(accountId?: string): DecisionRecord[] {
    return this.decisionRecords.filter((d) => accountId === undefined || d.accountId === accountId);
  }
}
