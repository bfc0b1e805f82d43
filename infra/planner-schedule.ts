// EventBridge Scheduler runs the planner. Its role is written by hand: the L2 target's own grant also
// allows every version and alias of the function (`<arn>:*`), which the planner does not need.
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, type ScheduleExpression, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface PlannerScheduleOptions {
  readonly planner: IFunction;
  readonly deadLetterQueue: IQueue;
  readonly expression: ScheduleExpression;
  /** A run older than this is superseded by the next one. */
  readonly maxEventAge: Duration;
}

export function plannerSchedule(scope: Construct, id: string, options: PlannerScheduleOptions): Schedule {
  const role = new Role(scope, `${id}Role`, {
    description: 'teichaku: lets EventBridge Scheduler start the planner',
    // Only schedules of this account may use the role (confused deputy).
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  });
  role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [options.planner.functionArn] }));
  role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [options.deadLetterQueue.queueArn] }));
  return new Schedule(scope, id, {
    description: 'teichaku: run the planner',
    schedule: options.expression,
    timeWindow: TimeWindow.off(),
    target: new LambdaInvoke(options.planner, {
      role: role.withoutPolicyUpdates(),
      deadLetterQueue: options.deadLetterQueue,
      retryAttempts: 2,
      maxEventAge: options.maxEventAge,
    }),
  });
}
