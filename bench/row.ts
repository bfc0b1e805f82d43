/** One line of the bench table. Values are already formatted for people; `figures` keeps the raw numbers. */
export interface BenchRow {
  readonly measure: string;
  readonly value: string;
  readonly baseline?: string;
  readonly ratio?: string;
  readonly target: string;
  /** Null where there is no target to hold (printed figures). */
  readonly holds: boolean | null;
  readonly figures: Readonly<Record<string, number>>;
}
