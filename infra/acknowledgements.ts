// Every cdk-nag (AwsSolutions) finding teichaku accepts, with its reason: the list a reviewer reads.
// They are construct metadata, so they travel with the construct into any app that runs cdk-nag.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledgeSigningKeyWithoutRotation(secret: IConstruct): void {
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason:
      'The secret holds the HMAC keys of the unsubscribe links already delivered in emails, which the law and the Gmail and Yahoo ' +
      'sender rules require to keep working for as long as a link lives (400 days). Rotation is supported and done by hand in one ' +
      'step: `teichaku keys rotate --secret-id <arn>` makes a new key current under a new key id, keeps the replaced key accepted as ' +
      'the previous one and retires the one before it, so links signed since the last rotation keep working. A Secrets Manager ' +
      'rotation schedule would retire keys on a timer, whether or not links they signed are still in mailboxes.',
  });
}

/** Only when tracing is on: the role of a traced function. */
export function acknowledgeTracingWildcard(role: IConstruct): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason:
      'X-Ray takes trace segments and telemetry only on resource "*" (xray:PutTraceSegments and xray:PutTelemetryRecords have no ' +
      'resource types); the statement is added by Lambda active tracing and only when the tracing prop is on.',
  });
}

/** The sender's role: its read of the SES account's quota and rate. */
export function acknowledgeSesAccountRead(role: IConstruct): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason:
      'ses:GetAccount has no resource type (it reads the account\'s own sending quota and rate), so IAM accepts it only on "*". ' +
      'It is read-only and is the only action the sender holds on "*"; the sender reads it to never pass the SES quota or rate.',
  });
}

/** The dead-letter queue of a destination's rule targets (infra/destinations.ts). */
export function acknowledgeRuleTargetDeadLetterQueue(queue: IConstruct): void {
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason:
      'The queue is a dead-letter queue: the one of the EventBridge rule targets that deliver notifications to an API destination. ' +
      "cdk-nag recognises only SQS redrive policies and Lambda dead-letter configs as DLQ use, not a rule target's DeadLetterConfig.",
  });
}
