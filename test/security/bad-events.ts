// Generators of product events, good and bad. A bad one is a good one with one flaw, and knows the
// field path its rejection must name; a good one may still carry hostile but legal text (HTML,
// quotes, any script) in the fields people see.
import fc from 'fast-check';
import { NO_INVISIBLE_CHARS } from '../../functions/core/event-fields.js';
import { DETAIL_TYPES } from '../../functions/core/events.js';

export const SOURCE = 'com.example.product';
export const AT = '2026-03-02T01:00:00.000Z';

export type Envelope = Record<string, unknown> & { detail: Record<string, unknown> };

export interface BadEvent {
  readonly envelope: unknown;
  /** The id the rejection must name, or null when the event has no readable id. */
  readonly eventId: string | null;
  /** The field path the rejection must name. */
  readonly path: string;
  /** The offending value, which the rejection must not repeat (when it is long enough to tell). */
  readonly value: string | null;
}

/** Text a person may legally be called, including markup and quotes that must be escaped later. */
export const legalNameArb = fc.oneof(
  fc.constantFrom(
    '山田 花子',
    'O\'Brien & "Sons"',
    '<b>Bold</b> Ltd',
    '<script>alert(1)</script>',
    'Zoë Ünal',
    '\u{1F600} Emoji Co',
    '{{ unsubscribeUrl }}',
  ),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 15 })
    .filter((s) => s.trim().length > 0 && NO_INVISIBLE_CHARS.test(s)),
);

export function goodEvents(accountId: string, name: string, contactName: string, n: number): Envelope[] {
  const envelope = (id: string, detailType: string, detail: Record<string, unknown>): Envelope => ({
    version: '0',
    id,
    'detail-type': detailType,
    source: SOURCE,
    time: AT,
    detail,
  });
  return [
    envelope(`${accountId}-acct`, 'Account Upserted', {
      accountId,
      name,
      plan: 'standard',
      industry: 'retail',
      employees: 40,
      timeZone: 'Asia/Tokyo',
      locale: 'ja',
      contractStart: '2026-02-02',
      touchModel: 'tech',
    }),
    envelope(`${accountId}-c1`, 'Contact Upserted', {
      accountId,
      contactId: 'c-1',
      email: `owner.${n}@customer.example.jp`,
      name: contactName,
      role: 'owner',
      locale: 'ja',
    }),
    envelope(`${accountId}-usage`, 'Usage Recorded', {
      accountId,
      contactId: 'c-1',
      action: 'dashboard.view',
      occurredAt: '2026-03-02T00:30:00Z',
      count: 2,
      durationSec: 30,
    }),
    envelope(`${accountId}-onboarded`, 'Onboarding Completed', { accountId, completedAt: '2026-03-01T09:00:00+09:00' }),
  ];
}

const wrongValueArb = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.string({ maxLength: 3 }).map((s) => `${s}\u0000`),
);

/** One flaw applied to a copy of a good event: [envelope, path, offending value]. */
type Flaw = (good: Envelope, pick: (n: number) => number) => [unknown, string, string | null];

const replaceDetail = (good: Envelope, field: string, value: unknown): Envelope => ({
  ...good,
  detail: { ...good.detail, [field]: value },
});

