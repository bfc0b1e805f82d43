// In-memory PlanningQueue: first in, first out, drained by whoever plays the planning queue's event
// source (the replay's fan-out planner, tests).
import type { PlanningWork } from '../../core/planning-work.js';
import type { PlanningQueue } from '../../core/ports.js';

export class MemoryPlanningQueue implements PlanningQueue {
  private readonly pending: PlanningWork[] = [];

  async enqueue(items: readonly PlanningWork[]): Promise<void> {
    this.pending.push(...items);
  }

  /** Takes every item waiting, oldest first. */
  take(): PlanningWork[] {
    return this.pending.splice(0, this.pending.length);
  }

  get size(): number {
    return this.pending.length;
  }
}
