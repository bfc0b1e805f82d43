// One metered week of teichaku at work, for the cost rows: sample accounts (their state from their
// event history) receive the week's usage events through the ingest handler, the planner runs every
// hour, the sender sends what it queued, and the engagement handler takes the SES events of each email.
// The real handlers and adapters run unchanged, wired as functions/handlers/wiring.ts wires them in
// Lambda: DynamoDB calls go to the real local DynamoDB (capacity as it reports it), SQS, EventBridge and
// SES calls are answered at the SDK client and counted.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createStoreSuppressionRecorder } from '../functions/adapters/account-suppression.js';
import { createDynamoDecisionTrail } from '../functions/adapters/dynamodb-decision-trail.js';
import { createDynamoTouchLedger } from '../functions/adapters/dynamodb-ledger.js';
import { createEventBridgePublisher } from '../functions/adapters/eventbridge-publisher.js';
import { fromAddress } from '../functions/adapters/from-address.js';
import { STATE_SORT_KEY, TABLE_KEY, accountPartitionKey } from '../functions/adapters/table-schema.js';
import { createSesMailer } from '../functions/adapters/ses-mailer.js';
import { createSqsSendQueue } from '../functions/adapters/sqs-send-queue.js';
import { createUnsubscribeTokens } from '../functions/adapters/unsubscribe-token.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../functions/cli/local-services.js';
import { renderEmail } from '../functions/core/email/render.js';
import { createEngagementHandler } from '../functions/handlers/engagement.js';
import { createIngestHandler } from '../functions/handlers/ingest.js';
import { createPlannerHandler, PlannerRunError, type PlannerRun } from '../functions/handlers/planner.js';
import { createSenderHandler } from '../functions/handlers/sender.js';
import { loadReplayContent } from '../functions/sim/replay-content.js';
import { answerCalls } from './aws-meter.js';
import { itemSizeBytes } from './item-size.js';
import { openTable, seedStates, sqsBatch, withLocalDynamo } from './local-table.js';
import { byTime, eventsByAccount, INGEST_SOURCE_BATCH, mondayAfter, PROGRAM_FILE, sampleWorld, sourceBatches, stateAfter } from './usage-stream.js';
import { countingLogger, engagementEvents, newTally, type HandlerTally, type Meters, type WeekTallies } from './week-tally.js';

const HOUR_MS = 3_600_000;
export const WEEK_DAYS = 7;

export interface WeekMeasurement {
  readonly accounts: number;
  readonly contacts: number;
  readonly events: number;
  readonly emails: number;
  readonly plannerRuns: number;
  readonly tallies: WeekTallies;
  /** Mean size of an account item at the end of the week, by DynamoDB's rules. */
  readonly accountItemBytes: number;
}

