// CloudWatch's alarm state changes as EventBridge delivers them: the schema of the part teichaku
// reads (the alarm, its new state, the metric it watches) and the figures of its reason data.
import { z } from 'zod';
import type { ReputationAlarm } from '../core/sending-guard.js';

export const ALARM_DETAIL_TYPE = 'CloudWatch Alarm State Change';

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

/** The alarm change an event carries; null when the event is not one. */
export function parseAlarmChange(event: unknown): ReputationAlarm | null {
  const parsed = AlarmChange.safeParse(event);
  if (!parsed.success) return null;
  const { detail } = parsed.data;
  const metric =
    detail.configuration?.metrics?.find((m) => m.metricStat !== undefined)?.metricStat?.metric.name ?? 'unknown';
  return { alarm: detail.alarmName, state: detail.state.value, metric, ...figuresOf(detail.state.reasonData) };
}
