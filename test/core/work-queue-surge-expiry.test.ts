// The work queue's Support Surge, read from the stored ticket openings (no case is kept at ingest), and
// the expiry of an expansion-ready item after plays.expansionReadyDays.
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import type { ProductEvent } from '../../functions/core/events.js';
import type { Signal } from '../../functions/core/signals.js';
import type { AccountState } from '../../functions/core/state.js';
import { addDays } from '../../functions/core/time.js';
import { openSurge, SURGE_CLEAR_DAYS } from '../../functions/core/voice.js';
import { accountQueueItems } from '../../functions/core/work-queue.js';
import { anAccount, defaultProgram, programWith, ticketOpened } from '../fixtures/builders.js';

const program = defaultProgram();
const A = 'acc-1';
const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n, 3)).toISOString();
const opening = (id: string, n: number) => ticketOpened(A, id, day(n), { priority: 'normal' });

function account(): AccountState {
  return anAccount(A)
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .state(program);
}

function withTickets(events: readonly ProductEvent[], state = account()): { state: AccountState; signals: Signal[] } {
  const applied = applyEvents(state, events, program);
  return { state: applied.state, signals: [...applied.signals] };
}

const handling = (detailType: 'Signal Acknowledged' | 'Signal Resolved', at: string): ProductEvent => {
  const detail = { accountId: A, signalType: 'Support Surge' as const, by: 'csm@example.com', at };
  return detailType === 'Signal Acknowledged'
    ? { id: `ack-${at}`, source: 'com.example.product', time: at, detailType, detail }
    : { id: `res-${at}`, source: 'com.example.product', time: at, detailType, detail };
};

const surgeItems = (state: AccountState, now: string) =>
  accountQueueItems(state, program, now).filter(
    (i) => i.reason.kind === 'signal' && i.reason.signalType === 'Support Surge',
  );

describe('Support Surge in the work queue', () => {
  const surge = withTickets([opening('t-1', 0), opening('t-2', 1), opening('t-3', 2)]);

  it('lists the surge from the opening ingest raised it on, with its play', () => {
    const raised = surge.signals.find((s) => s.type === 'Support Surge');
    expect(raised?.at).toBe(day(2));
    const items = surgeItems(surge.state, day(3));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ since: day(2), status: 'open' });
    expect(items[0]?.play?.who).toBeDefined();
  });

  it('lists no surge before the third opening, nor on an account with two openings a week', () => {
    expect(surgeItems(withTickets([opening('t-1', 0), opening('t-2', 1)]).state, day(3))).toEqual([]);
    expect(surgeItems(surge.state, day(1))).toEqual([]);
  });

  it(`ends ${SURGE_CLEAR_DAYS} days after its latest surging opening`, () => {
    const longer = withTickets([opening('t-4', 5)], surge.state).state;
    expect(openSurge(longer.support, day(5 + SURGE_CLEAR_DAYS - 1))).toEqual({ since: day(2), latest: day(5) });
    expect(surgeItems(longer, day(5 + SURGE_CLEAR_DAYS - 1))).toHaveLength(1);
    expect(surgeItems(longer, day(5 + SURGE_CLEAR_DAYS))).toEqual([]);
  });

  it('starts a new surge, with a new since, after a quiet spell', () => {
    const again = withTickets([opening('u-1', 40), opening('u-2', 41), opening('u-3', 42)], surge.state).state;
    expect(surgeItems(again, day(43))[0]?.since).toBe(day(42));
  });

  it('leaves the queue once resolved, and counts half while acknowledged', () => {
    const acked = withTickets([handling('Signal Acknowledged', day(3))], surge.state).state;
    expect(surgeItems(acked, day(4))[0]).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'csm@example.com' });
    // Acknowledged and aged (plays.acknowledgedDays): open again while the surge goes on.
    const short = programWith({ ...program, plays: { acknowledgedDays: 1 } });
    const aged = accountQueueItems(acked, short, day(5)).filter((i) => i.reason.kind === 'signal');
    expect(aged.find((i) => i.reason.kind === 'signal' && i.reason.signalType === 'Support Surge')?.status).toBe(
      'open',
    );
    const resolved = withTickets([handling('Signal Resolved', day(4))], acked).state;
    expect(surgeItems(resolved, day(5))).toEqual([]);
  });
});

describe('expansion-ready in the work queue', () => {
  const RAISED = '2026-03-01T00:00:00.000Z';
  const ready = anAccount(A)
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .patched((s) => ({
      ...s,
      phase: 'expansion-ready' as const,
      signalCases: { 'Phase Changed': { raisedAt: RAISED, raised: 1 } },
    }))
    .state(program);
  const expansionItems = (state: AccountState, now: string, p = program) =>
    accountQueueItems(state, p, now).filter(
      (i) => i.reason.kind === 'signal' && i.reason.signalType === 'Phase Changed',
    );

  it('leaves the queue plays.expansionReadyDays (default 30) after the account became expansion-ready', () => {
    expect(expansionItems(ready, addDays(RAISED, 29))).toHaveLength(1);
    expect(expansionItems(ready, addDays(RAISED, 30))).toEqual([]);
    expect(ready.phase).toBe('expansion-ready');
  });

  it('follows the program’s expansionReadyDays', () => {
    const longer = programWith({ ...program, plays: { expansionReadyDays: 90 } });
    expect(expansionItems(ready, addDays(RAISED, 60), longer)).toHaveLength(1);
    expect(expansionItems(ready, addDays(RAISED, 90), longer)).toEqual([]);
  });
});
