// The sample's week of rising complaints, replayed through the real handlers: sending pauses, a
// person resumes it four days later, the summary and the report say so, and the run folder holds the
// compliance record that `teichaku compliance export --from-run` reads.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { start } from '../../functions/cli/start.js';
import { complaintAt, complaintRateAt, drawFor, SampleFeedback } from '../../functions/sim/mailbox-feedback.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'teichaku-deliverability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sample’s mailbox feedback', () => {
  const feedback = SampleFeedback.parse({ complaints: { startDay: 10, days: 5, fromRate: 0.01, toRate: 0.05 } });
  const first = '2026-11-02T00:00:00.000Z';

  it('rises evenly over the week and is zero outside it', () => {
    const at = (day: number) =>
      complaintRateAt(feedback, first, new Date(Date.parse(first) + day * 86_400_000 + 3_600_000).toISOString());
    expect([9, 10, 11, 12, 13, 14, 15].map(at)).toEqual([0, 0.01, 0.02, 0.03, 0.04, 0.05, 0]);
  });

  it('draws the same complaints for the same touches, at about the configured share', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `feature-tip.${i}`);
    const sentAt = '2026-11-16T01:00:00.000Z';
    const drawn = ids.filter((id) => complaintAt(feedback, first, id, sentAt) !== null).length;
    expect(drawn / ids.length).toBeGreaterThan(0.045);
    expect(drawn / ids.length).toBeLessThan(0.055);
    expect(ids.map((id) => drawFor(id, 'complaint'))).toEqual(ids.map((id) => drawFor(id, 'complaint')));
  });
});

describe('npm start with a week of rising complaints', () => {
  it('pauses, resumes four days later, and shows both in the summary, the report and the signals', {
    timeout: 300_000,
  }, async () => {
    const world = parse(readFileSync(join(ROOT, 'templates/sample/world.yaml'), 'utf8')) as Record<string, unknown>;
    // A smaller sample sends fewer emails: the guard's minimum volume follows.
    const deliverability = world.deliverability as { complaints: object };
    // A smaller sample sends few emails by February: its complaint week comes in January, when it sends more.
    world.deliverability = {
      ...deliverability,
      complaints: { ...deliverability.complaints, startDay: 70 },
      // Long enough to span a working day whatever the weekday of the pause.
      resumeAfterHours: 96,
      guardrails: { minSends: 60, lastSends: 400 },
    };
    const worldFile = join(dir, 'world.yaml');
    writeFileSync(worldFile, stringify(world));
    const out = join(dir, 'out');
    let printed = '';
    await start(
      { world: worldFile, program: join(ROOT, 'templates/program.yaml'), out, accounts: 60, services: 'memory' },
      (text) => {
        printed += text;
      },
    );
    expect(printed).toMatch(/sending: paused 1 time/);
    expect(printed).toMatch(/paused {2}2027-0[12]-\d\dT\d\d:00:00\.000Z: complaint rate [\d.]+ % \(\d+ of \d+ sends\)/);
    expect(printed).toMatch(
      /resumed 2027-0[12]-\d\dT\d\d:00:00\.000Z by sample-operator: complaints traced to one imported contact list/,
    );
    expect(printed).toMatch(/send jobs waited .*none lost/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Sending paused and resumed');
    expect(html).toContain('sample-operator');
    const signals = readFileSync(join(out, 'signals.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string });
    expect(signals.filter((s) => s.type === 'Sending Paused')).toHaveLength(1);
    expect(signals.filter((s) => s.type === 'Sending Resumed')).toHaveLength(1);
    const compliance = readFileSync(join(out, 'compliance.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { record: string; kind: string; channel?: string });
    expect(compliance.some((c) => c.record === 'entry' && c.kind === 'opt-out' && c.channel === 'complaint')).toBe(
      true,
    );
    expect(compliance.some((c) => c.record === 'promotional-touch')).toBe(true);
  });
});
