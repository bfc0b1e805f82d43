import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMA_FILE, renderEventSchema } from '../../functions/cli/write-event-schema.js';
import { DEFAULT_FUTURE_TOLERANCE_SEC, type ParseResult, parseProductEvent } from '../../functions/core/events.js';

const envelope = (detailType: string, detail: unknown, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'evt-1',
  source: 'com.example.product',
  'detail-type': detailType,
  time: '2026-01-19T00:00:00Z',
  region: 'ap-northeast-1',
  account: '123456789012',
  resources: [],
  detail,
  ...extra,
});

const account = {
  accountId: 'acc-1',
  name: '株式会社サンプル',
  plan: 'standard',
  industry: 'manufacturing',
  employees: 120,
  timeZone: 'Asia/Tokyo',
  locale: 'ja',
  contractStart: '2026-01-05',
  touchModel: 'tech',
};
const contact = {
  accountId: 'acc-1',
  contactId: 'c-1',
  email: 'hanako@example.co.jp',
  name: '山田 花子',
  role: 'owner',
};
const usage = {
  accountId: 'acc-1',
  contactId: 'c-1',
  action: 'daily_report.create',
  occurredAt: '2026-01-20T10:00:00+09:00',
};

function rejected(result: ParseResult) {
  if (result.kind !== 'rejected') throw new Error('expected a rejection');
  return result;
}

describe('parseProductEvent', () => {
  it.each([
    ['Account Upserted', account],
    ['Contact Upserted', contact],
    ['Contact Removed', { accountId: 'acc-1', contactId: 'c-1' }],
    ['Usage Recorded', usage],
    ['Onboarding Completed', { accountId: 'acc-1', completedAt: '2026-02-01T09:00:00+09:00' }],
  ])('accepts a valid %s event', (type, detail) => {
    const result = parseProductEvent(envelope(type, detail));
    expect(result.kind).toBe('ok');
    if (result.kind === 'ok') expect(result.event.detailType).toBe(type);
  });

  it('normalises instants to UTC and defaults the usage count to 1', () => {
    const result = parseProductEvent(envelope('Usage Recorded', usage));
    if (result.kind !== 'ok' || result.event.detailType !== 'Usage Recorded') throw new Error('expected usage');
    expect(result.event.detail.occurredAt).toBe('2026-01-20T01:00:00.000Z');
    expect(result.event.detail.count).toBe(1);
    expect(result.event.time).toBe('2026-01-19T00:00:00.000Z');
  });

  it('keeps an instant already in the normalised shape, and reads 24:00 as the next day', () => {
    const canonical = parseProductEvent(
      envelope('Usage Recorded', { ...usage, occurredAt: '2026-01-20T01:02:03.456Z' }),
    );
    const midnight = parseProductEvent(
      envelope('Usage Recorded', { ...usage, occurredAt: '2026-01-20T24:00:00.000Z' }),
    );
    if (canonical.kind !== 'ok' || canonical.event.detailType !== 'Usage Recorded') throw new Error('expected usage');
    if (midnight.kind !== 'ok' || midnight.event.detailType !== 'Usage Recorded') throw new Error('expected usage');
    expect(canonical.event.detail.occurredAt).toBe('2026-01-20T01:02:03.456Z');
    expect(midnight.event.detail.occurredAt).toBe('2026-01-21T00:00:00.000Z');
  });

  it('rejects an impossible day in an instant however often that day was seen valid', () => {
    for (let i = 0; i < 3; i++)
      expect(parseProductEvent(envelope('Usage Recorded', { ...usage, occurredAt: '2026-02-28T10:00:00Z' })).kind).toBe(
        'ok',
      );
    expect(parseProductEvent(envelope('Usage Recorded', { ...usage, occurredAt: '2026-02-30T10:00:00Z' })).kind).toBe(
      'rejected',
    );
    expect(parseProductEvent(envelope('Usage Recorded', { ...usage, occurredAt: '2026-02-30T10:00:00Z' })).kind).toBe(
      'rejected',
    );
  });

  it.each([
    ['a missing field', 'Account Upserted', { ...account, plan: undefined }, 'detail.plan', 'missing'],
    ['a wrong type', 'Account Upserted', { ...account, employees: '120' }, 'detail.employees', 'number'],
    ['a fractional employee count', 'Account Upserted', { ...account, employees: 1.5 }, 'detail.employees', 'integer'],
    ['an unknown time zone', 'Account Upserted', { ...account, timeZone: 'Mars/Olympus' }, 'detail.timeZone', 'IANA'],
    [
      'an impossible date',
      'Account Upserted',
      { ...account, contractStart: '2026-02-30' },
      'detail.contractStart',
      'real calendar date',
    ],
    ['an unknown touch model', 'Account Upserted', { ...account, touchModel: 'medium' }, 'detail.touchModel', 'tech'],
    [
      'an email that is not one',
      'Contact Upserted',
      { ...contact, email: 'not-an-address' },
      'detail.email',
      'email address',
    ],
    [
      'a CR/LF in a name',
      'Contact Upserted',
      { ...contact, name: 'Eve\r\nBcc: x@example.com' },
      'detail.name',
      'control characters',
    ],
    ['a name over the limit', 'Contact Upserted', { ...contact, name: 'あ'.repeat(201) }, 'detail.name', 'at most 200'],
    ['an unknown role', 'Contact Upserted', { ...contact, role: 'king' }, 'detail.role', 'owner'],
    ['an unknown field', 'Contact Removed', { accountId: 'acc-1', contactId: 'c-1', extra: 1 }, 'detail', 'unknown'],
    ['a count below 1', 'Usage Recorded', { ...usage, count: 0 }, 'detail.count', 'at least 1'],
    ['a negative duration', 'Usage Recorded', { ...usage, durationSec: -1 }, 'detail.durationSec', 'negative'],
    [
      'a time without offset',
      'Usage Recorded',
      { ...usage, occurredAt: '2026-01-20 10:00' },
      'detail.occurredAt',
      'ISO 8601',
    ],
    [
      'an id with a key separator',
      'Usage Recorded',
      { ...usage, accountId: 'acc#1' },
      'detail.accountId',
      'letters, digits',
    ],
  ])('rejects %s naming the event, the field and what was expected', (_case, type, detail, path, expected) => {
    const result = rejected(parseProductEvent(envelope(type, detail)));
    expect(result.eventId).toBe('evt-1');
    expect(result.reason).toContain('event evt-1');
    const problem = result.problems.find((p) => p.path === path);
    expect(problem, `problems: ${JSON.stringify(result.problems)}`).toBeDefined();
    expect(problem?.expected).toContain(expected);
  });

  it('rejects an unknown detail-type listing the known ones', () => {
    const result = rejected(parseProductEvent(envelope('Invoice Paid', {})));
    expect(result.problems).toEqual([{ path: 'detail-type', expected: expect.stringContaining('"Usage Recorded"') }]);
  });

  it('rejects an event from another source when a source is configured', () => {
    const result = rejected(
      parseProductEvent(envelope('Contact Removed', { accountId: 'a', contactId: 'c' }), {
        allowedSource: 'com.other',
      }),
    );
    expect(result.problems[0]?.path).toBe('source');
  });

  it('rejects input that is not an event at all without a readable id', () => {
    for (const raw of [null, 42, 'text', [], { id: 'bad id with spaces' }]) {
      const result = rejected(parseProductEvent(raw));
      expect(result.eventId).toBeNull();
      expect(result.reason).toMatch(/^event without a readable id rejected: /);
    }
  });

  it('never echoes the offending value in a rejection', () => {
    const result = rejected(
      parseProductEvent(envelope('Contact Upserted', { ...contact, email: 'secret-person@@example.com' })),
    );
    expect(result.reason).not.toContain('secret-person');
    const named = rejected(parseProductEvent(envelope('Contact Upserted', { ...contact, name: 'Very Private\nName' })));
    expect(named.reason).not.toContain('Private');
  });
});

