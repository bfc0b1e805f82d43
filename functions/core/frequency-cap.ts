// The frequency cap per contact: a minimum gap between two automated emails and a ceiling per 30
// days. Both come from the touches already planned for the contact, so the cap needs no counter.
import type { FrequencyCap } from './program.js';
import type { TouchRecord } from './state.js';
import { DAY_MS, HOUR_MS, toIso, toMs } from './time.js';

/** The earliest instant at or after `now` at which one more touch keeps within the cap. */
export function capLiftsAt(touches: readonly TouchRecord[], now: string, cap: FrequencyCap): string {
  const nowMs = toMs(now);
  let liftMs = nowMs;
  let latestMs = Number.NEGATIVE_INFINITY;
  for (const t of touches) latestMs = Math.max(latestMs, toMs(t.at));
  if (latestMs > Number.NEGATIVE_INFINITY) liftMs = Math.max(liftMs, latestMs + cap.minHoursBetween * HOUR_MS);

  // Any 30-day span may hold at most maxPer30Days touches: the new one may go once the oldest of the
  // last maxPer30Days touches is 30 days old.
  const times = touches.map((t) => toMs(t.at)).sort((a, b) => a - b);
  if (times.length >= cap.maxPer30Days) {
    const oldestCounted = times[times.length - cap.maxPer30Days] as number;
    liftMs = Math.max(liftMs, oldestCounted + 30 * DAY_MS);
  }
  return toIso(liftMs);
}

/** Null when a touch at `now` keeps within the cap; else when the cap lifts. */
export function capUntil(touches: readonly TouchRecord[], now: string, cap: FrequencyCap): string | null {
  const lifts = capLiftsAt(touches, now, cap);
  return toMs(lifts) > toMs(now) ? lifts : null;
}
