// The planning queue's message body: one work item (core/planning-work.ts) as JSON. Parsed at the
// planner's boundary, because anything can sit in a queue (a hand-written message, an old format).
import { PlanningWork } from '../core/planning-work.js';

export type PlanningWorkParse =
  | { readonly kind: 'ok'; readonly work: PlanningWork }
  | { readonly kind: 'rejected'; readonly reason: string };

export function planningWorkBody(work: PlanningWork): string {
  return JSON.stringify(work);
}

/** Parses a message body; the reason names each bad field and what it must be, never its value. */
export function parsePlanningWork(body: string): PlanningWorkParse {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { kind: 'rejected', reason: 'planning work item body is not JSON' };
  }
  const parsed = PlanningWork.safeParse(raw);
  if (parsed.success) return { kind: 'ok', work: parsed.data };
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'} ${i.message}`);
  return { kind: 'rejected', reason: `planning work item: ${problems.join('; ')}` };
}
