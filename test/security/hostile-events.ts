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

const removed = { accountId: ACCOUNT, contactId: 'c-9' };

/**
 * The legal events, some with hostile but legal text: the corpus would pass trivially if nothing
 * were accepted. They keep this order in every run that replays them.
 */
const LEGAL_EVENTS: readonly HostileCase[] = [
  accepted('a valid Account Upserted', envelope('Account Upserted', account())),
  accepted('a valid Contact Upserted with a consent', envelope('Contact Upserted', contact())),
  accepted('a valid Usage Recorded', envelope('Usage Recorded', usage())),
  accepted('a valid Onboarding Completed', envelope('Onboarding Completed', onboarding())),
  accepted('a valid Contact Removed', envelope('Contact Removed', removed)),
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
  // The contract.
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
  // The customer's voice.
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
  // A person's acknowledgement and resolution of a signal.
  accepted(
    'a valid Signal Acknowledged',
    envelope('Signal Acknowledged', handling({ note: '電話済み、来週トレーニング' })),
  ),
  accepted(
    'a Signal Resolved by a name, with an outcome',
    envelope('Signal Resolved', handling({ by: 'Sato Aki', outcome: 'usage back to normal' })),
  ),
];

/**
 * One bad value of a field: the case's name, the value, what its rejection reason must say after
 * `<path>: expected` (`undefined`: the path alone; `''`: `<path>: expected` alone), and, when the
 * case needs them, `beyondSchema` and `simulate`.
 */
type BadValue<V> = readonly [
  name: string,
  value: V,
  expected: string | undefined,
  more?: Pick<HostileCase, 'beyondSchema' | 'simulate'>,
];

/** A field and its bad values: `event` puts a value into an otherwise legal event (or body). */
interface FieldTable {
  /** The field's path as reasons name it; `null` for a body that is no event at all (the reason in full). */
  readonly path: string | null;
  readonly event: (value: unknown) => unknown;
  readonly bad: readonly BadValue<unknown>[];
}

/** A table with its values typed by what `event` takes. */
function field<V>(path: string | null, event: (value: V) => unknown, bad: readonly BadValue<V>[]): FieldTable {
  return { path, event: event as (value: unknown) => unknown, bad };
}

/** The reason fragment of a bad value: see `BadValue`. */
function reasonOf(path: string | null, expected: string | undefined): string {
  if (path === null) return expected ?? '';
  if (expected === undefined) return path;
  return expected === '' ? `${path}: expected` : `${path}: expected ${expected}`;
}

const ISO = 'must be an ISO 8601';
const UNKNOWN_FIELDS = 'no unknown fields';
const CURRENCY_WITH_ARR = 'an ISO 4217 currency code when arr is given';
const CURRENCY = 'must be an ISO 4217 currency code';
const CALENDAR = 'a pattern does not know which months have 30 days';
const OFFSET = 'a pattern cannot add an offset to a time';
const IANA = 'must be an IANA time zone';
const CS_OWNER_EMAIL = 'sato@vendor.example.com';

const inAccount = (key: string) => (value: unknown) => envelope('Account Upserted', account({ [key]: value }));
const inContact = (key: string) => (value: unknown) => envelope('Contact Upserted', contact({ [key]: value }));
const inUsage = (key: string) => (value: unknown) => envelope('Usage Recorded', usage({ [key]: value }));
const inRemoval = (key: string) => (value: unknown) => envelope('Contact Removed', removed, { [key]: value });

