// The sample world as a closed loop: the replay through the real handlers (npm start) and the fast
// loop on the core (the calibration) end every account in the same state; the events drawn replay
// to the same emails from a file; with effects at zero the world is the open-loop sample.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContent } from '../../functions/build/build-content.js';
import type { Content } from '../../functions/core/email/content.js';
import { runClosedLoop } from '../../functions/sim/closed-loop.js';
import { runSimulation, type SimulationResult } from '../../functions/sim/run-simulation.js';
import { loadSampleWorld, type SampleWorld } from '../../functions/sim/sample-config.js';
import { sampleLoop } from '../../functions/sim/sample-loop.js';
import type { SampleEvent } from '../../functions/sim/sample-usage.js';
import { generateSample, sampleWindow, writeEventsFile } from '../../functions/sim/sample-world.js';
import { aPlannedTouch } from '../fixtures/builders.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PROGRAM = join(ROOT, 'templates/program.yaml');
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

let content: Content;
let world: SampleWorld;
let live: SimulationResult;
let drawn: SampleEvent[];
let dir: string;

beforeAll(async () => {
  content = await buildContent(join(ROOT, 'templates'));
  const base = await loadSampleWorld(join(ROOT, 'templates/sample/world.yaml'));
  // Strong answers, so a few accounts over two months already show them.
  world = {
    ...base,
    accounts: 10,
    months: 2,
    effects: { featureTip: 0.6, milestoneNudge: 0.6, reonboarding: 1, withinDays: 5 },
  };
  dir = mkdtempSync(join(tmpdir(), 'teichaku-loop-'));
  drawn = [];
  const loop = sampleLoop(world, content.programs, (e) => drawn.push(e));
  const { from, until } = sampleWindow(world);
  live = await runSimulation({
    eventsFile: join(dir, 'events.jsonl'),
    live: loop,
    from,
    until,
    outDir: join(dir, 'live'),
    programFile: PROGRAM,
    services: 'memory',
  });
}, 120_000);

describe('the closed loop through the real handlers', () => {
  it('writes accounts.jsonl with each account’s program, group and outcomes, and effects.json', () => {
    const accounts = lines(live.files.accounts);
    expect(accounts).toHaveLength(world.accounts);
    for (const a of accounts) {
      expect(Object.keys(a).slice(0, 9)).toEqual([
        'accountId',
        'program',
        'group',
        'phase',
        'onboardingCompletedAt',
        'valueReachedAt',
        'milestones',
        'health',
        'touches',
      ]);
      expect(content.programs.map((p) => p.id)).toContain(a.program);
      expect([null, 'treatment', 'control', 'excluded']).toContain(a.group);
    }
    const touches = lines(live.files.touches);
    expect(accounts.reduce((n, a) => n + Number(a.touches), 0)).toBe(touches.length);
    const effects = JSON.parse(readFileSync(live.files.effects, 'utf8')) as { programs: { programId: string }[] };
    expect(effects.programs.map((p) => p.programId)).toEqual(content.programs.map((p) => p.id));
  });

  it('ends every account in the state the fast loop on the core reaches', () => {
    const fast = new Map(
      runClosedLoop(world, content.programs, content.catalogs).map((a) => [a.state.accountId, a.state]),
    );
    for (const line of lines(live.files.accounts)) {
      // `crmSynced` is what the planner last published to the CRM: an effect of the replay's
      // publisher, which the fast loop on the core has none of.
      const { version: _v, crmSynced: _c, ...replayed } = line.state as Record<string, unknown>;
      const { version: _w, ...direct } = fast.get(String(line.accountId)) as unknown as Record<string, unknown>;
      expect(replayed).toEqual(direct);
    }
  });

  it('replays from the events it drew to the same emails and groups, with `teichaku simulate`', async () => {
    const file = join(dir, 'drawn.jsonl');
    await writeEventsFile(file, drawn);
    const { from, until } = sampleWindow(world);
    const again = await runSimulation({
      eventsFile: file,
      from,
      until,
      outDir: join(dir, 'again'),
      programFile: PROGRAM,
      services: 'memory',
    });
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ messageId: _m, ...rest }) => rest);
    expect(strip(lines(again.files.touches))).toEqual(strip(lines(live.files.touches)));
    // A second run puts every account in the same program and holdout group.
    const groups = (file: string) => lines(file).map((a) => [a.accountId, a.program, a.group]);
    expect(groups(again.files.accounts)).toEqual(groups(live.files.accounts));
  });
});

describe('the sample world’s answers', () => {
  it('with effects at zero, draws exactly the open-loop sample whatever it is sent', () => {
    const still = { ...world, effects: { ...world.effects, featureTip: 0, milestoneNudge: 0, reonboarding: 0 } };
    const loop = sampleLoop(still, content.programs);
    const { from, until } = sampleWindow(still);
    const first = [...loop.take(Date.parse(from) + 30 * 86_400_000)];
    // Every feature tipped and every milestone nudged to every account's owner, a month in.
    const at = new Date(Date.parse(from) + 30 * 86_400_000).toISOString();
    const about = [
      ...content.program.features.map((f) => ({ kind: 'feature-tip' as const, featureId: f.id })),
      ...content.program.milestones.map((m) => ({ kind: 'milestone-nudge' as const, milestoneId: m.id, dueAt: at })),
      { kind: 're-onboarding' as const },
    ];
    loop.deliver(
      loop.accountIds.flatMap((accountId) =>
        about.map((c) => ({
          at,
          touch: aPlannedTouch(c, {
            touchId: `t-${c.kind}`,
            accountId,
            contactId: `${accountId}-u1`,
            locale: 'en',
            plannedAt: at,
          }),
        })),
      ),
    );
    const taken = [...first, ...loop.take(Date.parse(until))].map((e) => e.body);
    const open = generateSample(still, content.programs).events.map((e) => JSON.stringify(e));
    expect(taken.sort()).toEqual(open.sort());
  });

  it('uses more features when the emails are answered than when they are not', () => {
    const still = {
      ...world,
      accounts: 20,
      effects: { ...world.effects, featureTip: 0, milestoneNudge: 0, reonboarding: 0 },
    };
    const used = (w: SampleWorld) =>
      runClosedLoop(w, content.programs, content.catalogs).reduce(
        (n, a) => n + Object.keys(a.state.actionsFirstSeen).length,
        0,
      );
    expect(used({ ...still, effects: world.effects })).toBeGreaterThan(used(still));
  });
});
