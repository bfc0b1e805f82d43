// Planning, the part of the construct that decides who gets which touch. EventBridge Scheduler starts
// a run (hourly by default) on the coordinator, which cuts the due index's shards into work items on
// the planning queue; up to `plannerWorkers` planners take them at once and plan their shards' due
// accounts onto the send queue. Failed runs of the coordinator go to the planner's dead-letter queue;
// work items that keep failing go to the planning queue's own, after the usual receives.
//
// An SQS queue rather than a Step Functions Distributed Map: no new service to learn, pay and grant;
// the same dead-letter queue, alarm and `teichaku dlq` redrive as every other queue of teichaku; each
// item is retried on its own; and a run costs a few messages, not a state transition per shard.
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, type ScheduleExpression, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { grantCoordinator, grantPlanner } from './grants.js';
import type { HandlerFunction } from './handler-function.js';
import { deadLetterQueue, workQueue } from './queues.js';
import type { PlannerFanOut } from './settings.js';
import { type PartProps, TIMEOUTS } from './teichaku-functions.js';

/** A run older than this is superseded by the next one. */
const MAX_EVENT_AGE = Duration.hours(1);

export interface PlanningProps extends PartProps {
  /** Where the planners put send jobs (Sending.queue). */
  readonly sendQueue: IQueue;
  /** When a run starts (TeichakuProps.plannerSchedule). */
  readonly schedule: ScheduleExpression;
  /** Planners at once, shards and accounts per item (Settings.planner). */
  readonly fanOut: PlannerFanOut;
}

export class Planning {
  /** Failed planner runs (Scheduler delivery or the coordinator itself). */
  public readonly deadLetterQueue: Queue;
  /** The work items of each run: shard ranges for the planners. */
  public readonly workQueue: Queue;
  /** Work items that failed `MAX_RECEIVE_COUNT` times, or that are no work item. */
  public readonly workDeadLetterQueue: Queue;
  /** Cuts each run into work items. */
  public readonly coordinator: HandlerFunction;
  /** Plans one work item at a time, up to `plannerWorkers` at once. */
  public readonly function: HandlerFunction;
  public readonly schedule: Schedule;

  constructor(scope: Construct, props: PlanningProps) {
    this.deadLetterQueue = deadLetterQueue(scope, 'PlannerDeadLetters', props.removalPolicy);
    const work = workQueue(scope, 'PlanningQueue', {
      consumerTimeout: TIMEOUTS.planner,
      batchingWindow: Duration.seconds(0),
      removalPolicy: props.removalPolicy,
    });
    this.workQueue = work.queue;
    this.workDeadLetterQueue = work.deadLetterQueue;

    this.coordinator = props.functions.make(
      'coordinator',
      { PLANNING_QUEUE_URL: this.workQueue.queueUrl },
      { description: 'cuts a planner run into work items of due shards', deadLetterQueue: this.deadLetterQueue },
    );
    grantCoordinator(this.coordinator, { planningQueue: this.workQueue });

    this.function = props.functions.make(
      'planner',
      {
        SEND_QUEUE_URL: props.sendQueue.queueUrl,
        PLANNING_QUEUE_URL: this.workQueue.queueUrl,
        DEAD_LETTER_QUEUE_URL: this.workDeadLetterQueue.queueUrl,
      },
      { description: 'plans the due accounts of a range of shards onto the send queue', memorySizeMb: 512 },
    );
    grantPlanner(this.function, {
      ...props,
      planningQueue: this.workQueue,
      planningDeadLetterQueue: this.workDeadLetterQueue,
    });
    this.function.addEventSource(
      // One item per invocation: an item is minutes of work at most, and its failure stays its own.
      // Concurrency is capped here, not by reserved concurrency, as for the sender.
      new SqsEventSource(this.workQueue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: props.fanOut.workers,
      }),
    );
    this.schedule = this.runOn(scope, props.schedule);
  }

  // The Scheduler's role is written by hand: the L2 target's own grant also allows every version and
  // alias of the function (`<arn>:*`), which the coordinator does not need.
  private runOn(scope: Construct, expression: ScheduleExpression): Schedule {
    const role = new Role(scope, 'PlannerScheduleRole', {
      description: 'teichaku: lets EventBridge Scheduler start a planner run',
      // Only schedules of this account may use the role (confused deputy).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.coordinator.functionArn] }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
    return new Schedule(scope, 'PlannerSchedule', {
      description: 'teichaku: start a planner run',
      schedule: expression,
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(this.coordinator, {
        role: role.withoutPolicyUpdates(),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 2,
        maxEventAge: MAX_EVENT_AGE,
      }),
    });
  }
}
