// Record what became of a sent email (delivery, bounce, complaint, reject, delay; open and click when
// tracked). Each updates its touch in the ledger; a permanent bounce or a complaint also suppresses
// the contact for good (and a complaint is an opt-out in the compliance record); a transient bounce or
// a delivery delay is recorded, never suppressed. Permanent bounces and complaints feed the sending
// guard: when a rate crosses its threshold, automated sending pauses. The guard's sends are counted
// by the sender; a `Send` event, where one still arrives, counts once per touch just the same.
import { effectOf } from '../core/engagement-effect.js';
import type {
  ComplianceLog,
  Logger,
  Metrics,
  SendingGuardStore,
  SignalPublisher,
  SuppressionRecorder,
  TouchLedger,
} from '../core/ports.js';
import { noMetrics } from '../core/ports.js';
import { describePause } from '../core/sending-guard.js';
import {
  assessRates,
  type GuardrailThresholds,
  hourOf,
  RATE_HISTORY_DAYS,
  type SendingOutcome,
} from '../core/sending-rates.js';
import { DAY_MS, toIso, toMs } from '../core/time.js';
import { pauseWith } from './sending-control.js';

/** The sending guard: counts outcomes and pauses sending when a rate crosses its threshold. */
export interface EngagementGuard {
  readonly store: SendingGuardStore;
  readonly thresholds: GuardrailThresholds;
  /** Where `Sending Paused` goes. */
  readonly publisher: SignalPublisher;
  readonly clock: () => string;
  readonly metrics?: Metrics;
}

export interface RecordEngagementDeps {
  readonly ledger: TouchLedger;
  readonly suppressions: SuppressionRecorder;
  readonly logger: Logger;
  /** Without it, outcomes are not counted and nothing pauses (tests of the ledger side alone). */
  readonly guard?: EngagementGuard;
  /** Where complaints are recorded as opt-outs; without it they are only suppressions. */
  readonly compliance?: ComplianceLog;
}

/** A mail event about one of our touches (found through the tags the sender put on the email). */
export interface TouchMailEvent {
  readonly accountId: string;
  readonly touchId: string;
  readonly contactId: string;
  readonly messageId: string;
  readonly eventType: string;
  readonly bounceType?: string | undefined;
  /** When it happened (ISO). */
  readonly at: string;
}

export function createRecordEngagement(deps: RecordEngagementDeps): (event: TouchMailEvent) => Promise<void> {
  const { ledger, suppressions, logger } = deps;
  let firstSendNoted = false;

  /** Counts the outcome once per touch; a new bounce or complaint may pause sending. */
  async function guardOutcome(
    guard: EngagementGuard,
    accountId: string,
    touchId: string,
    outcome: SendingOutcome,
    at: string,
  ): Promise<void> {
    const counted = await guard.store.countOutcome(accountId, touchId, outcome, at);
    if (counted !== 'counted') return;
    if (outcome === 'send') {
      // Once per container: the table keeps the earliest anyway.
      if (!firstSendNoted) await guard.store.noteFirstSend(at);
      firstSendNoted = true;
      return;
    }
    // Only a bounce or a complaint can raise a rate: that is when it is worth reading them.
    const now = guard.clock();
    const state = await guard.store.load();
    if (state.status === 'paused') return;
    const oldest = hourOf(toIso(toMs(now) - RATE_HISTORY_DAYS * DAY_MS));
    const assessment = assessRates(await guard.store.readCounts(oldest), now, guard.thresholds, state.resumedAt);
    if (assessment.breach === null) return;
    const pause = {
      pausedAt: now,
      cause: {
        kind: 'rates' as const,
        breach: assessment.breach,
        windows: assessment.windows,
        thresholds: guard.thresholds,
      },
    };
    if (await pauseWith({ guard: guard.store, publisher: guard.publisher }, pause)) {
      (guard.metrics ?? noMetrics).count('SendingPaused');
      logger.error('automated sending paused: a person must resume it (teichaku sending resume)', {
        why: describePause(pause),
        metric: assessment.breach.metric,
        window: assessment.breach.window,
      });
    }
  }

  return async ({ accountId, touchId, contactId, messageId, eventType, bounceType, at }) => {
    const effect = effectOf({ eventType, bounceType });
    if ('ignore' in effect) {
      logger.debug('SES event ignored', { accountId, touchId, reason: effect.ignore });
      return;
    }
    if (effect.status !== null) await ledger.recordStatus(accountId, touchId, effect.status, at);
    if (effect.suppress !== null) await suppressions.suppress(accountId, contactId, effect.suppress, at);
    if (effect.suppress === 'complained')
      await deps.compliance?.append([
        { kind: 'opt-out', accountId, contactId, at, scope: 'all', channel: 'complaint' },
      ]);
    if (effect.outcome !== null && deps.guard !== undefined)
      await guardOutcome(deps.guard, accountId, touchId, effect.outcome, at);
    // A suppression is worth a line; a delivery (one per email) is in the ledger and would only add
    // log bytes to every email.
    const recorded = { accountId, touchId, messageId, status: effect.status, suppressed: effect.suppress };
    if (effect.suppress === null) logger.debug('touch engagement recorded', recorded);
    else logger.info('touch engagement recorded', recorded);
  };
}
