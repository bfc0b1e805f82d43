// Ingest product events: a batch of messages (each body an EventBridge event) parsed at this boundary,
// grouped by account and applied with one conditional write per account. A message that can never go
// in (bad JSON, a schema rejection, an event the engine cannot apply) comes back rejected with its
// reason; an account whose write failed for the moment comes back to retry, its records alone. When an
// account's write fails for a reason retrying cannot fix, its events are applied one by one, so only
// the event at fault is rejected and the others take effect now (see ingest-failures.ts).
import { entriesFromEvents } from '../core/compliance-record.js';
import { retentionChanges } from '../core/compliance-retention.js';
import { IGNORED_REASONS, type IgnoredReason } from '../core/engine.js';
import { applyAccountEvents } from '../core/enrollment.js';
import { accountIdOf, type ProductEvent } from '../core/events.js';
import { signalAccountOf } from '../core/notifications.js';
import { parseIncomingEvent, type SourcesConfig } from '../core/partner-events.js';
import type { AccountStore, ComplianceLog, Logger, MetricName, Metrics, SignalPublisher } from '../core/ports.js';
import type { Program } from '../core/program.js';
import { asPrograms, defaultProgramOf, type Programs } from '../core/programs.js';
import { type AccountState, emptyAccountState } from '../core/state.js';
import { forEachLimited } from './concurrency.js';
import { type DeterministicFailure, inEngine, ingestFailureOf, rejectionReason } from './ingest-failures.js';
import { errorAttributes } from './log-attributes.js';
import { publishOrLog } from './publish-signals.js';
import { updateAccount } from './update-account.js';

export interface IngestEventsDeps {
  readonly store: AccountStore;
  readonly publisher: SignalPublisher;
  /** One program, or every program in rule order (the default last): each account gets its own. */
  readonly program: Program | Programs;
  /** Only events with this `source` are accepted. */
  readonly eventSource: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Accounts written at once (default 8). */
  readonly accountConcurrency?: number;
  /**
   * The compliance record: every basis a Contact Upserted states and every removal go in, and a
   * removed contact's entries are kept `retentionDays` after the removal. Without it, nothing is recorded.
   */
  readonly compliance?: { readonly log: ComplianceLog; readonly retentionDays: number };
  /** Applies an account's events: the engine's (default). Tests put an event the engine cannot apply here. */
  readonly apply?: typeof applyAccountEvents;
  /** Now (ISO): events dated more than `futureToleranceSec` after it are rejected. */
  readonly clock: () => string;
  /** Seconds an instant of an event may lie ahead of its ingestion (default DEFAULT_FUTURE_TOLERANCE_SEC). */
  readonly futureToleranceSec?: number;
  /** Domains a `csOwner.email` may be at; absent: any domain. */
  readonly csOwnerDomains?: readonly string[];
  /** How Segment's and RudderStack's messages map onto the contract; without it they are rejected. */
  readonly sources?: SourcesConfig;
}

/** One message as it arrived: its id on the queue and its body. */
export interface IncomingMessage {
  readonly messageId: string;
  readonly body: string;
}

/** A message that can never go in, and why (ids, fields and rules, never a value). */
export interface RejectedMessage {
  readonly messageId: string;
  readonly reason: string;
  readonly eventId: string | null;
}

export interface IngestOutcome {
  /** Messages to deliver again (their account's write failed for the moment). */
  readonly retry: readonly string[];
  readonly rejected: readonly RejectedMessage[];
}

/** The metric each reason an event changed nothing is counted under. */
export const IGNORED_EVENT_METRICS: Readonly<Record<IgnoredReason, MetricName>> = {
  duplicate: 'DuplicateEvents',
  stale: 'StaleEvents',
  'other-account': 'OtherAccountEvents',
};

/** One of the batch's valid events, with the message it came in. */
interface Delivered {
  readonly event: ProductEvent;
  readonly messageId: string;
}

const APPLIED: IngestOutcome = { retry: [], rejected: [] };

export type IngestEvents = (messages: readonly IncomingMessage[]) => Promise<IngestOutcome>;

