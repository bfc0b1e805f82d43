// Small generated worlds for the reliability properties: one or two accounts, a few contacts, a few
// weeks of usage, and people who say no (unsubscribe, permanent bounce, complaint) or leave (removal).
// Small on purpose: thousands of runs, each a full ingest → planner → sender loop, twice.
import fc from 'fast-check';
import type { ContactRole, Locale, TouchModel } from '../../functions/core/events.js';
import { addHours, toIso, toMs } from '../../functions/core/time.js';

export const EVENT_SOURCE = 'com.example.product';
/** A Monday; the worlds run from here. Anything earlier is history, delivered in the first hour. */
export const WORLD_START = '2026-03-02T00:00:00.000Z';
const CONTRACT_START = '2026-02-16';

export type StopKind = 'unsubscribe' | 'bounce' | 'complaint' | 'removal';

export interface WorldContact {
  readonly contactId: string;
  readonly role: ContactRole;
  readonly locale: Locale | null;
  /** Hours after the start when the product first tells us about the contact (history: at or before 0). */
  readonly joinHour: number;
  /** When (hours after the start) and how the contact says no, if it does. */
  readonly stop: { readonly kind: StopKind; readonly hour: number } | null;
}

export interface WorldAccount {
  readonly accountId: string;
  readonly timeZone: string;
  readonly locale: Locale;
  readonly touchModel: TouchModel;
  readonly onboardedHour: number;
  readonly contacts: readonly WorldContact[];
  /** Usage: contact index, action, hour after the start. */
  readonly usage: readonly { readonly contact: number; readonly action: string; readonly hour: number }[];
}

export interface World {
  readonly days: number;
  readonly accounts: readonly WorldAccount[];
}

/** One thing that happens at an hour: a product event on the bus, or a person's no. */
export type Happening =
  | { readonly at: string; readonly kind: 'event'; readonly envelope: Record<string, unknown> }
  | {
      readonly at: string;
      readonly kind: Exclude<StopKind, 'removal'>;
      readonly accountId: string;
      readonly contactId: string;
    };

const ACTIONS = [
  'login',
  'settings.basic_complete',
  'dashboard.view',
  'daily_report.create',
  'report.create',
  'member.invite',
  'report.schedule_monthly',
];
const ZONES = ['Asia/Tokyo', 'Europe/London', 'America/New_York'];

const contactArb = (days: number) =>
  fc.record({
    role: fc.constantFrom<ContactRole>('owner', 'admin', 'member'),
    locale: fc.constantFrom<Locale | null>(null, 'ja', 'en'),
    joinHour: fc.oneof(fc.constant(-9 * 24), fc.integer({ min: -9 * 24, max: days * 24 - 48 })),
    stop: fc.option(
      fc.record({
        kind: fc.constantFrom<StopKind>('unsubscribe', 'bounce', 'complaint', 'removal'),
        hour: fc.integer({ min: 24, max: days * 24 - 1 }),
      }),
      { freq: 2 },
    ),
  });

const accountArb = (index: number, days: number) =>
  fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      locale: fc.constantFrom<Locale>('ja', 'en'),
      touchModel: fc.constantFrom<TouchModel>('tech', 'tech', 'tech', 'low', 'high'),
      onboardedHour: fc.integer({ min: -9 * 24, max: 48 }),
      contacts: fc.array(contactArb(days), { minLength: 1, maxLength: 4 }),
      usage: fc.array(
        fc.record({
          contact: fc.nat(3),
          action: fc.constantFrom(...ACTIONS),
          hour: fc.integer({ min: -9 * 24, max: days * 24 - 1 }),
        }),
        { maxLength: 8 },
      ),
    })
    .map((a) => ({
      ...a,
      accountId: `acc-${index + 1}`,
      contacts: a.contacts.map((c, i) => ({ ...c, contactId: `c-${i + 1}` })),
      usage: a.usage.map((u) => ({ ...u, contact: u.contact % a.contacts.length })),
    }));

/**
 * 7 to 12 days of an account that may have been onboarded up to 9 days before the world starts (its
 * history arrives in the first hour): re-onboarding, milestones and one or two weekly slots.
 */
export const worldArb: fc.Arbitrary<World> = fc
  .integer({ min: 7, max: 12 })
  .chain((days) => fc.tuple(fc.constant(days), accountArb(0, days), fc.option(accountArb(1, days), { freq: 4 })))
  .map(([days, first, second]) => ({ days, accounts: second === null ? [first] : [first, second] }));

export function emailOf(accountId: string, contactId: string): string {
  return `${contactId}@${accountId}.example.com`;
}

export function nameOf(accountId: string, contactId: string): string {
  return `Person ${contactId} of ${accountId}`;
}

function hour(h: number): string {
  return addHours(WORLD_START, h);
}

