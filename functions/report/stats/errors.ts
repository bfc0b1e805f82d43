// The one failure the statistics refuse to compute through: an input that is not a number. A NaN
// time would sort nowhere and make a risk set never empty, so it is refused where it enters.
import { TeichakuError } from '../../core/errors.js';

export class StatisticsInputError extends TeichakuError {
  readonly code = 'STATISTICS_INPUT';
  constructor(where: string, expected: string) {
    super(`${where}: expected ${expected}; fix the observation before computing the figure`);
    this.name = 'StatisticsInputError';
  }
}

/** Throws unless every time is a finite number (the index is named, never the value). */
export function requireFiniteTimes(where: string, times: readonly { readonly time: number }[]): void {
  times.forEach((o, i) => {
    if (!Number.isFinite(o.time)) throw new StatisticsInputError(`${where}, observation ${i}`, 'a finite time');
  });
}
