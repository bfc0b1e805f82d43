// One metered week of teichaku at work, for the cost rows: sample accounts (their state from their
// event history) receive the week's usage events through the ingest handler, the planner runs every
// hour, the sender sends what it queued, and the engagement handler takes the SES events of each email
// that the construct's configuration set publishes (infra/email.ts).
// The real handlers and adapters run unchanged, wired as functions/handlers/wiring.ts wires them in
// Lambda (see week-wiring.ts): DynamoDB calls go to the real local DynamoDB (capacity as it reports
// it); SQS, EventBridge and SES calls are answered at the SDK client and counted.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { type SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../functions/adapters/local/local-services.js';
import { accountPartitionKey, STATE_SORT_KEY, TABLE_KEY } from '../functions/adapters/table-schema.js';
import { loadReplayContent } from '../functions/build/replay-content.js';
import { type PlannerRun, PlannerRunError } from '../functions/handlers/planner.js';
import { PUBLISHED_SES_EVENTS } from '../infra/email.js';
import { answerCalls } from './aws-meter.js';
import { itemSizeBytes } from './item-size.js';
import { openTable, seedStates, sqsBatch, withLocalDynamo } from './local-table.js';
import {
  byTime,
  eventsByAccount,
  INGEST_SOURCE_BATCH,
  mondayAfter,
  PROGRAM_FILE,
  sampleWorld,
  sourceBatches,
  stateAfter,
} from './usage-stream.js';
import {
  countingLogger,
  engagementEvents,
  type HandlerTally,
  type Meters,
  newTally,
  type WeekTallies,
} from './week-tally.js';
import { weekHandlers } from './week-wiring.js';

const HOUR_MS = 3_600_000;
/**
 * Days run before the metered week and not counted: the sample's states are built from their events
 * alone, never planned, so the first runs catch up on phase changes, first health checks and touches
 * long overdue. Friday to Sunday holds a sending day in every zone of the sample, so the backlog is
 * sent before Monday and the week measures the steady state.
 */
const WARM_UP_DAYS = 3;

export interface WeekMeasurement {
  readonly accounts: number;
  /** Days measured: a week, or two days in a smoke run. */
  readonly days: number;
  readonly contacts: number;
  readonly events: number;
  readonly emails: number;
  readonly plannerRuns: number;
  readonly tallies: WeekTallies;
  /** Mean size of an account item at the end of the week, by DynamoDB's rules. */
  readonly accountItemBytes: number;
  /** Custom metrics the handlers published during the week. */
  readonly metricNames: readonly string[];
  readonly elapsedMs: number;
}

