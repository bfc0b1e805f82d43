// The handlers' metrics, counted for a replay's summary instead of written to CloudWatch.
import type { MetricName, Metrics } from '../core/ports.js';

export function countingMetrics(): Metrics & { readonly totals: ReadonlyMap<MetricName, number> } {
  const totals = new Map<MetricName, number>();
  return {
    totals,
    count(name, _context, value = 1) {
      totals.set(name, (totals.get(name) ?? 0) + value);
    },
  };
}
