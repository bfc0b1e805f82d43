// Every function's permissions, in one place: exactly the calls its bundled code makes (the README's
// table lists them, and test/infra/least-privilege.test.ts holds the template to both the table and a
// scan of each handler's bundle), each on its own resources and, on the tables, only under the
// partition keys the adapters write (`dynamodb:LeadingKeys`).
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { HandlerFunction } from './handler-function.js';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { SIGNAL_SOURCE } from '../functions/adapters/eventbridge-publisher.js';
import { acknowledgeSesAccountRead } from './acknowledgements.js';
import { LEADING_KEYS, grantComplianceAppend, grantComplianceRetention, grantDueIndexQuery, grantItemActions } from './table.js';

export interface FunctionGrantsInput {
  readonly table: TableV2;
  readonly complianceTable: TableV2;
  readonly eventBus: IEventBus;
  readonly sendQueue: IQueue;
  readonly ingestDeadLetterQueue: IQueue;
  readonly sendDeadLetterQueue: IQueue;
  readonly signingKey: ISecret;
  readonly senderIdentities: readonly IEmailIdentity[];
  readonly configurationSetArn: string;
  readonly functions: {
    readonly ingest: HandlerFunction;
    readonly planner: HandlerFunction;
    readonly sender: HandlerFunction;
    readonly engagement: HandlerFunction;
    readonly unsubscribe: HandlerFunction;
    readonly guardrail: HandlerFunction;
  };
}

/** Signals go on the bus with teichaku's own source only: a role cannot pose as the product or as a person resuming. */
export function grantPutSignals(bus: IEventBus, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn], conditions: { StringEquals: { 'events:source': SIGNAL_SOURCE } } }),
  );
}

const sendTo = (fn: HandlerFunction, queue: IQueue) => fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));

export function grantFunctions(input: FunctionGrantsInput): void {
  const { table, complianceTable: compliance, eventBus } = input;
  const { ingest, planner, sender, engagement, unsubscribe, guardrail } = input.functions;
  const { accounts, sendingGuard } = LEADING_KEYS;

  // ingest: loads and saves account state; appends compliance entries and starts a removed contact's
  // retention; publishes signals; sends what it rejects for good straight to its dead-letter queue.
  grantItemActions(table, ingest, ['GetItem', 'PutItem'], [accounts]);
  grantComplianceAppend(compliance, ingest, { query: true });
  grantComplianceRetention(compliance, ingest);
  grantPutSignals(eventBus, ingest);
  sendTo(ingest, input.ingestDeadLetterQueue);

  // planner: lists due accounts shard by shard, loads and saves them, writes the decision trail in
  // batches, enqueues send jobs, publishes signals.
  grantItemActions(table, planner, ['GetItem', 'PutItem', 'BatchWriteItem'], [accounts]);
  grantDueIndexQuery(table, planner);
  sendTo(planner, input.sendQueue);
  grantPutSignals(eventBus, planner);

  // sender: reads state; claims, stamps and releases touches (the ledger); reads and counts on the
  // sending guard; sends through SES; defers jobs back onto its queue and rejections to its DLQ.
  grantItemActions(table, sender, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], [accounts]);
  grantItemActions(table, sender, ['GetItem', 'Query', 'UpdateItem'], [sendingGuard]);
  sendTo(sender, input.sendQueue);
  sendTo(sender, input.sendDeadLetterQueue);
  grantPutSignals(eventBus, sender);
  grantSigningKeyRead(input.signingKey, sender);
  // SES authorises SendEmail against both the From identity and the configuration set.
  sender.addToRolePolicy(
    new PolicyStatement({ actions: ['ses:SendEmail'], resources: [...input.senderIdentities.map((i) => i.emailIdentityArn), input.configurationSetArn] }),
  );
  sender.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
  acknowledgeSesAccountRead(sender.role ?? sender);

  // engagement: stamps touch statuses and the guard's per-touch flags, suppresses contacts (account
  // state), counts outcomes and pauses on the guard, records complaints as opt-outs, publishes signals.
  grantItemActions(table, engagement, ['GetItem', 'PutItem', 'UpdateItem'], [accounts]);
  grantItemActions(table, engagement, ['GetItem', 'Query', 'UpdateItem'], [sendingGuard]);
  grantComplianceAppend(compliance, engagement, { query: false });
  grantPutSignals(eventBus, engagement);

  // unsubscribe (public URL): reads the contact's locale, records the opt-out in state and on the
  // record. No update, no delete, nothing outside account partitions.
  grantItemActions(table, unsubscribe, ['GetItem', 'PutItem'], [accounts]);
  grantComplianceAppend(compliance, unsubscribe, { query: false });
  grantSigningKeyRead(input.signingKey, unsubscribe);

  // guardrail: pauses and resumes through the guard's state, switches its configuration set, signals.
  grantItemActions(table, guardrail, ['GetItem', 'UpdateItem'], [sendingGuard]);
  // SES v2 PutConfigurationSetSendingOptions is v1's UpdateConfigurationSetSendingEnabled.
  guardrail.addToRolePolicy(new PolicyStatement({ actions: ['ses:PutConfigurationSetSendingOptions'], resources: [input.configurationSetArn] }));
  grantPutSignals(eventBus, guardrail);
}

function grantSigningKeyRead(secret: ISecret, fn: HandlerFunction): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
}