export async function measureWeek(smoke: boolean): Promise<WeekMeasurement> {
  const started = performance.now();
  const accounts = smoke ? 6 : 60;
  const days = smoke ? 2 : 7;
  const warmUpDays = smoke ? 1 : WARM_UP_DAYS;
  const world = await sampleWorld({ accounts });
  const cut = mondayAfter(world, 10);
  const start = new Date(Date.parse(cut) - warmUpDays * 24 * HOUR_MS).toISOString();
  const end = new Date(Date.parse(cut) + days * 24 * HOUR_MS).toISOString();
  const content = await loadReplayContent(PROGRAM_FILE, start);
  const histories = eventsByAccount(world, content.program, accounts, end);
  const seeds = [...histories].map(([id, events]) =>
    stateAfter(
      id,
      events.filter((e) => e.time < start),
      world.source,
      content.programs,
    ),
  );
  // The warm-up's events and the metered week's, in arrival order.
  const week = [...histories.values()]
    .flat()
    .filter((e) => e.time >= start)
    .sort(byTime);

  return withLocalDynamo(async (endpoint) => {
    const table = await openTable(endpoint, 'bench-send-week');
    await seedStates(table, seeds);
    const sqs = new SQSClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const events = new EventBridgeClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const ses = new SESv2Client({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    const queued: string[] = [];
    const sent: SendEmailCommandInput[] = [];
    const meters: Meters = {
      dynamo: table.meter,
      sqs: answerCalls(sqs, (command, input) => {
        // A deferred job (SendMessage with a delay) is counted, not delivered again: the week has none
        // unless sending pauses.
        if (command !== 'SendMessageBatchCommand') return { MessageId: `deferred-${queued.length}` };
        const entries = input.Entries as SendMessageBatchRequestEntry[];
        for (const e of entries) queued.push(e.MessageBody ?? '');
        return {
          Successful: entries.map((e) => ({ Id: e.Id, MessageId: `m-${queued.length}`, MD5OfMessageBody: '' })),
          Failed: [],
        };
      }),
      events: answerCalls(events, (_command, input) => ({
        FailedEntryCount: 0,
        Entries: (input.Entries as unknown[]).map((_, i) => ({ EventId: `e-${i}` })),
      })),
      ses: answerCalls(ses, (command, input) => {
        // The send gate reads the account's quota: a production account's, far from reached.
        if (command === 'GetAccountCommand')
          return {
            SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 },
            ProductionAccessEnabled: true,
            SendingEnabled: true,
          };
        sent.push(input as unknown as SendEmailCommandInput);
        return { MessageId: `ses-${sent.length}` };
      }),
    };
    const metered: WeekTallies = {
      ingest: newTally(),
      planner: newTally(),
      plannerIdle: newTally(),
      sender: newTally(),
      engagement: newTally(),
    };
    const unmetered: WeekTallies = {
      ingest: newTally(),
      planner: newTally(),
      plannerIdle: newTally(),
      sender: newTally(),
      engagement: newTally(),
    };
    const logger = countingLogger();
    let nowMs = Date.parse(start);
    const clock = () => new Date(nowMs).toISOString();
    const { ingest, plan, send, engage } = weekHandlers(
      { table, sqs, events, ses },
      content,
      world.source,
      clock,
      logger,
      logger.metrics,
    );

    let next = 0;
    let plannerRuns = 0;
    let weekEvents = 0;
    let emailsBefore: number | null = null;
    for (let hourMs = Date.parse(start); hourMs < Date.parse(end); hourMs += HOUR_MS) {
      const warmingUp = hourMs < Date.parse(cut);
      const tallies = warmingUp ? unmetered : metered;
      if (!warmingUp && emailsBefore === null) emailsBefore = sent.length;
      let last = next;
      while (last < week.length && Date.parse((week[last] as (typeof week)[number]).time) < hourMs + HOUR_MS) last++;
      if (!warmingUp) weekEvents += last - next;
      for (const batch of sourceBatches(week.slice(next, last), INGEST_SOURCE_BATCH)) {
        await logger.invoke(
          tallies.ingest,
          meters,
          () => ingest(sqsBatch(batch.map((e) => ({ id: e.id, body: JSON.stringify(e) })))),
          batch.length,
        );
      }
      next = last;
      nowMs = hourMs + HOUR_MS;
      const run = newTally();
      let outcome: PlannerRun | null = null;
      await logger.invoke(run, meters, async () => {
        try {
          outcome = await plan();
        } catch (error) {
          if (!(error instanceof PlannerRunError)) throw error;
          outcome = error.run;
        }
      });
      if (!warmingUp) plannerRuns += 1;
      addTally((outcome as PlannerRun | null)?.due ? tallies.planner : tallies.plannerIdle, run);
      const sentBefore = sent.length;
      for (let i = 0; i < queued.length; i += 10) {
        const jobs = queued.slice(i, i + 10).map((body, j) => ({ id: `job-${i + j}`, body }));
        await logger.invoke(tallies.sender, meters, () => send(sqsBatch(jobs)), jobs.length);
      }
      queued.length = 0;
      for (const [index, email] of sent.slice(sentBefore).entries()) {
        for (const event of engagementEvents(email, sentBefore + index, clock(), PUBLISHED_SES_EVENTS)) {
          await logger.invoke(tallies.engagement, meters, () => engage(event));
        }
      }
    }
    let itemBytes = 0;
    for (const id of histories.keys()) {
      const out = await table.client.send(
        new GetItemCommand({
          TableName: table.name,
          Key: marshall({ [TABLE_KEY.partitionKey]: accountPartitionKey(id), [TABLE_KEY.sortKey]: STATE_SORT_KEY }),
        }),
      );
      itemBytes += out.Item === undefined ? 0 : itemSizeBytes(out.Item);
    }
    for (const client of [sqs, events, ses, table.client]) client.destroy();
    return {
      accounts,
      days,
      contacts: seeds.reduce((n, s) => n + Object.keys(s.contacts).length, 0),
      events: weekEvents,
      emails: sent.length - (emailsBefore ?? sent.length),
      plannerRuns,
      tallies: metered,
      accountItemBytes: itemBytes / histories.size,
      metricNames: [...logger.metricNames].sort(),
      elapsedMs: performance.now() - started,
    };
  });
}

function addTally(into: HandlerTally, from: HandlerTally): void {
  for (const key of Object.keys(from) as (keyof HandlerTally)[]) into[key] += from[key];
}
