// Least privilege measured, not listed: each role in the synthesized template holds exactly the calls
// its handler's bundled code makes (test/infra/fixtures/handler-calls.ts), and exactly the rows of
// the README's IAM table. A new call without a grant, a grant without a call, or a stale README row
// fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TTL_ATTRIBUTE } from '../../functions/adapters/table-schema.js';
import type { DailyDigest } from '../../infra/daily-digest.js';
import { COMPLIANCE_PUT_ATTRIBUTES, COMPLIANCE_RETAIN_ATTRIBUTES, dueIndexArn } from '../../infra/table.js';
import type { WeeklyReport } from '../../infra/weekly-report.js';
import { callLabel, type HandlerCall, handlerCalls } from './fixtures/handler-calls.js';
import { removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { type Grant, grantTriplesOfFunction, labelsFor, resourcesOf } from './fixtures/template-queries.js';

const FUNCTIONS = [
  'ingest',
  'coordinator',
  'planner',
  'sender',
  'engagement',
  'unsubscribe',
  'guardrail',
  'report',
  'digest',
] as const;
type FunctionName = (typeof FUNCTIONS)[number];

const { stack, teichaku, template } = synthTeichaku({ weeklyReport: true, dailyDigest: true });
const report = teichaku.weeklyReport as WeeklyReport;
const digest = teichaku.dailyDigest as DailyDigest;
afterAll(removeTemporaryDirs);

const labels = labelsFor(stack, {
  table: teichaku.table.tableArn,
  'compliance table': teichaku.complianceTable.tableArn,
  'due index': dueIndexArn(teichaku.table),
  'ingest queue': teichaku.ingestQueue.queueArn,
  'ingest dead letters': teichaku.ingestDeadLetterQueue.queueArn,
  'send queue': teichaku.sendQueue.queueArn,
  'send dead letters': teichaku.sendDeadLetterQueue.queueArn,
  'planner dead letters': teichaku.plannerDeadLetterQueue.queueArn,
  'planning queue': teichaku.planningQueue.queueArn,
  'planning dead letters': teichaku.planningDeadLetterQueue.queueArn,
  'engagement dead letters': teichaku.engagementDeadLetterQueue.queueArn,
  'guardrail dead letters': teichaku.guardrailDeadLetterQueue.queueArn,
  'report dead letters': report.deadLetterQueue.queueArn,
  'digest dead letters': digest.deadLetterQueue.queueArn,
  'report objects': `${report.bucket.bucketArn}/reports/*`,
  '*': '*',
  'event bus': teichaku.eventBus.eventBusArn,
  'signing key': teichaku.unsubscribeSigningKey.secretArn,
  'sender identity': teichaku.senderIdentity.emailIdentityArn,
  'configuration set': teichaku.configurationSetArn,
});

/** Grants no code of the function calls: Lambda's own use of the role. */
const LAMBDA_SERVICE_GRANTS = {
  /** Its log group. */
  logs: (g: Grant) => g.action.startsWith('logs:'),
  /** The SQS event source mapping polls the queue with the function's role. */
  consume: (g: Grant) =>
    [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
    ].includes(g.action),
  /** Failed asynchronous invocations (DeadLetterConfig) are sent by Lambda with the function's role. */
  asyncDeadLetters: (g: Grant) =>
    [
      'planner dead letters',
      'engagement dead letters',
      'guardrail dead letters',
      'report dead letters',
      'digest dead letters',
    ].includes(g.resource),
};

/**
 * Calls in a bundle that the function never makes: the scan sees files, and these files hold methods
 * of a port that other functions use. Each is listed with its reason and must still be in the bundle
 * (a stale entry fails), so a new call from any other file is never hidden.
 */
const NEVER_CALLED: Partial<Record<FunctionName, readonly { file: string; command: string; reason: string }[]>> = {
  ingest: [
    {
      file: 'dynamodb-store.ts',
      command: 'QueryCommand',
      reason: 'listDue, the planner’s; ingest loads and saves accounts',
    },
  ],
  sender: [
    { file: 'dynamodb-store.ts', command: 'QueryCommand', reason: 'listDue, the planner’s' },
    {
      file: 'dynamodb-store.ts',
      command: 'PutItemCommand',
      reason: 'save: the sender reads account state, never writes it (its PutItem is the ledger’s claim)',
    },
  ],
  engagement: [
    { file: 'dynamodb-store.ts', command: 'QueryCommand', reason: 'listDue, the planner’s' },
    {
      file: 'dynamodb-ledger.ts',
      command: 'DeleteItemCommand',
      reason: 'release, the sender’s; engagement only records statuses',
    },
    {
      file: 'dynamodb-compliance-log.ts',
      command: 'QueryCommand',
      reason: 'list and retain, ingest’s; engagement only appends',
    },
    { file: 'dynamodb-compliance-log.ts', command: 'UpdateItemCommand', reason: 'retain, ingest’s' },
  ],
  unsubscribe: [
    { file: 'dynamodb-store.ts', command: 'QueryCommand', reason: 'listDue, the planner’s' },
    {
      file: 'dynamodb-compliance-log.ts',
      command: 'QueryCommand',
      reason: 'list and retain, ingest’s; unsubscribe only appends',
    },
    { file: 'dynamodb-compliance-log.ts', command: 'UpdateItemCommand', reason: 'retain, ingest’s' },
  ],
  guardrail: [
    {
      file: 'dynamodb-sending-guard.ts',
      command: 'QueryCommand',
      reason: 'readCounts, the sender’s and engagement’s; the guardrail only pauses and resumes',
    },
  ],
};

const measured = new Map<FunctionName, HandlerCall[]>();
beforeAll(async () => {
  for (const name of FUNCTIONS) measured.set(name, await handlerCalls(name));
}, 120_000);

const codeGrantOf = (g: Grant): string => {
  const target = ['table', 'compliance table', 'due index'].includes(g.resource) ? g.resource : null;
  return callLabel({ action: g.action, target: target as HandlerCall['target'] });
};

describe('each role holds exactly the calls its code makes', () => {
  it.each(FUNCTIONS)('%s', (name) => {
    const calls = measured.get(name) ?? [];
    const excluded = NEVER_CALLED[name] ?? [];
    for (const e of excluded) {
      expect(
        calls.some((c) => c.file === e.file && c.command === e.command),
        `stale NEVER_CALLED entry ${e.file} ${e.command}`,
      ).toBe(true);
    }
    const made = new Set(
      calls.filter((c) => !excluded.some((e) => e.file === c.file && e.command === c.command)).map(callLabel),
    );
    const granted = new Set(
      grantTriplesOfFunction(template, name, labels)
        .filter((g) => !Object.values(LAMBDA_SERVICE_GRANTS).some((isService) => isService(g)))
        .map(codeGrantOf),
    );
    expect([...granted].sort(), 'granted (left) vs called (right)').toEqual([...made].sort());
  });

  it('measures something real: the sender sends email, the planner queries the due index', () => {
    expect(measured.get('sender')?.map(callLabel)).toContain('ses:SendEmail');
    expect(measured.get('planner')?.map(callLabel)).toContain('dynamodb:Query on due index');
    expect(measured.get('unsubscribe')?.map(callLabel)).toContain('dynamodb:PutItem on compliance table');
  });
});

describe('the README’s IAM table', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- iam-table:start -->'), readme.indexOf('<!-- iam-table:end -->'));
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim().replaceAll('`', ''));
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| function'))
    .flatMap((line) => {
      const [fn, actions, resources, condition] = cells(line) as [string, string, string, string];
      return actions
        .split(',')
        .flatMap((a) => resources.split(',').map((r) => `${fn} | ${a.trim()} | ${r.trim()} | ${condition}`));
    });

  it('lists every function’s every grant but its logs, and nothing else', () => {
    expect(rows.length).toBeGreaterThan(40);
    const fromTemplate = FUNCTIONS.flatMap((name) =>
      grantTriplesOfFunction(template, name, labels)
        .filter((g) => !LAMBDA_SERVICE_GRANTS.logs(g))
        .map((g) => `${name} | ${g.action} | ${g.resource} | ${g.condition}`),
    );
    expect([...new Set(fromTemplate)].sort()).toEqual([...new Set(rows)].sort());
  });
});

