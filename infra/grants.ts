// Every function's permissions, in one place: exactly the calls its bundled code makes (the README's
// table lists them, and test/infra/least-privilege.test.ts holds the template to both the table and a
// scan of each handler's bundle), each on its own resources and, on the tables, only under the
// partition keys the adapters write (`dynamodb:LeadingKeys`). Each part of the construct calls its
// function's grant right after making it (the weekly report's are in weekly-report.ts).
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { SIGNAL_SOURCE } from '../functions/adapters/eventbridge-publisher.js';
import { SURVEY_ANSWERED } from '../functions/adapters/eventbridge-survey-answers.js';
import { acknowledgeSesAccountRead } from './acknowledgements.js';
import type { HandlerFunction } from './handler-function.js';
import {
  grantComplianceAppend,
  grantComplianceRetention,
  grantDueIndexQuery,
  grantItemActions,
  LEADING_KEYS,
} from './table.js';

/** The state every function works on. */
export interface StateGrantsInput {
  readonly table: TableV2;
  readonly complianceTable: TableV2;
  readonly eventBus: IEventBus;
}

/** Signals go on the bus with teichaku's own source only: a role cannot pose as the product or as a person resuming. */
export function grantPutSignals(bus: IEventBus, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
      conditions: { StringEquals: { 'events:source': SIGNAL_SOURCE } },
    }),
  );
}

const sendTo = (fn: HandlerFunction, queue: IQueue) =>
  fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));

const { accounts, sendingGuard } = LEADING_KEYS;

/**
 * ingest: loads and saves account state; appends compliance entries and starts a removed contact's
 * retention; publishes signals; sends what it rejects for good straight to its dead-letter queue.
 */
export function grantIngest(
  ingest: HandlerFunction,
  input: StateGrantsInput & { readonly deadLetterQueue: IQueue },
): void {
  grantItemActions(input.table, ingest, ['GetItem', 'PutItem'], [accounts]);
  grantComplianceAppend(input.complianceTable, ingest, { query: true });
  grantComplianceRetention(input.complianceTable, ingest);
  grantPutSignals(input.eventBus, ingest);
  sendTo(ingest, input.deadLetterQueue);
}

/** coordinator: puts a run's work items on the planning queue; it reads and writes no state. */
export function grantCoordinator(coordinator: HandlerFunction, input: { readonly planningQueue: IQueue }): void {
  sendTo(coordinator, input.planningQueue);
}

export interface PlannerGrantsInput extends Omit<StateGrantsInput, 'complianceTable'> {
  readonly sendQueue: IQueue;
  readonly planningQueue: IQueue;
  readonly planningDeadLetterQueue: IQueue;
}

/**
 * planner: lists its work item's due accounts shard by shard, loads and saves them, writes the
 * decision trail in batches, enqueues send jobs, publishes signals; hands the rest of a long item on
 * to the planning queue and sends bodies that are no work item straight to its dead-letter queue.
 * (Receiving from the planning queue is granted by its event source.)
 */
export function grantPlanner(planner: HandlerFunction, input: PlannerGrantsInput): void {
  grantItemActions(input.table, planner, ['GetItem', 'PutItem', 'BatchWriteItem'], [accounts]);
  grantDueIndexQuery(input.table, planner);
  sendTo(planner, input.sendQueue);
  sendTo(planner, input.planningQueue);
  sendTo(planner, input.planningDeadLetterQueue);
  grantPutSignals(input.eventBus, planner);
}

export interface SenderGrantsInput extends Omit<StateGrantsInput, 'complianceTable'> {
  readonly sendQueue: IQueue;
  readonly sendDeadLetterQueue: IQueue;
  readonly signingKey: ISecret;
  readonly senderIdentities: readonly IEmailIdentity[];
  readonly configurationSetArn: string;
}

/**
 * sender: reads state; claims, stamps and releases touches (the ledger); reads and counts on the
 * sending guard; sends through SES; defers jobs back onto its queue and rejections to its DLQ.
 */
export function grantSender(sender: HandlerFunction, input: SenderGrantsInput): void {
  grantItemActions(input.table, sender, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], [accounts]);
  grantItemActions(input.table, sender, ['GetItem', 'Query', 'UpdateItem'], [sendingGuard]);
  sendTo(sender, input.sendQueue);
  sendTo(sender, input.sendDeadLetterQueue);
  grantPutSignals(input.eventBus, sender);
  grantSigningKeyRead(input.signingKey, sender);
  // SES authorises SendEmail against both the From identity and the configuration set.
  sender.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [...input.senderIdentities.map((i) => i.emailIdentityArn), input.configurationSetArn],
    }),
  );
  sender.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
  acknowledgeSesAccountRead(sender.role ?? sender);
}

/**
 * engagement: stamps touch statuses and the guard's per-touch flags, suppresses contacts (account
 * state), counts outcomes and pauses on the guard, records complaints as opt-outs, publishes signals.
 */
export function grantEngagement(engagement: HandlerFunction, input: StateGrantsInput): void {
  grantItemActions(input.table, engagement, ['GetItem', 'PutItem', 'UpdateItem'], [accounts]);
  grantItemActions(input.table, engagement, ['GetItem', 'Query', 'UpdateItem'], [sendingGuard]);
  grantComplianceAppend(input.complianceTable, engagement, { query: false });
  grantPutSignals(input.eventBus, engagement);
}

/**
 * unsubscribe (public URL): reads the contact's locale, records the opt-out in state and on the
 * record. No update, no delete, nothing outside account partitions, no signals.
 */
export function grantUnsubscribe(
  unsubscribe: HandlerFunction,
  input: StateGrantsInput & { readonly signingKey: ISecret; readonly eventSource: string },
): void {
  grantItemActions(input.table, unsubscribe, ['GetItem', 'PutItem'], [accounts]);
  grantComplianceAppend(input.complianceTable, unsubscribe, { query: false });
  grantSigningKeyRead(input.signingKey, unsubscribe);
  grantPutSurveyAnswers(input.eventBus, unsubscribe, input.eventSource);
}

/**
 * The survey page's answers go on the bus as the product's `Survey Answered` events, so ingest takes
 * them like the product's own: that detail-type with the product's source, and nothing else.
 */
function grantPutSurveyAnswers(bus: IEventBus, grantee: IGrantable, eventSource: string): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
      conditions: { StringEquals: { 'events:source': eventSource, 'events:detail-type': SURVEY_ANSWERED } },
    }),
  );
}

/** guardrail: pauses and resumes through the guard's state, switches its configuration set, signals. */
export function grantGuardrail(
  guardrail: HandlerFunction,
  input: Omit<StateGrantsInput, 'complianceTable'> & { readonly configurationSetArn: string },
): void {
  grantItemActions(input.table, guardrail, ['GetItem', 'UpdateItem'], [sendingGuard]);
  // SES v2 PutConfigurationSetSendingOptions is v1's UpdateConfigurationSetSendingEnabled.
  guardrail.addToRolePolicy(
    new PolicyStatement({ actions: ['ses:PutConfigurationSetSendingOptions'], resources: [input.configurationSetArn] }),
  );
  grantPutSignals(input.eventBus, guardrail);
}

function grantSigningKeyRead(secret: ISecret, fn: HandlerFunction): void {
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
  );
}
