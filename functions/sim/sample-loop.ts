// The sample world as a closed loop for the replay: every account's life is drawn a local day at a
// time, just before that day starts on the virtual clock, and the emails teichaku sends come back to
// the people they were sent to. Events are handed out in the order a file of them would be read
// (time, then the order they were drawn), and each is passed to `onEvent` as it is drawn, so the
// events file written alongside replays to the same emails with `teichaku simulate`.

import type { Program } from '../core/program.js';
import { asPrograms, type Programs, programForProfile } from '../core/programs.js';
import type { Signal } from '../core/signals.js';
import type { ReplayEvent } from './event-file.js';
import type { DeliveredTouch, EventSource } from './event-source.js';
import { drawAccount } from './sample-accounts.js';
import type { SampleWorld } from './sample-config.js';
import { csTeamAcknowledgements } from './sample-cs-team.js';
import { SampleAccountLife } from './sample-life.js';
import type { SampleEvent } from './sample-usage.js';
import { sampleWindow } from './sample-world.js';

export interface SampleLoop extends EventSource {
  /** Events drawn so far. */
  readonly drawn: () => number;
}

export function sampleLoop(
  world: SampleWorld,
  program: Program | Programs,
  onEvent: (event: SampleEvent) => void = () => undefined,
): SampleLoop {
  const { until } = sampleWindow(world);
  const programs = asPrograms(program);
  const lives = new Map<string, SampleAccountLife>();
  for (let n = 1; n <= world.accounts; n++) {
    const account = drawAccount(world, n);
    lives.set(
      account.accountId,
      new SampleAccountLife(account, programForProfile(programs, account.profile), world, until, world.effects),
    );
  }
  // Lives by the start of their next day: a handful of distinct starts (one per time zone) each day.
  let waiting = [...lives.values()].filter((l) => !l.done);
  let pending: ReplayEvent[] = [];
  let line = 0;

  // The ingest handler parses each body against the event contract, as it would a file's lines.
  const toReplayEvent = (event: SampleEvent): ReplayEvent => {
    line += 1;
    return {
      line,
      eventId: event.id,
      accountId: String(event.detail.accountId),
      source: event.source,
      timeMs: Date.parse(event.time),
      body: JSON.stringify(event),
    };
  };

  return {
    accountIds: [...lives.keys()].sort(),
    drawn: () => line,
    take(endMs) {
      const stillWaiting: SampleAccountLife[] = [];
      for (const life of waiting) {
        while (!life.done && life.nextDayStartMs() < endMs) {
          for (const event of life.nextDay()) {
            onEvent(event);
            pending.push(toReplayEvent(event));
          }
        }
        if (!life.done) stillWaiting.push(life);
      }
      waiting = stillWaiting;
      pending.sort((a, b) => a.timeMs - b.timeMs || a.line - b.line);
      const cut = pending.findIndex((e) => e.timeMs >= endMs);
      const out = cut === -1 ? pending : pending.slice(0, cut);
      pending = cut === -1 ? [] : pending.slice(cut);
      return out;
    },
    deliver(touches: readonly DeliveredTouch[]) {
      for (const { at, touch } of touches)
        lives.get(touch.accountId)?.receive({ at, contactId: touch.contactId, content: touch.content });
    },
    signalled(signals: readonly Signal[]) {
      for (const event of csTeamAcknowledgements(world, signals, until)) {
        onEvent(event);
        pending.push(toReplayEvent(event));
      }
    },
    left: () => pending.length,
  };
}
