// One replay from an events file to its outputs: touches.jsonl, signals.jsonl, rejected.jsonl,
// report.html (+ report.json) and mailbox.html, and the summary. `teichaku simulate` and `npm start`
// both run this.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPLIANCE_FILE, writeComplianceLines } from '../adapters/compliance-export.js';
import { IGNORED_EVENT_METRICS } from '../app/ingest-events.js';
import { loadReplayContent } from '../build/replay-content.js';
import { IGNORED_REASONS } from '../core/engine.js';
import { TeichakuError } from '../core/errors.js';
import type { CrmRecordPublisher, SignalPublisher } from '../core/ports.js';
import { accountLine } from '../report/account-lines.js';
import { buildReportData, type SentTouch } from '../report/report-data.js';
import { writeReport } from '../report/write-report.js';
import { countingMetrics } from './counting-metrics.js';
import { CrmChanges } from './crm-changes.js';
import { DecisionRecorder } from './decision-recorder.js';
import { type RejectedLine, readEventFile } from './event-file.js';
import { JsonlWriter } from './jsonl-writer.js';
import { writeMailbox } from './mailbox.js';
import type { SampleFeedback } from './mailbox-feedback.js';
import { ReplayRecorder } from './recorders.js';
import { type ReplayProgress, replay } from './replay.js';
import { createReplayDeliverability } from './replay-deliverability.js';
import { countingLogger, createReplayHandlers } from './replay-handlers.js';
import { openPorts, type ReplayPorts, type ServiceMode } from './replay-ports.js';
import type { SampleLoop } from './sample-loop.js';
import { StoreMirror } from './store-mirror.js';
import { type SimulationSummary, summaryFrom } from './summary.js';
import { VirtualClock } from './virtual-clock.js';

export interface SimulationOptions {
  readonly eventsFile: string;
  /** Events drawn as the replay goes by a world that answers the emails (npm start); `eventsFile` is then not read. */
  readonly live?: SampleLoop;
  /** Default: the earliest event's time. */
  readonly from?: string;
  readonly until: string;
  readonly outDir: string;
  /** How the sample's recipients answer (complaints, a person's resume); default: they send no feedback. */
  readonly feedback?: SampleFeedback;
  readonly programFile: string;
  readonly services: ServiceMode;
  readonly onProgress?: (progress: ReplayProgress) => void;
  /**
   * Ports opened by the caller (kept open; still opening is fine: the content loads meanwhile);
   * default: opened and stopped here.
   */
  readonly ports?: ReplayPorts | Promise<ReplayPorts>;
  /** Where the signals go besides signals.jsonl (`npm start`: the notifications to the local receiver). */
  readonly notify?: SignalPublisher;
  /** Where the CRM record changes go besides crm.jsonl (`npm start`: HubSpot and Salesforce stand-ins). */
  readonly crm?: CrmRecordPublisher;
}

export interface SimulationFiles {
  readonly touches: string;
  readonly signals: string;
  readonly rejected: string;
  /** Every planner decision, sent or skipped, with its reason. */
  readonly decisions: string;
  /**
   * One line per account: program, holdout group, phase, onboarding completion, value reached,
   * milestones, health and emails (what the effect report counts), with its final state and its
   * health at each planner run (what `teichaku explain --from-run` reads).
   */
  readonly accounts: string;
  /** Every figure of the effect report. */
  readonly effects: string;
  readonly report: string;
  readonly reportJson: string;
  readonly mailbox: string;
  /** One line per `CRM Record Changed` (accounts with a `crmId`, on change only), its detail as published. */
  readonly crm: string;
}

export interface SimulationResult {
  readonly files: SimulationFiles;
  readonly summary: SimulationSummary;
}

/** The run cannot start (bad window, unreadable input); nothing was replayed. */
export class SimulationError extends TeichakuError {
  readonly code = 'SIMULATION';
  override readonly name = 'SimulationError';
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const startedMs = performance.now();
  const input =
    options.live === undefined ? await readEventFile(options.eventsFile) : { events: [], rejected: [], lines: 0 };
  const first = input.events[0];
  const from = options.from ?? (first === undefined ? options.until : new Date(first.timeMs).toISOString());
  if (Date.parse(from) >= Date.parse(options.until)) {
    throw new SimulationError(
      `nothing to replay: --from ${from} is not before --until ${options.until}${options.from === undefined ? ' (--from defaults to the earliest valid event)' : ''}`,
    );
  }
  const content = await loadReplayContent(options.programFile, from);
  await mkdir(options.outDir, { recursive: true });
  const files: SimulationFiles = {
    touches: join(options.outDir, 'touches.jsonl'),
    signals: join(options.outDir, 'signals.jsonl'),
    rejected: join(options.outDir, 'rejected.jsonl'),
    decisions: join(options.outDir, 'decisions.jsonl'),
    accounts: join(options.outDir, 'accounts.jsonl'),
    effects: join(options.outDir, 'effects.json'),
    report: join(options.outDir, 'report.html'),
    reportJson: join(options.outDir, 'report.json'),
    mailbox: join(options.outDir, 'mailbox.html'),
    crm: join(options.outDir, 'crm.jsonl'),
  };