function envelope(id: string, detailType: string, at: string, detail: Record<string, unknown>): Happening {
  return {
    at,
    kind: 'event',
    envelope: {
      version: '0',
      id,
      'detail-type': detailType,
      source: EVENT_SOURCE,
      account: '123456789012',
      time: at,
      region: 'ap-northeast-1',
      resources: [],
      detail,
    },
  };
}

/** Everything that happens in the world, in time order (ties: generation order). */
export function happeningsOf(world: World): Happening[] {
  const out: Happening[] = [];
  for (const a of world.accounts) {
    const { accountId } = a;
    out.push(
      envelope(`${accountId}-profile`, 'Account Upserted', hour(-14 * 24), {
        accountId,
        name: `Account ${accountId}`,
        plan: 'standard',
        industry: 'manufacturing',
        employees: 120,
        timeZone: a.timeZone,
        locale: a.locale,
        contractStart: CONTRACT_START,
        touchModel: a.touchModel,
      }),
    );
    out.push(
      envelope(`${accountId}-onboarded`, 'Onboarding Completed', hour(a.onboardedHour), {
        accountId,
        completedAt: hour(a.onboardedHour),
      }),
    );
    for (const c of a.contacts) {
      const { contactId } = c;
      out.push(
        envelope(`${accountId}-${contactId}-upsert`, 'Contact Upserted', hour(c.joinHour), {
          accountId,
          contactId,
          email: emailOf(accountId, contactId),
          name: nameOf(accountId, contactId),
          role: c.role,
          ...(c.locale === null ? {} : { locale: c.locale }),
        }),
      );
      // A person leaving is the last word about them: no upsert comes later.
      if (c.stop === null) continue;
      const at = hour(Math.max(c.stop.hour, c.joinHour + 1));
      if (c.stop.kind === 'removal')
        out.push(envelope(`${accountId}-${contactId}-removed`, 'Contact Removed', at, { accountId, contactId }));
      else out.push({ at, kind: c.stop.kind, accountId, contactId });
    }
    a.usage.forEach((u, i) => {
      const contactId = a.contacts[u.contact]?.contactId ?? 'c-1';
      out.push(
        envelope(`${accountId}-usage-${i}`, 'Usage Recorded', hour(u.hour), {
          accountId,
          contactId,
          action: u.action,
          occurredAt: hour(u.hour),
        }),
      );
    });
  }
  return out
    .map((h, i) => ({ h, i }))
    .sort((x, y) => x.h.at.localeCompare(y.h.at) || x.i - y.i)
    .map(({ h }) => h);
}

export function worldEnd(world: World): string {
  return toIso(toMs(WORLD_START) + world.days * 86_400_000);
}

/** Envelopes no producer should send: each must end in the dead-letter queue and change nothing. */
export const badEnvelopeArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.constantFrom('acc-1', 'acc-2'),
    fc.constantFrom('c-1', 'c-2', 'c-9'),
    fc.constantFrom('bad-email', 'crlf-name', 'bad-zone', 'bad-time', 'unknown-type', 'missing-account', 'wrong-type'),
    fc.nat(1000),
  )
  .map(([accountId, contactId, flaw, n]) => {
    const id = `bad-${flaw}-${n}`;
    const at = hour(1);
    const base = { version: '0', id, source: EVENT_SOURCE, time: at };
    switch (flaw) {
      case 'bad-email':
        return {
          ...base,
          'detail-type': 'Contact Upserted',
          detail: { accountId, contactId, email: 'not an address', name: 'Mallory', role: 'owner' },
        };
      case 'crlf-name':
        return {
          ...base,
          'detail-type': 'Contact Upserted',
          detail: {
            accountId,
            contactId,
            email: 'mallory@example.com',
            name: 'Mallory\r\nBcc: x@example.com',
            role: 'owner',
          },
        };
      case 'bad-zone':
        return {
          ...base,
          'detail-type': 'Account Upserted',
          detail: {
            accountId,
            name: 'X',
            plan: 'p',
            industry: 'i',
            employees: 5,
            timeZone: 'Mars/Olympus',
            locale: 'en',
            contractStart: '2026-03-02',
            touchModel: 'tech',
          },
        };
      case 'bad-time':
        return {
          ...base,
          'detail-type': 'Usage Recorded',
          detail: { accountId, contactId, action: 'login', occurredAt: '2026-02-30T10:00:00Z' },
        };
      case 'unknown-type':
        return { ...base, 'detail-type': 'Account Deleted', detail: { accountId } };
      case 'missing-account':
        return { ...base, 'detail-type': 'Contact Removed', detail: { contactId } };
      default:
        return {
          ...base,
          'detail-type': 'Usage Recorded',
          detail: { accountId, contactId, action: 'login', occurredAt: at, count: '3' },
        };
    }
  });
