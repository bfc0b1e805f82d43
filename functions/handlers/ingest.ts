// Ingest λ: an SQS batch of product events (each body an EventBridge event). Valid events are grouped
// by account and applied with one conditional write per account; a bad event, or a failed account,
// fails only its own records, which SQS redelivers and finally dead-letters.
//
// The batch response is built here rather than with Powertools' BatchProcessor: that processes one
// record at a time, which would mean one write per event instead of one per account per batch.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { applyAccountEvents } from '../core/enrollment.js';
import { IGNORED_REASONS, type IgnoredReason } from '../core/engine.js';
import { accountIdOf, parseProductEvent, type ProductEvent } from '../core/events.js';
import type { AccountStore, ComplianceLog, SignalPublisher } from '../core/ports.js';
import { entriesFromEvents } from '../core/compliance-record.js';
import { addDays } from '../core/time.js';
import type { AccountState } from '../core/state.js';
import type { Program } from '../core/program.js';
import { asPrograms, defaultProgramOf, type Programs } from '../core/programs.js';
import { emptyAccountState } from '../core/state.js';
import { updateAccount } from '../adapters/update-account.js';
import { forEachLimited } from './concurrency.js';
import { errorAttributes, type HandlerLogger } from './logger.js';
import { noMetrics, type HandlerMetrics, type MetricName } from './metrics.js';
import { ingestDepsFromEnv, lambdaEntry } from './wiring.js';

export interface IngestDeps {
  readonly store: AccountStore;
  readonly publisher: SignalPublisher;
  /** One program, or every program in rule order (the default last): each account gets its own. */
  readonly program: Program | Programs;
  /** Only events with this `source` are accepted. */
  readonly eventSource: string;
  readonly logger: HandlerLogger;
  /** Accounts written at once (default 8). */
  readonly accountConcurrency?: number;
  /** Where the counts of events that changed nothing go (default: nowhere). */
  readonly metrics?: HandlerMetrics;
  /**
   * The compliance record: every basis a Contact Upserted states and every removal go in, and a
   * removed contact's entries are kept `retentionDays` after the removal. Without it, nothing is recorded.
   */
  readonly compliance?: { readonly log: ComplianceLog; readonly retentionDays: number };
  /** Now (ISO): events dated more than `futureToleranceSec` after it are rejected (default: the system clock). */
  readonly clock?: () => string;
  /** Seconds an instant of an event may lie ahead of its ingestion (default DEFAULT_FUTURE_TOLERANCE_SEC). */
  readonly futureToleranceSec?: number;
  /** Domains a `csOwner.email` may be at; absent: any domain. */
  readonly csOwnerDomains?: readonly string[];
}

/** The metric each reason an event changed nothing is counted under. */
export const IGNORED_EVENT_METRICS: Readonly<Record<IgnoredReason, MetricName>> = {
  duplicate: 'DuplicateEvents',
  stale: 'StaleEvents',
  'other-account': 'OtherAccountEvents',
};

interface AccountGroup {
  readonly events: ProductEvent[];
  readonly messageIds: string[];
}

export function createIngestHandler(deps: IngestDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const { store, publisher, program, logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  const clock = deps.clock ?? (() => new Date().toISOString());

  /** A removed contact's record is kept for the retention period from its removal; one that came back keeps it for good again. */
  async function keepRecords(accountId: string, events: readonly ProductEvent[], before: AccountState | null, after: AccountState | null): Promise<void> {
    const compliance = deps.compliance;
    if (compliance === undefined || after === null) return;
    const removals = new Set(events.filter((e) => e.detailType === 'Contact Removed').map((e) => e.id));
    const touched = new Set(events.flatMap((e) => (e.detailType === 'Contact Removed' || e.detailType === 'Contact Upserted' ? [e.detail.contactId] : [])));
    for (const contactId of touched) {
      const contact = after.contacts[contactId];
      if (contact === undefined || contact.stamp === null) continue;
      if (contact.removed && removals.has(contact.stamp.eventId)) await compliance.log.retain(accountId, contactId, addDays(contact.stamp.at, compliance.retentionDays));
      else if (!contact.removed && before?.contacts[contactId]?.removed === true) await compliance.log.retain(accountId, contactId, null);
    }
  }

  async function ingestAccount(accountId: string, events: readonly ProductEvent[], ignored: Record<IgnoredReason, number>): Promise<void> {
    let applied: Readonly<Record<IgnoredReason, number>> | null = null;
    // Recorded before the state changes: each entry is derived from its event alone, so a retry after
    // a failure anywhere below writes it again and changes nothing.
    await deps.compliance?.log.append(entriesFromEvents(events));
    let before: AccountState | null = null;
    const outcome = await updateAccount(store, accountId, (current) => {
      before = current;
      const base = current ?? emptyAccountState(accountId, defaultProgramOf(asPrograms(program)).id);
      const result = applyAccountEvents(base, events, program);
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
    logger.info('account updated', { accountId, events: events.length, version: outcome.saved.version, attempts: outcome.attempts });
    const { signals } = outcome.result;
    if (signals.length === 0) return;
    try {
      await publisher.publish(signals);
    } catch (error) {
      // The events are applied and stored: failing their records would only dead-letter events that
      // took effect. The signals are lost; the log line (and its alarm) says which.
      logger.error('signals not published', { accountId, signals: signals.length, types: signals.map((s) => s.type), ...errorAttributes(error) });
    }
  }

  return async (event) => {
    const failed: string[] = [];
    const groups = new Map<string, AccountGroup>();
    for (const record of event.Records) {
      let raw: unknown;
      try {
        raw = JSON.parse(record.body);
      } catch {
        logger.warn('event rejected', { messageId: record.messageId, eventId: null, reason: 'message body is not JSON' });
        failed.push(record.messageId);
        continue;
      }
      const parsed = parseProductEvent(raw, { allowedSource: deps.eventSource, receivedAt: clock(), futureToleranceSec: deps.futureToleranceSec, csOwnerDomains: deps.csOwnerDomains });
      if (parsed.kind === 'rejected') {
        logger.warn('event rejected', { messageId: record.messageId, eventId: parsed.eventId, reason: parsed.reason });
        failed.push(record.messageId);
        continue;
      }
      const accountId = accountIdOf(parsed.event);
      const group = groups.get(accountId) ?? { events: [], messageIds: [] };
      group.events.push(parsed.event);
      group.messageIds.push(record.messageId);
      groups.set(accountId, group);
    }
    const ignored: Record<IgnoredReason, number> = { duplicate: 0, stale: 0, 'other-account': 0 };
    await forEachLimited([...groups], deps.accountConcurrency ?? 8, async ([accountId, group]) => {
      try {
        await ingestAccount(accountId, group.events, ignored);
      } catch (error) {
        logger.error('account update failed; its records will be retried', { accountId, records: group.messageIds.length, ...errorAttributes(error) });
        failed.push(...group.messageIds);
      }
    });
    // One count per reason per batch, not per event: the metric is a rate to watch, not a trail.
    for (const reason of IGNORED_REASONS) if (ignored[reason] > 0) metrics.count(IGNORED_EVENT_METRICS[reason], {}, ignored[reason]);
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

export const handler = lambdaEntry(() => createIngestHandler(ingestDepsFromEnv()));
