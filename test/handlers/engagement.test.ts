import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { touchTags } from '../../functions/core/touch-tags.js';
import { createEngagementHandler } from '../../functions/handlers/engagement.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { recordingLogger } from './helpers.js';

const touch = aPlannedTouch(undefined, { accountId: 'org:42', locale: 'en', plannedAt: '2026-02-02T00:00:00.000Z' });

/** An SES event as EventBridge delivers it, with the tags the sender put on the email. */
function sesEvent(
  eventType: string,
  extra: Record<string, unknown> = {},
  tags: Record<string, string> = touchTags(touch),
): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id: 'e-1',
    'detail-type': `Email ${eventType}`,
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-02-02T00:10:00Z',
    region: 'ap-northeast-1',
    resources: [],
    detail: {
      eventType,
      mail: {
        timestamp: '2026-02-02T00:05:00.000Z',
        messageId: 'ses-1',
        destination: ['hanako@example.com'],
        tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])),
      },
      ...extra,
    },
  };
}

async function setup() {
  const store = new MemoryAccountStore();
  await store.save(
    anAccount('org:42').withProfile().withContact('c-1', { email: 'hanako@example.com', role: 'owner' }).state(),
  );
  const ledger = new MemoryTouchLedger();
  await ledger.claim(touch, '2026-02-02T00:01:00.000Z');
  await ledger.markSent(touch.accountId, touch.touchId, 'ses-1', '2026-02-02T00:01:00.000Z');
  const logger = recordingLogger();
  const handler = createEngagementHandler({ ledger, suppressions: createStoreSuppressionRecorder(store), logger });
  return { store, ledger, logger, handler };
}

describe('engagement handler', () => {
  it.each([
    ['Delivery', { delivery: { timestamp: '2026-02-02T00:06:00.000Z' } }, 'delivered'],
    ['Open', { open: { timestamp: '2026-02-02T00:06:00.000Z' } }, 'opened'],
    ['Click', { click: { timestamp: '2026-02-02T00:06:00.000Z', link: 'https://x' } }, 'clicked'],
  ] as const)('records %s on the touch named by the email tags', async (type, extra, status) => {
    const { handler, ledger, store } = await setup();
    await handler(sesEvent(type, extra));
    expect(ledger.get('org:42', touch.touchId)?.statuses[status]).toBe('2026-02-02T00:06:00.000Z');
    expect((await store.load('org:42'))?.contacts['c-1']?.suppressed).toBeNull();
  });

  it('suppresses the contact for good on a permanent bounce', async () => {
    const { handler, ledger, store } = await setup();
    await handler(
      sesEvent('Bounce', {
        bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: '2026-02-02T00:07:00.000Z' },
      }),
    );
    expect(ledger.get('org:42', touch.touchId)?.statuses.bounced).toBe('2026-02-02T00:07:00.000Z');
    expect((await store.load('org:42'))?.contacts['c-1']?.suppressed).toEqual({
      reason: 'bounced',
      at: '2026-02-02T00:07:00.000Z',
    });
  });

  it('keeps a contact after a transient bounce', async () => {
    const { handler, store } = await setup();
    await handler(sesEvent('Bounce', { bounce: { bounceType: 'Transient', timestamp: '2026-02-02T00:07:00.000Z' } }));
    expect((await store.load('org:42'))?.contacts['c-1']?.suppressed).toBeNull();
  });

  it('suppresses the contact for good on a complaint', async () => {
    const { handler, store } = await setup();
    await handler(sesEvent('Complaint', { complaint: { timestamp: '2026-02-02T00:08:00.000Z' } }));
    expect((await store.load('org:42'))?.contacts['c-1']?.suppressed?.reason).toBe('complained');
  });

  it('ignores mail without teichaku tags, and unreadable events, without throwing', async () => {
    const { handler, logger, store } = await setup();
    const before = (await store.load('org:42'))?.version;
    await handler(sesEvent('Complaint', { complaint: {} }, {}));
    await handler({ ...sesEvent('Delivery'), detail: { nothing: true } });
    expect((await store.load('org:42'))?.version).toBe(before);
    expect(logger.lines.map((l) => l.message)).toEqual([
      'SES event ignored: not a teichaku touch',
      'SES event ignored: unreadable',
    ]);
    expect(logger.text()).not.toContain('hanako@example.com');
  });

  it('logs a suppression at INFO and a delivery (one per email, kept in the ledger) only at DEBUG', async () => {
    const { handler, logger } = await setup();
    await handler(sesEvent('Delivery', { delivery: { timestamp: '2026-02-02T00:06:00.000Z' } }));
    await handler(sesEvent('Complaint', { complaint: { timestamp: '2026-02-02T00:08:00.000Z' } }));
    expect(
      logger.lines.filter((l) => l.message === 'touch engagement recorded').map((l) => [l.level, l.attributes.status]),
    ).toEqual([
      ['debug', 'delivered'],
      ['info', 'complained'],
    ]);
  });

  it('is harmless when the same event arrives twice', async () => {
    const { handler, store } = await setup();
    const event = sesEvent('Complaint', { complaint: { timestamp: '2026-02-02T00:08:00.000Z' } });
    await handler(event);
    const version = (await store.load('org:42'))?.version;
    await handler(event);
    expect((await store.load('org:42'))?.version).toBe(version);
  });
});
