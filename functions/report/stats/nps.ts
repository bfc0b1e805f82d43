// The Net Promoter Score as a statistic: p − d, the share of promoters less the share of detractors
// of n answers (−1…1; ×100 is the NPS). Each answer scores +1, 0 or −1, so one answer's variance is
// E[x²] − E[x]² = p + d − (p − d)², and the score's is that over n. Two independent samples: the
// variances add. Intervals and the p are the normal (Wald) approximation of one method, so p < α
// exactly when the interval leaves out 0.
//
// People of one company tend to answer alike, so answers are not independent. When a group's answers
// come with the accounts they belong to (`accounts`), the score's variance is the cluster-robust one:
// G/(G − 1) × Σ_g (s_g − n_g·x̄)² / n², with s_g = promoters − detractors of account g, n_g its answers
// and G the accounts that answered, or the independent one when that is larger: a handful of accounts
// that happen to answer alike must not make the interval narrower than independent answers would.
// With fewer than 2 accounts it cannot be estimated: no interval.
import { StatisticsInputError } from './errors.js';
import { twoSidedP, zFor } from './normal.js';

/** The answers of one group: promoters (9–10), passives (7–8), detractors (0–6). */
export interface NpsCounts {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** The same answers by account (their sums equal the counts above); absent: answers taken as independent. */
  readonly accounts?: readonly NpsCounts[];
}

export interface NpsEstimate {
  readonly n: number;
  /** p − d (−1…1); null with no answers. */
  readonly score: number | null;
  /** The variance of one answer, p + d − (p − d)²; null with no answers. */
  readonly variance: number | null;
}

export interface NpsDifference {
  /** Treatment minus control, in score units (0.1 = 10 NPS points). */
  readonly estimate: number;
  /** √(var_t/n_t + var_c/n_c); 0 when neither group has any spread. */
  readonly se: number;
  /** The interval and p; null when se is 0 (no spread: nothing to test). */
  readonly lower: number | null;
  readonly upper: number | null;
  readonly p: number | null;
}

function requireCounts(where: string, c: NpsCounts): void {
  for (const name of ['promoters', 'passives', 'detractors'] as const) {
    const v = c[name];
    if (!(Number.isInteger(v) && v >= 0)) throw new StatisticsInputError(`${where}.${name}`, 'a whole count ≥ 0');
  }
  if (c.accounts === undefined) return;
  c.accounts.forEach((a, i) => requireCounts(`${where}.accounts[${i}]`, a));
  for (const name of ['promoters', 'passives', 'detractors'] as const) {
    const sum = c.accounts.reduce((total, a) => total + a[name], 0);
    if (sum !== c[name])
      throw new StatisticsInputError(`${where}.accounts`, `${name} summing to ${c[name]}, not ${sum}`);
  }
}

/** The variance of the group's score (not of one answer); null when it cannot be estimated. */
function scoreVariance(c: NpsCounts, e: NpsEstimate): number | null {
  if (e.score === null || e.variance === null) return null;
  if (c.accounts === undefined) return e.variance / e.n;
  const answered = c.accounts.filter((a) => a.promoters + a.passives + a.detractors > 0);
  const g = answered.length;
  if (g < 2) return null;
  const score = e.score;
  const spread = answered.reduce((sum, a) => {
    const size = a.promoters + a.passives + a.detractors;
    return sum + (a.promoters - a.detractors - size * score) ** 2;
  }, 0);
  return Math.max(e.variance / e.n, ((g / (g - 1)) * spread) / (e.n * e.n));
}

export function npsEstimate(c: NpsCounts): NpsEstimate {
  requireCounts('npsEstimate', c);
  const n = c.promoters + c.passives + c.detractors;
  if (n === 0) return { n, score: null, variance: null };
  const p = c.promoters / n;
  const d = c.detractors / n;
  // Never below 0 (rounding of p + d − (p − d)² when all answers are alike).
  return { n, score: p - d, variance: Math.max(0, p + d - (p - d) ** 2) };
}

/** One group's score with its interval, kept inside −1…1; null limits with fewer than 2 answers or no spread. */
export function npsInterval(
  c: NpsCounts,
  confidence = 0.95,
): NpsEstimate & { readonly lower: number | null; readonly upper: number | null } {
  const e = npsEstimate(c);
  const v = scoreVariance(c, e);
  if (e.score === null || v === null || e.n < 2 || !(v > 0)) return { ...e, lower: null, upper: null };
  const half = zFor(confidence) * Math.sqrt(v);
  return { ...e, lower: Math.max(-1, e.score - half), upper: Math.min(1, e.score + half) };
}

/** Treatment's score less control's, with its interval and p; null when either group has no answer. */
export function npsDifference(treatment: NpsCounts, control: NpsCounts, confidence = 0.95): NpsDifference | null {
  const t = npsEstimate(treatment);
  const c = npsEstimate(control);
  if (t.score === null || c.score === null || t.variance === null || c.variance === null) return null;
  const estimate = t.score - c.score;
  const vt = scoreVariance(treatment, t);
  const vc = scoreVariance(control, c);
  if (vt === null || vc === null) return { estimate, se: 0, lower: null, upper: null, p: null };
  const se = Math.sqrt(vt + vc);
  if (!(se > 0)) return { estimate, se: 0, lower: null, upper: null, p: null };
  const z = zFor(confidence);
  return { estimate, se, lower: estimate - z * se, upper: estimate + z * se, p: twoSidedP(estimate / se) };
}