/** Each field's bad values. A case's name says what is wrong; the path and message say where and why. */
const FIELD_TABLES: readonly FieldTable[] = [
  // Not JSON, or not an object: no field to name, the reason in full.
  field(null, (body: string) => body, [
    ['a truncated JSON body', '{"id":"h-json-1","source":', 'JSON'],
    ['a JSON body with a NaN', '{"id":"h-json-2","detail":{"employees":NaN}}', 'JSON'],
    ['a body that is JSON null', 'null', 'event without a readable id'],
    ['a body that is a JSON array', '[{"id":"h-json-3"}]', 'event without a readable id'],
    ['a body that is a JSON string', '"Account Upserted"', 'event without a readable id'],
    ['a body that is a number', '42', 'event without a readable id'],
  ]),

  // The envelope.
  field('id', inRemoval('id'), [
    ['an envelope without id', undefined, 'a value of type string (field is missing)'],
    [
      'an event id with @ (it goes in every log line)',
      'person@example.org',
      'must be letters, digits and . _ : - only (no @)',
    ],
    ['an event id of 129 characters', 'e'.repeat(129), 'must be at most 128 characters'],
    ['an event id that is a number', 12345, 'a value of type string'],
  ]),
  field('detail-type', (detailType: string) => envelope(detailType, {}), [
    ['an unknown detail-type', 'Invoice Paid', 'one of'],
    ['detail-type __proto__', '__proto__', 'one of'],
    ['detail-type constructor', 'constructor', 'one of'],
  ]),
  field('source', inRemoval('source'), [
    [
      'another source than the configured one',
      'com.example.other',
      'the configured event source',
      {
        beyondSchema: 'the configured source is a deployment setting',
        simulate: { outcome: 'accepted', why: 'the replay runs one ingest handler per source in the file' },
      },
    ],
  ]),
  field('time', inRemoval('time'), [
    ['a time without an offset', '2026-03-01T12:00:00', `must be an ISO 8601 date-time with offset, ${INSTANT}`],
    ['a time in the year 9999', '9999-12-31T23:59:59Z', `must be an ISO 8601 date-time with offset, ${INSTANT}`],
    ['a time in the year 0001', '0001-01-01T00:00:00Z', `must be an ISO 8601 date-time with offset, ${INSTANT}`],
    ['a time in 1999', '1999-12-31T23:59:59Z', ISO],
    ['a time in 2100', '2100-01-01T00:00:00Z', ISO],
    [
      'a time whose offset carries it past 2099',
      '2099-12-31T23:30:00-01:00',
      `must be ${INSTANT} in UTC`,
      { beyondSchema: OFFSET },
    ],
    [
      'a time three years ahead',
      '2029-03-01T00:00:00Z',
      `an instant ${AHEAD}`,
      {
        beyondSchema: CLOCK,
        simulate: {
          outcome: 'accepted',
          why: 'the replay ingests an event at its own time: one after --until is not replayed, not refused',
        },
      },
    ],
  ]),
  field('detail', (detail: unknown) => envelope('Account Upserted', detail), [
    ['a detail that is a string', 'not an object', 'a value of type object'],
    ['a detail that is null', null, 'a value of type object'],
  ]),
  // Unknown fields in each event's detail (the whole event in each row).
  field('detail', (event: unknown) => event, [
    [
      'a flood of 5 000 unknown fields',
      envelope('Account Upserted', account(floodOfKeys(5000))),
      `${UNKNOWN_FIELDS} (found 5000 unknown: "extra_0"`,
    ],
    [
      'a __proto__ key in the detail',
      withRawKey(envelope('Account Upserted', account()), 'detail', '__proto__', { polluted: true }),
      `${UNKNOWN_FIELDS} (found 1 unknown: "__proto__")`,
    ],
    [
      'a constructor key in the detail',
      envelope('Account Upserted', account({ constructor: 'x' })),
      `${UNKNOWN_FIELDS} (found 1 unknown: "constructor")`,
    ],
    [
      'an extra field in Onboarding Completed',
      envelope('Onboarding Completed', { ...onboarding(), 'someone@example.org': 'x' }),
      `${UNKNOWN_FIELDS} (found 1 unknown: 1 not shown`,
    ],
    [
      'an extra field in Contract Ended',
      envelope('Contract Ended', { ...ended(), note: 'they left' }),
      `${UNKNOWN_FIELDS} (found 1 unknown: "note")`,
    ],
    [
      'an extra field in Survey Answered',
      envelope('Survey Answered', { ...answer(), email: 'x' }),
      `${UNKNOWN_FIELDS} (found 1 unknown: "email")`,
    ],
    [
      'an extra field in Support Ticket Closed',
      envelope('Support Ticket Closed', { ...closed(), subject: 'refund' }),
      `${UNKNOWN_FIELDS} (found 1 unknown: "subject")`,
    ],
    [
      'an outcome on an acknowledgement',
      envelope('Signal Acknowledged', handling({ outcome: 'saved' })),
      `${UNKNOWN_FIELDS} (found 1 unknown: "outcome")`,
    ],
  ]),

  // Account Upserted.
  field('detail.name', inAccount('name'), [
    ['a blank account name', '    ', 'must not be'],
    ['an account name of 300 000 characters', 'A'.repeat(300_000), 'must be at most 200 characters'],
  ]),
  field('detail.employees', inAccount('employees'), [
    ['employees as a string', '40', 'a value of type number'],
    ['a fractional employee count', 1.5, 'a value of type integer'],
    ['a negative employee count', -1, 'must be at least 1'],
  ]),
  field('detail.timeZone', inAccount('timeZone'), [
    ['time zone Mars/Olympus', 'Mars/Olympus', IANA],
    ['a time zone in lower case', 'asia/tokyo', IANA],
    ['a time zone with a trailing LF', 'Asia/Tokyo\n', IANA],
    ['an empty time zone', '', IANA],
    ['a POSIX TZ string', 'JST-9', IANA],
  ]),
  field('detail.locale', inAccount('locale'), [['an unknown locale', 'fr', undefined]]),
  field('detail.contractStart', inAccount('contractStart'), [
    ['a contract start in 9999', '9999-12-31', 'must be a date YYYY-MM-DD between 2000-01-01 and 2099-12-31'],
    ['a contract start in 0001', '0001-01-01', 'must be a date YYYY-MM-DD between'],
    ['a contract start on February 30', '2026-02-30', 'must be a real calendar date', { beyondSchema: CALENDAR }],
  ]),
  field('detail.touchModel', inAccount('touchModel'), [['an unknown touch model', 'none', undefined]]),
  field('detail.accountId', inAccount('accountId'), [
    ['account id __proto__', '__proto__', 'must'],
    ['account id constructor', 'constructor', NOT_BUILT_IN_WORDS],
    ['account id toString', 'toString', NOT_BUILT_IN_WORDS],
    ['account id with a slash', '../acc', 'must be letters, digits'],
  ]),
  field('detail.csOwner', inAccount('csOwner'), [
    ['a csOwner with an extra field', { name: 'Sato Aki', email: CS_OWNER_EMAIL, phone: '1' }, UNKNOWN_FIELDS],
  ]),
  field('detail.csOwner.name', (name: string) => inAccount('csOwner')({ name, email: CS_OWNER_EMAIL }), [
    ['a csOwner display name with @', 'support@vendor.example.com', 'must not contain @, < or >'],
    ['a csOwner display name with < and >', 'Sato <boss>', 'must not contain @, < or >'],
  ]),
  field('detail.csOwner.email', (email: string) => inAccount('csOwner')({ name: 'Sato Aki', email }), [
    [
      'a csOwner at a foreign domain',
      'sato@attacker.example.net',
      'an address at an allowed domain (vendor.example.com)',
      {
        beyondSchema: 'the allowed domains are a deployment setting',
        simulate: { outcome: 'accepted', why: 'the replay has no From identity to take a domain from: any domain' },
      },
    ],
    ['a csOwner email with CR/LF', 'sato@vendor.example.com\r\nBcc: x@example.org', ''],
  ]),
  field('detail.renewalDate', inAccount('renewalDate'), [
    ['a renewal date on February 30', '2027-02-30', 'must be a real calendar date', { beyondSchema: CALENDAR }],
  ]),
  // The yearly value and its currency: each row gives both.
  field('detail.arr', (value: Json) => envelope('Account Upserted', account(value)), [
    ['a negative yearly value', { arr: -1, currency: 'JPY' }, 'must not be negative'],
    ['a yearly value as a string', { arr: '1200000', currency: 'JPY' }, 'a value of type number'],
  ]),
  field('detail.currency', (value: Json) => envelope('Account Upserted', account(value)), [
    ['a yearly value without its currency', { arr: 1_200_000 }, CURRENCY_WITH_ARR],
    ['a currency in lower case', { arr: 1, currency: 'jpy' }, CURRENCY],
  ]),

  // Contact Upserted.
  field('detail.email', inContact('email'), [
    ['an email that is no address', 'owner@@customer', 'must be an email address'],
    ['an email of 300 characters', `${'a'.repeat(290)}@example.jp`, 'must be at most 254 characters'],
  ]),
  field('detail.role', inContact('role'), [['an unknown role', 'root', undefined]]),
  field(
    'detail.consent.basis',
    (basis: string) => inContact('consent')({ basis, at: '2026-02-01T00:00:00Z', source: 'x' }),
    [['an unknown consent basis', 'implied', undefined]],
  ),
  field('detail.consent.at', (at: string) => inContact('consent')({ basis: 'opt-in', at, source: 'signup-form' }), [
    ['a consent dated two years ahead', '2028-03-01T00:00:00Z', `an instant ${AHEAD}`, { beyondSchema: CLOCK }],
    ['a consent dated 1970', '1970-01-01T00:00:00Z', ISO],
  ]),

  // Usage Recorded: when, with the envelope's time when the row gives one.
  field(
    'detail.occurredAt',
    ([occurredAt, time]: readonly [occurredAt: string, time?: string]) =>
      envelope('Usage Recorded', usage({ occurredAt }), time === undefined ? {} : { time }),
    [
      ['usage dated five years ahead', ['2031-03-01T00:00:00Z'], `an instant ${AHEAD}`, { beyondSchema: CLOCK }],
      ['usage dated 25 hours ahead', ['2026-03-03T01:00:00Z', NOW], `an instant ${AHEAD}`, { beyondSchema: CLOCK }],
      ['usage in the year 9999', ['9999-12-31T23:59:59Z'], ISO],
      ['usage in the year 0001', ['0001-01-01T00:00:00Z'], ISO],
      ['usage dated with a day only', ['2026-03-01'], ISO],
    ],
  ),
  field('detail.action', inUsage('action'), [
    ['an action in upper case', 'Dashboard.View', 'must be lower-case'],
    ['action constructor', 'constructor', NOT_BUILT_IN_WORDS],
    ['an action with a LF', 'dashboard\nview', 'must be lower-case'],
  ]),
  field('detail.count', inUsage('count'), [
    ['a count of zero', 0, 'must be at least 1'],
    ['a count of a billion', 1e9, undefined],
  ]),
  field('detail.durationSec', inUsage('durationSec'), [['a duration of a billion seconds', 1e9, undefined]]),

  // Onboarding Completed.
  field('detail.completedAt', (completedAt: string) => envelope('Onboarding Completed', onboarding({ completedAt })), [
    ['onboarding completed a year ahead', '2027-03-01T00:00:00Z', `an instant ${AHEAD}`, { beyondSchema: CLOCK }],
    ['onboarding completed in 0001', '0001-01-01T00:00:00Z', ISO],
    ['onboarding completed in 1999', '1999-12-31T23:59:59Z', ISO],
    [
      'onboarding completed before 2000 by its offset',
      '2000-01-01T00:30:00+01:00',
      `must be ${INSTANT} in UTC`,
      { beyondSchema: OFFSET },
    ],
  ]),

  // Contract Renewed and Contract Ended.
  field('detail.arr', (value: Json) => envelope('Contract Renewed', renewed(value)), [
    ['a yearly value of 10^15', { arr: 1e15, currency: 'JPY' }, 'must be at most 1000000000000'],
  ]),
  field('detail.currency', (value: Json) => envelope('Contract Renewed', renewed(value)), [
    ['a renewal with a value and no currency', { arr: 5 }, CURRENCY_WITH_ARR],
    ['a currency of four letters', { arr: 1, currency: 'JPYY' }, CURRENCY],
  ]),
  field(
    'detail.renewalDate',
    (renewalDate: string | undefined) => envelope('Contract Renewed', renewed({ renewalDate })),
    [['a renewal without its next renewal date', undefined, 'a value of type string (field is missing)']],
  ),
  field('detail.renewedAt', (renewedAt: string) => envelope('Contract Renewed', renewed({ renewedAt })), [
    ['a renewal a year ahead', '2027-03-01T00:00:00Z', `an instant ${AHEAD}`, { beyondSchema: CLOCK }],
  ]),
  field('detail.endedAt', (endedAt: string) => envelope('Contract Ended', ended({ endedAt })), [
    ['a contract ended a year ahead', '2027-03-01T00:00:00Z', `an instant ${AHEAD}`, { beyondSchema: CLOCK }],
    ['a contract ended in 1999', '1999-12-31T23:59:59Z', ISO],
  ]),
  field('detail.reason', (reason: string) => envelope('Contract Ended', ended({ reason })), [
    ['an end reason not in the list', 'angry', ''],
  ]),

  // Survey Answered: the score with its survey, when the row names one.
  field('detail.score', (value: Json) => envelope('Survey Answered', answer(value)), [
    ['an NPS score of 11', { score: 11 }, 'must be at most 10'],
    ['a CSAT score of 6', { survey: 'csat', score: 6 }, 'an integer from 1 to 5 for csat'],
    ['a CSAT score of 0', { survey: 'csat', score: 0 }, 'an integer from 1 to 5 for csat'],
    ['a fractional score', { score: 7.5 }, 'a value of type integer'],
    ['a score as a string', { score: '9' }, 'a value of type number'],
  ]),
  field('detail.survey', (survey: string) => envelope('Survey Answered', answer({ survey })), [
    ['a survey not in the list', 'ces', ''],
  ]),
  field('detail.comment', (comment: string) => envelope('Survey Answered', answer({ comment })), [
    ['a comment of 2001 characters', 'x'.repeat(2001), 'must be at most 2000 characters'],
    ['a blank comment', '   ', 'must not be empty'],
  ]),
  field('detail.channel', (channel: string) => envelope('Survey Answered', answer({ channel })), [
    ['a channel not in the list', 'phone', ''],
  ]),
  field('detail.surveyId', (surveyId: string) => envelope('Survey Answered', answer({ surveyId })), [
    ['a survey id that is not an id', 'tch 1', 'must be letters, digits'],
  ]),
  field('detail.answeredAt', (answeredAt: string) => envelope('Survey Answered', answer({ answeredAt })), [
    ['an answer a year ahead', '2027-03-01T00:00:00Z', `an instant ${AHEAD}`, { beyondSchema: CLOCK }],
  ]),
  field('detail.contactId', (contactId: string | undefined) => envelope('Survey Answered', answer({ contactId })), [
    ['an answer without its contact', undefined, 'a value of type string (field is missing)'],
  ]),

  // Support Ticket Opened and Closed.
  field('detail.priority', (priority: string | undefined) => envelope('Support Ticket Opened', opened({ priority })), [
    ['a ticket priority not in the list', 'critical', ''],
    ['a ticket opening without its priority', undefined, ''],
  ]),
  field('detail.sentiment', (sentiment: number) => envelope('Support Ticket Opened', opened({ sentiment })), [
    ['a sentiment below -1', -1.5, 'must be at least -1'],
    ['a sentiment above 1', 2, 'must be at most 1'],
  ]),
  field('detail.ticketId', (ticketId: string) => envelope('Support Ticket Opened', opened({ ticketId })), [
    ['a ticket id of 129 characters', 't'.repeat(129), 'must be at most 128 characters'],
  ]),
  field('detail.ticketId', (ticketId: string) => envelope('Support Ticket Closed', closed({ ticketId })), [
    ['a ticket id named like a built-in property', 'constructor', NOT_BUILT_IN_WORDS],
  ]),
  field('detail.openedAt', (openedAt: string) => envelope('Support Ticket Opened', opened({ openedAt })), [
    ['a ticket opened a year ahead', '2027-03-01T00:00:00Z', `an instant ${AHEAD}`, { beyondSchema: CLOCK }],
  ]),
  field('detail.closedAt', (closedAt: string) => envelope('Support Ticket Closed', closed({ closedAt })), [
    ['a ticket closed in 1999', '1999-12-31T23:59:59Z', ISO],
  ]),

  // Signal Acknowledged and Signal Resolved.
  field('detail.signalType', (signalType: string) => envelope('Signal Acknowledged', handling({ signalType })), [
    ['an acknowledgement of a signal no person takes up', 'Touch Sent', ''],
  ]),
  field('detail.by', (by: string) => envelope('Signal Acknowledged', handling({ by })), [
    ['an acknowledgement by nobody', '', ''],
  ]),
  field('detail.note', (note: string) => envelope('Signal Acknowledged', handling({ note })), [
    ['a note of 1001 characters', 'x'.repeat(1001), 'must be at most 1000 characters'],
  ]),
  field('detail.at', (at: string) => envelope('Signal Resolved', handling({ at })), [
    ['a resolution a year ahead', '2027-03-01T00:00:00Z', `an instant ${AHEAD}`, { beyondSchema: CLOCK }],
  ]),
];

/** Every bad value of every table, as a case. */
const BAD_VALUES: readonly HostileCase[] = FIELD_TABLES.flatMap(({ path, event, bad }) =>
  bad.map(([name, value, expected, more]) => rejected(name, event(value), reasonOf(path, expected), more)),
);

export const HOSTILE_EVENTS: readonly HostileCase[] = [...LEGAL_EVENTS, ...BAD_VALUES, ...invisibleCases()];
