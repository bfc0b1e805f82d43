// Where a replay's events come from: a file read up front (`teichaku simulate`), or a sample world
// that draws them as the clock goes and answers the emails it is sent (`npm start`'s closed loop).
import type { PlannedTouch } from '../core/decisions.js';
import type { Signal } from '../core/signals.js';
import type { ReplayEvent } from './event-file.js';
import type { EmailLink, SurveyWeb } from './sample-browser.js';

/** An email as it left the mailer, with the touch it came from. */
export interface DeliveredTouch {
  readonly at: string;
  readonly touch: PlannedTouch;
  /** The links of a survey email's HTML as sent (absent for the other kinds). */
  readonly links?: readonly EmailLink[];
}

export interface EventSource {
  /** The accounts the events are about (every account that may send one). */
  readonly accountIds: readonly string[];
  /** Events before `endMs` not handed out yet, in time order (ties in the order they were made). */
  take(endMs: number): readonly ReplayEvent[];
  /** The emails sent in the hour just replayed, for a source whose people answer them. */
  deliver(touches: readonly DeliveredTouch[]): void;
  /**
   * The people's visits to the survey page before `endMs` (a source whose people answer survey
   * emails); the answers they send come out of `take` with the hour's other events.
   */
  visit?(endMs: number, web: SurveyWeb): Promise<void>;
  /** The signals raised in the hour just replayed, for a source whose CS team answers them. */
  signalled?(signals: readonly Signal[]): void;
  /** Events left over when the replay ends (at or after `until`). */
  left(): number;
}

/** A fixed list of events, already in time order. */
export function arraySource(events: readonly ReplayEvent[]): EventSource {
  let next = 0;
  return {
    accountIds: [...new Set(events.map((e) => e.accountId))].sort(),
    take: (endMs) => {
      let last = next;
      while (last < events.length && (events[last] as ReplayEvent).timeMs < endMs) last++;
      const out = events.slice(next, last);
      next = last;
      return out;
    },
    deliver: () => undefined,
    left: () => events.length - next,
  };
}
