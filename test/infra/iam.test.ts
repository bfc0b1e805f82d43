// Least privilege, asserted on the synthesized template: each function's role lists exactly its own
// actions on its own resources, and nothing in the stack is granted on "*".
import { afterAll, describe, expect, it } from 'vitest';
import { dueIndexArn } from '../../infra/table.js';
import { removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { functionNamed, grantsOfFunction, grantsOfRoleId, labelsFor, resourcesOf, roleIdOf } from './fixtures/template-queries.js';

const { stack, teichaku, template } = synthTeichaku();

const labels = labelsFor(stack, {
  table: teichaku.table.tableArn,
  'due index': dueIndexArn(teichaku.table),
  'ingest queue': teichaku.ingestQueue.queueArn,
  'send queue': teichaku.sendQueue.queueArn,
  'planner dead letters': teichaku.plannerDeadLetterQueue.queueArn,
  'engagement dead letters': teichaku.engagementDeadLetterQueue.queueArn,
  'guardrail dead letters': teichaku.guardrailDeadLetterQueue.queueArn,
  everything: '*',
  'event bus': teichaku.eventBus.eventBusArn,
  'signing key': teichaku.unsubscribeSigningKey.secretArn,
  'sender identity': teichaku.senderIdentity.emailIdentityArn,
  'configuration set': teichaku.configurationSetArn,
  'planner function': teichaku.plannerFunction.functionArn,
  'ingest logs': teichaku.ingestFunction.logGroup.logGroupArn,
  'planner logs': teichaku.plannerFunction.logGroup.logGroupArn,
  'sender logs': teichaku.senderFunction.logGroup.logGroupArn,
  'engagement logs': teichaku.engagementFunction.logGroup.logGroupArn,
  'unsubscribe logs': teichaku.unsubscribeFunction.logGroup.logGroupArn,
  'guardrail logs': teichaku.guardrailFunction.logGroup.logGroupArn,
});

const logs = (name: string) => [`logs:CreateLogStream on ${name} logs`, `logs:PutLogEvents on ${name} logs`];
const tableItems = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'].map((a) => `${a} on table`);
const consume = (queue: string) =>
  ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'].map(
    (a) => `${a} on ${queue}`,
  );

afterAll(removeTemporaryDirs);

describe('IAM of the Teichaku construct', () => {
  it('lets ingest consume its queue, write the table and publish signals, nothing else', () => {
    expect(grantsOfFunction(template, 'ingest', labels)).toEqual(
      // Query: a removed contact's compliance entries get their retention end.
      [...logs('ingest'), ...tableItems, 'dynamodb:Query on table', ...consume('ingest queue'), 'events:PutEvents on event bus'].sort(),
    );
  });

  it('lets the planner query the due index, write its decision trail, enqueue send jobs and publish signals, nothing else', () => {
    expect(grantsOfFunction(template, 'planner', labels)).toEqual(
      [
        ...logs('planner'),
        ...tableItems,
        'dynamodb:BatchWriteItem on table',
        'dynamodb:Query on due index',
        'sqs:SendMessage on send queue',
        'sqs:SendMessage on planner dead letters',
        'events:PutEvents on event bus',
      ].sort(),
    );
  });

  it('lets the sender send through SES only from its identity with its configuration set', () => {
    expect(grantsOfFunction(template, 'sender', labels)).toEqual(
      [
        ...logs('sender'),
        ...tableItems,
        ...consume('send queue'),
        'events:PutEvents on event bus',
        'secretsmanager:GetSecretValue on signing key',
        'ses:SendEmail on sender identity',
        'ses:SendEmail on configuration set',
        // The guard's hour counts, deferred jobs back on the queue, and the SES quota and rate.
        'dynamodb:Query on table',
        'sqs:SendMessage on send queue',
        'ses:GetAccount on everything',
      ].sort(),
    );
  });

  it('lets engagement write the table and dead-letter what it cannot take, nothing else', () => {
    expect(grantsOfFunction(template, 'engagement', labels)).toEqual(
      [...logs('engagement'), ...tableItems, 'dynamodb:Query on table', 'events:PutEvents on event bus', 'sqs:SendMessage on engagement dead letters'].sort(),
    );
  });

  it('lets the guardrail turn only its configuration set off and on, record the pause and signal it', () => {
    expect(grantsOfFunction(template, 'guardrail', labels)).toEqual(
      [
        ...logs('guardrail'),
        ...tableItems,
        'events:PutEvents on event bus',
        'ses:PutConfigurationSetSendingOptions on configuration set',
        'sqs:SendMessage on guardrail dead letters',
      ].sort(),
    );
  });

  it('lets unsubscribe write the table and read the signing key, nothing else', () => {
    expect(grantsOfFunction(template, 'unsubscribe', labels)).toEqual(
      [...logs('unsubscribe'), ...tableItems, 'secretsmanager:GetSecretValue on signing key'].sort(),
    );
  });

  it('lets the scheduler invoke only the planner and dead-letter only to the planner queue', () => {
    const schedules = resourcesOf(template, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    const roleId = roleIdOf(schedules[0]?.[1].Properties?.Target as Record<string, unknown>, 'RoleArn');
    expect(grantsOfRoleId(template, roleId, labels)).toEqual(
      ['lambda:InvokeFunction on planner function', 'sqs:SendMessage on planner dead letters'].sort(),
    );
  });

  it('grants nothing anywhere on the resource "*" but the sender’s read of its SES quota, which has no resource type', () => {
    const wildcards = resourcesOf(template, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties?.PolicyDocument as { Statement: { Resource: unknown; Action: unknown }[] }).Statement.filter((s) =>
        ([] as unknown[]).concat(s.Resource).some((r) => typeof r === 'string' && r.includes('*')),
      ),
    );
    expect(wildcards.map((s) => s.Action)).toEqual(['ses:GetAccount']);
  });

  it('attaches no managed policy to any role (AWSLambdaBasicExecutionRole writes to every log group)', () => {
    const roles = resourcesOf(template, 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThanOrEqual(6);
    expect(roles.filter(([, role]) => role.Properties?.ManagedPolicyArns !== undefined)).toEqual([]);
  });

  it('gives every function a role of its own', () => {
    const roleIds = ['ingest', 'planner', 'sender', 'engagement', 'unsubscribe', 'guardrail'].map((name) =>
      roleIdOf(functionNamed(template, name).properties),
    );
    expect(new Set(roleIds).size).toBe(6);
  });
});
