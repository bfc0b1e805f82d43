// The unsubscribe function on a real local DynamoDB, with the adapters it has in AWS: the contact's
// state and the compliance record change once for one choice, however often the link is POSTed, and a
// new choice is still recorded. The whole table is compared, item by item, before and after.
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createDynamoComplianceLog } from '../../functions/adapters/dynamodb-compliance-log.js';
import { createDynamoAccountStore } from '../../functions/adapters/dynamodb-store.js';
import { accountPartitionKey, TABLE_KEY } from '../../functions/adapters/table-schema.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { createStoreTopicOptOutRecorder } from '../../functions/app/topic-opt-out.js';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import { anAccount } from '../fixtures/builders.js';
import { useLocalTable } from '../fixtures/local-table.js';
import { recordingLogger } from '../handlers/helpers.js';

const local = useLocalTable('unsubscribe-once');
const tokens = createUnsubscribeTokens(async () => 'local-dynamodb-unsubscribe-key-0123456789');

function post(token: string, body: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: `t=${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    queryStringParameters: { t: token },
    requestContext: {
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
    body,
  };
}

/** Every item of the account, keyed by sort key, as DynamoDB holds it. */
async function items(accountId: string): Promise<Record<string, Record<string, AttributeValue>>> {
  const out: Record<string, Record<string, AttributeValue>> = {};
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await local.dynamo.send(
      new ScanCommand({ TableName: local.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) {
      if (item[TABLE_KEY.partitionKey]?.S === accountPartitionKey(accountId))
        out[item[TABLE_KEY.sortKey]?.S ?? ''] = item;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return out;
}

async function world(accountId: string) {
  const store = createDynamoAccountStore(local.dynamo, { tableName: local.tableName });
  const compliance = createDynamoComplianceLog(local.dynamo, { tableName: local.tableName });
  await store.save(
    anAccount(accountId)
      .withProfile({ locale: 'ja' })
      .withContact('c-1', { email: 'mio@customer.example.jp', name: 'Mio Ito' })
      .state(),
  );
  let now = '';
  const handler = createUnsubscribeHandler({
    tokens,
    store,
    suppressions: createStoreSuppressionRecorder(store),
    topics: createStoreTopicOptOutRecorder(store),
    compliance,
    clock: () => now,
    logger: recordingLogger(),
  });
  const token = await tokens.sign(accountId, 'c-1', '2027-01-01T00:00:00.000Z');
  return {
    store,
    compliance,
    unsubscribe: async (body: string, at: string) => {
      now = at;
      const response = await handler(post(token, body));
      expect(response.statusCode).toBe(200);
    },
  };
}

describe('unsubscribe on DynamoDB Local', () => {
  it('writes nothing new on a repeated POST, by one-click or by the page', async () => {
    const { compliance, unsubscribe } = await world('acc-repeat');
    await unsubscribe('List-Unsubscribe=One-Click', '2026-02-02T00:00:00.000Z');
    const after = await items('acc-repeat');
    expect(Object.keys(after).filter((k) => k.startsWith('COMPLIANCE#'))).toHaveLength(1);
    await unsubscribe('List-Unsubscribe=One-Click', '2026-02-02T00:00:01.000Z');
    await unsubscribe('via=page', '2026-02-03T00:00:00.000Z');
    expect(await items('acc-repeat')).toEqual(after);
    expect(await compliance.list('acc-repeat')).toEqual([
      {
        kind: 'opt-out',
        accountId: 'acc-repeat',
        contactId: 'c-1',
        at: '2026-02-02T00:00:00.000Z',
        scope: 'all',
        channel: 'one-click',
        expiresAt: null,
      },
    ]);
  });

  it('records the topic choice once and a later stop-all as a new choice', async () => {
    const { compliance, unsubscribe } = await world('acc-topic');
    await unsubscribe('scope=promotional&via=page', '2026-02-02T00:00:00.000Z');
    const after = await items('acc-topic');
    await unsubscribe('scope=promotional&via=page', '2026-02-02T00:05:00.000Z');
    expect(await items('acc-topic')).toEqual(after);
    await unsubscribe('via=page', '2026-02-04T00:00:00.000Z');
    expect(
      (await compliance.list('acc-topic')).map((e) => [
        e.kind,
        e.at,
        e.kind === 'opt-out' ? `${e.scope}/${e.channel}` : '',
      ]),
    ).toEqual([
      ['opt-out', '2026-02-02T00:00:00.000Z', 'promotional/unsubscribe-page'],
      ['opt-out', '2026-02-04T00:00:00.000Z', 'all/unsubscribe-page'],
    ]);
  });

  it('records the survey choice once, beside a promotional one, and keeps the contact reachable', async () => {
    const { store, compliance, unsubscribe } = await world('acc-survey');
    await unsubscribe('scope=survey&via=page', '2026-02-02T00:00:00.000Z');
    const after = await items('acc-survey');
    await unsubscribe('scope=survey&via=page', '2026-02-02T00:05:00.000Z');
    expect(await items('acc-survey')).toEqual(after);
    await unsubscribe('scope=promotional&via=page', '2026-02-03T00:00:00.000Z');
    const contact = (await store.load('acc-survey'))?.contacts['c-1'];
    expect(contact?.topicOptOuts).toEqual({
      survey: '2026-02-02T00:00:00.000Z',
      promotional: '2026-02-03T00:00:00.000Z',
    });
    expect(contact?.suppressed).toBeNull();
    expect(
      (await compliance.list('acc-survey')).map((e) => [e.at, e.kind === 'opt-out' ? `${e.scope}/${e.channel}` : '']),
    ).toEqual([
      ['2026-02-02T00:00:00.000Z', 'survey/unsubscribe-page'],
      ['2026-02-03T00:00:00.000Z', 'promotional/unsubscribe-page'],
    ]);
  });
});