  const ports = await (options.ports ?? openPorts(options.services));
  const touchesOut = new JsonlWriter(files.touches);
  const signalsOut = new JsonlWriter(files.signals);
  const decisionsOut = new JsonlWriter(files.decisions);
  const crmOut = new JsonlWriter(files.crm);
  const crm = new CrmChanges(options.crm ?? null);
  try {
    const startMs = Math.min(Date.parse(from), first?.timeMs ?? Number.POSITIVE_INFINITY);
    const clock = new VirtualClock(new Date(startMs).toISOString());
    const recorder = new ReplayRecorder(clock.now);
    const logger = countingLogger();
    const mirror = new StoreMirror();
    const decisionRecorder = new DecisionRecorder();
    const metrics = countingMetrics();
    const deliverability = createReplayDeliverability({
      ports: { ...ports, store: mirror.watch(ports.store) },
      clock,
      publisher: recorder.publisher(options.notify ?? null),
      logger,
      firstDay: from,
      ...(options.feedback === undefined ? {} : { feedback: options.feedback }),
    });
    const handlers = createReplayHandlers(
      { ...ports, store: mirror.watch(ports.store) },
      content,
      clock.now,
      recorder,
      logger,
      {
        trail: decisionRecorder.trail(ports.trail),
        metrics,
        deliverability,
        ...(options.notify === undefined ? {} : { notify: options.notify }),
        crm: crm.publisher,
      },
    );
    const sentTouches: SentTouch[] = [];
    const outcome = await replay(
      options.live ?? input.events,
      { from, until: options.until },
      {
        handlers,
        program: content.programs,
        clock,
        recorder,
        mirror,
        deliverability,
        onProgress: options.onProgress,
        onHour: async ({ sent, signals }) => {
          for (const t of sent)
            sentTouches.push({ sentAt: t.sentAt, accountId: t.accountId, contactId: t.contactId, kind: t.kind });
          await touchesOut.write(sent);
          // `at`, `type` and `accountId` lead each line; the signal's own fields follow.
          await signalsOut.write(
            signals.map(({ at, type, accountId, ...fields }) => ({ at, type, accountId, ...fields })),
          );
          await decisionsOut.write(decisionRecorder.take());
          await crmOut.write(crm.take());
        },
      },
    );
    const rejected: RejectedLine[] = [...input.rejected, ...outcome.ingestDeadLetters].sort((a, b) => a.line - b.line);
    await writeFile(files.rejected, rejected.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');

    const accounts = await ports.loadAll(outcome.accountIds);
    const touchCounts = new Map<string, number>();
    for (const t of sentTouches) touchCounts.set(t.accountId, (touchCounts.get(t.accountId) ?? 0) + 1);
    await writeFile(
      files.accounts,
      accounts
        .map((state) => {
          const line = accountLine(state, content.programs, options.until, touchCounts.get(state.accountId) ?? 0);
          return `${JSON.stringify({ ...line, healthOverTime: decisionRecorder.healthOf(state.accountId), state })}\n`;
        })
        .join(''),
      'utf8',
    );
    await ports.saveReadings(outcome.snapshots);
    await writeComplianceLines(
      join(options.outDir, COMPLIANCE_FILE),
      await Promise.all(outcome.accountIds.map((id) => ports.complianceOf(id))),
    );
    const sending = await deliverability.outcome();
    const report = buildReportData({
      program: content.programs,
      from,
      until: options.until,
      accounts,
      touches: sentTouches,
      snapshots: outcome.snapshots,
    });
    await writeReport(options.outDir, { ...report, sending });
    await writeFile(files.effects, `${JSON.stringify(report.effects, null, 2)}\n`, 'utf8');
    await writeMailbox(files.mailbox, recorder.mailboxEntries());
    const summary = summaryFrom(report, {
      window: { from, until: options.until },
      services: ports.mode,
      lines: options.live?.drawn() ?? input.lines,
      eventsReplayed: outcome.eventsDelivered,
      rejected: rejected.length,
      eventsAfterUntil: outcome.eventsAfterUntil,
      signals: signalsOut.lines,
      plannerFailures: outcome.plannerFailures,
      sendDeadLetters: outcome.sendDeadLetters,
      sendJobsLeft: outcome.sendJobsLeft,
      handlerProblems: Object.fromEntries(logger.counts),
      sending,
      decisions: decisionRecorder.decisions,
      eventsIgnored: Object.fromEntries(
        IGNORED_REASONS.map((r) => [r, metrics.totals.get(IGNORED_EVENT_METRICS[r]) ?? 0]),
      ) as Record<(typeof IGNORED_REASONS)[number], number>,
      elapsedMs: performance.now() - startedMs,
    });
    return { files, summary };
  } finally {
    await touchesOut.close();
    await signalsOut.close();
    await decisionsOut.close();
    await crmOut.close();
    if (options.ports === undefined) await ports.stop();
  }
}
