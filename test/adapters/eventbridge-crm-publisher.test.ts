import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEventBridgeCrmPublisher } from '../../functions/adapters/eventbridge-crm-publisher.js';
import { SignalPublishError } from '../../functions/adapters/eventbridge-publisher.js';
import { crmRecordChangeOf } from '../../functions/core/crm-record.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const eventBridge = mockClient(EventBridgeClient);
const AT = '2026-03-02T01:00:00.000Z';
const change = crmRecordChangeOf(
  anAccount('acc-1').withProfile({ crmId: '987' }).onboardedOn('2026-01-19').state(),
  defaultProgram(),
  AT,
);
const noWait = { sleep: async () => undefined, random: () => 0 };

beforeEach(() => eventBridge.reset());

describe('EventBridge CRM publisher', () => {
  it('puts one CRM Record Changed from teichaku with the change as detail', async () => {
    if (change === null) throw new Error('expected a change');
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    await createEventBridgeCrmPublisher(new EventBridgeClient({}), { eventBusName: 'bus' }).publish(change);
    const entries = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ EventBusName: 'bus', Source: 'teichaku', DetailType: 'CRM Record Changed' });
    const detail = JSON.parse(entries[0]?.Detail ?? '{}');
    expect(detail).toMatchObject({
      accountId: 'acc-1',
      crmId: '987',
      hubspot: { properties: { teichaku_phase: 'adoption' } },
    });
    expect(detail.salesforce.Teichaku_Phase__c).toBe('adoption');
  });

  it('retries a failed entry, then rejects with its error code so the change is not recorded', async () => {
    if (change === null) throw new Error('expected a change');
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }] });
    const publisher = createEventBridgeCrmPublisher(new EventBridgeClient({}), {
      eventBusName: 'bus',
      backoff: { ...noWait, maxAttempts: 3 },
    });
    await expect(publisher.publish(change)).rejects.toThrow(SignalPublishError);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
  });
});
