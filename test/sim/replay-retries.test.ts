// The replay plays SQS for the use cases: failed batch items are delivered again, up to three times,
// then dead-lettered; a failed send is retried in a later hour; what a use case rejects at once
// is delivered once and kept with its reason.
import { describe, expect, it } from 'vitest';
import { MemorySendQueue } from '../../functions/adapters/memory/send-queue.js';
import type { ReplayEvent } from '../../functions/sim/event-file.js';
import { ReplayRecorder } from '../../functions/sim/recorders.js';
import { MAX_RECEIVES, replay } from '../../functions/sim/replay.js';
import type { ReplayHandlers } from '../../functions/sim/replay-handlers.js';
import { VirtualClock } from '../../functions/sim/virtual-clock.js';
import { aPlannedTouch, defaultProgram } from '../fixtures/builders.js';

const FROM = '2026-11-02T00:00:00.000Z';

function event(line: number, at: string): ReplayEvent {
  return {
    line,
    eventId: `e-${line}`,
    accountId: `acc-${line}`,
    source: 'com.example.product',
    timeMs: Date.parse(at),
    body: '{}',
  };
}

const touch = aPlannedTouch(
  { kind: 'feature-tip', featureId: 'dashboard' },
  { touchId: 't-1', locale: 'en', plannedAt: FROM },
);

interface Calls {
  ingested: { at: string; lines: string[] }[];
  sends: string[];
  plans: string[];
}

interface FakeOptions {
  readonly failLines: ReadonlySet<string>;
  readonly sendFailures: number;
  /** Lines the fake ingest dead-letters at once, with a reason, instead of failing them. */
  readonly rejectLines?: ReadonlySet<string>;
  /** Send jobs the fake sender dead-letters at once. */
  readonly rejectSends?: number;
}

function fakeHandlers(clock: VirtualClock, options: FakeOptions): { handlers: ReplayHandlers; calls: Calls } {
  const calls: Calls = { ingested: [], sends: [], plans: [] };
  const queue = new MemorySendQueue();
  let rejectSends = options.rejectSends ?? 0;
  let sendFailures = options.sendFailures;
  return {
    calls,
    handlers: {
      queue,
      ingest: async (_source, messages) => {
        calls.ingested.push({ at: clock.now(), lines: messages.map((m) => m.messageId) });
        const rejected = messages.filter((m) => options.rejectLines?.has(m.messageId) === true);
        return {
          retry: messages.filter((m) => options.failLines.has(m.messageId)).map((m) => m.messageId),
          rejected: rejected.map((m) => ({
            messageId: m.messageId,
            reason: `event e-${m.messageId.slice(5)} not applied: poison`,
            eventId: `e-${m.messageId.slice(5)}`,
          })),
        };
      },
      // These replays read a file of events: no person opens a survey page.
      surveyPage: async () => {
        throw new Error('a replay of a file opened the survey page');
      },
      plan: async () => {
        calls.plans.push(clock.now());
        if (calls.plans.length === 1) await queue.enqueue([touch]);
        return { at: clock.now(), due: 1, planned: 1, touches: 0, failed: 0 };
      },
      send: async (touches) => {
        calls.sends.push(clock.now());
        const rejected = touches.map((_, i) => i).filter(() => rejectSends-- > 0);
        return {
          retry: touches.map((_, i) => i).filter((i) => !rejected.includes(i) && sendFailures-- > 0),
          rejected: rejected.length,
        };
      },
    },
  };
}

async function run(options: FakeOptions) {
  const clock = new VirtualClock(FROM);
  const { handlers, calls } = fakeHandlers(clock, options);
  const outcome = await replay(
    [event(1, '2026-11-02T00:30:00Z'), event(2, '2026-11-02T00:40:00Z'), event(3, '2026-11-02T05:10:00Z')],
    { from: FROM, until: '2026-11-02T08:00:00Z' },
    {
      handlers,
      program: defaultProgram(),
      clock,
      recorder: new ReplayRecorder(clock.now),
      mirror: { hasDue: () => true, savedStates: () => [] },
      onHour: async () => undefined,
    },
  );
  return { outcome, calls };
}

describe('replay deliveries', () => {
  it('delivers each event within its hour, before that hour’s planner run', async () => {
    const { calls } = await run({ failLines: new Set(), sendFailures: 0 });
    expect(calls.ingested.map((c) => c.lines)).toEqual([['line-1', 'line-2'], ['line-3']]);
    expect(calls.ingested[0]?.at).toBe('2026-11-02T00:40:00.000Z');
    expect(calls.plans[0]).toBe('2026-11-02T01:00:00.000Z');
    expect(calls.plans).toHaveLength(8);
  });

  it('delivers a failed event again, then dead-letters it with its line number', async () => {
    const { outcome, calls } = await run({ failLines: new Set(['line-2']), sendFailures: 0 });
    expect(calls.ingested.filter((c) => c.lines.includes('line-2'))).toHaveLength(MAX_RECEIVES);
    expect(calls.ingested.filter((c) => c.lines.includes('line-1'))).toHaveLength(1);
    expect(outcome.ingestDeadLetters).toEqual([
      { line: 2, eventId: 'e-2', reason: expect.stringMatching(/dead-lettered/) },
    ]);
    expect(outcome.eventsDelivered).toBe(3);
  });

  it('retries a failed send in the next hour and dead-letters it after the last delivery', async () => {
    const once = await run({ failLines: new Set(), sendFailures: 1 });
    expect(once.calls.sends).toEqual(['2026-11-02T01:00:00.000Z', '2026-11-02T02:00:00.000Z']);
    expect(once.outcome.sendDeadLetters).toBe(0);
    const always = await run({ failLines: new Set(), sendFailures: 99 });
    expect(always.calls.sends).toHaveLength(MAX_RECEIVES);
    expect(always.outcome.sendDeadLetters).toBe(1);
  });

  it('delivers an event the handler dead-letters at once only once, and keeps it with the handler’s reason and its line', async () => {
    const { outcome, calls } = await run({ failLines: new Set(), sendFailures: 0, rejectLines: new Set(['line-2']) });
    expect(calls.ingested.filter((c) => c.lines.includes('line-2'))).toHaveLength(1);
    expect(outcome.ingestDeadLetters).toEqual([{ line: 2, eventId: 'e-2', reason: 'event e-2 not applied: poison' }]);
  });

  it('counts a send job the sender dead-letters at once, without delivering it again', async () => {
    const { outcome, calls } = await run({ failLines: new Set(), sendFailures: 0, rejectSends: 1 });
    expect(calls.sends).toHaveLength(1);
    expect(outcome.sendDeadLetters).toBe(1);
    expect(outcome.sendJobsLeft).toBe(0);
  });
});
