// Least privilege beyond each function's own grants (least-privilege.test.ts): the scheduler's role,
// nothing granted on "*" but one read, no managed policies, a role per function.
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { functionNamed, grantsOfRoleId, labelsFor, resourcesOf, roleIdOf } from './fixtures/template-queries.js';

const { stack, teichaku, template } = synthTeichaku();

const labels = labelsFor(stack, {
  'planner dead letters': teichaku.plannerDeadLetterQueue.queueArn,
  'coordinator function': teichaku.coordinatorFunction.functionArn,
});

afterAll(removeTemporaryDirs);

// Each function's own grants are held to its code and to the README's table in least-privilege.test.ts.
describe('IAM of the Teichaku construct', () => {
  it('lets the scheduler invoke only the coordinator and dead-letter only to the planner queue', () => {
    const schedules = resourcesOf(template, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    const roleId = roleIdOf(schedules[0]?.[1].Properties?.Target as Record<string, unknown>, 'RoleArn');
    expect(grantsOfRoleId(template, roleId, labels)).toEqual(
      ['lambda:InvokeFunction on coordinator function', 'sqs:SendMessage on planner dead letters'].sort(),
    );
  });

  it('grants nothing anywhere on the resource "*" but the sender’s read of its SES quota, which has no resource type', () => {
    const wildcards = resourcesOf(template, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties?.PolicyDocument as { Statement: { Resource: unknown; Action: unknown }[] }).Statement.filter(
        (s) => ([] as unknown[]).concat(s.Resource).some((r) => typeof r === 'string' && r.includes('*')),
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
    const roleIds = ['ingest', 'coordinator', 'planner', 'sender', 'engagement', 'unsubscribe', 'guardrail'].map(
      (name) => roleIdOf(functionNamed(template, name).properties),
    );
    expect(new Set(roleIds).size).toBe(7);
  });
});
