// `teichaku queue`, `teichaku ack` and `teichaku resolve`: the queue from a run's output folder, and
// the events the two commands write to a file or put on the bus, as ingest reads them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQueueFlags, queueText, readQueue } from '../../functions/cli/queue.js';
import { HandlingFlags, runHandling } from '../../functions/cli/signal-handling.js';
import { applyEvents } from '../../functions/core/apply-events.js';
import { type ProductEvent, parseProductEvent } from '../../functions/core/events.js';
import type { AccountState } from '../../functions/core/state.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const UNTIL = '2026-03-02T00:00:00.000Z';
const NOW = '2026-03-02T03:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'teichaku-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function atRisk(id: string, score: number, owner: string): AccountState {
  return anAccount(id)
    .withProfile({ name: `Company ${id}`, csOwner: { name: 'Sato', email: owner } })
    .withContact(`${id}-c1`, { role: 'owner' })
    .onboardedOn('2026-01-19')
    .patched((s) => ({
      ...s,
      health: { at: UNTIL, score, atRisk: true, usageDrop: false, dauMau: 0, activeDays30: 0, previousActiveDays30: 0 },
      signalCases: { 'Account At Risk': { raisedAt: '2026-02-23T00:00:00.000Z', raised: 1 } },
    }))
    .state(program);
}

/** A run's output folder as `teichaku simulate` writes it: accounts.jsonl and report.json. */
function runFolder(states: readonly AccountState[]): string {
  const out = mkdtempSync(join(dir, 'run-'));
  writeFileSync(
    join(out, 'accounts.jsonl'),
    states.map((s) => `${JSON.stringify({ accountId: s.accountId, state: s })}\n`).join(''),
  );
  writeFileSync(
    join(out, 'report.json'),
    JSON.stringify({ window: { from: '2026-01-01T00:00:00.000Z', until: UNTIL } }),
  );
  return out;
}

describe('teichaku queue --from-run', () => {
  const run = runFolder([
    atRisk('acc-1', 30, 'sato@example.com'),
    atRisk('acc-2', 5, 'ito@example.com'),
    anAccount('acc-3').withProfile().onboardedOn('2026-01-19').state(program),
  ]);

  it('lists what needs a person at the run’s end, ranked, with the reason and the play', async () => {
    const queue = await readQueue(parseQueueFlags({ fromRun: run }), [program]);
    expect(queue.at).toBe(UNTIL);
    expect(queue.accounts).toBe(3);
    expect(queue.items.map((i) => i.accountId)).toEqual(['acc-2', 'acc-1']);
    const text = queueText(queue);
    expect(text).toContain('2 item(s) need a person at 2026-03-02T00:00:00.000Z (3 accounts read)');
    expect(text).toContain('Account At Risk, open, since 2026-02-23 (7 days); health 5, owner Sato');
    expect(text).toContain('play: csm, phone, within 2 days: Call the account’s owner');
    expect(queueText(queue, 'ja')).toContain('担当者に電話し');
  });

  it('keeps one CS owner’s accounts with --owner, and at most --limit items', async () => {
    const mine = await readQueue(parseQueueFlags({ fromRun: run, owner: 'SATO@example.com' }), [program]);
    expect(mine.items.map((i) => i.accountId)).toEqual(['acc-1']);
    const top = await readQueue(parseQueueFlags({ fromRun: run, limit: '1' }), [program]);
    expect(top.items.map((i) => i.accountId)).toEqual(['acc-2']);
  });

  it('says which flag is wrong, and what a folder lacks', async () => {
    expect(() => parseQueueFlags({})).toThrow('--from-run or --table must be given (one of them)');
    expect(() => parseQueueFlags({ fromRun: run, table: 'teichaku' })).toThrow('one of them');
    expect(() => parseQueueFlags({ fromRun: run, owner: 'not an address' })).toThrow('--owner');
    expect(() => parseQueueFlags({ fromRun: run, locale: 'fr' })).toThrow('--locale');
    await expect(readQueue(parseQueueFlags({ fromRun: dir }), [program])).rejects.toThrow(
      /report\.json is missing: --from-run takes the --out folder/,
    );
  });
});

