// A lost send is an email SES accepted while the ledger never learnt it (the sender died between the
// SES call and marking the touch sent, or SES failed after it may have accepted). It can neither be
// unsent nor safely resent: it must be counted, surfaced, and left alone. 3,500 fast-check runs of
// the sending end with crashes weighted towards the sender's steps.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../functions/core/email/content.js';
import type { Tally } from '../fixtures/faults.js';
import { auditLostSends, sentTwice } from './checks.js';
import { addTally, describeTally, shippedContent } from './content.js';
import { faultPlanArb } from './fault-plan.js';
import { runSends, sendWorldArb } from './send-world.js';

const RUNS = 3_500;
let content: Content;
beforeAll(async () => {
  content = await shippedContent();
});

describe('lost sends', () => {
  it(`marks every lost send unconfirmed, signals and counts it, never resends it and leaves no claim open (${RUNS} runs)`, async () => {
    const total: Tally = {};
    let lost = 0;
    let unconfirmed = 0;
    await fc.assert(
      fc.asyncProperty(sendWorldArb, faultPlanArb({ maxCrashes: 4, withBadEvents: false }), async (world, plan) => {
        const run = await runSends(world, content, plan);
        addTally(total, run.tally);
        const audit = auditLostSends(run.accepted, run.ledger, run.signals, run.metrics);
        lost += audit.lost.size;
        unconfirmed += audit.unconfirmed.size;
        expect(audit.problems).toEqual([]);
        expect(sentTwice(run.accepted)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    console.info(
      `${describeTally('lost sends', RUNS, total)}; lost sends: ${lost}, marked unconfirmed: ${unconfirmed}`,
    );
    expect(lost).toBeGreaterThan(100);
  }, 180_000);
});
