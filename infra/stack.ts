// The stack `cdk deploy` puts up: one Teichaku, configured from CDK context (`-c key=value` or the
// `context` of cdk.json). Every key has a default, so `cdk synth` works as a demo with none given.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { DEFAULT_EVENT_SOURCE, Teichaku } from './teichaku.js';

const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

/**
 * Context keys and their defaults:
 * - `fromAddress` (`teichaku@example.com`): From of every email.
 * - `senderIdentity` (the domain of fromAddress) and `createSenderIdentity` (`false`): the SES identity.
 * - `eventBusName` (`default`), `eventSource` (`com.example.product`): where product events come from.
 * - `configurationSetName` (generated), `sendRatePerSecond` (10), `dueShards` (16).
 * - `contentFile` (`dist/content.json`, written by `npm run build`).
 * - `alarmTopicArn` (none: alarms without actions), `unsubscribeBaseUrl` (the function URL).
 * - `removalPolicy` (`retain`; `destroy` for a throwaway stack).
 */
export const StackContext = z.object({
  fromAddress: z.string().min(3).default('teichaku@example.com'),
  senderIdentity: z.string().min(1).optional(),
  createSenderIdentity: Flag.default(false),
  eventBusName: z.string().min(1).default('default'),
  eventSource: z.string().min(1).default(DEFAULT_EVENT_SOURCE),
  configurationSetName: z.string().min(1).optional(),
  sendRatePerSecond: z.coerce.number().positive().optional(),
  dueShards: z.coerce.number().int().min(1).optional(),
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
      eventSource: context.eventSource,
      configurationSet: { name: context.configurationSetName },
      sendRatePerSecond: context.sendRatePerSecond,
      dueShards: context.dueShards,
      contentFile: context.contentFile,
      unsubscribeBaseUrl: context.unsubscribeBaseUrl,
      alarmTopic: context.alarmTopicArn === undefined ? undefined : Topic.fromTopicArn(this, 'AlarmTopic', context.alarmTopicArn),
      removalPolicy: context.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
  }
}
