// The exact test of a count: how many of n accounts landed in control when each had its own chance
// (the holdout percentage recorded when it entered). With one percentage for all this is the binomial
// test; with several (CS ops changed it) the count is Poisson-binomial: the convolution of one
// binomial per distinct percentage. Exact, because the share check runs at α = 0.001 on groups of a
// few hundred accounts, where the normal approximation's tails raise false alarms to 0.16–0.32 %.
import { logGamma } from './student-t.js';

/** A distribution on the counts offset, offset + 1, …; mass beyond 40 standard deviations is dropped. */
interface CountPmf {
  readonly offset: number;
  readonly mass: readonly number[];
}

function binomialPmf(n: number, p: number): CountPmf {
  if (n === 0 || p <= 0) return { offset: 0, mass: [1] };
  if (p >= 1) return { offset: n, mass: [1] };
  const sd = Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(n * p - 40 * sd - 1));
  const hi = Math.min(n, Math.ceil(n * p + 40 * sd + 1));
  const head = logGamma(n + 1);
  const mass: number[] = [];
  for (let k = lo; k <= hi; k++)
    mass.push(Math.exp(head - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p)));
  return { offset: lo, mass };
}

function convolve(a: CountPmf, b: CountPmf): CountPmf {
  const mass = new Array<number>(a.mass.length + b.mass.length - 1).fill(0);
  a.mass.forEach((x, i) => {
    if (x === 0) return;
    b.mass.forEach((y, j) => {
      mass[i + j] = (mass[i + j] as number) + x * y;
    });
  });
  return { offset: a.offset + b.offset, mass };
}

/** The distribution of the number of successes among independent trials with these chances. */
export function countDistribution(chances: readonly number[]): CountPmf {
  const byChance = new Map<number, number>();
  for (const p of chances) byChance.set(p, (byChance.get(p) ?? 0) + 1);
  return [...byChance].map(([p, n]) => binomialPmf(n, p)).reduce(convolve, { offset: 0, mass: [1] });
}

/**
 * Two-sided exact p of observing `x`: the total probability of the counts no more likely than x
 * (the rule of R's binom.test, with its relative tolerance 1 + 10⁻⁷ for ties in floating point).
 */
export function exactCountP(x: number, chances: readonly number[]): number {
  const pmf = countDistribution(chances);
  const at = x - pmf.offset;
  const px = at >= 0 && at < pmf.mass.length ? (pmf.mass[at] as number) : 0;
  const limit = px * (1 + 1e-7);
  const p = pmf.mass.reduce((sum, m) => (m <= limit ? sum + m : sum), 0);
  return Math.min(1, p);
}
