// Planning, the part of the construct that decides who gets which touch: EventBridge Scheduler runs
// the planner (hourly by default), which plans the due accounts onto the send queue. Failed runs go
// to the planner's dead-letter queue.
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, type ScheduleExpression, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { grantPlanner } from './grants.js';
import type { HandlerFunction } from './handler-function.js';
import { deadLetterQueue } from './queues.js';
import type { PartProps } from './teichaku-functions.js';

/** A run older than this is superseded by the next one. */
const MAX_EVENT_AGE = Duration.hours(1);

export interface PlanningProps extends PartProps {
  /** Where the planner puts send jobs (Sending.queue). */
  readonly sendQueue: IQueue;
  /** When the planner runs (TeichakuProps.plannerSchedule). */
  readonly schedule: ScheduleExpression;
}

export class Planning {
  /** Failed planner runs (Scheduler delivery or the function itself). */
  public readonly deadLetterQueue: Queue;
  public readonly function: HandlerFunction;
  public readonly schedule: Schedule;

  constructor(scope: Construct, props: PlanningProps) {
    this.deadLetterQueue = deadLetterQueue(scope, 'PlannerDeadLetters', props.removalPolicy);
    this.function = props.functions.make(
      'planner',
      { SEND_QUEUE_URL: props.sendQueue.queueUrl },
      {
        description: 'plans due touches onto the send queue',
        memorySizeMb: 512,
        deadLetterQueue: this.deadLetterQueue,
      },
    );
    grantPlanner(this.function, props);
    this.schedule = this.runOn(scope, props.schedule);
  }

  // The Scheduler's role is written by hand: the L2 target's own grant also allows every version and
  // alias of the function (`<arn>:*`), which the planner does not need.
  private runOn(scope: Construct, expression: ScheduleExpression): Schedule {
    const role = new Role(scope, 'PlannerScheduleRole', {
      description: 'teichaku: lets EventBridge Scheduler start the planner',
      // Only schedules of this account may use the role (confused deputy).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
    return new Schedule(scope, 'PlannerSchedule', {
      description: 'teichaku: run the planner',
      schedule: expression,
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(this.function, {
        role: role.withoutPolicyUpdates(),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 2,
        maxEventAge: MAX_EVENT_AGE,
      }),
    });
  }
}
