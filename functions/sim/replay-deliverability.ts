// The deliverability side of a replay, played as AWS would: the sender counts each email SES accepted
// for the sending guard, the sample's complaints come back as SES events to the real engagement
// handler, which pauses sending on its own; the sender's gate then defers jobs, which come back as
// SQS would redeliver them; and a person (scripted by the sample) resumes sending, as
// `teichaku sending resume` does. The replay reads the pauses and resumes back for its summary.
import type { EventBridgeEvent } from 'aws-lambda';
import { MemoryDeferredSends } from '../adapters/memory/deferred-sends.js';
import { createStoreSuppressionRecorder } from '../app/account-suppression.js';
import { createSendGate, type SendGate } from '../app/send-gate.js';
import { resumeWith } from '../app/sending-control.js';
import type { PlannedTouch } from '../core/decisions.js';
import type { Logger, Mailer, OutgoingEmail, SignalPublisher } from '../core/ports.js';
import { describePause, type SendingGuardState } from '../core/sending-guard.js';
import { DEFAULT_GUARDRAIL_THRESHOLDS } from '../core/sending-rates.js';
import { HOUR_MS, toIso } from '../core/time.js';
import { decodeTagValue, TAG_NAMES } from '../core/touch-tags.js';
import { createEngagementHandler } from '../handlers/engagement.js';
import { complaintAt, type SampleFeedback } from './mailbox-feedback.js';
import type { ReplayPorts } from './replay-ports.js';

/** A pause and its resume, as the run's summary and report show them. */
export interface SendingPauseRecord {
  readonly pausedAt: string;
  readonly why: string;
  readonly resumedAt: string | null;
  readonly resumedBy: string | null;
  readonly reason: string | null;
}

export interface SendingOutcome {
  readonly pauses: readonly SendingPauseRecord[];
  /** Times a send job was put back to wait (one job may wait several times). */
  readonly deferrals: number;
  /** Send jobs that waited at least once. */
  readonly deferredJobs: number;
  /** Jobs still waiting when the replay ended. */
  readonly waiting: number;
  readonly complaints: number;
}

export interface ReplayDeliverability {
  readonly gate: SendGate;
  readonly deferrer: MemoryDeferredSends;
  /** Wraps the replay's mailer so every email it hands SES comes back as SES events. */
  mailer(inner: Mailer): Mailer;
  /** Jobs whose delay ended by `atMs`. */
  dueJobs(atMs: number): PlannedTouch[];
  /** After an hour's sends: SES events due by `atMs` to engagement, then the scripted resume. */
  afterHour(atMs: number): Promise<void>;
  outcome(): Promise<SendingOutcome>;
}

interface PendingEvent {
  readonly atMs: number;
  readonly event: EventBridgeEvent<string, unknown>;
}

/** A spam complaint as SES puts it on the bus (the sends themselves are counted by the sender). */
function complaintEvent(email: OutgoingEmail, messageId: string, atMs: number): EventBridgeEvent<string, unknown> {
  const at = toIso(atMs);
  return {
    version: '0',
    id: `${messageId}-Complaint`,
    'detail-type': 'Email Complaint Received',
    source: 'aws.ses',
    account: '000000000000',
    time: at,
    region: 'local',
    resources: [],
    detail: {
      eventType: 'Complaint',
      mail: {
        messageId,
        timestamp: at,
        tags: Object.fromEntries(Object.entries(email.tags).map(([k, v]) => [k, [v]])),
      },
      complaint: { timestamp: at, complaintFeedbackType: 'abuse' },
    },
  };
}

