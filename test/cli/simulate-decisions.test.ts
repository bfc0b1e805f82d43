// `teichaku simulate` writes the decision trail: every decision of every planner run, the touches
// being exactly its `sent` decisions; and it counts the events that changed nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../functions/cli/main.js';
import { DecisionRecord } from '../../functions/core/decision-record.js';
import { loadSampleWorld } from '../../functions/sim/sample-config.js';
import { generateSample, writeEventsFile } from '../../functions/sim/sample-world.js';
import { defaultProgram } from '../fixtures/builders.js';

const WORLD = resolve(import.meta.dirname, '../../templates/sample/world.yaml');
const PROGRAM = resolve(import.meta.dirname, '../../templates/program.yaml');

function lines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8').trim();
  return text === '' ? [] : text.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

let dir: string;
let stdout = '';

beforeAll(async () => {
  const world = { ...(await loadSampleWorld(WORLD)), accounts: 12, months: 3 };
  const sample = generateSample(world, defaultProgram());
  dir = mkdtempSync(join(tmpdir(), 'teichaku-decisions-'));
  const eventsFile = join(dir, 'events.jsonl');
  // Every event of the first account twice: a redelivery the summary must count.
  const first = sample.events.filter((e) => e.detail.accountId === sample.events[0]?.detail.accountId);
  await writeEventsFile(eventsFile, [...sample.events, ...first]);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    const code = await main([
      'node',
      'teichaku',
      'simulate',
      '--events',
      eventsFile,
      '--until',
      sample.until,
      '--out',
      join(dir, 'out'),
      '--program',
      PROGRAM,
    ]);
    expect(code).toBe(0);
  } finally {
    spy.mockRestore();
    process.exitCode = undefined;
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulate: the decision trail', () => {
  it('writes each decision with its outcome, the kind when sent, the reason when skipped and what was passed over', () => {
    const raw = lines(join(dir, 'out', 'decisions.jsonl'));
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
    const sent = lines(join(dir, 'out', 'decisions.jsonl')).filter((d) => d.outcome === 'sent');
    const touches = lines(join(dir, 'out', 'touches.jsonl'));
    const key = (r: Record<string, unknown>, at: unknown) =>
      `${String(at)}|${String(r.accountId)}|${String(r.contactId)}|${String(r.kind)}`;
    expect(touches.map((t) => key(t, t.sentAt)).sort()).toEqual(sent.map((d) => key(d, d.at)).sort());
  });

  it('dumps each account with its final state and its health at every planner run', () => {
    const accounts = lines(join(dir, 'out', 'accounts.jsonl'));
    expect(accounts).toHaveLength(12);
    const planned = accounts.find((a) => (a.healthOverTime as unknown[]).length > 0);
    expect(planned?.state).toMatchObject({ accountId: planned?.accountId });
    expect((planned?.healthOverTime as Record<string, unknown>[])[0]).toEqual(
      expect.objectContaining({ at: expect.any(String), phase: expect.any(String), score: expect.any(Number) }),
    );
  });

  it('counts the redelivered events in the summary as changing nothing', () => {
    const line = stdout.split('\n').find((l) => l.startsWith('events that changed nothing:'));
    const duplicates = Number(/(\d+) duplicate/.exec(line ?? '')?.[1]);
    expect(duplicates).toBeGreaterThan(0);
    expect(stdout).toMatch(/decisions: +.*decisions\.jsonl/);
  });
});
