// The sample world's closed loop on the engine's core alone, one account at a time: the same lives
// (sample-life.ts), the same hourly rhythm as the replay (an hour's events applied, then the planner
// at the hour's end when the account is due, its emails answered from the next local day), without
// queues, stores or handlers. Accounts never touch each other, so this gives what the replay gives,
// in a fraction of the time and memory: the calibration of the effect report runs thousands of
// accounts over many seeds on it. A survey email's answer is the event the survey page would put on
// the bus (the replay goes through the page, with the link of the email as sent); scanners record
// nothing, so they are left out here.
import type { Catalogs } from '../core/catalogs.js';
import { applyAccountEvents } from '../core/enrollment.js';
import { type ProductEvent, parseProductEvent } from '../core/events.js';
import { planTouches } from '../core/plan-touches.js';
import type { Program } from '../core/program.js';
import { accountProgram, asPrograms, defaultProgramOf, type Programs, programForProfile } from '../core/programs.js';
import { type AccountState, emptyAccountState } from '../core/state.js';
import { HOUR_MS, toIso, toMs } from '../core/time.js';
import { drawAccount, type SampleAccount } from './sample-accounts.js';
import type { SampleWorld } from './sample-config.js';
import { csTeamAcknowledgements } from './sample-cs-team.js';
import { SampleAccountLife } from './sample-life.js';
import { answerEvent, emailAnswerOf } from './sample-survey.js';
import type { SampleEvent } from './sample-usage.js';
import { sampleWindow } from './sample-world.js';

export interface LoopAccount {
  readonly state: AccountState;
  /** Emails the planner sent the account's people. */
  readonly touches: number;
}

function productEvent(event: SampleEvent): ProductEvent {
  const parsed = parseProductEvent(event);
  // The sample only draws events that keep the contract; a broken one is a bug in the sample.
  if (parsed.kind === 'rejected') throw new Error(`sample world drew an invalid event ${event.id}: ${parsed.reason}`);
  return parsed.event;
}

const hourEnd = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS + HOUR_MS;

/** One account's life through the engine, from its contract start to `until`. */
export function liveAccount(
  account: SampleAccount,
  world: SampleWorld,
  programs: Programs,
  catalogs: Catalogs,
  until: string,
): LoopAccount {
  const untilMs = toMs(until);
  const life = new SampleAccountLife(
    account,
    programForProfile(programs, account.profile),
    world,
    until,
    world.effects,
  );
  let state = emptyAccountState(account.accountId, defaultProgramOf(programs).id);
  let touches = 0;
  // The last hour end whose planner run has been considered (the schedule runs it once per hour).
  let considered = 0;
  // The sample CS team's acknowledgements (sample-cs-team.ts) and the survey emails' answers still to come, in time order.
  const acks: SampleEvent[] = [];

  // The planner at every hour end up to `limit` at which the account is due, as the hourly schedule runs it.
  const planUntil = (limit: number) => {
    for (;;) {
      const due = state.cadence.nextDueAt;
      const at = due === null ? Number.POSITIVE_INFINITY : Math.max(hourEnd(toMs(due) - 1), considered + HOUR_MS);
      if (at > limit || at > untilMs) {
        considered = Math.max(considered, limit);
        return;
      }
      const plan = planTouches(state, toIso(at), accountProgram(state, programs), catalogs);
      state = plan.state;
      considered = at;
      touches += plan.touches.length;
      for (const t of plan.touches)
        for (const visit of life.receive({
          at: toIso(at),
          contactId: t.contactId,
          content: t.content,
          touchId: t.touchId,
        }))
          if (visit.kind === 'answer') acks.push(answerEvent(world.source, emailAnswerOf(visit.answer)));
      acks.push(...csTeamAcknowledgements(world, plan.signals, until));
      acks.sort((a, b) => toMs(a.time) - toMs(b.time));
    }
  };
  /** The acknowledgements dated in [hour start, `end`): applied with that hour's events, as the replay batches them. */
  const acksBefore = (end: number): ProductEvent[] => {
    const due: ProductEvent[] = [];
    while (acks.length > 0 && toMs((acks[0] as SampleEvent).time) < end)
      due.push(productEvent(acks.shift() as SampleEvent));
    return due;
  };
  /** Each hour before `limit` with acknowledgements and no product event: applied, then planned. */
  const acknowledgeUntil = (limit: number) => {
    while (acks.length > 0 && toMs((acks[0] as SampleEvent).time) < limit) {
      const end = hourEnd(toMs((acks[0] as SampleEvent).time));
      planUntil(end - HOUR_MS);
      state = applyAccountEvents(state, acksBefore(end), programs).state;
      planUntil(end);
    }
  };

  while (!life.done) {
    acknowledgeUntil(hourEnd(life.nextDayStartMs()) - HOUR_MS);
    planUntil(hourEnd(life.nextDayStartMs()) - HOUR_MS);
    const events = life.nextDay();
    for (let i = 0; i < events.length; ) {
      const end = hourEnd(toMs((events[i] as SampleEvent).time));
      acknowledgeUntil(end - HOUR_MS);
      const hour: ProductEvent[] = [];
      while (i < events.length && toMs((events[i] as SampleEvent).time) < end)
        hour.push(productEvent(events[i++] as SampleEvent));
      planUntil(end - HOUR_MS);
      hour.push(...acksBefore(end));
      state = applyAccountEvents(state, hour, programs).state;
      planUntil(end);
    }
  }
  acknowledgeUntil(untilMs);
  planUntil(untilMs);
  return { state, touches };
}

/** Every account of the world through the engine; one account's states are dropped before the next starts. */
export function runClosedLoop(world: SampleWorld, program: Program | Programs, catalogs: Catalogs): LoopAccount[] {
  const programs = asPrograms(program);
  const { until } = sampleWindow(world);
  return Array.from({ length: world.accounts }, (_, i) =>
    liveAccount(drawAccount(world, i + 1), world, programs, catalogs, until),
  );
}