export function createReplayDeliverability(options: {
  readonly ports: ReplayPorts;
  readonly clock: { readonly now: () => string; readonly nowMs: number };
  readonly publisher: SignalPublisher;
  readonly logger: Logger;
  readonly firstDay: string;
  readonly feedback?: SampleFeedback;
}): ReplayDeliverability {
  const { ports, clock, feedback } = options;
  const deferrer = new MemoryDeferredSends(() => clock.nowMs);
  // No SES quota locally (local SES has none) and no warm-up: the pause is what a replay shows.
  const gate = createSendGate({ guard: ports.guard, quota: null, senders: 1, warmUp: [], ratePerSecond: 1_000 });
  const engage = createEngagementHandler({
    ledger: ports.ledger,
    suppressions: createStoreSuppressionRecorder(ports.store),
    logger: options.logger,
    guard: {
      store: ports.guard,
      thresholds: { ...DEFAULT_GUARDRAIL_THRESHOLDS, ...feedback?.guardrails },
      publisher: options.publisher,
      clock: clock.now,
    },
    compliance: ports.compliance,
  });
  let pending: PendingEvent[] = [];
  let complaints = 0;
  let mayBePaused = false;
  let resumed = false;

  return {
    gate,
    deferrer,
    mailer: (inner) => ({
      send: async (email) => {
        const sent = await inner.send(email);
        const sentMs = clock.nowMs;
        const touchId = decodeTagValue(email.tags[TAG_NAMES.touch] ?? '');
        // The sample's story: the person who resumes has removed the cause, so complaints stop there.
        const complainMs =
          feedback === undefined || resumed ? null : complaintAt(feedback, options.firstDay, touchId, toIso(sentMs));
        if (complainMs !== null) {
          complaints += 1;
          pending.push({ atMs: complainMs, event: complaintEvent(email, sent.messageId, complainMs) });
        }
        return sent;
      },
    }),
    dueJobs: (atMs) => deferrer.takeDue(atMs),
    async afterHour(atMs) {
      const due = pending
        .filter((p) => p.atMs <= atMs)
        .sort((a, b) => a.atMs - b.atMs || (a.event.id < b.event.id ? -1 : 1));
      pending = pending.filter((p) => p.atMs > atMs);
      // One at a time, in time order: the guard must see the complaint that crosses the line before the next one.
      for (const p of due) await engage(p.event);
      if (
        due.some((p) => p.event.detail !== null && (p.event.detail as { eventType?: string }).eventType === 'Complaint')
      )
        mayBePaused = true;
      const after = feedback?.resumeAfterHours;
      // Only a complaint here pauses (SES alarms have no part in a replay): no need to read the guard every hour.
      if (after === undefined || !mayBePaused) return;
      const state = await ports.guard.load();
      if (state.status !== 'paused')
        mayBePaused = pending.some((p) => (p.event.detail as { eventType?: string }).eventType === 'Complaint');
      if (
        state.status === 'paused' &&
        state.pause !== null &&
        Date.parse(state.pause.pausedAt) + after * HOUR_MS <= atMs
      ) {
        const outcome = await resumeWith(
          { guard: ports.guard, publisher: options.publisher },
          {
            at: toIso(atMs),
            by: feedback?.resumeBy ?? 'sample-operator',
            reason: feedback?.resumeReason ?? 'resumed',
            channel: 'cli',
          },
        );
        if (outcome.kind === 'resumed') resumed = true;
      }
    },
    async outcome() {
      const state = await ports.guard.load();
      return {
        pauses: pausesOf(state),
        deferrals: deferrer.deferrals,
        deferredJobs: deferrer.jobs,
        waiting: deferrer.size,
        complaints,
      };
    },
  };
}

/** Each pause with the resume that ended it (if any). */
export function pausesOf(state: SendingGuardState): SendingPauseRecord[] {
  const out: SendingPauseRecord[] = [];
  for (const h of state.history) {
    if (h.action === 'paused')
      out.push({ pausedAt: h.pausedAt, why: describePause(h), resumedAt: null, resumedBy: null, reason: null });
    else {
      const index = out.findIndex((p) => p.pausedAt === h.pausedAt && p.resumedAt === null);
      if (index >= 0)
        out[index] = { ...(out[index] as SendingPauseRecord), resumedAt: h.at, resumedBy: h.by, reason: h.reason };
    }
  }
  return out;
}
