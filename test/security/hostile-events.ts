// The hostile-event corpus: what a careless or malicious producer may put on the bus, each case with
// the outcome the engine must reach and a fragment its rejection reason must contain (the field path
// and what was expected). The same cases run through parseProductEvent, the ingest handler on the
// local DynamoDB, `teichaku simulate`, and the published JSON Schema.

/** The ingestion clock of every run. */
export const NOW = '2026-03-02T00:00:00.000Z';
export const SOURCE = 'com.example.product';
/** The From identity's domain: the only one a csOwner may be at. */
export const CS_OWNER_DOMAINS = ['vendor.example.com'] as const;
export const ACCOUNT = 'acc-h';
/** When the cases say they happened (before NOW, so only the fields a case dates ahead are in the future). */
const AT = '2026-03-01T12:00:00Z';

export type Outcome = 'accepted' | 'rejected';

export interface HostileCase {
  readonly name: string;
  /** The SQS message body, and the line of the events file. */
  readonly body: string;
  readonly outcome: Outcome;
  /** A fragment every rejection reason must contain. */
  readonly reason?: string;
  /** Set when the JSON Schema cannot say the rule (a configured value, the clock, a calendar): why. */
  readonly beyondSchema?: string;
  /** Set when `teichaku simulate` must differ from the Lambda: its outcome and why. */
  readonly simulate?: { readonly outcome: Outcome; readonly reason?: string; readonly why: string };
}

type Json = Record<string, unknown>;

// Everything outside printable ASCII as \u escapes: each case stays one line of the events file
// (U+2028 would otherwise split it for some readers) and reaches the parser unchanged.
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

let serial = 0;
function envelope(detailType: string, detail: unknown, fields: Json = {}): Json {
  serial += 1;
  return {
    version: '0',
    id: `h-${String(serial).padStart(3, '0')}`,
    'detail-type': detailType,
    source: SOURCE,
    account: '123456789012',
    time: AT,
    region: 'ap-northeast-1',
    resources: [],
    detail,
    ...fields,
  };
}

const account = (fields: Json = {}): Json => ({
  accountId: ACCOUNT,
  name: 'Hostile Test KK',
  plan: 'standard',
  industry: 'retail',
  employees: 40,
  timeZone: 'Asia/Tokyo',
  locale: 'ja',
  contractStart: '2026-02-02',
  touchModel: 'tech',
  csOwner: { name: 'Sato Aki', email: 'sato@vendor.example.com' },
  ...fields,
});
const contact = (fields: Json = {}): Json => ({
  accountId: ACCOUNT,
  contactId: 'c-1',
  email: 'owner@customer.example.jp',
  name: 'Yamada Hanako',
  role: 'owner',
  locale: 'ja',
  consent: { basis: 'opt-in', at: '2026-02-01T00:00:00Z', source: 'signup-form' },
  ...fields,
});
const usage = (fields: Json = {}): Json => ({
  accountId: ACCOUNT,
  contactId: 'c-1',
  action: 'dashboard.view',
  occurredAt: '2026-03-01T09:00:00Z',
  count: 1,
  ...fields,
});
const onboarding = (fields: Json = {}): Json => ({
  accountId: ACCOUNT,
  completedAt: '2026-02-20T00:00:00Z',
  ...fields,
});

const renewed = (fields: Json = {}): Json => ({
  accountId: ACCOUNT,
  renewedAt: '2026-02-28T00:00:00Z',
  renewalDate: '2027-02-28',
  ...fields,
});
const ended = (fields: Json = {}): Json => ({ accountId: ACCOUNT, endedAt: '2026-02-28T00:00:00Z', ...fields });
const handling = (fields: Json = {}): Json => ({
  accountId: ACCOUNT,
  signalType: 'Account At Risk',
  by: 'sato@vendor.example.com',
  at: '2026-02-28T00:00:00Z',
  ...fields,
});

const answer = (fields: Json = {}): Json => ({
  accountId: ACCOUNT,
  contactId: 'c-1',
  survey: 'nps',
  score: 3,
  answeredAt: '2026-02-28T00:00:00Z',
  ...fields,
});
const opened = (fields: Json = {}): Json => ({
  accountId: ACCOUNT,
  ticketId: 't-1',
  priority: 'high',
  openedAt: '2026-02-28T00:00:00Z',
  ...fields,
});
const closed = (fields: Json = {}): Json => ({
  accountId: ACCOUNT,
  ticketId: 't-1',
  closedAt: '2026-02-28T01:00:00Z',
  ...fields,
});

