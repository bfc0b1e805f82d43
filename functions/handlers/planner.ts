// Planner λ, run hourly by EventBridge Scheduler: the schedule's event carries nothing the run needs,
// so this shim only builds the use case (functions/app/plan-accounts.ts) and runs it. A run in which
// some accounts failed throws PlannerRunError, so Lambda counts it as an error; they stay due.
import { createPlanAccounts, type PlanAccountsDeps, type PlannerRun } from '../app/plan-accounts.js';
import { lambdaEntry, plannerDepsFromEnv } from './wiring.js';

export { type PlannerRun, PlannerRunError } from '../app/plan-accounts.js';
export type PlannerDeps = PlanAccountsDeps;

export function createPlannerHandler(deps: PlannerDeps): (event?: unknown) => Promise<PlannerRun> {
  const plan = createPlanAccounts(deps);
  return () => plan();
}

export const handler = lambdaEntry(() => createPlannerHandler(plannerDepsFromEnv()));
