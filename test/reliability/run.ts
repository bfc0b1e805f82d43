// One run of the reliability harness: the shared adapters (in memory, or on local DynamoDB), the
// queues, the crash budget and the sequence that orders what happened, for the properties to read.

import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { type LedgerEntry, MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import type { Content } from '../../functions/core/email/content.js';
import type { AccountStore, TouchLedger } from '../../functions/core/ports.js';
import type { AccountState } from '../../functions/core/state.js';
import { Choices, count, FaultySes, Invocation, type Tally } from '../fixtures/faults.js';
import type { FaultPlan } from './fault-plan.js';
import { handlersFor, type Ports } from './invocations.js';
import { RedeliveringQueue } from './redelivering-queue.js';

/** The store and ledger a run writes to, with a way to read all of them back. */
export interface BaseAdapters {
  readonly store: AccountStore;
  readonly ledger: TouchLedger;
  states(): Promise<AccountState[]>;
  entries(): Promise<LedgerEntry[]>;
}

export function memoryAdapters(): BaseAdapters {
  const store = new MemoryAccountStore();
  const ledger = new MemoryTouchLedger();
  return { store, ledger, states: async () => store.all(), entries: async () => ledger.all() };
}

/** Visibility timeouts of infra/queues.ts: six times the consumer's timeout (60 s for both). */
const VISIBILITY_MS = 6 * 60_000;
const PERSON_ATTEMPTS = 10;

/** Everything one run (with or without faults) shares: ports, queues, the crash budget, the clock of events. */
export function startRun(content: Content, plan: FaultPlan | null, base: BaseAdapters = memoryAdapters()) {
  let seq = 0;
  const next = () => ++seq;
  const tally: Tally = {};
  const misbehave = plan !== null;
  const choices = (values: readonly number[] | undefined) => new Choices(plan === null ? [] : values);
  const crash = choices(plan?.crash);
  const ports: Ports = {
    store: base.store,
    ledger: base.ledger,
    publisher: new MemorySignalPublisher(),
    ses: new FaultySes(choices(plan?.ses), next, tally),
    tokens: createUnsubscribeTokens(async () => 'reliability-test-signing-key-0123456789abcdef'),
    metrics: [],
    choices: {
      store: choices(plan?.store),
      ledger: choices(plan?.ledger),
      publisher: choices(plan?.publisher),
      queue: choices(plan?.queue),
    },
    tally,
  };
  const sqs = choices(plan?.sqs);
  let crashes = 0;
  let quiet = !misbehave;
  const invocation = () => {
    if (quiet || crashes >= (plan?.maxCrashes ?? 0)) return new Invocation(null);
    const v = crash.pick(16);
    return new Invocation(v === 0 ? null : v - 1);
  };
  const died = (inv: Invocation) => {
    if (!inv.crashed) return false;
    crashes++;
    count(tally, 'Lambda crash between steps');
    return true;
  };
  const handlers = handlersFor(ports, content, invocation, () => misbehave && !quiet);
  return {
    ports,
    base,
    handlers,
    tally,
    next,
    died,
    /** Email address → sequence number from which nothing may be sent to it. */
    stops: new Map<string, number>(),
    ingestQueue: new RedeliveringQueue('ingest', sqs, { visibilityMs: VISIBILITY_MS, batchSize: 10, misbehave }),
    sendQueue: new RedeliveringQueue('send', sqs, { visibilityMs: VISIBILITY_MS, batchSize: 10, misbehave }),
    /** The incident is over: no more faults (an operator's redrive runs on a healthy system). */
    calm(): void {
      quiet = true;
    },
    /** A person's request or an SES event: retried until it goes through, as Lambda retries and redrives do. */
    async untilDone(work: (inv: Invocation) => Promise<unknown>): Promise<void> {
      for (let attempt = 1; attempt <= PERSON_ATTEMPTS; attempt++) {
        const inv = invocation();
        try {
          await inv.run(() => work(inv));
          if (!died(inv)) return;
        } catch {
          died(inv);
          count(tally, 'handler error, retried');
        }
      }
      throw new Error('a request kept failing: the fault bounds of the harness are wrong');
    },
  };
}

export type Run = ReturnType<typeof startRun>;
