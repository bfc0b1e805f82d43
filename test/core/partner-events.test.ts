import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mapPartnerEvent, parseIncomingEvent, SourcesConfig } from '../../functions/core/partner-events.js';

const config = SourcesConfig.parse(parse(readFileSync('templates/sources.yaml', 'utf8')));
const OPTIONS = { allowedSource: 'com.example.product', receivedAt: '2026-03-02T03:00:00Z' };

function fixture(name: string): Record<string, unknown> & { detail: Record<string, unknown> } {
  return JSON.parse(readFileSync(`test/fixtures/partners/${name}.json`, 'utf8'));
}

function parsed(raw: unknown) {
  const result = parseIncomingEvent(raw, OPTIONS, config);
  if (result.kind !== 'ok') throw new Error(result.reason);
  return result.event;
}

function reasonOf(raw: unknown, sources: SourcesConfig | undefined = config): string {
  const result = parseIncomingEvent(raw, OPTIONS, sources);
  expect(result.kind).toBe('rejected');
  return result.kind === 'rejected' ? result.reason : '';
}

describe('Segment messages', () => {
  it('maps a group call to Account Upserted', () => {
    const event = parsed(fixture('segment-group'));
    expect(event).toEqual({
      id: 'node-next-1740876484000-3c2e91f0-6a7d-4b5e-8f14-0b9d2c7a5e63',
      source: 'aws.partner/segment.com/q8Xz41VbTn',
      time: '2026-03-02T00:58:04.117Z',
      detailType: 'Account Upserted',
      detail: {
        accountId: 'acct-0042',
        name: 'Yamada Trading',
        plan: 'business',
        industry: 'wholesale',
        employees: 120,
        timeZone: 'Asia/Tokyo',
        locale: 'ja',
        contractStart: '2026-03-01',
        touchModel: 'tech',
      },
    });
  });

  it('maps an identify call to Contact Upserted, the account from context.groupId', () => {
    const event = parsed(fixture('segment-identify'));
    expect(event.detailType).toBe('Contact Upserted');
    expect(event.detail).toEqual({
      accountId: 'acct-0042',
      contactId: 'user-1001',
      email: 'hanako.sato@yamada-trading.example.jp',
      name: 'Hanako Sato',
      role: 'owner',
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
    });
  });

  it('maps a track call to Usage Recorded with the configured action', () => {
    const event = parsed(fixture('segment-track'));
    expect(event.detailType).toBe('Usage Recorded');
    expect(event.detail).toEqual({
      accountId: 'acct-0042',
      contactId: 'user-1001',
      action: 'daily_report.create',
      occurredAt: '2026-03-02T01:15:30.023Z',
      count: 1,
    });
  });
});

describe('RudderStack messages', () => {
  it('maps group, identify and track, reading the type from the message (detail-type is configured freely)', () => {
    const [group, identify, track] = ['rudderstack-group', 'rudderstack-identify', 'rudderstack-track'].map((n) =>
      parsed(fixture(n)),
    );
    expect(group?.detailType).toBe('Account Upserted');
    expect(group?.detail).toMatchObject({ accountId: 'acct-0077', employees: 45, contractStart: '2026-02-16' });
    expect(identify?.detailType).toBe('Contact Upserted');
    // The role trait is there; locale is not, and no default is configured: the contact keeps the account's.
    expect(identify?.detail).toEqual({
      accountId: 'acct-0077',
      contactId: 'u-5512',
      email: 'dana.lee@northwind.example.com',
      name: 'Dana Lee',
      role: 'admin',
      timeZone: 'America/Chicago',
    });
    expect(track?.detail).toMatchObject({ action: 'member.invite', contactId: 'u-5512' });
  });
});

