// What the handlers need of a metrics client: a count, published at once. Powertools' Metrics (CloudWatch
// embedded metric format, written to the log: no `cloudwatch:PutMetricData`, which would need the
// resource "*") fits it in AWS; tests pass a recorder.
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '../core/ports.js';

export const METRIC_NAMESPACE = 'Teichaku';

export { METRIC_NAMES, type MetricContext, type MetricName } from '../core/ports.js';

/** The metrics port (core/ports.ts), under the name the handlers have always used. */
export type HandlerMetrics = Metrics;

export function createMetrics(serviceName: string): HandlerMetrics {
  const metrics = new PowertoolsMetrics({ namespace: METRIC_NAMESPACE, serviceName });
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

export { noMetrics } from '../core/ports.js';