describe('the JSON Schema for producers', () => {
  it('is the committed file, generated from the zod contract', () => {
    expect(readFileSync(EVENT_SCHEMA_FILE, 'utf8')).toBe(renderEventSchema());
  });
});

describe('parseProductEvent with the ingestion time', () => {
  const received = '2026-01-20T00:00:00.000Z';
  const usageAt = (occurredAt: string) => envelope('Usage Recorded', { ...usage, occurredAt });

  it('accepts an instant up to the tolerance ahead of ingestion and rejects one a second past it', () => {
    expect(DEFAULT_FUTURE_TOLERANCE_SEC).toBe(86_400);
    expect(parseProductEvent(usageAt('2026-01-21T00:00:00Z'), { receivedAt: received }).kind).toBe('ok');
    const late = rejected(parseProductEvent(usageAt('2026-01-21T00:00:01Z'), { receivedAt: received }));
    expect(late.reason).toBe(
      'event evt-1 rejected: detail.occurredAt: expected an instant at most 86400 seconds after the event is received (not in the future)',
    );
  });

  it('takes the tolerance from the options', () => {
    expect(
      parseProductEvent(usageAt('2026-01-20T00:01:00Z'), { receivedAt: received, futureToleranceSec: 60 }).kind,
    ).toBe('ok');
    expect(
      rejected(
        parseProductEvent(usageAt('2026-01-20T00:01:01Z'), { receivedAt: received, futureToleranceSec: 60 }),
      ).problems.map((p) => p.path),
    ).toEqual(['detail.occurredAt']);
  });

  it('names every field dated ahead, the envelope time among them', () => {
    const ahead = envelope(
      'Onboarding Completed',
      { accountId: 'acc-1', completedAt: '2030-01-01T00:00:00Z' },
      { time: '2030-01-01T00:00:00Z' },
    );
    expect(rejected(parseProductEvent(ahead, { receivedAt: received })).problems.map((p) => p.path)).toEqual([
      'time',
      'detail.completedAt',
    ]);
  });

  it('checks nothing against the clock without a receivedAt', () => {
    expect(parseProductEvent(usageAt('2090-01-01T00:00:00Z')).kind).toBe('ok');
  });
});

describe('parseProductEvent with allowed csOwner domains', () => {
  const owned = (email: string) => envelope('Account Upserted', { ...account, csOwner: { name: 'Sato', email } });

  it('accepts a csOwner at an allowed domain in any letter case', () => {
    expect(parseProductEvent(owned('sato@Vendor.Example.com'), { csOwnerDomains: ['vendor.example.com'] }).kind).toBe(
      'ok',
    );
  });

  it('rejects a csOwner at another domain, or at a subdomain, without echoing the address', () => {
    for (const email of ['sato@attacker.example.net', 'sato@mail.vendor.example.com']) {
      const result = rejected(parseProductEvent(owned(email), { csOwnerDomains: ['vendor.example.com'] }));
      expect(result.reason).toBe(
        'event evt-1 rejected: detail.csOwner.email: expected an address at an allowed domain (vendor.example.com)',
      );
    }
  });

  it('accepts any domain when no domains are given', () => {
    expect(parseProductEvent(owned('sato@attacker.example.net')).kind).toBe('ok');
  });
});
