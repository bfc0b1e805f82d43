// The log-rank test of two survival curves (N. Mantel, 1966; R. Peto & J. Peto, 1972): at each
// distinct event time, the events in group A against those expected if both groups shared one
// curve, summed with their hypergeometric variance; χ² with one degree of freedom.
import { twoSidedP } from './normal.js';
import type { Observation } from './kaplan-meier.js';

export interface LogRank {
  readonly observedA: number;
  readonly expectedA: number;
  readonly variance: number;
  readonly chiSquare: number;
  readonly p: number;
}

export function logRank(a: readonly Observation[], b: readonly Observation[]): LogRank {
  const times = [...new Set([...a, ...b].filter((o) => o.event).map((o) => o.time))].sort((x, y) => x - y);
  const atRisk = (group: readonly Observation[], t: number) => group.reduce((n, o) => n + (o.time >= t ? 1 : 0), 0);
  const eventsAt = (group: readonly Observation[], t: number) => group.reduce((n, o) => n + (o.event && o.time === t ? 1 : 0), 0);
  let observedA = 0;
  let expectedA = 0;
  let variance = 0;
  for (const t of times) {
    const nA = atRisk(a, t);
    const nB = atRisk(b, t);
    const n = nA + nB;
    const dA = eventsAt(a, t);
    const d = dA + eventsAt(b, t);
    observedA += dA;
    expectedA += (d * nA) / n;
    if (n > 1) variance += (d * nA * nB * (n - d)) / (n * n * (n - 1));
  }
  const chiSquare = variance === 0 ? 0 : (observedA - expectedA) ** 2 / variance;
  // χ²₁ is the square of a standard normal: P(χ²₁ > x) = P(|Z| > √x).
  return { observedA, expectedA, variance, chiSquare, p: variance === 0 ? 1 : twoSidedP(Math.sqrt(chiSquare)) };
}
