// Nobody who said no gets mail: after an unsubscribe, a permanent bounce, a complaint or a removal
// has gone through, SES accepts nothing more for that address, whatever the faults. Checked at the
// sending end (jobs already queued when the person says no: 1,000 runs) and over the whole pipeline,
// where the planner must stop planning too (1,000 runs).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../functions/core/email/content.js';
import type { Tally } from '../fixtures/faults.js';
import { sentAfterNo, sentTwice } from './checks.js';
import { addTally, describeTally, shippedContent } from './content.js';
import { faultPlanArb } from './fault-plan.js';
import { runPipeline } from './pipeline.js';
import { runSends, sendWorldArb } from './send-world.js';
import { worldArb } from './world.js';

const SENDING_END_RUNS = 1_000;
const PIPELINE_RUNS = 1_000;
let content: Content;
beforeAll(async () => {
  content = await shippedContent();
});

describe('no mail after no', () => {
  it(`sends no queued job to a person who said no while it waited (${SENDING_END_RUNS} runs)`, async () => {
    const total: Tally = {};
    let stops = 0;
    await fc.assert(
      fc.asyncProperty(sendWorldArb, faultPlanArb({ maxCrashes: 3, withBadEvents: false }), async (world, plan) => {
        const run = await runSends(world, content, plan);
        addTally(total, run.tally);
        stops += run.stops.size;
        expect(sentAfterNo(run.accepted, run.stops)).toEqual([]);
      }),
      { numRuns: SENDING_END_RUNS },
    );
    console.info(
      `${describeTally('no mail after no, sending end', SENDING_END_RUNS, total)}; people who said no: ${stops}`,
    );
    expect(stops).toBeGreaterThan(SENDING_END_RUNS / 2);
  }, 180_000);

  it(`plans and sends nothing to a person who said no, end to end, and nothing twice (${PIPELINE_RUNS} runs)`, async () => {
    const total: Tally = {};
    let stops = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(worldArb, faultPlanArb({ maxCrashes: 2 }), async (world, plan) => {
        const run = await runPipeline(world, content, plan);
        addTally(total, run.tally);
        stops += run.stops.size;
        accepted += run.accepted.length;
        expect(sentAfterNo(run.accepted, run.stops)).toEqual([]);
        expect(sentTwice(run.accepted)).toEqual([]);
      }),
      { numRuns: PIPELINE_RUNS },
    );
    console.info(
      `${describeTally('no mail after no, pipeline', PIPELINE_RUNS, total)}; people who said no: ${stops}; emails: ${accepted}`,
    );
    expect(stops).toBeGreaterThan(PIPELINE_RUNS / 2);
    expect(accepted).toBeGreaterThan(PIPELINE_RUNS);
  }, 240_000);
});
