// The replay's clock: handlers read "now" from it, the replay loop moves it. It only moves forward,
// as a real clock does, so no handler ever sees time run backwards between two calls.
export class VirtualClock {
  private ms: number;

  constructor(start: string) {
    this.ms = Date.parse(start);
    if (Number.isNaN(this.ms)) throw new Error(`virtual clock: "${start}" is not an ISO instant`);
  }

  /** Now as an ISO instant; bound, so it can be handed to handlers as `clock`. */
  readonly now = (): string => new Date(this.ms).toISOString();

  get nowMs(): number {
    return this.ms;
  }

  /** Moves the clock to `ms` (an earlier time leaves it where it is). */
  advanceTo(ms: number): void {
    if (ms > this.ms) this.ms = ms;
  }
}
