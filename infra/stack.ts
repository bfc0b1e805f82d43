// The stack `cdk deploy` puts up: one Teichaku, configured from CDK context (`-c key=value` or the
// `context` of cdk.json). Every key has a default, so `cdk synth` works as a demo with none given.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { DEFAULT_EVENT_SOURCE, Teichaku } from './teichaku.js';

const commaList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

/**
 * Context keys and their defaults:
 * - `fromAddress` (`teichaku@example.com`): From of every email.
 * - `senderIdentity` (the domain of fromAddress) and `createSenderIdentity` (`false`): the SES identity.
 * - `eventSource` (`com.example.product`): the product's events. `eventBusName` (none: teichaku's own
 *   bus) uses an existing bus instead; `forwardFromBus` (none) forwards the product's events from an
 *   existing bus (e.g. `default`) to teichaku's own.
 * - `productEventPrincipals`, `resumePrincipals` (none): comma-separated IAM principal ARNs that may put
 *   the product's source and the resume source on teichaku's bus.
 * - `segmentEventSources` (none; comma-separated `aws.partner/segment.com/<sourceId>`) and
 *   `rudderStackEvents` (`false`): Segment's and RudderStack's EventBridge destinations.
 * - `csOwnerDomains` (the From identity's domain; comma-separated), `futureToleranceSeconds` (86400),
 *   `unsubscribeReservedConcurrency` (5).
 * - `configurationSetName` (generated), `sendRatePerSecond` (10), `dueShards` (16).
 * - `plannerWorkers` (4), `plannerShardsPerItem` (1), `plannerAccountsPerItem` (1000): the planner fan-out.
 * - `contentFile` (`dist/content.json`, written by `npm run build`).
 * - `alarmTopicArn` (none: alarms without actions), `unsubscribeBaseUrl` (the function URL).
 * - `removalPolicy` (`retain`; `destroy` for a throwaway stack).
 */
export const StackContext = z.object({
  fromAddress: z.string().min(3).default('teichaku@example.com'),
  senderIdentity: z.string().min(1).optional(),
  createSenderIdentity: Flag.default(false),
  eventBusName: z.string().min(1).optional(),
  forwardFromBus: z.string().min(1).optional(),
  productEventPrincipals: z.string().min(1).transform(commaList).optional(),
  resumePrincipals: z.string().min(1).transform(commaList).optional(),
  csOwnerDomains: z.string().min(1).transform(commaList).optional(),
  futureToleranceSeconds: z.coerce.number().int().optional(),
  unsubscribeReservedConcurrency: z.coerce.number().int().optional(),
  eventSource: z.string().min(1).default(DEFAULT_EVENT_SOURCE),
  segmentEventSources: z.string().min(1).transform(commaList).optional(),
  rudderStackEvents: Flag.default(false),
  configurationSetName: z.string().min(1).optional(),
  sendRatePerSecond: z.coerce.number().positive().optional(),
  dueShards: z.coerce.number().int().min(1).optional(),
  plannerWorkers: z.coerce.number().int().optional(),
  plannerShardsPerItem: z.coerce.number().int().optional(),
  plannerAccountsPerItem: z.coerce.number().int().optional(),
  contentFile: z.string().min(1).optional(),
  alarmTopicArn: z.string().startsWith('arn:').optional(),
  unsubscribeBaseUrl: z.url({ protocol: /^https$/ }).optional(),
  removalPolicy: z.enum(['retain', 'destroy']).default('retain'),
});
export type StackContext = z.infer<typeof StackContext>;

