// A smoke of `npm run bench`: every row at tiny sizes (local DynamoDB included), so a change that
// breaks a row is caught by `npm test`. It asserts that the rows exist and add up, not their timings.
import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../../bench/row.js';
import { formatTable, runBench } from '../../bench/run.js';

const EXPECTED_ROWS = [
  'engine: events applied per second',
  'render one email',
  'DynamoDB writes per 1,000 usage events, live',
  'DynamoDB writes per 1,000 usage events, backfill',
  'planner items read per run',
  'report --table items read',
  'report peak memory and time per 100,000 accounts',
  'report at 1,000,000 accounts, one function',
  'planner at 100,000 accounts, peak hour',
  'planner at 1,000,000 accounts, peak hour',
  'sender at 1,000,000 accounts',
  'ingest at 5,000 events/s with one account of 10,000 people',
  'full local simulation',
  'npm start on local services',
  'infra cost per 1,000 emails',
  'monthly cost per 1,000 accounts',
];

function rowStarting(rows: readonly BenchRow[], start: string): BenchRow {
  const row = rows.find((r) => r.measure.startsWith(start));
  if (row === undefined)
    throw new Error(`no bench row starts with "${start}"; rows: ${rows.map((r) => r.measure).join(' | ')}`);
  return row;
}

describe('npm run bench --smoke', () => {
  it('produces every row of the table, each with a value, a target and numeric figures', {
    // Every row at tiny sizes: several DynamoDB Local starts and the report's four child processes among them.
    timeout: 600_000,
  }, async () => {
    const rows = await runBench({ smoke: true });

    expect(rows.map((r) => EXPECTED_ROWS.findIndex((start) => r.measure.startsWith(start)))).toEqual(
      EXPECTED_ROWS.map((_, i) => i),
    );
    for (const row of rows) {
      expect(row.value, row.measure).not.toBe('');
      expect(row.target, row.measure).not.toBe('');
      expect([true, false, null], row.measure).toContain(row.holds);
      const figures = Object.entries(row.figures);
      expect(figures.length, row.measure).toBeGreaterThan(0);
      for (const [name, value] of figures)
        expect(Number.isFinite(value), `${row.measure}: ${name} = ${value}`).toBe(true);
    }
    expect(formatTable(rows).split('\n')).toHaveLength(rows.length + 2);

    // What the rows stand for, at any size: the due index reads only the due accounts, a Scan reads
    // them all; grouping a backfill by account writes less than one write per event.
    const planner = rowStarting(rows, 'planner items read per run').figures;
    expect(planner.queryItemsRead).toBe(planner.dueAccounts);
    expect(planner.scanItemsRead).toBe(planner.accounts);
    const backfill = rowStarting(rows, 'DynamoDB writes per 1,000 usage events, backfill').figures;
    expect(backfill.groupedWcu).toBeLessThan(backfill.perEventWcu ?? 0);
    // The side-by-side ingest writes once per event, and the handler never writes more than it.
    const live = rowStarting(rows, 'DynamoDB writes per 1,000 usage events, live').figures;
    expect(live.perEventWrites).toBe(live.events);
    expect(live.groupedWrites).toBeLessThanOrEqual(live.oneRecordPerInvocationWrites ?? 0);
    expect(live.oneRecordPerInvocationWrites).toBeLessThanOrEqual(live.perEventWrites ?? 0);
    // npm start, in a process of its own on DynamoDB Local and the local SES: the summary comes before
    // the services are stopped, and the closed loop replayed events and sent email.
    const start = rowStarting(rows, 'npm start on local services').figures;
    expect(start.accounts).toBe(3);
    expect(start.events).toBeGreaterThan(0);
    expect(start.summaryMs).toBeGreaterThan(0);
    expect(start.summaryMs).toBeLessThanOrEqual(start.exitMs ?? 0);
    // The report folded each account and built the figures the states give; its model grows with accounts.
    const memory = rowStarting(rows, 'report peak memory and time per 100,000 accounts').figures;
    expect(memory.sameFigures).toBe(1);
    expect(memory.foldPeakMbLarge).toBeGreaterThan(0);
    const million = rowStarting(rows, 'report at 1,000,000 accounts, one function').figures;
    expect(million.ceilingAccounts).toBe(
      Math.min(million.memoryCeilingAccounts ?? 0, million.timeCeilingAccounts ?? 0),
    );
    expect(million.scanSeconds).toBeCloseTo(
      ((million.readUnitsPerAccount ?? 0) * 1_000_000) / (million.readUnitsPerSecond ?? 1),
    );
    // The planner's peak hour is a share of the accounts; ten times the accounts never needs fewer workers.
    const planner100k = rowStarting(rows, 'planner at 100,000 accounts, peak hour').figures;
    const planner1m = rowStarting(rows, 'planner at 1,000,000 accounts, peak hour').figures;
    expect(planner100k.peakHourShare).toBeGreaterThan(0);
    expect(planner100k.peakHourShare).toBeLessThanOrEqual(1);
    expect(planner1m.peakDue).toBeCloseTo((planner100k.peakDue ?? 0) * 10);
    expect(planner1m.workers).toBeGreaterThanOrEqual(planner100k.workers ?? 0);
    expect(planner100k.workers).toBeGreaterThanOrEqual(1);
    const sender = rowStarting(rows, 'sender at 1,000,000 accounts').figures;
    expect(sender.drainSeconds).toBeCloseTo((sender.emails ?? 0) / (sender.sendRatePerSecond ?? 1));
    // The hot account's item took writes, and every exhausted update counted its conflicts.
    const ingest = rowStarting(rows, 'ingest at 5,000 events/s').figures;
    expect(ingest.updates).toBeGreaterThan(0);
    expect(ingest.conflicts).toBeGreaterThanOrEqual((ingest.exhausted ?? 0) * 5);
    expect(ingest.offeredUpdatesPerSecond).toBeGreaterThan(0);
    const perEmail = rowStarting(rows, 'infra cost per 1,000 emails').figures;
    expect(perEmail.emails).toBeGreaterThan(0);
    expect(perEmail.totalUsd).toBeGreaterThan(0);
  });
});