describe('teichaku ack and resolve', () => {
  const flags = (raw: Record<string, unknown>) => HandlingFlags.parse(raw);

  it('append events that ingest accepts and that hold the at-risk case', async () => {
    const out = join(dir, 'handled.jsonl');
    const base = { account: 'acc-1', signal: 'Account At Risk', by: 'sato@example.com', out };
    await runHandling('ack', flags({ ...base, note: 'called, training booked', at: '2026-03-01T01:00:00Z' }), NOW);
    await runHandling('resolve', flags({ ...base, outcome: 'usage back', at: '2026-03-02T01:00:00Z' }), NOW);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e['detail-type'])).toEqual(['Signal Acknowledged', 'Signal Resolved']);
    const events = lines.map((e) => {
      const parsed = parseProductEvent(e, { allowedSource: 'com.example.product' });
      if (parsed.kind !== 'ok') throw new Error(parsed.reason);
      return parsed.event;
    }) as ProductEvent[];
    const state = applyEvents(atRisk('acc-1', 30, 'sato@example.com'), events, program).state;
    expect(state.signalCases?.['Account At Risk']).toMatchObject({
      acknowledged: { by: 'sato@example.com', note: 'called, training booked', at: '2026-03-01T01:00:00.000Z' },
      resolved: { by: 'sato@example.com', outcome: 'usage back', at: '2026-03-02T01:00:00.000Z' },
    });
  });

  it('gives the same event id to the same command, so ingest applies it once', async () => {
    const out = join(dir, 'twice.jsonl');
    const f = flags({ account: 'acc-1', signal: 'Key Contact Changed', by: 'Sato', at: '2026-03-01T01:00:00Z', out });
    const a = await runHandling('ack', f, NOW);
    const b = await runHandling('ack', f, NOW);
    expect(a.id).toBe(b.id);
  });

  it('puts the event on the bus with --bus', async () => {
    const eventBridge = mockClient(EventBridgeClient);
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
    const client = new EventBridgeClient({ region: 'ap-northeast-1' });
    await runHandling(
      'ack',
      flags({ account: 'acc-1', signal: 'Account At Risk', by: 'Sato', bus: 'teichaku-bus' }),
      NOW,
      client,
    );
    const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      EventBusName: 'teichaku-bus',
      DetailType: 'Signal Acknowledged',
      Source: 'com.example.product',
    });
    expect(JSON.parse(entry?.Detail ?? '{}')).toEqual({
      accountId: 'acc-1',
      signalType: 'Account At Risk',
      by: 'Sato',
      at: NOW,
    });
    eventBridge.restore();
  });

  it('refuses a bad flag naming it and what it expects, and writes nothing', async () => {
    const out = join(dir, 'refused.jsonl');
    await expect(
      runHandling('ack', flags({ account: 'acc-1', signal: 'Touch Sent', by: 'Sato', out }), NOW),
    ).rejects.toThrow(/--signal: expected .*Account At Risk/);
    await expect(
      runHandling('resolve', flags({ account: 'acc-1', signal: 'Account At Risk', by: 'Sa\u202eto', out }), NOW),
    ).rejects.toThrow(/--by: expected/);
    await expect(
      runHandling('ack', flags({ account: 'acc-1', signal: 'Account At Risk', by: 'Sato', outcome: 'x', out }), NOW),
    ).rejects.toThrow('--outcome belongs to `teichaku resolve`');
    expect(() => flags({ account: 'acc-1', signal: 'Account At Risk', by: 'Sato' })).toThrow('--bus must be given');
    expect(() => readFileSync(out, 'utf8')).toThrow();
  });
});
