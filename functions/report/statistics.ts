// The few descriptive figures the KPI report shows: quantiles and means over small lists.

/** Linear-interpolated quantile (type 7, as spreadsheets compute it); null for an empty list. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Share `part / whole`, null when there is nothing to share. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Rounds to `digits` decimals so report.json stays readable and stable across platforms. */
export function round(value: number | null, digits = 3): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface Spread {
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
}

export function spreadOf(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return {
    median: round(quantile(values, 0.5), 1) as number,
    p25: round(quantile(values, 0.25), 1) as number,
    p75: round(quantile(values, 0.75), 1) as number,
  };
}
