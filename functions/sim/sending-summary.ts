// The summary's lines about sending: each pause with its figures and the resume that ended it, and
// what waited meanwhile. Nothing when sending never paused and nothing waited.
import type { SendingOutcome } from './replay-deliverability.js';

export function sendingLines(sending: SendingOutcome): string[] {
  if (sending.pauses.length === 0 && sending.deferredJobs === 0) return [];
  const lines = [
    `sending: paused ${sending.pauses.length} time${sending.pauses.length === 1 ? '' : 's'}${sending.complaints > 0 ? ` (${sending.complaints} spam complaint${sending.complaints === 1 ? '' : 's'} drawn by the sample)` : ''}`,
  ];
  for (const p of sending.pauses) {
    lines.push(`  paused  ${p.pausedAt}: ${p.why}`);
    lines.push(
      p.resumedAt === null
        ? '  still paused when the replay ended'
        : `  resumed ${p.resumedAt} by ${p.resumedBy}: ${p.reason}`,
    );
  }
  if (sending.deferredJobs > 0) {
    lines.push(
      `  ${sending.deferredJobs} send jobs waited (put back ${sending.deferrals} times)${sending.waiting > 0 ? `; ${sending.waiting} still waiting at the end` : ', none lost: all went through once sending resumed'}`,
    );
  }
  return lines;
}
