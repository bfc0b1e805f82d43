// What the handlers need of a metrics client: a count, published at once. Powertools' Metrics (CloudWatch
// embedded metric format, written to the log: no `cloudwatch:PutMetricData`, which would need the
// resource "*") fits it in AWS; tests pass a recorder.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRIC_NAMESPACE = 'Teichaku';

/**
 * `UnconfirmedSends`: touches whose send the sender lost track of (see the `Send Unconfirmed`
 * signal). Alarm on any: each is an email that may or may not have reached a person.
 * `DuplicateEvents`, `StaleEvents`, `OtherAccountEvents`: product events the ingest applied that
 * changed nothing (see IgnoredReason in functions/core/engine.ts); a rise in stale events means the
 * product sends late or out of order.
 * `SendingPaused`: automated sending paused itself (a bounce or complaint rate over its threshold).
 * `SendsDeferred`: send jobs put back on the queue (sending paused, or over the SES quota or warm-up cap).
 */
export const METRIC_NAMES = ['UnconfirmedSends', 'DuplicateEvents', 'StaleEvents', 'OtherAccountEvents', 'SendingPaused', 'SendsDeferred'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Ids only (kept as EMF metadata, not dimensions: no per-touch metric series). */
export type MetricContext = Readonly<Record<string, string>>;

export interface HandlerMetrics {
  /** Adds `value` (default 1) to the metric. */
  count(name: MetricName, context?: MetricContext, value?: number): void;
}

export function createMetrics(serviceName: string): HandlerMetrics {
  const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName });
  return {
    count(name, context = {}, value = 1) {
      // Published at once rather than at the end of the invocation: the count must not depend on
      // the invocation living long enough to flush, since what it counts is invocations that died.
      for (const [key, value] of Object.entries(context)) metrics.addMetadata(key, value);
      metrics.addMetric(name, MetricUnit.Count, value);
      metrics.publishStoredMetrics();
    },
  };
}

/** For tests and tools that do not look at metrics. */
export const noMetrics: HandlerMetrics = { count: () => undefined };
