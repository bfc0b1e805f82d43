// The Kaplan–Meier estimate of a survival curve S(t) = P(event after t) from right-censored times,
// with Greenwood's variance, pointwise intervals on the log scale (R's survfit default, so results
// can be checked against its published outputs), the median with its interval, and the restricted
// mean up to a horizon τ with its variance.
import { requireFiniteTimes } from './errors.js';
import { zFor } from './normal.js';

export interface Observation {
  /** Time of the event, or of the last follow-up when censored (same unit throughout: days here). */
  readonly time: number;
  /** True: the event happened at `time`; false: followed until `time` without it (censored). */
  readonly event: boolean;
}

export interface KmStep {
  readonly time: number;
  readonly atRisk: number;
  readonly events: number;
  /** S just after `time`. */
  readonly survival: number;
  /** Greenwood's standard error of S. */
  readonly se: number;
  /** The pointwise interval; null where S = 0, where the log-scale interval does not exist (R: NA). */
  readonly lower: number | null;
  readonly upper: number | null;
  /** Greenwood's running sum Σ d / (n (n − d)). */
  readonly greenwood: number;
}

export interface Median {
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface KaplanMeier {
  readonly n: number;
  readonly events: number;
  /** One step per distinct event time, in time order. */
  readonly steps: readonly KmStep[];
  /** The longest time anyone was followed. */
  readonly maxTime: number;
  readonly median: Median;
}

export function kaplanMeier(observations: readonly Observation[], confidence = 0.95): KaplanMeier {
  requireFiniteTimes('kaplanMeier', observations);
  const z = zFor(confidence);
  const sorted = [...observations].sort((a, b) => a.time - b.time);
  const steps: KmStep[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  let greenwood = 0;
  let i = 0;
  while (i < sorted.length) {
    const time = (sorted[i] as Observation).time;
    let events = 0;
    let leaving = 0;
    while (i < sorted.length && (sorted[i] as Observation).time === time) {
      if ((sorted[i] as Observation).event) events++;
      leaving++;
      i++;
    }
    if (events > 0) {
      survival = events === atRisk ? 0 : survival * (1 - events / atRisk);
      greenwood = events === atRisk ? Number.POSITIVE_INFINITY : greenwood + events / (atRisk * (atRisk - events));
      const spread = z * Math.sqrt(greenwood);
      const defined = survival > 0 && Number.isFinite(spread);
      steps.push({
        time,
        atRisk,
        events,
        survival,
        se: survival === 0 ? 0 : survival * Math.sqrt(greenwood),
        lower: defined ? survival * Math.exp(-spread) : null,
        upper: defined ? Math.min(1, survival * Math.exp(spread)) : null,
        greenwood,
      });
    }
    atRisk -= leaving;
  }
  return {
    n: sorted.length,
    events: steps.reduce((sum, s) => sum + s.events, 0),
    steps,
    maxTime: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] as Observation).time,
    // The median's interval runs from where the lower pointwise limit reaches ½ to where the upper one
    // does (Brookmeyer & Crowley's construction, as survfit); a limit that is NA at S = 0 is skipped.
    median: {
      estimate: crossingHalf(steps, (s) => s.survival),
      lower: crossingHalf(steps, (s) => s.lower),
      upper: crossingHalf(steps, (s) => s.upper),
    },
  };
}

/** Within this of ½ a curve counts as sitting exactly on ½ (sums of products of ratios are rarely exact). */
export const HALF_TOLERANCE = 1e-9;

/**
 * The first time a step curve falls to ½ or below; when it lands on ½ and stays there for a while,
 * the midpoint between that time and the time it next drops (the plateau rule: with an even number of
 * uncensored times the median is the mean of the two middle ones, as for a sample median). A curve
 * that sits on ½ to its last step gives that step's time. Steps where the curve is undefined are skipped.
 */
function crossingHalf(steps: readonly KmStep[], pick: (s: KmStep) => number | null): number | null {
  for (let k = 0; k < steps.length; k++) {
    const v = pick(steps[k] as KmStep);
    if (v === null || v > 0.5 + HALF_TOLERANCE) continue;
    if (v < 0.5 - HALF_TOLERANCE) return (steps[k] as KmStep).time;
    for (let j = k + 1; j < steps.length; j++) {
      const w = pick(steps[j] as KmStep);
      if (w !== null && w < v - HALF_TOLERANCE) return ((steps[k] as KmStep).time + (steps[j] as KmStep).time) / 2;
    }
    return (steps[k] as KmStep).time;
  }
  return null;
}

/** S(t): the survival just after the last event at or before t. */
export function survivalAt(km: KaplanMeier, t: number): number {
  let s = 1;
  for (const step of km.steps) {
    if (step.time > t) break;
    s = step.survival;
  }
  return s;
}

export interface RestrictedMean {
  readonly tau: number;
  /** ∫₀^τ S(t) dt: the mean time to the event when times beyond τ count as τ. */
  readonly estimate: number;
  readonly se: number;
}

/**
 * The restricted mean up to τ, with the variance Σ A²ᵢ dᵢ / (nᵢ (nᵢ − dᵢ)) over event times tᵢ ≤ τ,
 * Aᵢ = ∫ from tᵢ to τ of S (J. P. Klein & M. L. Moeschberger, Survival Analysis, 2nd ed., §4.5).
 */
export function restrictedMean(km: KaplanMeier, tau: number): RestrictedMean {
  const within = km.steps.filter((s) => s.time <= tau);
  // Areas from each event time to τ, built from the right.
  const areaAfter: number[] = new Array<number>(within.length).fill(0);
  let area = 0;
  for (let k = within.length - 1; k >= 0; k--) {
    const step = within[k] as KmStep;
    const end = k + 1 < within.length ? (within[k + 1] as KmStep).time : tau;
    area += step.survival * (end - step.time);
    areaAfter[k] = area;
  }
  const firstTime = within[0]?.time ?? tau;
  const estimate = firstTime + area;
  let variance = 0;
  within.forEach((step, k) => {
    if (step.atRisk > step.events)
      variance += ((areaAfter[k] as number) ** 2 * step.events) / (step.atRisk * (step.atRisk - step.events));
  });
  return { tau, estimate, se: Math.sqrt(variance) };
}
