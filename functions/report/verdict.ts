// What a figure means for a CS manager, read from its interval and its (corrected) p:
//   helps / hurts: the interval lies wholly on the better / the worse side of 0;
//   no effect found yet: it does not, and the change could still be as large as its far end;
//   too few accounts to tell: the smallest change these groups could detect is larger than the
//     program's practical size, so a missing effect means nothing yet.
// A primary figure's p and interval come from one method, so "p < α" and "the interval excludes 0"
// are one statement. Secondary figures are judged by their adjusted p (see adjustSecondary).

export type Verdict =
  | { readonly kind: 'helps' }
  | { readonly kind: 'hurts' }
  /** `upTo`: the end of the interval farthest from 0 (null when the figure has no interval). */
  | { readonly kind: 'no-effect-yet'; readonly upTo: number | null }
  | { readonly kind: 'too-few' };

/** Which way is better for the program: more accounts on time, or fewer days to value. */
export type Better = 'higher' | 'lower';

export interface VerdictInput {
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** The p the figure is judged by: its own for the primary, the adjusted one for a secondary. */
  readonly p: number | null;
  readonly mde: number | null;
  /** The practical size, in the figure's own unit. */
  readonly practical: number;
  readonly better: Better;
  readonly alpha: number;
}

export function verdictOf(f: VerdictInput): Verdict {
  if (f.estimate === null) return { kind: 'too-few' };
  if (f.p !== null && f.p < f.alpha && f.estimate !== 0) {
    const up = f.estimate > 0;
    return up === (f.better === 'higher') ? { kind: 'helps' } : { kind: 'hurts' };
  }
  if (f.mde === null || f.mde > f.practical) return { kind: 'too-few' };
  if (f.lower === null || f.upper === null) return { kind: 'no-effect-yet', upTo: null };
  return { kind: 'no-effect-yet', upTo: Math.abs(f.upper) >= Math.abs(f.lower) ? f.upper : f.lower };
}

/**
 * Holm's step-down adjustment (S. Holm, "A simple sequentially rejective multiple test procedure",
 * Scand. J. Statistics 6, 1979): the k-th smallest of m p-values becomes max over j ≤ k of
 * min(1, (m − j + 1) p₍ⱼ₎). Nulls (figures without a p) are left out of m and stay null. The same
 * values as R's p.adjust(p, "holm").
 */
export function holmAdjust(ps: readonly (number | null)[]): (number | null)[] {
  const present = ps.flatMap((p, i) => (p === null ? [] : [{ p, i }])).sort((a, b) => a.p - b.p || a.i - b.i);
  const m = present.length;
  const out: (number | null)[] = ps.map(() => null);
  let running = 0;
  present.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}

/**
 * The secondary figures' adjusted p: Holm within the program's table, and behind the primary (a
 * serial gatekeeper, A. Dmitrienko et al., Multiple Testing Problems in Pharmaceutical Statistics,
 * 2010, ch. 2): a secondary counts as found only once the primary is, so its adjusted p is the
 * larger of its Holm p and the primary's p. With no effect anywhere, a table then shows a "helps" or
 * "hurts" no more often than α; Holm alone would let the primary and the secondaries each spend α.
 */
export function adjustSecondary(primaryP: number | null, secondary: readonly (number | null)[]): (number | null)[] {
  const gate = primaryP ?? 0;
  return holmAdjust(secondary).map((p) => (p === null ? null : Math.max(p, gate)));
}
