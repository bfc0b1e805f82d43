// The hostile-event corpus as a `teichaku simulate` events file: each hostile line is listed in
// rejected.jsonl with its line number and a reason naming what was wrong, the legal lines replay.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROGRAM, teichaku } from '../fixtures/simulate-scenario.js';
import { HOSTILE_EVENTS, type Outcome } from '../security/hostile-events.js';

interface RejectedLine {
  readonly line: number;
  readonly reason: string;
}

const simulate = async (args: readonly string[]) => (await teichaku('simulate', ...args)).code;

describe('teichaku simulate, fed the hostile-event corpus', () => {
  it('lists each hostile line in rejected.jsonl with its reason and replays the legal ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'teichaku-hostile-'));
    const events = join(dir, 'events.jsonl');
    writeFileSync(events, HOSTILE_EVENTS.map((c) => `${c.body}\n`).join(''));
    const code = await simulate([
      '--events',
      events,
      '--from',
      '2026-03-01T00:00:00Z',
      '--until',
      '2026-03-03T00:00:00Z',
      '--out',
      dir,
      '--program',
      PROGRAM,
    ]);
    expect(code).toBe(0);
    const text = readFileSync(join(dir, 'rejected.jsonl'), 'utf8').trim();
    const rejected = new Map(
      text
        .split('\n')
        .map((l) => JSON.parse(l) as RejectedLine)
        .map((r) => [r.line, r.reason]),
    );
    const mismatches = HOSTILE_EVENTS.flatMap((c, i) => {
      // The replay differs from the Lambda only where the case says so, and why.
      const outcome: Outcome = c.simulate?.outcome ?? c.outcome;
      const expected = c.simulate === undefined ? c.reason : c.simulate.reason;
      const reason = rejected.get(i + 1);
      if (outcome === 'accepted') return reason === undefined ? [] : [`${c.name}: rejected (${reason})`];
      if (reason === undefined) return [`${c.name}: not rejected`];
      return reason.includes(expected ?? '') ? [] : [`${c.name}: reason lacks ${JSON.stringify(expected)}`];
    });
    expect(mismatches).toEqual([]);
    expect(rejected.size).toBe(HOSTILE_EVENTS.filter((c) => (c.simulate?.outcome ?? c.outcome) === 'rejected').length);
    const accounts = readFileSync(join(dir, 'accounts.jsonl'), 'utf8');
    expect(accounts).toContain('"acc-h"');
  }, 120_000);
});
