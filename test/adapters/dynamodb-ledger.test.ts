import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoTouchLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { TouchNotClaimedError } from '../../functions/core/errors.js';
import { aPlannedTouch } from '../fixtures/builders.js';

const dynamo = mockClient(DynamoDBClient);
const ledger = createDynamoTouchLedger(new DynamoDBClient({ region: 'us-east-1' }), { tableName: 'teichaku' });
const conditionFailed = (Item?: Record<string, AttributeValue>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(Item === undefined ? {} : { Item }),
  });

const touch = aPlannedTouch();
const AT = '2026-02-02T01:05:00.000Z';

beforeEach(() => dynamo.reset());

describe('DynamoDB touch ledger', () => {
  it('claims a touch with a conditional put on its deterministic id', async () => {
    dynamo.on(PutItemCommand).resolves({});
    expect(await ledger.claim(touch, AT)).toBe('claimed');
    const input = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_not_exists(#pk)');
    expect(unmarshall(input?.Item ?? {})).toMatchObject({
      pk: 'ACCOUNT#acc-1',
      sk: `TOUCH#${touch.touchId}`,
      status: 'claimed',
      kind: 'feature-tip',
      claimedAt: AT,
      statusAt: { claimed: AT },
    });
  });

  it('answers already-claimed when the touch item exists', async () => {
    dynamo.on(PutItemCommand).rejects(conditionFailed());
    expect(await ledger.claim(touch, AT)).toBe('already-claimed');
  });

  it('stores no email address in the touch item', async () => {
    dynamo.on(PutItemCommand).resolves({});
    await ledger.claim(touch, AT);
    expect(JSON.stringify(dynamo.commandCalls(PutItemCommand)[0]?.args[0].input.Item)).not.toMatch(/@/);
  });

  it('marks a claimed touch sent with the SES message id, stamp and status in one write', async () => {
    dynamo.on(UpdateItemCommand).resolves({});
    await ledger.markSent('acc-1', touch.touchId, 'ses-123', AT);
    const calls = dynamo.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(1);
    const [update] = calls;
    expect(update?.UpdateExpression).toContain('if_not_exists(#statusAt.#s, :at)');
    expect(update?.UpdateExpression).toContain('#status = :status');
    expect(update?.ConditionExpression).toMatch(/^#status IN \(/);
    expect(unmarshall(update?.ExpressionAttributeValues ?? {})).toMatchObject({
      ':x0': 'ses-123',
      ':x1': AT,
      ':status': 'sent',
      ':b0': 'claimed',
    });
  });

  it('refuses to mark sent a touch that was never claimed', async () => {
    dynamo.on(UpdateItemCommand).rejects(conditionFailed());
    await expect(ledger.markSent('acc-1', 'nope', 'ses-1', AT)).rejects.toBeInstanceOf(TouchNotClaimedError);
  });

  it('raises the status only over lower-ranked ones, so an old event never lowers it', async () => {
    dynamo.on(UpdateItemCommand).resolves({});
    await ledger.recordStatus('acc-1', touch.touchId, 'opened', AT);
    const status = dynamo.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    const allowed = Object.entries(unmarshall(status?.ExpressionAttributeValues ?? {}))
      .filter(([k]) => k.startsWith(':b'))
      .map(([, v]) => v);
    expect(allowed).toEqual(expect.arrayContaining(['claimed', 'sent', 'delivered']));
    for (const higher of ['opened', 'clicked', 'bounced', 'complained']) expect(allowed).not.toContain(higher);
  });

  it('stamps the first time of a status a higher-ranked touch lacks, without lowering its status', async () => {
    const held = marshall({
      pk: 'ACCOUNT#acc-1',
      sk: `TOUCH#${touch.touchId}`,
      status: 'opened',
      statusAt: { claimed: AT, sent: AT, opened: AT },
    });
    dynamo.on(UpdateItemCommand).rejectsOnce(conditionFailed(held)).resolvesOnce({});
    await expect(ledger.recordStatus('acc-1', touch.touchId, 'delivered', AT)).resolves.toBeUndefined();
    const [, stamp] = dynamo.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);
    expect(stamp?.UpdateExpression).not.toContain('#status =');
    expect(stamp?.ConditionExpression).toBe('attribute_exists(#pk)');
    expect(stamp?.ExpressionAttributeNames).toMatchObject({ '#s': 'delivered' });
  });

  it('writes nothing for a status the touch already has (a second open)', async () => {
    const held = marshall({
      pk: 'ACCOUNT#acc-1',
      sk: `TOUCH#${touch.touchId}`,
      status: 'opened',
      statusAt: { claimed: AT, sent: AT, opened: AT },
    });
    dynamo.on(UpdateItemCommand).rejects(conditionFailed(held));
    await expect(ledger.recordStatus('acc-1', touch.touchId, 'opened', AT)).resolves.toBeUndefined();
    expect(dynamo.commandCalls(UpdateItemCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(UpdateItemCommand)[0]?.args[0].input.ReturnValuesOnConditionCheckFailure).toBe(
      'ALL_OLD',
    );
  });

  it('leaves a touch it never claimed alone when a status arrives for it', async () => {
    dynamo.on(UpdateItemCommand).rejects(conditionFailed());
    await expect(ledger.recordStatus('acc-1', 'unknown', 'delivered', AT)).resolves.toBeUndefined();
    expect(dynamo.commandCalls(UpdateItemCommand)).toHaveLength(1);
  });

  it('releases only a claim that is still just claimed', async () => {
    dynamo.on(DeleteItemCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    await ledger.release('acc-1', touch.touchId);
    await ledger.release('acc-1', touch.touchId);
    const input = dynamo.commandCalls(DeleteItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('#status = :claimed');
    expect(input?.ExpressionAttributeValues).toEqual({ ':claimed': { S: 'claimed' } });
  });
});