const accepted = (name: string, event: Json | string): HostileCase => ({
  name,
  body: typeof event === 'string' ? event : asciiJson(event),
  outcome: 'accepted',
});

/** An event's JSON with `key` as the first key of the object at `where` (JSON.parse keeps `__proto__` as an own key). */
function withRawKey(event: Json, where: 'envelope' | 'detail', key: string, value: unknown): string {
  const text = asciiJson(event);
  const raw = `${JSON.stringify(key)}:${JSON.stringify(value)},`;
  return where === 'envelope' ? `{${raw}${text.slice(1)}` : text.replace('"detail":{', `"detail":{${raw}`);
}
const rejected = (name: string, event: unknown, reason: string, more: Partial<HostileCase> = {}): HostileCase => ({
  name,
  body: typeof event === 'string' ? event : asciiJson(event),
  outcome: 'rejected',
  reason,
  ...more,
});

const AHEAD = 'at most 86400 seconds after the event is received';
const CLOCK = 'the clock at ingestion decides; a schema has no clock';
const INVISIBLE = 'must not contain control characters or invisible ones';
const NOT_BUILT_IN_WORDS = 'must not be the name of a built-in object property';
const INSTANT = 'between 2000-01-01T00:00:00Z and 2099-12-31T23:59:59Z';

/** Invisible or control characters, each put into every text field below. */
const INVISIBLES: readonly [label: string, char: string][] = [
  ['CR/LF', '\r\nBcc: victim@example.org'],
  ['a C1 control (NEL)', '\u0085'],
  ['a C1 control (CSI)', '\u009b'],
  ['a bidi override (RLO)', '\u202e'],
  ['a bidi isolate (LRI)', '\u2066'],
  ['a zero-width space', '\u200b'],
  ['a right-to-left mark', '\u200f'],
  ['a byte-order mark', '\ufeff'],
  ['a line separator', '\u2028'],
  ['a paragraph separator', '\u2029'],
  ['a tab', '\t'],
];

function invisibleCases(): HostileCase[] {
  const fields: readonly [label: string, path: string, build: (text: string) => Json][] = [
    ['an account name', 'detail.name', (t) => envelope('Account Upserted', account({ name: `Evil${t}Corp` }))],
    ['a plan', 'detail.plan', (t) => envelope('Account Upserted', account({ plan: `std${t}` }))],
    ['an industry', 'detail.industry', (t) => envelope('Account Upserted', account({ industry: `re${t}tail` }))],
    [
      'a csOwner name',
      'detail.csOwner.name',
      (t) =>
        envelope('Account Upserted', account({ csOwner: { name: `Sato${t}Aki`, email: 'sato@vendor.example.com' } })),
    ],
    ['a contact name', 'detail.name', (t) => envelope('Contact Upserted', contact({ name: `Yamada${t}Hanako` }))],
    ['a signal note', 'detail.note', (t) => envelope('Signal Acknowledged', handling({ note: `called${t}them` }))],
    ['a signal outcome', 'detail.outcome', (t) => envelope('Signal Resolved', handling({ outcome: `saved${t}` }))],
    [
      'a contact email',
      'detail.email',
      (t) => envelope('Contact Upserted', contact({ email: `owner${t}@customer.example.jp` })),
    ],
    [
      'a consent source',
      'detail.consent.source',
      (t) =>
        envelope(
          'Contact Upserted',
          contact({ consent: { basis: 'opt-in', at: '2026-02-01T00:00:00Z', source: `signup${t}form` } }),
        ),
    ],
    [
      'a survey comment',
      'detail.comment',
      (t) => envelope('Survey Answered', answer({ comment: `too slow${t}to load` })),
    ],
    [
      'the event source',
      'source',
      (t) => envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { source: `${SOURCE}${t}x` }),
    ],
  ];
  // Every character in the account name, the most visible field; each other field gets three of them.
  const [, namePath, nameOf] = fields[0]!;
  const cases: HostileCase[] = INVISIBLES.map(([what, char]) =>
    rejected(`${what} in an account name`, nameOf(char), `${namePath}: expected ${INVISIBLE}`),
  );
  fields.slice(1).forEach(([label, path, build], i) => {
    for (const k of [0, 1, 2]) {
      const [what, char] = INVISIBLES[(i * 3 + k) % INVISIBLES.length]!;
      // An address is refused by its own pattern too, whose message comes first.
      cases.push(
        rejected(
          `${what} in ${label}`,
          build(char),
          path === 'detail.email' ? `${path}: expected must be an email address` : `${path}: expected ${INVISIBLE}`,
        ),
      );
    }
  });
  return cases;
}

