// Coordinator λ, run hourly by EventBridge Scheduler: the schedule's event carries nothing the run
// needs, so this shim only builds the use case (functions/app/coordinate-planning.ts), which puts the
// run's work items on the planning queue for the planner λ. A run whose items could not be queued
// throws, so Lambda counts it as an error and the Scheduler's retries and dead-letter queue take it.
import {
  type CoordinatePlanningDeps,
  type CoordinatorRun,
  createCoordinatePlanning,
} from '../app/coordinate-planning.js';
import { coordinatorDepsFromEnv, lambdaEntry } from './wiring.js';

export type { CoordinatorRun } from '../app/coordinate-planning.js';
export type CoordinatorDeps = CoordinatePlanningDeps;

export function createCoordinatorHandler(deps: CoordinatorDeps): (event?: unknown) => Promise<CoordinatorRun> {
  const coordinate = createCoordinatePlanning(deps);
  return () => coordinate();
}

export const handler = lambdaEntry(() => createCoordinatorHandler(coordinatorDepsFromEnv()));