describe('mapping edge cases', () => {
  it('rejects an event name the mapping does not list, naming the field', () => {
    const raw = fixture('segment-track');
    raw.detail.event = 'Page Scrolled';
    expect(reasonOf(raw)).toMatch(/detail\.event: expected an event name listed under actions/);
  });

  it('rejects a track call without context.groupId', () => {
    const raw = fixture('rudderstack-track');
    delete (raw.detail.context as Record<string, unknown>).groupId;
    expect(reasonOf(raw)).toMatch(
      /partner event 2c7e0a9f-.* rejected: detail\.context\.groupId: expected the account id/,
    );
  });

  it('rejects a group call without a groupId', () => {
    const raw = fixture('segment-group');
    delete raw.detail.groupId;
    expect(reasonOf(raw)).toMatch(/detail\.groupId: expected the account id/);
  });

  it('ties the user to its account through a named trait when configured', () => {
    const byTrait = SourcesConfig.parse({
      ...parse(readFileSync('templates/sources.yaml', 'utf8')),
      account: { trait: 'company_id' },
    });
    const identify = fixture('segment-identify');
    (identify.detail.traits as Record<string, unknown>).company_id = 'acct-0099';
    const result = parseIncomingEvent(identify, OPTIONS, byTrait);
    expect(result.kind === 'ok' && result.event.detail.accountId).toBe('acct-0099');
    const track = fixture('segment-track');
    (track.detail.context as Record<string, unknown>).traits = { company_id: 'acct-0100' };
    const tracked = parseIncomingEvent(track, OPTIONS, byTrait);
    expect(tracked.kind === 'ok' && tracked.event.detail.accountId).toBe('acct-0100');
    delete (track.detail.context as Record<string, unknown>).traits;
    expect(reasonOf(track, byTrait)).toMatch(/detail\.context\.traits\.company_id: expected the account id/);
  });

  it('holds mapped events to the contract: invisible characters, lengths, instants in range', () => {
    const hidden = fixture('segment-identify');
    (hidden.detail.traits as Record<string, unknown>).name = 'Hanako\u202eSato';
    expect(reasonOf(hidden)).toMatch(/detail\.name: expected must not contain control characters/);
    const long = fixture('segment-group');
    (long.detail.traits as Record<string, unknown>).name = 'x'.repeat(201);
    expect(reasonOf(long)).toMatch(/detail\.name: expected must be at most 200 characters/);
    const old = fixture('segment-track');
    old.detail.timestamp = '1999-12-31T23:59:59Z';
    expect(reasonOf(old)).toMatch(/time: expected must be an ISO 8601 date-time/);
    const ahead = fixture('segment-track');
    ahead.detail.timestamp = '2026-04-01T00:00:00Z';
    expect(reasonOf(ahead)).toMatch(/detail\.occurredAt: expected an instant at most 86400 seconds/);
    const badRole = fixture('segment-identify');
    (badRole.detail.traits as Record<string, unknown>).role = 'boss';
    expect(reasonOf(badRole)).toMatch(/detail\.role/);
  });

  it('rejects calls it does not map and messages without a usable messageId', () => {
    const page = fixture('rudderstack-track');
    page.detail.type = 'page';
    expect(reasonOf(page)).toMatch(/detail\.type: expected track, identify or group/);
    const noId = fixture('segment-track');
    noId.detail.messageId = 'has spaces and @';
    expect(reasonOf(noId)).toMatch(/^partner event without a readable id rejected: detail\.messageId/);
  });

  it('rejects partner events when no mapping is deployed, and never reads inherited properties', () => {
    const unmapped = parseIncomingEvent(fixture('segment-track'), OPTIONS, undefined);
    expect(unmapped.kind === 'rejected' && unmapped.reason).toMatch(/a partner mapping \(templates\/sources\.yaml\)/);
    const raw = fixture('segment-track');
    raw.detail.event = 'constructor';
    expect(reasonOf(raw)).toMatch(/detail\.event/);
  });

  it('leaves the product’s own events to the contract', () => {
    const own = {
      id: 'evt-1',
      source: 'com.example.product',
      'detail-type': 'Onboarding Completed',
      time: '2026-03-02T00:00:00Z',
      detail: { accountId: 'acct-1', completedAt: '2026-03-02T00:00:00Z' },
    };
    expect(parseIncomingEvent(own, OPTIONS, config).kind).toBe('ok');
    expect(mapPartnerEvent(own, config)).toMatchObject({ kind: 'rejected', problems: [{ path: 'source' }] });
  });
});

describe('hostile partner messages', () => {
  it('rejects odd shapes with a reason instead of throwing', () => {
    const proto = JSON.parse(
      '{"id":"e-1","source":"rudderstack","detail-type":"x","time":"2026-03-02T00:00:00Z","detail":{"type":"group","messageId":"m-1","timestamp":"2026-03-02T00:00:00Z","__proto__":{"groupId":"acct-evil"},"traits":[]}}',
    );
    expect(reasonOf(proto)).toMatch(/detail\.groupId: expected the account id/);
    expect(reasonOf({ ...fixture('segment-track'), detail: 'text' })).toMatch(/detail: expected the partner message/);
    const anonymous = fixture('segment-identify');
    delete anonymous.detail.userId;
    expect(reasonOf(anonymous)).toMatch(/detail\.contactId/);
    const huge = fixture('segment-group');
    huge.detail.groupId = 'a'.repeat(129);
    expect(reasonOf(huge)).toMatch(/detail\.accountId: expected must be at most 128 characters/);
  });
});

describe('sources.yaml schema', () => {
  it('names the field at fault', () => {
    const bad = SourcesConfig.safeParse({
      account: { from: 'context.groupId' },
      accountTraits: {},
      contactTraits: {},
      actions: { 'Signed In': 'Log In' },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['actions', 'Signed In']);
  });
});
