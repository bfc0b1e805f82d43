// Guard sending from outside the sender: the two ways automated sending is stopped or started by
// something other than our own rates (those are app/record-engagement.ts's).
// - An SES reputation alarm (`Reputation.BounceRate`, `Reputation.ComplaintRate`) goes to ALARM: the
//   configuration set is turned off (SES then refuses every email sent with it) and the pause is
//   recorded, so the sender defers its jobs. Leaving ALARM changes nothing: only a person resumes.
// - A resume request naming who and why: sending is resumed and the resume recorded, exactly as
//   `teichaku sending resume` does. Without a name and a reason it is refused, and nothing changes.
import { z } from 'zod';
import { Text } from '../core/events.js';
import { type Logger, type Metrics, noMetrics } from '../core/ports.js';
import { describePause, type ReputationAlarm, type SendingPause } from '../core/sending-guard.js';
import { pauseWith, resumeWith, type SendingControl } from './sending-control.js';

export interface GuardSendingDeps {
  readonly control: SendingControl;
  readonly clock: () => string;
  readonly logger: Logger;
  readonly metrics?: Metrics;
}

export type { ReputationAlarm } from '../core/sending-guard.js';

/** The detail of a `Sending Resume Requested` event. */
export const ResumeRequest = z.strictObject({
  reason: Text(500),
  /** Who resumes: a name or handle the team recognises. */
  by: Text(100),
});
export type ResumeRequest = z.infer<typeof ResumeRequest>;

export interface GuardSending {
  alarmChanged(alarm: ReputationAlarm): Promise<void>;
  /** A resume request, its detail not yet read; `eventId` only names it in the log. */
  resumeRequested(eventId: string | undefined, detail: unknown): Promise<void>;
}

export function createGuardSending(deps: GuardSendingDeps): GuardSending {
  const { control, logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  return {
    async alarmChanged({ alarm, state, metric, value, threshold }) {
      if (state !== 'ALARM') {
        logger.info('reputation alarm left ALARM; sending stays as it is until a person resumes it', { alarm, state });
        return;
      }
      const pause: SendingPause = {
        pausedAt: deps.clock(),
        cause: { kind: 'ses-alarm', alarm, metric, value, threshold },
      };
      const paused = await pauseWith(control, pause);
      if (paused) metrics.count('SendingPaused');
      logger.error('configuration set turned off by an SES reputation alarm; a person must resume sending', {
        alarm,
        why: describePause(pause),
        newPause: paused,
      });
    },
    async resumeRequested(eventId, detail) {
      const request = ResumeRequest.safeParse(detail);
      if (!request.success) {
        logger.warn('resume request refused', {
          eventId,
          problems: request.error.issues.map((i) => `detail.${i.path.join('.')}: ${i.message}`),
        });
        return;
      }
      const { by, reason } = request.data;
      const outcome = await resumeWith(control, { at: deps.clock(), by, reason, channel: 'event' });
      if (outcome.kind === 'not-paused') logger.info('resume request: sending was not paused', { eventId });
      else logger.info('automated sending resumed', { eventId, pausedAt: outcome.pausedAt });
    },
  };
}
