// At most once per touch: whatever SQS, SES, DynamoDB and Lambda do, SES never accepts two emails
// for one touch id. 3,500 fast-check runs of the sending end (redelivered and duplicated jobs, two
// sender instances at once, crashes between any two steps, SES throttling and server errors before
// and after accepting, ledger errors, replayed plans), then an operator's redrive of the dead letters.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../functions/core/email/content.js';
import type { Tally } from '../fixtures/faults.js';
import { sentTwice } from './checks.js';
import { addTally, describeTally, shippedContent } from './content.js';
import { faultPlanArb } from './fault-plan.js';
import { runSends, sendWorldArb } from './send-world.js';

const RUNS = 3_500;
let content: Content;
beforeAll(async () => {
  content = await shippedContent();
});

describe('at most one email per touch', () => {
  it(`never sends one touch twice under redelivery, crashes, throttling, SES and ledger errors (${RUNS} runs)`, async () => {
    const total: Tally = {};
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(sendWorldArb, faultPlanArb({ maxCrashes: 3, withBadEvents: false }), async (world, plan) => {
        const run = await runSends(world, content, plan);
        addTally(total, run.tally);
        accepted += run.accepted.length;
        expect(sentTwice(run.accepted)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    console.info(describeTally('at most once', RUNS, total));
    // The runs must have sent mail and met every kind of fault, or they proved nothing.
    expect(accepted).toBeGreaterThan(RUNS);
    for (const kind of [
      'Lambda crash between steps',
      'SES throttle',
      'SES fail-after-accepting',
      'SES time-out-after-accepting',
      'DynamoDB error on a ledger call',
      'SQS duplicate delivery',
    ]) {
      expect(total[kind] ?? 0, kind).toBeGreaterThan(50);
    }
  }, 180_000);
});
