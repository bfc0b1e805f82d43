// The sample world's CS team (`csTeam` in world.yaml): it acknowledges each `Account At Risk` some
// hours after it is raised, as `teichaku ack` would. The replay's sample loop and the fast closed
// loop on the core both draw these events, so both reach the same states.
import type { Signal } from '../core/signals.js';
import { HOUR_MS, toIso } from '../core/time.js';
import type { SampleWorld } from './sample-config.js';
import type { SampleEvent } from './sample-usage.js';

/** The team's acknowledgements of these signals, dated before `until` (none without a `csTeam`). */
export function csTeamAcknowledgements(world: SampleWorld, signals: readonly Signal[], until: string): SampleEvent[] {
  const team = world.csTeam;
  if (team === undefined) return [];
  const events: SampleEvent[] = [];
  for (const signal of signals) {
    if (signal.type !== 'Account At Risk') continue;
    const timeMs = Date.parse(signal.at) + team.acknowledgeAfterHours * HOUR_MS;
    if (timeMs >= Date.parse(until)) continue;
    const at = toIso(timeMs);
    events.push({
      id: `ack-${signal.accountId}-${at.replace(/[^0-9]/g, '').slice(0, 12)}`,
      source: world.source,
      'detail-type': 'Signal Acknowledged',
      time: at,
      detail: { accountId: signal.accountId, signalType: signal.type, by: team.by, at },
    });
  }
  return events;
}
