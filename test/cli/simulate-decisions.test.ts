// `teichaku simulate` writes the decision trail: every decision of every planner run, the touches
// being exactly its `sent` decisions; and it counts the events that changed nothing.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionRecord } from '../../functions/core/decision-record.js';
import { loadSampleWorld } from '../../functions/sim/sample-config.js';
import { generateSample } from '../../functions/sim/sample-world.js';
import { defaultProgram } from '../fixtures/builders.js';
import { readLines as lines, runScenario, type Scenario } from '../fixtures/simulate-scenario.js';

const WORLD = resolve(import.meta.dirname, '../../templates/sample/world.yaml');

let run: Scenario;

beforeAll(async () => {
  const world = { ...(await loadSampleWorld(WORLD)), accounts: 12, months: 3 };
  const sample = generateSample(world, defaultProgram());
  // Every event of the first account twice: a redelivery the summary must count.
  const first = sample.events.filter((e) => e.detail.accountId === sample.events[0]?.detail.accountId);
  run = await runScenario([...sample.events, ...first], { until: sample.until, name: 'decisions' });
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

afterAll(() => run?.remove());

describe('simulate: the decision trail', () => {
  it('writes each decision with its outcome, the kind when sent, the reason when skipped and what was passed over', () => {
    const raw = run.decisions;
    for (const line of raw) expect(Object.keys(line).slice(0, 4)).toEqual(['at', 'accountId', 'contactId', 'outcome']);
    const decisions = raw.map((d) => DecisionRecord.parse(d));
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) {
      if (d.outcome === 'sent') expect('reason' in d).toBe(false);
      else expect('kind' in d).toBe(false);
      expect(Array.isArray(d.passedOver)).toBe(true);
    }
    expect(new Set(decisions.map((d) => d.outcome))).toEqual(new Set(['sent', 'skipped']));
    const capped = decisions.find((d) => d.outcome === 'skipped' && d.reason === 'capped');
    if (capped !== undefined) expect(capped.until).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const sorted = [...decisions].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    expect(decisions.map((d) => d.at)).toEqual(sorted.map((d) => d.at));
  });

  it('has one sent decision for every email in touches.jsonl', () => {
    const sent = run.decisions.filter((d) => d.outcome === 'sent');
    const { touches } = run;
    const key = (r: Record<string, unknown>, at: unknown) =>
      `${String(at)}|${String(r.accountId)}|${String(r.contactId)}|${String(r.kind)}`;
    expect(touches.map((t) => key(t, t.sentAt)).sort()).toEqual(sent.map((d) => key(d, d.at)).sort());
  });

  it('dumps each account with its final state and its health at every planner run', () => {
    const accounts = lines(join(run.out, 'accounts.jsonl'));
    expect(accounts).toHaveLength(12);
    const planned = accounts.find((a) => (a.healthOverTime as unknown[]).length > 0);
    expect(planned?.state).toMatchObject({ accountId: planned?.accountId });
    expect((planned?.healthOverTime as Record<string, unknown>[])[0]).toEqual(
      expect.objectContaining({ at: expect.any(String), phase: expect.any(String), score: expect.any(Number) }),
    );
  });

  it('counts the redelivered events in the summary as changing nothing', () => {
    const line = run.stdout.split('\n').find((l) => l.startsWith('events that changed nothing:'));
    const duplicates = Number(/(\d+) duplicate/.exec(line ?? '')?.[1]);
    expect(duplicates).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/decisions: +.*decisions\.jsonl/);
  });
});
