// Guardrail λ: the two ways sending is stopped or started from outside the sender.
// - A CloudWatch alarm on the configuration set's SES reputation (`Reputation.BounceRate`,
//   `Reputation.ComplaintRate`) goes to ALARM: the configuration set is turned off (SES then refuses
//   every email sent with it) and the pause is recorded, so the sender defers its jobs.
// - A `Sending Resume Requested` event from the configured ops source, naming who and why: sending is
//   resumed and the resume recorded, exactly as `teichaku sending resume` does.
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { pauseWith, resumeWith, type SendingControl } from '../app/sending-control.js';
import { Text } from '../core/events.js';
import { describePause, RESUME_DETAIL_TYPE, type SendingPause } from '../core/sending-guard.js';
import type { HandlerLogger } from './logger.js';
import { type HandlerMetrics, noMetrics } from './metrics.js';
import { guardrailDepsFromEnv, lambdaEntry } from './wiring.js';

export { RESUME_DETAIL_TYPE };
export const ALARM_DETAIL_TYPE = 'CloudWatch Alarm State Change';

export interface GuardrailDeps {
  readonly control: SendingControl;
  /** The `source` resume events must come with. */
  readonly resumeSource: string;
  readonly clock: () => string;
  readonly logger: HandlerLogger;
  readonly metrics?: HandlerMetrics;
}

const AlarmChange = z.looseObject({
  source: z.literal('aws.cloudwatch'),
  'detail-type': z.literal(ALARM_DETAIL_TYPE),
  time: z.string(),
  detail: z.looseObject({
    alarmName: z.string().max(255),
    state: z.looseObject({ value: z.string(), reasonData: z.string().optional(), timestamp: z.string().optional() }),
    configuration: z
      .looseObject({
        metrics: z
          .array(
            z.looseObject({ metricStat: z.looseObject({ metric: z.looseObject({ name: z.string() }) }).optional() }),
          )
          .optional(),
      })
      .optional(),
  }),
});

export const ResumeRequest = z.strictObject({
  reason: Text(500),
  /** Who resumes: a name or handle the team recognises. */
  by: Text(100),
});
export type ResumeRequest = z.infer<typeof ResumeRequest>;

const ReasonData = z.looseObject({
  recentDatapoints: z.array(z.number()).optional(),
  threshold: z.number().optional(),
});

function figuresOf(reasonData: string | undefined): { value: number | null; threshold: number | null } {
  if (reasonData === undefined) return { value: null, threshold: null };
  try {
    const parsed = ReasonData.safeParse(JSON.parse(reasonData));
    if (!parsed.success) return { value: null, threshold: null };
    const points = parsed.data.recentDatapoints ?? [];
    return { value: points.length === 0 ? null : Math.max(...points), threshold: parsed.data.threshold ?? null };
  } catch {
    return { value: null, threshold: null };
  }
}

export function createGuardrailHandler(
  deps: GuardrailDeps,
): (event: EventBridgeEvent<string, unknown>) => Promise<void> {
  const { control, logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  return async (raw) => {
    const alarm = AlarmChange.safeParse(raw);
    if (alarm.success) {
      const { detail } = alarm.data;
      if (detail.state.value !== 'ALARM') {
        logger.info('reputation alarm left ALARM; sending stays as it is until a person resumes it', {
          alarm: detail.alarmName,
          state: detail.state.value,
        });
        return;
      }
      const metric =
        detail.configuration?.metrics?.find((m) => m.metricStat !== undefined)?.metricStat?.metric.name ?? 'unknown';
      const pause: SendingPause = {
        pausedAt: deps.clock(),
        cause: { kind: 'ses-alarm', alarm: detail.alarmName, metric, ...figuresOf(detail.state.reasonData) },
      };
      const paused = await pauseWith(control, pause);
      if (paused) metrics.count('SendingPaused');
      logger.error('configuration set turned off by an SES reputation alarm; a person must resume sending', {
        alarm: detail.alarmName,
        why: describePause(pause),
        newPause: paused,
      });
      return;
    }
    const source = typeof raw?.source === 'string' ? raw.source : null;
    if (source !== deps.resumeSource || raw['detail-type'] !== RESUME_DETAIL_TYPE) {
      logger.warn('event ignored: neither a reputation alarm nor a resume request', {
        source,
        detailType: typeof raw?.['detail-type'] === 'string' ? raw['detail-type'] : null,
      });
      return;
    }
    const request = ResumeRequest.safeParse(raw.detail);
    if (!request.success) {
      // A resume must say who and why: without them it is refused, and nothing changes.
      logger.warn('resume request refused', {
        eventId: raw.id,
        problems: request.error.issues.map((i) => `detail.${i.path.join('.')}: ${i.message}`),
      });
      return;
    }
    const outcome = await resumeWith(control, {
      at: deps.clock(),
      by: request.data.by,
      reason: request.data.reason,
      channel: 'event',
    });
    if (outcome.kind === 'not-paused') logger.info('resume request: sending was not paused', { eventId: raw.id });
    else logger.info('automated sending resumed', { eventId: raw.id, pausedAt: outcome.pausedAt });
  };
}

export const handler = lambdaEntry(() => createGuardrailHandler(guardrailDepsFromEnv()));
