// How one sample account behaves, as the events its product would send: the account's life (see
// sample-life.ts) drawn day by day to the end, answering no email. `npm start` runs the same lives
// as a closed loop instead, feeding each one the emails teichaku sends it.
import type { Program } from '../core/program.js';
import type { SampleAccount } from './sample-accounts.js';
import type { SampleWorld } from './sample-config.js';
import { SampleAccountLife } from './sample-life.js';

/** One EventBridge event as the product would put it on the bus. */
export interface SampleEvent {
  readonly id: string;
  readonly source: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Every event of one account from its contract start until `until` (exclusive), in time order. */
export function accountEvents(
  account: SampleAccount,
  program: Program,
  world: SampleWorld,
  until: string,
): SampleEvent[] {
  const life = new SampleAccountLife(account, program, world, until);
  const events: SampleEvent[] = [];
  while (!life.done) events.push(...life.nextDay());
  return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1));
}
