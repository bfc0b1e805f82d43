// Faults change when things happen, never what is stored: with redelivered, duplicated, reordered and
// concurrently applied events, crashed invocations, concurrent writers, failed publishes and bad
// events mixed in, every account ends in the state of the run without faults (its version aside,
// which counts writes). 1,000 fast-check runs of the whole pipeline, each against its fault-free twin.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../functions/core/email/content.js';
import type { Tally } from '../fixtures/faults.js';
import { contentOf } from './checks.js';
import { addTally, describeTally, shippedContent } from './content.js';
import { faultPlanArb } from './fault-plan.js';
import { runPipeline } from './pipeline.js';
import { worldArb } from './world.js';

const RUNS = 1_000;
let content: Content;
beforeAll(async () => {
  content = await shippedContent();
});

describe('account state under faults', () => {
  it(`ends every account in the no-fault run's state, with each bad event dead-lettered (${RUNS} runs)`, async () => {
    const total: Tally = {};
    let bad = 0;
    await fc.assert(
      fc.asyncProperty(worldArb, faultPlanArb({ maxCrashes: 2 }), async (world, plan) => {
        const clean = await runPipeline(world, content, null, { sendless: true });
        const faulty = await runPipeline(world, content, plan);
        addTally(total, faulty.tally);
        bad += plan.bad.length;
        expect(contentOf(faulty.states)).toEqual(contentOf(clean.states));
        // Only the bad events, each once per copy the queue handed out, and every one of them.
        const deadIds = faulty.ingestDeadLetters.map((m) => (JSON.parse(m.body) as { id: string }).id);
        expect(new Set(deadIds)).toEqual(new Set(plan.bad.map((b) => b.id)));
      }),
      { numRuns: RUNS },
    );
    console.info(`${describeTally('same state', RUNS, total)}; bad events: ${bad}`);
    expect(bad).toBeGreaterThan(RUNS / 2);
  }, 240_000);
});
