// The simulator dead-letters only the event the engine cannot apply: a valid `Usage Recorded` that
// shares its batch (and its account) with a poison event takes effect, and rejected.jsonl's line for
// the poison carries the handler's reason, not a count of deliveries.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReplayContent } from '../../functions/build/replay-content.js';
import type { Content } from '../../functions/core/email/content.js';
import type { ReplayEvent } from '../../functions/sim/event-file.js';
import { ReplayRecorder } from '../../functions/sim/recorders.js';
import { replay } from '../../functions/sim/replay.js';
import { countingLogger, createReplayHandlers } from '../../functions/sim/replay-handlers.js';
import { memoryPorts } from '../../functions/sim/replay-ports.js';
import { StoreMirror } from '../../functions/sim/store-mirror.js';
import { VirtualClock } from '../../functions/sim/virtual-clock.js';
import { poisonedApply } from '../fixtures/poison.js';

const PROGRAM = resolve(import.meta.dirname, '../../templates/program.yaml');
const SOURCE = 'com.example.product';
const FROM = '2026-11-02T00:00:00.000Z';

let content: Content;
beforeAll(async () => {
  content = await loadReplayContent(PROGRAM, FROM);
});

function line(n: number, id: string, time: string, detailType: string, detail: Record<string, unknown>): ReplayEvent {
  return {
    line: n,
    eventId: id,
    accountId: String(detail.accountId),
    source: SOURCE,
    timeMs: Date.parse(time),
    body: JSON.stringify({ id, source: SOURCE, 'detail-type': detailType, time, detail }),
  };
}

const EVENTS: ReplayEvent[] = [
  line(1, 'e-account', '2026-11-02T00:10:00Z', 'Account Upserted', {
    accountId: 'acc-1',
    name: 'Yamada Trading',
    plan: 'business',
    industry: 'manufacturing',
    employees: 120,
    timeZone: 'Asia/Tokyo',
    locale: 'ja',
    contractStart: '2026-11-02',
    touchModel: 'tech',
  }),
  line(2, 'e-contact', '2026-11-02T00:10:00Z', 'Contact Upserted', {
    accountId: 'acc-1',
    contactId: 'c-1',
    email: 'c1@acc-1.example.com',
    name: 'Owner',
    role: 'owner',
  }),
  // The same hour, so the same ingest batch: one poison, one valid usage beside it.
  line(3, 'e-poison', '2026-11-03T01:10:00Z', 'Usage Recorded', {
    accountId: 'acc-1',
    contactId: 'c-1',
    action: 'report.create',
    occurredAt: '2026-11-03T01:10:00Z',
  }),
  line(4, 'e-valid', '2026-11-03T01:20:00Z', 'Usage Recorded', {
    accountId: 'acc-1',
    contactId: 'c-1',
    action: 'login',
    occurredAt: '2026-11-03T01:20:00Z',
  }),
];

describe('the replay with an event the engine cannot apply', () => {
  it('applies the valid usage beside it and dead-letters only the poison, with its reason', async () => {
    const ports = memoryPorts();
    const clock = new VirtualClock('2026-11-02T00:00:00.000Z');
    const recorder = new ReplayRecorder(clock.now);
    const mirror = new StoreMirror();
    const handlers = createReplayHandlers(
      { ...ports, store: mirror.watch(ports.store) },
      content,
      clock.now,
      recorder,
      countingLogger(),
      { apply: poisonedApply('e-poison') },
    );
    const outcome = await replay(
      EVENTS,
      { from: FROM, until: '2026-11-04T00:00:00.000Z' },
      {
        handlers,
        program: content.programs,
        clock,
        recorder,
        mirror,
        onHour: async () => undefined,
      },
    );
    expect(outcome.ingestDeadLetters).toEqual([
      {
        line: 3,
        eventId: 'e-poison',
        reason: 'event e-poison not applied: the engine could not apply it (RangeError)',
      },
    ]);
    const state = JSON.stringify(await ports.store.load('acc-1'));
    expect(state).toContain('login');
    expect(state).not.toContain('report.create');
    expect(outcome.eventsDelivered).toBe(4);
  });
});