export function stackContextOf(scope: Construct): StackContext {
  const raw = Object.fromEntries(Object.keys(StackContext.shape).map((key) => [key, scope.node.tryGetContext(key)]));
  const parsed = StackContext.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `-c ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`teichaku: invalid CDK context: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export class TeichakuStack extends Stack {
  public readonly teichaku: Teichaku;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { description: 'teichaku: tech-touch engine for customer success', ...props });
    const context = stackContextOf(this);
    this.teichaku = new Teichaku(this, 'Teichaku', {
      fromAddress: context.fromAddress,
      senderIdentity: { name: context.senderIdentity, create: context.createSenderIdentity },
      eventBusName: context.eventBusName,
      forwardProductEventsFrom:
        context.forwardFromBus === undefined
          ? undefined
          : EventBus.fromEventBusName(this, 'ForwardFromBus', context.forwardFromBus),
      productEventPrincipals: context.productEventPrincipals,
      resumePrincipals: context.resumePrincipals,
      csOwnerDomains: context.csOwnerDomains,
      futureTolerance:
        context.futureToleranceSeconds === undefined ? undefined : Duration.seconds(context.futureToleranceSeconds),
      unsubscribeReservedConcurrency: context.unsubscribeReservedConcurrency,
      eventSource: context.eventSource,
      segmentEventSources: context.segmentEventSources,
      rudderStackEvents: context.rudderStackEvents,
      configurationSet: { name: context.configurationSetName },
      sendRatePerSecond: context.sendRatePerSecond,
      dueShards: context.dueShards,
      plannerWorkers: context.plannerWorkers,
      plannerShardsPerItem: context.plannerShardsPerItem,
      plannerAccountsPerItem: context.plannerAccountsPerItem,
      contentFile: context.contentFile,
      unsubscribeBaseUrl: context.unsubscribeBaseUrl,
      alarmTopic:
        context.alarmTopicArn === undefined ? undefined : Topic.fromTopicArn(this, 'AlarmTopic', context.alarmTopicArn),
      removalPolicy: context.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.outputs(context.alarmTopicArn);
  }

  /** What the CLI and the README refer to, by the names they use (`--table <TableName>`, …). */
  private outputs(alarmTopicArn: string | undefined): void {
    const t = this.teichaku;
    const values: [string, string, string][] = [
      ['TableName', t.table.tableName, 'the teichaku table (teichaku report/explain --table)'],
      [
        'ComplianceTableName',
        t.complianceTable.tableName,
        'the append-only compliance record (teichaku compliance export --compliance-table)',
      ],
      ['EventBusName', t.eventBus.eventBusName, 'where the product puts its events and teichaku its signals'],
      ['EventBusArn', t.eventBus.eventBusArn, 'the bus ARN, for PutEvents permissions and rules'],
      ['IngestQueueUrl', t.ingestQueue.queueUrl, 'product events waiting for ingest'],
      ['IngestDeadLetterQueueUrl', t.ingestDeadLetterQueue.queueUrl, 'product events ingest could not take'],
      ['SendQueueUrl', t.sendQueue.queueUrl, 'send jobs waiting for the sender'],
      ['SendDeadLetterQueueUrl', t.sendDeadLetterQueue.queueUrl, 'send jobs the sender could not take'],
      ['PlannerDeadLetterQueueUrl', t.plannerDeadLetterQueue.queueUrl, 'failed planner runs'],
      ['PlanningQueueUrl', t.planningQueue.queueUrl, 'work items of planner runs waiting for a planner'],
      ['PlanningDeadLetterQueueUrl', t.planningDeadLetterQueue.queueUrl, 'work items the planners could not take'],
      ['EngagementDeadLetterQueueUrl', t.engagementDeadLetterQueue.queueUrl, 'SES events engagement could not take'],
      [
        'GuardrailDeadLetterQueueUrl',
        t.guardrailDeadLetterQueue.queueUrl,
        'alarm and resume events the guardrail could not take',
      ],
      ['UnsubscribeUrl', t.unsubscribeUrl.url, 'the one-click unsubscribe endpoint'],
      [
        'ConfigurationSetName',
        t.configurationSet.configurationSetName,
        'the SES configuration set every email is sent with',
      ],
      ...(alarmTopicArn === undefined
        ? []
        : [['AlarmTopicArn', alarmTopicArn, 'where the alarms notify'] as [string, string, string]]),
    ];
    for (const [id, value, description] of values)
      new CfnOutput(this, id, { value, description: `teichaku: ${description}` });
  }
}