function floodOfKeys(n: number): Json {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`extra_${i}`, i]));
}

export const HOSTILE_EVENTS: readonly HostileCase[] = [
  // Legal events, some with hostile but legal text: the corpus would pass trivially if nothing were accepted.
  accepted('a valid Account Upserted', envelope('Account Upserted', account())),
  accepted('a valid Contact Upserted with a consent', envelope('Contact Upserted', contact())),
  accepted('a valid Usage Recorded', envelope('Usage Recorded', usage())),
  accepted('a valid Onboarding Completed', envelope('Onboarding Completed', onboarding())),
  accepted('a valid Contact Removed', envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' })),
  accepted(
    'markup and quotes in a name (escaped when rendered)',
    envelope(
      'Contact Upserted',
      contact({ contactId: 'c-2', email: 'x@customer.example.jp', name: '<script>alert("x")</script> & O\'Brien' }),
    ),
  ),
  accepted(
    'Japanese, accents, emoji and a no-break space in a name',
    envelope(
      'Contact Upserted',
      contact({ contactId: 'c-3', email: 'y@customer.example.jp', name: '山田\u00a0花子 Zoë \u{1F600}' }),
    ),
  ),
  accepted(
    'a contact id with @ (only the event id may not have one)',
    envelope('Contact Upserted', contact({ contactId: 'user@c-4', email: 'z@customer.example.jp' })),
  ),
  accepted(
    'usage dated just inside the tolerance ahead',
    envelope('Usage Recorded', usage({ occurredAt: '2026-03-02T23:00:00Z' }), { time: NOW }),
  ),
  accepted(
    'a consent obtained on the first day of the range',
    envelope(
      'Contact Upserted',
      contact({
        contactId: 'c-5',
        email: 'w@customer.example.jp',
        consent: { basis: 'written', at: '2000-01-01T00:00:00Z', source: 'card' },
      }),
    ),
  ),
  accepted(
    'a contract starting on the last day of the range',
    envelope('Account Upserted', account({ accountId: 'acc-h2', contractStart: '2099-12-31' })),
  ),
  accepted(
    'an IANA zone name newer than some ICU data (Asia/Kolkata)',
    envelope('Account Upserted', account({ accountId: 'acc-h3', timeZone: 'Asia/Kolkata' })),
  ),
  accepted(
    'a __proto__ key among the envelope extras (ignored, pollutes nothing)',
    withRawKey(envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-8' }), 'envelope', '__proto__', {
      polluted: true,
    }),
  ),

  // Not JSON, or not an object.
  rejected('a truncated JSON body', '{"id":"h-json-1","source":', 'JSON'),
  rejected('a JSON body with a NaN', '{"id":"h-json-2","detail":{"employees":NaN}}', 'JSON'),
  rejected('a body that is JSON null', 'null', 'event without a readable id'),
  rejected('a body that is a JSON array', '[{"id":"h-json-3"}]', 'event without a readable id'),
  rejected('a body that is a JSON string', '"Account Upserted"', 'event without a readable id'),
  rejected('a body that is a number', '42', 'event without a readable id'),

  // The envelope.
  rejected(
    'an envelope without id',
    { ...envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }), id: undefined },
    'id: expected a value of type string (field is missing)',
  ),
  rejected(
    'an event id with @ (it goes in every log line)',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { id: 'person@example.org' }),
    'id: expected must be letters, digits and . _ : - only (no @)',
  ),
  rejected(
    'an event id of 129 characters',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { id: 'e'.repeat(129) }),
    'id: expected must be at most 128 characters',
  ),
  rejected(
    'an event id that is a number',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { id: 12345 }),
    'id: expected a value of type string',
  ),
  rejected('an unknown detail-type', envelope('Invoice Paid', {}), 'detail-type: expected one of'),
  rejected('detail-type __proto__', envelope('__proto__', {}), 'detail-type: expected one of'),
  rejected('detail-type constructor', envelope('constructor', {}), 'detail-type: expected one of'),
  rejected(
    'another source than the configured one',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { source: 'com.example.other' }),
    'source: expected the configured event source',
    {
      beyondSchema: 'the configured source is a deployment setting',
      simulate: { outcome: 'accepted', why: 'the replay runs one ingest handler per source in the file' },
    },
  ),
  rejected(
    'a time without an offset',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { time: '2026-03-01T12:00:00' }),
    `time: expected must be an ISO 8601 date-time with offset, ${INSTANT}`,
  ),
  rejected(
    'a time in the year 9999',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { time: '9999-12-31T23:59:59Z' }),
    `time: expected must be an ISO 8601 date-time with offset, ${INSTANT}`,
  ),
  rejected(
    'a time in the year 0001',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { time: '0001-01-01T00:00:00Z' }),
    `time: expected must be an ISO 8601 date-time with offset, ${INSTANT}`,
  ),
  rejected(
    'a time in 1999',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { time: '1999-12-31T23:59:59Z' }),
    'time: expected must be an ISO 8601',
  ),
  rejected(
    'a time in 2100',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { time: '2100-01-01T00:00:00Z' }),
    'time: expected must be an ISO 8601',
  ),
  rejected(
    'a time whose offset carries it past 2099',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { time: '2099-12-31T23:30:00-01:00' }),
    `time: expected must be ${INSTANT} in UTC`,
    {
      beyondSchema: 'a pattern cannot add an offset to a time',
    },
  ),
  rejected(
    'a time three years ahead',
    envelope('Contact Removed', { accountId: ACCOUNT, contactId: 'c-9' }, { time: '2029-03-01T00:00:00Z' }),
    `time: expected an instant ${AHEAD}`,
    {
      beyondSchema: CLOCK,
      simulate: {
        outcome: 'accepted',
        why: 'the replay ingests an event at its own time: one after --until is not replayed, not refused',
      },
    },
  ),
  rejected(
    'a detail that is a string',
    envelope('Account Upserted', 'not an object'),
    'detail: expected a value of type object',
  ),
  rejected('a detail that is null', envelope('Account Upserted', null), 'detail: expected a value of type object'),

  // Account Upserted.
  rejected(
    'a blank account name',
    envelope('Account Upserted', account({ name: '    ' })),
    'detail.name: expected must not be',
  ),
  rejected(
    'an account name of 300 000 characters',
    envelope('Account Upserted', account({ name: 'A'.repeat(300_000) })),
    'detail.name: expected must be at most 200 characters',
  ),
  rejected(
    'employees as a string',
    envelope('Account Upserted', account({ employees: '40' })),
    'detail.employees: expected a value of type number',
  ),
  rejected(
    'a fractional employee count',
    envelope('Account Upserted', account({ employees: 1.5 })),
    'detail.employees: expected a value of type integer',
  ),
  rejected(
    'a negative employee count',
    envelope('Account Upserted', account({ employees: -1 })),
    'detail.employees: expected must be at least 1',
  ),
  rejected(
    'time zone Mars/Olympus',
    envelope('Account Upserted', account({ timeZone: 'Mars/Olympus' })),
    'detail.timeZone: expected must be an IANA time zone',
  ),
  rejected(
    'a time zone in lower case',
    envelope('Account Upserted', account({ timeZone: 'asia/tokyo' })),
    'detail.timeZone: expected must be an IANA time zone',
  ),
  rejected(
    'a time zone with a trailing LF',
    envelope('Account Upserted', account({ timeZone: 'Asia/Tokyo\n' })),
    'detail.timeZone: expected must be an IANA time zone',
  ),
  rejected(
    'an empty time zone',
    envelope('Account Upserted', account({ timeZone: '' })),
    'detail.timeZone: expected must be an IANA time zone',
  ),
  rejected(
    'a POSIX TZ string',
    envelope('Account Upserted', account({ timeZone: 'JST-9' })),
    'detail.timeZone: expected must be an IANA time zone',
  ),
  rejected('an unknown locale', envelope('Account Upserted', account({ locale: 'fr' })), 'detail.locale'),
  rejected(
    'a contract start in 9999',
    envelope('Account Upserted', account({ contractStart: '9999-12-31' })),
    'detail.contractStart: expected must be a date YYYY-MM-DD between 2000-01-01 and 2099-12-31',
  ),
  rejected(
    'a contract start in 0001',
    envelope('Account Upserted', account({ contractStart: '0001-01-01' })),
    'detail.contractStart: expected must be a date YYYY-MM-DD between',
  ),
  rejected(
    'a contract start on February 30',
    envelope('Account Upserted', account({ contractStart: '2026-02-30' })),
    'detail.contractStart: expected must be a real calendar date',
    {
      beyondSchema: 'a pattern does not know which months have 30 days',
    },
  ),
  rejected(
    'an unknown touch model',
    envelope('Account Upserted', account({ touchModel: 'none' })),
    'detail.touchModel',
  ),
  rejected(
    'account id __proto__',
    envelope('Account Upserted', account({ accountId: '__proto__' })),
    'detail.accountId: expected must',
  ),
  rejected(
    'account id constructor',
    envelope('Account Upserted', account({ accountId: 'constructor' })),
    'detail.accountId: expected must not be the name of a built-in object property',
  ),
  rejected(
    'account id toString',
    envelope('Account Upserted', account({ accountId: 'toString' })),
    'detail.accountId: expected must not be the name of a built-in object property',
  ),
  rejected(
    'account id with a slash',
    envelope('Account Upserted', account({ accountId: '../acc' })),
    'detail.accountId: expected must be letters, digits',
  ),
  rejected(
    'a csOwner at a foreign domain',
    envelope('Account Upserted', account({ csOwner: { name: 'Sato Aki', email: 'sato@attacker.example.net' } })),
    'detail.csOwner.email: expected an address at an allowed domain (vendor.example.com)',
    {
      beyondSchema: 'the allowed domains are a deployment setting',
      simulate: { outcome: 'accepted', why: 'the replay has no From identity to take a domain from: any domain' },
    },
  ),
  rejected(
    'a csOwner display name with @',
    envelope(
      'Account Upserted',
      account({ csOwner: { name: 'support@vendor.example.com', email: 'sato@vendor.example.com' } }),
    ),
    'detail.csOwner.name: expected must not contain @, < or >',
  ),
  rejected(
    'a csOwner display name with < and >',
    envelope('Account Upserted', account({ csOwner: { name: 'Sato <boss>', email: 'sato@vendor.example.com' } })),
    'detail.csOwner.name: expected must not contain @, < or >',
  ),
  rejected(
    'a csOwner email with CR/LF',
    envelope(
      'Account Upserted',
      account({ csOwner: { name: 'Sato Aki', email: 'sato@vendor.example.com\r\nBcc: x@example.org' } }),
    ),
    'detail.csOwner.email: expected',
  ),
  rejected(
    'a csOwner with an extra field',
    envelope(
      'Account Upserted',
      account({ csOwner: { name: 'Sato Aki', email: 'sato@vendor.example.com', phone: '1' } }),
    ),
    'detail.csOwner: expected no unknown fields',
  ),
  rejected(
    'a flood of 5 000 unknown fields',
    envelope('Account Upserted', account(floodOfKeys(5000))),
    'detail: expected no unknown fields (found 5000 unknown: "extra_0"',
  ),
  rejected(
    'a __proto__ key in the detail',
    withRawKey(envelope('Account Upserted', account()), 'detail', '__proto__', { polluted: true }),
    'detail: expected no unknown fields (found 1 unknown: "__proto__")',
  ),
  rejected(
    'a constructor key in the detail',
    envelope('Account Upserted', account({ constructor: 'x' })),
    'detail: expected no unknown fields (found 1 unknown: "constructor")',
  ),

  // Contact Upserted.
  rejected(
    'an email that is no address',
    envelope('Contact Upserted', contact({ email: 'owner@@customer' })),
    'detail.email: expected must be an email address',
  ),
  rejected(
    'an email of 300 characters',
    envelope('Contact Upserted', contact({ email: `${'a'.repeat(290)}@example.jp` })),
    'detail.email: expected must be at most 254 characters',
  ),
  rejected('an unknown role', envelope('Contact Upserted', contact({ role: 'root' })), 'detail.role'),
  rejected(
    'an unknown consent basis',
    envelope('Contact Upserted', contact({ consent: { basis: 'implied', at: '2026-02-01T00:00:00Z', source: 'x' } })),
    'detail.consent.basis',
  ),
  rejected(
    'a consent dated two years ahead',
    envelope(
      'Contact Upserted',
      contact({ consent: { basis: 'opt-in', at: '2028-03-01T00:00:00Z', source: 'signup-form' } }),
    ),
    `detail.consent.at: expected an instant ${AHEAD}`,
    { beyondSchema: CLOCK },
  ),
  rejected(
    'a consent dated 1970',
    envelope(
      'Contact Upserted',
      contact({ consent: { basis: 'opt-in', at: '1970-01-01T00:00:00Z', source: 'signup-form' } }),
    ),
    'detail.consent.at: expected must be an ISO 8601',
  ),

  // Usage Recorded.
  rejected(
    'usage dated five years ahead',
    envelope('Usage Recorded', usage({ occurredAt: '2031-03-01T00:00:00Z' })),
    `detail.occurredAt: expected an instant ${AHEAD}`,
    { beyondSchema: CLOCK },
  ),
  rejected(
    'usage dated 25 hours ahead',
    envelope('Usage Recorded', usage({ occurredAt: '2026-03-03T01:00:00Z' }), { time: NOW }),
    `detail.occurredAt: expected an instant ${AHEAD}`,
    { beyondSchema: CLOCK },
  ),
  rejected(
    'usage in the year 9999',
    envelope('Usage Recorded', usage({ occurredAt: '9999-12-31T23:59:59Z' })),
    'detail.occurredAt: expected must be an ISO 8601',
  ),
  rejected(
    'usage in the year 0001',
    envelope('Usage Recorded', usage({ occurredAt: '0001-01-01T00:00:00Z' })),
    'detail.occurredAt: expected must be an ISO 8601',
  ),
  rejected(
    'usage dated with a day only',
    envelope('Usage Recorded', usage({ occurredAt: '2026-03-01' })),
    'detail.occurredAt: expected must be an ISO 8601',
  ),
  rejected(
    'an action in upper case',
    envelope('Usage Recorded', usage({ action: 'Dashboard.View' })),
    'detail.action: expected must be lower-case',
  ),
  rejected(
    'action constructor',
    envelope('Usage Recorded', usage({ action: 'constructor' })),
    'detail.action: expected must not be the name of a built-in object property',
  ),
  rejected(
    'an action with a LF',
    envelope('Usage Recorded', usage({ action: 'dashboard\nview' })),
    'detail.action: expected must be lower-case',
  ),
  rejected(
    'a count of zero',
    envelope('Usage Recorded', usage({ count: 0 })),
    'detail.count: expected must be at least 1',
  ),
  rejected('a count of a billion', envelope('Usage Recorded', usage({ count: 1e9 })), 'detail.count'),
  rejected(
    'a duration of a billion seconds',
    envelope('Usage Recorded', usage({ durationSec: 1e9 })),
    'detail.durationSec',
  ),

  // Onboarding Completed.
  rejected(
    'onboarding completed a year ahead',
    envelope('Onboarding Completed', onboarding({ completedAt: '2027-03-01T00:00:00Z' })),
    `detail.completedAt: expected an instant ${AHEAD}`,
    { beyondSchema: CLOCK },
  ),
  rejected(
    'onboarding completed in 0001',
    envelope('Onboarding Completed', onboarding({ completedAt: '0001-01-01T00:00:00Z' })),
    'detail.completedAt: expected must be an ISO 8601',
  ),
  rejected(
    'onboarding completed in 1999',
    envelope('Onboarding Completed', onboarding({ completedAt: '1999-12-31T23:59:59Z' })),
    'detail.completedAt: expected must be an ISO 8601',
  ),
  rejected(
    'onboarding completed before 2000 by its offset',
    envelope('Onboarding Completed', onboarding({ completedAt: '2000-01-01T00:30:00+01:00' })),
    `detail.completedAt: expected must be ${INSTANT} in UTC`,
    {
      beyondSchema: 'a pattern cannot add an offset to a time',
    },
  ),
  rejected(
    'an extra field in Onboarding Completed',
    envelope('Onboarding Completed', { ...onboarding(), 'someone@example.org': 'x' }),
    'detail: expected no unknown fields (found 1 unknown: 1 not shown',
  ),

  // The contract: Account Upserted's renewal date and value, Contract Renewed, Contract Ended.
  accepted(
    'an Account Upserted with a renewal date and a yearly value',
    envelope('Account Upserted', account({ renewalDate: '2027-02-01', arr: 1_200_000, currency: 'JPY' })),
  ),
  accepted('a valid Contract Renewed', envelope('Contract Renewed', renewed())),
  accepted(
    'a Contract Renewed with a yearly value',
    envelope('Contract Renewed', renewed({ arr: 0, currency: 'USD', renewedAt: '2026-02-27T00:00:00+09:00' })),
  ),
  accepted('a valid Contract Ended with a reason', envelope('Contract Ended', ended({ reason: 'budget' }))),
  rejected(
    'a yearly value without its currency',
    envelope('Account Upserted', account({ arr: 1_200_000 })),
    'detail.currency: expected an ISO 4217 currency code when arr is given',
  ),
  rejected(
    'a renewal with a value and no currency',
    envelope('Contract Renewed', renewed({ arr: 5 })),
    'detail.currency: expected an ISO 4217 currency code when arr is given',
  ),
  rejected(
    'a negative yearly value',
    envelope('Account Upserted', account({ arr: -1, currency: 'JPY' })),
    'detail.arr: expected must not be negative',
  ),
  rejected(
    'a yearly value of 10^15',
    envelope('Contract Renewed', renewed({ arr: 1e15, currency: 'JPY' })),
    'detail.arr: expected must be at most 1000000000000',
  ),
  rejected(
    'a yearly value as a string',
    envelope('Account Upserted', account({ arr: '1200000', currency: 'JPY' })),
    'detail.arr: expected a value of type number',
  ),
  rejected(
    'a currency in lower case',
    envelope('Account Upserted', account({ arr: 1, currency: 'jpy' })),
    'detail.currency: expected must be an ISO 4217 currency code',
  ),
  rejected(
    'a currency of four letters',
    envelope('Contract Renewed', renewed({ arr: 1, currency: 'JPYY' })),
    'detail.currency: expected must be an ISO 4217 currency code',
  ),
  rejected(
    'a renewal date on February 30',
    envelope('Account Upserted', account({ renewalDate: '2027-02-30' })),
    'detail.renewalDate: expected must be a real calendar date',
    { beyondSchema: 'a pattern does not know which months have 30 days' },
  ),
  rejected(
    'a renewal without its next renewal date',
    envelope('Contract Renewed', { accountId: ACCOUNT, renewedAt: '2026-02-28T00:00:00Z' }),
    'detail.renewalDate: expected a value of type string (field is missing)',
  ),
  rejected(
    'a renewal a year ahead',
    envelope('Contract Renewed', renewed({ renewedAt: '2027-03-01T00:00:00Z' })),
    `detail.renewedAt: expected an instant ${AHEAD}`,
    { beyondSchema: CLOCK },
  ),
  rejected(
    'a contract ended a year ahead',
    envelope('Contract Ended', ended({ endedAt: '2027-03-01T00:00:00Z' })),
    `detail.endedAt: expected an instant ${AHEAD}`,
    { beyondSchema: CLOCK },
  ),
  rejected(
    'a contract ended in 1999',
    envelope('Contract Ended', ended({ endedAt: '1999-12-31T23:59:59Z' })),
    'detail.endedAt: expected must be an ISO 8601',
  ),
  rejected(
    'an end reason not in the list',
    envelope('Contract Ended', ended({ reason: 'angry' })),
    'detail.reason: expected',
  ),
  rejected(
    'an extra field in Contract Ended',
    envelope('Contract Ended', { ...ended(), note: 'they left' }),
    'detail: expected no unknown fields (found 1 unknown: "note")',
  ),

  // The customer's voice: Survey Answered, Support Ticket Opened and Closed.
  accepted('a valid in-app NPS answer', envelope('Survey Answered', answer())),
  accepted(
    'a CSAT answer from a survey email, with its comment',
    envelope(
      'Survey Answered',
      answer({ survey: 'csat', score: 1, channel: 'email', surveyId: 'tch-1', comment: 'サポートの返事が遅い' }),
    ),
  ),
  accepted('a comment of 2000 characters', envelope('Survey Answered', answer({ comment: 'x'.repeat(2000) }))),
  accepted('a valid ticket opening', envelope('Support Ticket Opened', opened({ contactId: 'c-1', sentiment: -1 }))),
  accepted('a valid ticket closing', envelope('Support Ticket Closed', closed())),
  rejected(
    'an NPS score of 11',
    envelope('Survey Answered', answer({ score: 11 })),
    'detail.score: expected must be at most 10',
  ),
  rejected(
    'a CSAT score of 6',
    envelope('Survey Answered', answer({ survey: 'csat', score: 6 })),
    'detail.score: expected an integer from 1 to 5 for csat',
  ),
  rejected(
    'a CSAT score of 0',
    envelope('Survey Answered', answer({ survey: 'csat', score: 0 })),
    'detail.score: expected an integer from 1 to 5 for csat',
  ),
  rejected(
    'a fractional score',
    envelope('Survey Answered', answer({ score: 7.5 })),
    'detail.score: expected a value of type integer',
  ),
  rejected(
    'a score as a string',
    envelope('Survey Answered', answer({ score: '9' })),
    'detail.score: expected a value of type number',
  ),
  rejected(
    'a survey not in the list',
    envelope('Survey Answered', answer({ survey: 'ces' })),
    'detail.survey: expected',
  ),
  rejected(
    'a comment of 2001 characters',
    envelope('Survey Answered', answer({ comment: 'x'.repeat(2001) })),
    'detail.comment: expected must be at most 2000 characters',
  ),
  rejected(
    'a blank comment',
    envelope('Survey Answered', answer({ comment: '   ' })),
    'detail.comment: expected must not be empty',
  ),
  rejected(
    'a channel not in the list',
    envelope('Survey Answered', answer({ channel: 'phone' })),
    'detail.channel: expected',
  ),
  rejected(
    'a survey id that is not an id',
    envelope('Survey Answered', answer({ surveyId: 'tch 1' })),
    'detail.surveyId: expected must be letters, digits',
  ),
  rejected(
    'an answer a year ahead',
    envelope('Survey Answered', answer({ answeredAt: '2027-03-01T00:00:00Z' })),
    `detail.answeredAt: expected an instant ${AHEAD}`,
    { beyondSchema: CLOCK },
  ),
  rejected(
    'an answer without its contact',
    envelope('Survey Answered', { ...answer(), contactId: undefined }),
    'detail.contactId: expected a value of type string (field is missing)',
  ),
  rejected(
    'an extra field in Survey Answered',
    envelope('Survey Answered', { ...answer(), email: 'x' }),
    'detail: expected no unknown fields (found 1 unknown: "email")',
  ),
  rejected(
    'a ticket priority not in the list',
    envelope('Support Ticket Opened', opened({ priority: 'critical' })),
    'detail.priority: expected',
  ),
  rejected(
    'a sentiment below -1',
    envelope('Support Ticket Opened', opened({ sentiment: -1.5 })),
    'detail.sentiment: expected must be at least -1',
  ),
  rejected(
    'a sentiment above 1',
    envelope('Support Ticket Opened', opened({ sentiment: 2 })),
    'detail.sentiment: expected must be at most 1',
  ),
  rejected(
    'a ticket id of 129 characters',
    envelope('Support Ticket Opened', opened({ ticketId: 't'.repeat(129) })),
    'detail.ticketId: expected must be at most 128 characters',
  ),
  rejected(
    'a ticket id named like a built-in property',
    envelope('Support Ticket Closed', closed({ ticketId: 'constructor' })),
    `detail.ticketId: expected ${NOT_BUILT_IN_WORDS}`,
  ),
  rejected(
    'a ticket opened a year ahead',
    envelope('Support Ticket Opened', opened({ openedAt: '2027-03-01T00:00:00Z' })),
    `detail.openedAt: expected an instant ${AHEAD}`,
    { beyondSchema: CLOCK },
  ),
  rejected(
    'a ticket closed in 1999',
    envelope('Support Ticket Closed', closed({ closedAt: '1999-12-31T23:59:59Z' })),
    'detail.closedAt: expected must be an ISO 8601',
  ),
  rejected(
    'a ticket opening without its priority',
    envelope('Support Ticket Opened', { ...opened(), priority: undefined }),
    'detail.priority: expected',
  ),
  rejected(
    'an extra field in Support Ticket Closed',
    envelope('Support Ticket Closed', { ...closed(), subject: 'refund' }),
    'detail: expected no unknown fields (found 1 unknown: "subject")',
  ),
  // A person's acknowledgement and resolution of a signal.
  accepted(
    'a valid Signal Acknowledged',
    envelope('Signal Acknowledged', handling({ note: '電話済み、来週トレーニング' })),
  ),
  accepted(
    'a Signal Resolved by a name, with an outcome',
    envelope('Signal Resolved', handling({ by: 'Sato Aki', outcome: 'usage back to normal' })),
  ),
  rejected(
    'an acknowledgement of a signal no person takes up',
    envelope('Signal Acknowledged', handling({ signalType: 'Touch Sent' })),
    'detail.signalType: expected',
  ),
  rejected(
    'an acknowledgement by nobody',
    envelope('Signal Acknowledged', handling({ by: '' })),
    'detail.by: expected',
  ),
  rejected(
    'a note of 1001 characters',
    envelope('Signal Acknowledged', handling({ note: 'x'.repeat(1001) })),
    'detail.note: expected must be at most 1000 characters',
  ),
  rejected(
    'an outcome on an acknowledgement',
    envelope('Signal Acknowledged', handling({ outcome: 'saved' })),
    'detail: expected no unknown fields (found 1 unknown: "outcome")',
  ),
  rejected(
    'a resolution a year ahead',
    envelope('Signal Resolved', handling({ at: '2027-03-01T00:00:00Z' })),
    `detail.at: expected an instant ${AHEAD}`,
    { beyondSchema: CLOCK },
  ),

  ...invisibleCases(),
];
