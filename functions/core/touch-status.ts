// Which touch status wins when events arrive out of order: SES may report an open before the sender
// recorded `sent`, or a delivery after a bounce. A touch only ever moves up this ladder, so replaying
// any subset of its events in any order ends at the same status.
import type { TouchStatus } from './ports.js';

export const TOUCH_STATUS_RANK: Readonly<Record<TouchStatus, number>> = {
  claimed: 0,
  skipped: 1,
  failed: 1,
  sent: 1,
  // A lost send is an outcome like the others: SES events for it (a delivery) may still move it up.
  unconfirmed: 1,
  // Not yet an outcome: SES keeps trying, and a later delivery or bounce replaces either.
  delayed: 1.5,
  'soft-bounced': 1.5,
  delivered: 2,
  opened: 3,
  clicked: 4,
  bounced: 5,
  complained: 6,
};

/** True when `next` should replace `current` as the touch's status. */
export function supersedes(current: TouchStatus, next: TouchStatus): boolean {
  return TOUCH_STATUS_RANK[next] > TOUCH_STATUS_RANK[current];
}

/** Statuses that `next` replaces. */
export function statusesBelow(next: TouchStatus): TouchStatus[] {
  return (Object.keys(TOUCH_STATUS_RANK) as TouchStatus[]).filter((s) => supersedes(s, next));
}