export async function measureWeek(smoke: boolean): Promise<WeekMeasurement> {
  const accounts = smoke ? 6 : 60;
  const world = await sampleWorld({ accounts });
  const cut = mondayAfter(world, 10);
  const end = new Date(Date.parse(cut) + WEEK_DAYS * 24 * HOUR_MS).toISOString();
  const content = await loadReplayContent(PROGRAM_FILE, cut);
  const program = content.program;
  const histories = eventsByAccount(world, program, accounts, end);
  const seeds = [...histories].map(([id, events]) => stateAfter(id, events.filter((e) => e.time < cut), world.source, program));
  const week = [...histories.values()].flat().filter((e) => e.time >= cut).sort(byTime);

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
      sqs: answerCalls(sqs, (_command, input) => {
        const entries = input.Entries as SendMessageBatchRequestEntry[];
        for (const e of entries) queued.push(e.MessageBody ?? '');
        return { Successful: entries.map((e) => ({ Id: e.Id, MessageId: `m-${queued.length}`, MD5OfMessageBody: '' })), Failed: [] };
      }),
      events: answerCalls(events, (_command, input) => ({ FailedEntryCount: 0, Entries: (input.Entries as unknown[]).map((_, i) => ({ EventId: `e-${i}` })) })),
      ses: answerCalls(ses, (_command, input) => {
        sent.push(input as unknown as SendEmailCommandInput);
        return { MessageId: `ses-${sent.length}` };
      }),
    };
    const tallies: WeekTallies = { ingest: newTally(), planner: newTally(), plannerIdle: newTally(), sender: newTally(), engagement: newTally() };
    const logger = countingLogger();
    let nowMs = Date.parse(cut);
    const clock = () => new Date(nowMs).toISOString();
    const publisher = createEventBridgePublisher(events, { eventBusName: 'bench' });

    const ingest = createIngestHandler({ store: table.store, publisher, program, eventSource: world.source, logger });
    const plan = createPlannerHandler({ store: table.store, trail: createDynamoDecisionTrail(table.client, { tableName: table.name }), queue: createSqsSendQueue(sqs, { queueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/bench-send' }), publisher, program, catalogs: content.catalogs, clock, logger });
    const send = createSenderHandler({
      store: table.store,
      ledger: createDynamoTouchLedger(table.client, { tableName: table.name }),
      mailer: createSesMailer(ses, { configurationSetName: 'bench', limiter: { take: async () => undefined } }),
      publisher,
      renderer: { render: (input) => renderEmail(content, input) },
      tokens: createUnsubscribeTokens(async () => 'bench-unsubscribe-secret'),
      fromFor: (locale) => fromAddress(content.sender[locale].name, 'customer-success@example.com'),
      unsubscribeBaseUrl: 'https://unsubscribe.example.com/u',
      clock,
      logger,
    });
    const engage = createEngagementHandler({
      ledger: createDynamoTouchLedger(table.client, { tableName: table.name }),
      suppressions: createStoreSuppressionRecorder(table.store, { programId: program.id }),
      logger,
    });

    let next = 0;
    let plannerRuns = 0;
    for (let hourMs = Date.parse(cut); hourMs < Date.parse(end); hourMs += HOUR_MS) {
      let last = next;
      while (last < week.length && Date.parse((week[last] as (typeof week)[number]).time) < hourMs + HOUR_MS) last++;
      for (const batch of sourceBatches(week.slice(next, last), INGEST_SOURCE_BATCH)) {
        await logger.invoke(tallies.ingest, meters, () => ingest(sqsBatch(batch.map((e) => ({ id: e.id, body: JSON.stringify(e) })))), batch.length);
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
      plannerRuns += 1;
      addTally((outcome as PlannerRun | null)?.due ? tallies.planner : tallies.plannerIdle, run);
      const sentBefore = sent.length;
      for (let i = 0; i < queued.length; i += 10) {
        const jobs = queued.slice(i, i + 10).map((body, j) => ({ id: `job-${i + j}`, body }));
        await logger.invoke(tallies.sender, meters, () => send(sqsBatch(jobs)), jobs.length);
      }
      queued.length = 0;
      for (const [index, email] of sent.slice(sentBefore).entries()) {
        for (const event of engagementEvents(email, sentBefore + index, clock())) {
          await logger.invoke(tallies.engagement, meters, () => engage(event));
        }
      }
    }
    let itemBytes = 0;
    for (const id of histories.keys()) {
      const out = await table.client.send(new GetItemCommand({ TableName: table.name, Key: marshall({ [TABLE_KEY.partitionKey]: accountPartitionKey(id), [TABLE_KEY.sortKey]: STATE_SORT_KEY }) }));
      itemBytes += out.Item === undefined ? 0 : itemSizeBytes(out.Item);
    }
    for (const client of [sqs, events, ses, table.client]) client.destroy();
    return {
      accounts,
      contacts: seeds.reduce((n, s) => n + Object.keys(s.contacts).length, 0),
      events: week.length,
      emails: sent.length,
      plannerRuns,
      tallies,
      accountItemBytes: itemBytes / histories.size,
    };
  });
}

function addTally(into: HandlerTally, from: HandlerTally): void {
  for (const key of Object.keys(from) as (keyof HandlerTally)[]) into[key] += from[key];
}