describe('the public unsubscribe function', () => {
  it('may not update or delete anything, nor touch the sending guard', () => {
    const grants = grantTriplesOfFunction(template, 'unsubscribe', labels).filter((g) =>
      g.action.startsWith('dynamodb:'),
    );
    expect(grants.map((g) => g.action)).not.toContain('dynamodb:UpdateItem');
    expect(grants.map((g) => g.action)).not.toContain('dynamodb:DeleteItem');
    for (const g of grants) expect(g.condition).toMatch(/keys ACCOUNT#\*$/);
  });
});

describe('the compliance record', () => {
  const onCompliance = FUNCTIONS.flatMap((name) =>
    grantTriplesOfFunction(template, name, labels).filter((g) => g.resource === 'compliance table'),
  );

  it('is append-only for every role: put without the expiry, query, and an update of the expiry alone', () => {
    expect(onCompliance.length).toBeGreaterThan(0);
    for (const g of onCompliance) {
      switch (g.action) {
        case 'dynamodb:PutItem':
          expect(COMPLIANCE_PUT_ATTRIBUTES).not.toContain(TTL_ATTRIBUTE);
          expect(g.condition).toBe(`attributes ${COMPLIANCE_PUT_ATTRIBUTES.join(', ')}; keys ACCOUNT#*`);
          break;
        case 'dynamodb:UpdateItem':
          expect(g.condition).toBe(`attributes ${COMPLIANCE_RETAIN_ATTRIBUTES.join(', ')}; keys ACCOUNT#*`);
          expect(COMPLIANCE_RETAIN_ATTRIBUTES.filter((a) => a !== 'pk' && a !== 'sk')).toEqual([TTL_ATTRIBUTE]);
          break;
        case 'dynamodb:Query':
          expect(g.condition).toBe('keys ACCOUNT#*');
          break;
        default:
          throw new Error(`${g.action} on the compliance table`);
      }
    }
  });

  it('is reached by no other role and no other statement in the stack', () => {
    const arn = JSON.stringify(stack.resolve(teichaku.complianceTable.tableArn));
    const statements = resourcesOf(template, 'AWS::IAM::Policy').flatMap(
      ([, p]) => (p.Properties?.PolicyDocument as { Statement: { Resource: unknown; Action: unknown }[] }).Statement,
    );
    const reaching = statements.filter((s) => JSON.stringify(s.Resource).includes(arn.slice(1, -1)));
    expect(reaching.flatMap((s) => ([] as string[]).concat(s.Action as string)).sort()).toEqual(
      ['dynamodb:PutItem', 'dynamodb:PutItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'].sort(),
    );
  });

  it('keeps its own table with point-in-time recovery, TTL on the expiry, deletion protection and no index', () => {
    const id = (stack.resolve(teichaku.complianceTable.tableArn) as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    const table = template.toJSON().Resources[id].Properties;
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Replicas[0].DeletionProtectionEnabled).toBe(true);
    expect(table.GlobalSecondaryIndexes).toBeUndefined();
  });
});