const FLAWS: Record<string, fc.Arbitrary<Flaw>> = {
  wrongType: wrongValueArb.map(
    (value): Flaw =>
      (good, pick) => {
        const fields = Object.keys(good.detail);
        const field = fields[pick(fields.length)] as string;
        // A number where a number belongs is not a flaw: give numbers a string instead.
        const wrong = typeof good.detail[field] === 'number' && typeof value === 'number' ? String(value) : value;
        return [replaceDetail(good, field, wrong), `detail.${field}`, null];
      },
  ),
  missing: fc.constant<Flaw>((good, pick) => {
    const required = Object.keys(good.detail).filter((f) => !['locale', 'count', 'durationSec'].includes(f));
    const field = required[pick(required.length)] as string;
    const detail = { ...good.detail };
    delete detail[field];
    return [{ ...good, detail }, `detail.${field}`, null];
  }),
  unknownType: fc
    .string({ minLength: 1, maxLength: 60 })
    .filter((t) => !(DETAIL_TYPES as string[]).includes(t))
    .map(
      (t): Flaw =>
        (good) => [{ ...good, 'detail-type': t }, 'detail-type', t.length >= 8 ? t : null],
    ),
  huge: fc.integer({ min: 201, max: 20_000 }).map(
    (n): Flaw =>
      (good) => {
        const text = 'あ'.repeat(n);
        return good.detail.name !== undefined
          ? [replaceDetail(good, 'name', text), 'detail.name', text]
          : [replaceDetail(good, 'accountId', `a${'x'.repeat(n)}`), 'detail.accountId', `a${'x'.repeat(n)}`];
      },
  ),
  unicodeId: fc.constantFrom('アカウント', 'acc 1', 'acc/1', '../acc', 'acc\u00a0x', 'ａｃｃ').map(
    (id): Flaw =>
      (good) => [replaceDetail(good, 'accountId', id), 'detail.accountId', null],
  ),
  builtInName: fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf').map(
    (name): Flaw =>
      (good) => {
        if (good['detail-type'] === 'Usage Recorded' && name === 'constructor')
          return [replaceDetail(good, 'action', name), 'detail.action', null];
        const field = good.detail.contactId !== undefined ? 'contactId' : 'accountId';
        return [replaceDetail(good, field, name), `detail.${field}`, null];
      },
  ),
  lineBreakInName: fc
    .tuple(legalNameArb, fc.constantFrom('\r\n', '\n', '\r', '\u2028', '\u0085\r\nBcc: victim@example.org', '\tX'))
    .map(
      ([name, br]): Flaw =>
        (good) =>
          good.detail.name !== undefined
            ? [replaceDetail(good, 'name', `${name}${br}Bcc: victim@example.org`), 'detail.name', null]
            : [replaceDetail(good, 'accountId', `a${br}`), 'detail.accountId', null],
    ),
  badZone: fc.constantFrom('Mars/Olympus', 'Asia/Tokio', 'JST', '+09:00', '', 'UTC+9', 'Etc/GMT+99').map(
    (zone): Flaw =>
      (good) => [
        replaceDetail({ ...good, 'detail-type': 'Account Upserted' }, 'timeZone', zone),
        'detail.timeZone',
        null,
      ],
  ),
  badDate: fc
    .constantFrom(
      '2026-02-30T10:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-03-02T10:00:00',
      '2026-03-02',
      'yesterday',
      '2026-13-01T00:00:00Z',
      '2026-03-02T25:00:00Z',
    )
    .map(
      (date): Flaw =>
        (good) => {
          if (good['detail-type'] === 'Usage Recorded')
            return [replaceDetail(good, 'occurredAt', date), 'detail.occurredAt', null];
          if (good['detail-type'] === 'Onboarding Completed')
            return [replaceDetail(good, 'completedAt', date), 'detail.completedAt', null];
          return [{ ...good, time: date }, 'time', null];
        },
    ),
  badCalendarDate: fc.constantFrom('2026-02-29', '2026-02-30', '2025-06-31', '2026-3-2', '02/03/2026').map(
    (date): Flaw =>
      (good) => [
        replaceDetail({ ...good, 'detail-type': 'Account Upserted' }, 'contractStart', date),
        'detail.contractStart',
        null,
      ],
  ),
  unknownField: fc.constantFrom('emial', 'Name', 'owner@customer.example.jp', 'x y', '__proto__x').map(
    (key): Flaw =>
      (good) => [replaceDetail(good, key, 'value'), 'detail', key.includes('@') ? key : null],
  ),
  envelope: fc.constantFrom('id', 'source', 'time', 'detail').map(
    (field): Flaw =>
      (good) => {
        if (field === 'id') return [{ ...good, id: undefined }, 'id', null];
        if (field === 'source') return [{ ...good, source: 'com.example.other' }, 'source', null];
        if (field === 'time') return [{ ...good, time: 1_772_413_200_000 }, 'time', null];
        return [{ ...good, detail: 'not an object' }, 'detail', null];
      },
  ),
};

export const flawNames = Object.keys(FLAWS);

/** A bad event made from `good` with one flaw; the event keeps an id of its own unless the flaw took it. */
export function badEventArb(
  goods: readonly Envelope[],
): fc.Arbitrary<{ readonly flaw: string; readonly bad: BadEvent }> {
  return fc
    .tuple(
      fc.constantFrom(...flawNames),
      fc.nat(goods.length - 1),
      fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }),
      fc.nat(1_000_000),
    )
    .chain(([flaw, index, picks, n]) =>
      (FLAWS[flaw] as fc.Arbitrary<Flaw>).map((apply) => {
        let i = 0;
        const good = { ...(goods[index] as Envelope), id: `bad-${flaw}-${n}` };
        const [envelope, path, value] = apply(good, (m) => (picks[i++ % picks.length] as number) % m);
        const id = (envelope as { id?: unknown }).id;
        return { flaw, bad: { envelope, eventId: typeof id === 'string' ? id : null, path, value } };
      }),
    );
}