export function createIngestEvents(deps: IngestEventsDeps): IngestEvents {
  const { store, publisher, program, logger, metrics } = deps;
  const apply = deps.apply ?? applyAccountEvents;

  /** A removed contact's record is kept for the retention period from its removal; one that came back keeps it for good again. */
  async function keepRecords(
    accountId: string,
    events: readonly ProductEvent[],
    before: AccountState | null,
    after: AccountState | null,
  ): Promise<void> {
    const compliance = deps.compliance;
    if (compliance === undefined || after === null) return;
    const changes = inEngine(
      accountId,
      events.map((e) => e.id),
      () => retentionChanges(events, before, after, compliance.retentionDays),
    );
    for (const { contactId, until } of changes) await compliance.log.retain(accountId, contactId, until);
  }

  async function ingestAccount(
    accountId: string,
    events: readonly ProductEvent[],
    ignored: Record<IgnoredReason, number>,
  ): Promise<void> {
    let applied: Readonly<Record<IgnoredReason, number>> | null = null;
    // Recorded before the state changes: each entry is derived from its event alone, so a retry after
    // a failure anywhere below writes it again and changes nothing.
    const eventIds = events.map((e) => e.id);
    if (deps.compliance !== undefined)
      await deps.compliance.log.append(inEngine(accountId, eventIds, () => entriesFromEvents(events)));
    let before: AccountState | null = null;
    const outcome = await updateAccount(store, accountId, (current) => {
      before = current;
      const base = current ?? emptyAccountState(accountId, defaultProgramOf(asPrograms(program)).id);
      const result = inEngine(accountId, eventIds, () => apply(base, events, program));
      // Counted from the attempt that stands (a conflict recomputes from the fresh state).
      applied = result.ignored;
      // Redelivered events change nothing: skip the write (and its conflict risk) entirely.
      return current !== null && !result.changed ? null : result;
    });
    const counts: Readonly<Record<IgnoredReason, number>> | null = applied;
    if (counts !== null) for (const reason of IGNORED_REASONS) ignored[reason] += counts[reason];
    await keepRecords(accountId, events, before, outcome?.saved ?? before);
    if (outcome === null) {
      logger.debug('events changed nothing', { accountId, events: events.length });
      return;
    }
    logger.info('account updated', {
      accountId,
      events: events.length,
      version: outcome.saved.version,
      attempts: outcome.attempts,
    });
    // The events are applied and stored: failing their records would only dead-letter events that
    // took effect.
    await publishOrLog(publisher, logger, outcome.result.signals, { accountId }, signalAccountOf(outcome.saved));
  }

  /**
   * One account's events in one write. A transient failure retries their messages; one that
   * retrying cannot fix sends them through isolate, so a bad event keeps nobody else out.
   */
  async function ingestGroup(
    accountId: string,
    group: readonly Delivered[],
    ignored: Record<IgnoredReason, number>,
  ): Promise<IngestOutcome> {
    try {
      await ingestAccount(
        accountId,
        group.map((d) => d.event),
        ignored,
      );
      return APPLIED;
    } catch (error) {
      const failure = ingestFailureOf(error);
      if (failure.kind === 'transient') {
        logger.error('account update failed; its records will be retried', {
          accountId,
          records: group.length,
          ...errorAttributes(error),
        });
        return { retry: group.map((d) => d.messageId), rejected: [] };
      }
      const [only] = group;
      if (group.length === 1 && only !== undefined)
        return { retry: [], rejected: [rejectEvent(accountId, only, failure, error)] };
      logger.warn('account update failed for a reason retrying cannot fix; applying its events one by one', {
        accountId,
        records: group.length,
        ...errorAttributes(error),
      });
      return isolate(accountId, group, ignored);
    }
  }

  /**
   * Applies the account's events one at a time (in order, one write each), so that the valid ones take
   * effect now and only the one at fault is rejected; one that fails for the moment is retried.
   */
  async function isolate(
    accountId: string,
    group: readonly Delivered[],
    ignored: Record<IgnoredReason, number>,
  ): Promise<IngestOutcome> {
    const retry: string[] = [];
    const rejected: RejectedMessage[] = [];
    for (const delivered of group) {
      const { event, messageId } = delivered;
      try {
        await ingestAccount(accountId, [event], ignored);
      } catch (error) {
        const failure = ingestFailureOf(error);
        if (failure.kind === 'deterministic') {
          rejected.push(rejectEvent(accountId, delivered, failure, error));
        } else {
          logger.error('event not applied; its record will be retried', {
            accountId,
            eventId: event.id,
            messageId,
            ...errorAttributes(error),
          });
          retry.push(messageId);
        }
      }
    }
    return { retry, rejected };
  }

  function rejectEvent(
    accountId: string,
    { event, messageId }: Delivered,
    failure: DeterministicFailure,
    error: unknown,
  ): RejectedMessage {
    const reason = rejectionReason(event.id, failure);
    logger.error('event rejected', { accountId, messageId, eventId: event.id, reason, ...errorAttributes(error) });
    return { messageId, reason, eventId: event.id };
  }

  return async (messages) => {
    const retry: string[] = [];
    const rejected: RejectedMessage[] = [];
    const groups = new Map<string, Delivered[]>();
    for (const { messageId, body } of messages) {
      let raw: unknown;
      try {
        raw = JSON.parse(body);
      } catch {
        logger.warn('event rejected', { messageId, eventId: null, reason: 'message body is not JSON' });
        rejected.push({ messageId, reason: 'message body is not JSON', eventId: null });
        continue;
      }
      const parsed = parseIncomingEvent(
        raw,
        {
          allowedSource: deps.eventSource,
          receivedAt: deps.clock(),
          futureToleranceSec: deps.futureToleranceSec,
          csOwnerDomains: deps.csOwnerDomains,
        },
        deps.sources,
      );
      if (parsed.kind === 'rejected') {
        logger.warn('event rejected', { messageId, eventId: parsed.eventId, reason: parsed.reason });
        rejected.push({ messageId, reason: parsed.reason, eventId: parsed.eventId });
        continue;
      }
      const accountId = accountIdOf(parsed.event);
      const group = groups.get(accountId) ?? [];
      group.push({ event: parsed.event, messageId });
      groups.set(accountId, group);
    }
    const ignored: Record<IgnoredReason, number> = { duplicate: 0, stale: 0, 'other-account': 0 };
    await forEachLimited([...groups], deps.accountConcurrency ?? 8, async ([accountId, group]) => {
      const outcome = await ingestGroup(accountId, group, ignored);
      retry.push(...outcome.retry);
      rejected.push(...outcome.rejected);
    });
    // One count per reason per batch, not per event: the metric is a rate to watch, not a trail.
    for (const reason of IGNORED_REASONS)
      if (ignored[reason] > 0) metrics.count(IGNORED_EVENT_METRICS[reason], {}, ignored[reason]);
    return { retry, rejected };
  };
}
