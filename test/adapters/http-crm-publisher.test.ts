// The local CRM updates: a PATCH of each record with the body its rule picks, retried on 5xx and
// refused on 4xx, against the loopback receiver.
import { afterEach, describe, expect, it } from 'vitest';
import { CrmDeliveryError, createHttpCrmPublisher } from '../../functions/adapters/http-crm-publisher.js';
import {
  type NotificationReceiver,
  type ReceiverAnswer,
  type ReceiverDestination,
  startNotificationReceiver,
} from '../../functions/adapters/local/notification-receiver.js';
import { crmRecordChangeOf } from '../../functions/core/crm-record.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const change = crmRecordChangeOf(
  anAccount('acc-1').withProfile({ crmId: '987' }).onboardedOn('2026-01-19').state(),
  defaultProgram(),
  '2026-03-02T01:00:00.000Z',
);

let receiver: NotificationReceiver | null = null;
afterEach(async () => {
  await receiver?.stop();
  receiver = null;
});

async function publisherWith(answer: (destination: ReceiverDestination, n: number) => ReceiverAnswer) {
  receiver = await startNotificationReceiver({ answer });
  const publisher = createHttpCrmPublisher({
    hubspot: { baseUrl: receiver.hubspotUrl, token: 'pat-test' },
    salesforce: { baseUrl: receiver.salesforceUrl, token: 'sf-test' },
    ratePerSecond: 100,
    backoff: { maxAttempts: 3, sleep: async () => undefined, random: () => 0 },
  });
  return { publisher, received: receiver.received };
}

describe('HTTP CRM publisher', () => {
  it('PATCHes the company and the Account named by the crmId, each with its own body', async () => {
    if (change === null) throw new Error('expected a change');
    const { publisher, received } = await publisherWith(() => ({ status: 200 }));
    await publisher.publish(change);
    expect(received.map((r) => [r.destination, r.recordId, r.authorized])).toEqual([
      ['hubspot', '987', true],
      ['salesforce', '987', true],
    ]);
    expect(received[0]?.body).toEqual(change.hubspot);
    expect(received[1]?.body).toEqual(change.salesforce);
  });

  it('retries a 503 and then succeeds', async () => {
    if (change === null) throw new Error('expected a change');
    const { publisher, received } = await publisherWith((d, n) => ({ status: d === 'hubspot' && n === 0 ? 503 : 200 }));
    await publisher.publish(change);
    expect(received.map((r) => [r.destination, r.status])).toEqual([
      ['hubspot', 503],
      ['hubspot', 200],
      ['salesforce', 200],
    ]);
  });

  it('fails at once on a 400, naming the CRM, so the change stays unrecorded', async () => {
    if (change === null) throw new Error('expected a change');
    const { publisher, received } = await publisherWith(() => ({ status: 400 }));
    await expect(publisher.publish(change)).rejects.toThrow(CrmDeliveryError);
    await expect(publisher.publish(change)).rejects.toThrow(/hubspot answered HTTP 400/);
    expect(received.filter((r) => r.destination === 'salesforce')).toHaveLength(0);
  });
});
