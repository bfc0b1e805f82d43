// Which programs no account can reach: every profile a program's rule matches is matched first by an
// earlier rule (a rule shadowed by one broader rule, by several together, or listed after the default).
//
// Exact, not heuristic: each dimension is cut into the pieces the rules can tell apart (each plan or
// industry named anywhere, plus "any other"; each locale; employee ranges split at every bound), and
// a program is unreachable when every combination of pieces its rule admits is admitted earlier.
import { LIMITS, Locale } from './events.js';
import type { ProgramWhen } from './program-when.js';

export interface Unreachable {
  /** Index of the unreachable program. */
  readonly index: number;
  /** Earlier programs that take its profiles (each takes at least one). */
  readonly by: readonly number[];
}

/** "Any value no rule names": a piece of the plan and industry dimensions. */
const OTHER: unique symbol = Symbol('other');
type Piece = string | typeof OTHER;
interface Span {
  readonly min: number;
  readonly max: number;
}

function textPieces(
  rules: readonly (ProgramWhen | undefined)[],
  pick: (w: ProgramWhen) => readonly string[] | undefined,
): Piece[] {
  const named = new Set<string>();
  for (const w of rules) for (const v of (w === undefined ? undefined : pick(w)) ?? []) named.add(v);
  return [...[...named].sort(), OTHER];
}

function spanPieces(rules: readonly (ProgramWhen | undefined)[]): Span[] {
  const cuts = new Set<number>([1, LIMITS.employees + 1]);
  for (const w of rules) {
    if (w?.employees?.min !== undefined) cuts.add(w.employees.min);
    if (w?.employees?.max !== undefined) cuts.add(w.employees.max + 1);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  return sorted.slice(0, -1).map((min, i) => ({ min, max: (sorted[i + 1] as number) - 1 }));
}

function admitsText(values: readonly string[] | undefined, piece: Piece): boolean {
  return values === undefined || (piece !== OTHER && values.includes(piece));
}

function admitsSpan(when: ProgramWhen | undefined, span: Span): boolean {
  const range = when?.employees;
  if (range === undefined) return true;
  return (range.min ?? 1) <= span.min && span.max <= (range.max ?? LIMITS.employees);
}

interface Cell {
  readonly plan: Piece;
  readonly industry: Piece;
  readonly span: Span;
  readonly locale: string;
}

function admits(when: ProgramWhen | undefined, cell: Cell): boolean {
  return (
    admitsText(when?.plan, cell.plan) &&
    admitsText(when?.industry, cell.industry) &&
    admitsText(when?.locale, cell.locale) &&
    admitsSpan(when, cell.span)
  );
}

/** The programs (by their rules, in order; undefined = the default) no profile reaches. */
export function unreachableBy(rules: readonly (ProgramWhen | undefined)[]): Unreachable[] {
  const plans = textPieces(rules, (w) => w.plan);
  const industries = textPieces(rules, (w) => w.industry);
  const spans = spanPieces(rules);
  const locales = Locale.options;
  const found: Unreachable[] = [];
  rules.forEach((when, index) => {
    if (index === 0) return;
    const by = new Set<number>();
    let reachable = false;
    outer: for (const plan of plans) {
      if (!admitsText(when?.plan, plan)) continue;
      for (const industry of industries) {
        if (!admitsText(when?.industry, industry)) continue;
        for (const span of spans) {
          if (!admitsSpan(when, span)) continue;
          for (const locale of locales) {
            if (!admitsText(when?.locale, locale)) continue;
            const cell: Cell = { plan, industry, span, locale };
            const taker = rules.findIndex((earlier, j) => j < index && admits(earlier, cell));
            if (taker === -1) {
              reachable = true;
              break outer;
            }
            by.add(taker);
          }
        }
      }
    }
    if (!reachable) found.push({ index, by: [...by].sort((a, b) => a - b) });
  });
  return found;
}
