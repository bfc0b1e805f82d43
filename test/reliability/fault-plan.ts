// The fault plans fast-check draws for the reliability properties: mostly quiet streams with bursts,
// so that most steps succeed and the failures land between them.
import fc from 'fast-check';
import { badEnvelopeArb } from './world.js';

/** The fault streams of one run (each exhausted stream means "no more faults of that kind"). */
export interface FaultPlan {
  /** Per invocation: 0 lives, n dies after its (n-1)-th port call. */
  readonly crash: readonly number[];
  /** Batch sizes and order, concurrent instances, duplicate copies. */
  readonly sqs: readonly number[];
  readonly ses: readonly number[];
  /** Concurrent writers before conditional writes. */
  readonly store: readonly number[];
  readonly ledger: readonly number[];
  readonly publisher: readonly number[];
  readonly queue: readonly number[];
  /** Invocations that may die in one run. */
  readonly maxCrashes: number;
  /** Envelopes that must be dead-lettered, put on the ingest queue in the first hour. */
  readonly bad: readonly Record<string, unknown>[];
}

/** A stream where most entries are 0 (no fault) and the rest pick a fault in [1, max]. */
const sparse = (max: number, maxLength: number, quietWeight = 4) =>
  fc.array(
    fc.oneof({ weight: quietWeight, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max }) }),
    { maxLength },
  );

/** SES: accepted, single faults, and bursts of throttling long enough to outlast the mailer's backoff (6 tries). */
const sesStream = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constant([0]) },
      { weight: 1, arbitrary: fc.integer({ min: 6, max: 8 }).map((n) => Array.from({ length: n }, () => 1)) },
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }).map((v) => [v]) },
    ),
    { maxLength: 24 },
  )
  .map((chunks) => chunks.flat());

export interface PlanOptions {
  readonly maxCrashes?: number;
  readonly withBadEvents?: boolean;
}

export function faultPlanArb(options: PlanOptions = {}): fc.Arbitrary<FaultPlan> {
  return fc.record({
    crash: sparse(15, 60, 6),
    sqs: fc.array(fc.nat(1000), { maxLength: 120 }),
    ses: sesStream,
    store: sparse(3, 40, 2),
    ledger: sparse(5, 40),
    publisher: sparse(5, 30),
    queue: sparse(7, 12),
    maxCrashes: fc.constant(options.maxCrashes ?? 2),
    bad: options.withBadEvents === false ? fc.constant([]) : fc.array(badEnvelopeArb, { maxLength: 2 }),
  });
}
