// The handlers' metrics, counted for a replay's summary instead of written to CloudWatch.
import type { HandlerMetrics, MetricName } from '../handlers/metrics.js';

export function countingMetrics(): HandlerMetrics & { readonly totals: ReadonlyMap<MetricName, number> } {
  const totals = new Map<MetricName, number>();
  return {
    totals,
    count(name, _context, value = 1) {
      totals.set(name, (totals.get(name) ?? 0) + value);
    },
  };
}
