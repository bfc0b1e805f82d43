// The log-rank test of two survival curves (N. Mantel, 1966; R. Peto & J. Peto, 1972): at each
// distinct event time, the events in group A against those expected if both groups shared one
// curve, summed with their hypergeometric variance; χ² with one degree of freedom.
import { requireFiniteTimes } from './errors.js';
import type { Observation } from './kaplan-meier.js';
import { twoSidedP } from './normal.js';

export interface LogRank {
  readonly observedA: number;
  readonly expectedA: number;
  readonly variance: number;
  readonly chiSquare: number;
  readonly p: number;
}

/**
 * One sort of both groups together and one sweep from the earliest time: the risk sets only shrink,
 * so each time's counts come from the observations at that time alone (O(n log n), where a rescan of
 * both groups per event time is O(n × event times)).
 */
export function logRank(a: readonly Observation[], b: readonly Observation[]): LogRank {
  requireFiniteTimes('logRank, group A', a);
  requireFiniteTimes('logRank, group B', b);
  const all = [...a.map((o) => ({ o, inA: true })), ...b.map((o) => ({ o, inA: false }))].sort(
    (x, y) => x.o.time - y.o.time,
  );
  let nA = a.length;
  let nB = b.length;
  let observedA = 0;
  let expectedA = 0;
  let variance = 0;
  let i = 0;
  while (i < all.length) {
    const time = all[i]!.o.time;
    let dA = 0;
    let d = 0;
    let leavingA = 0;
    let leavingB = 0;
    for (; i < all.length && all[i]!.o.time === time; i++) {
      const { o, inA } = all[i]!;
      if (inA) leavingA++;
      else leavingB++;
      if (o.event) {
        d++;
        if (inA) dA++;
      }
    }
    if (d > 0) {
      const n = nA + nB;
      observedA += dA;
      expectedA += (d * nA) / n;
      if (n > 1) variance += (d * nA * nB * (n - d)) / (n * n * (n - 1));
    }
    nA -= leavingA;
    nB -= leavingB;
  }
  const chiSquare = variance === 0 ? 0 : (observedA - expectedA) ** 2 / variance;
  // χ²₁ is the square of a standard normal: P(χ²₁ > x) = P(|Z| > √x).
  return { observedA, expectedA, variance, chiSquare, p: variance === 0 ? 1 : twoSidedP(Math.sqrt(chiSquare)) };
}
