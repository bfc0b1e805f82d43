// Events from Segment and RudderStack: their Amazon EventBridge destinations put the whole message
// (track, identify, group) in `detail`. This maps one such message onto the contract's own event
// (Usage Recorded, Contact Upserted, Account Upserted) as `templates/sources.yaml` says, or rejects it
// with its reason. The mapped event then goes through the contract's own parsing like any other, so
// every bound of the contract (lengths, invisible characters, instants in range) holds for it too.
import { z } from 'zod';
import { EventId, LIMITS, NO_INVISIBLE_CHARS } from './event-fields.js';
import {
  ContactRole,
  type EventRejection,
  type FieldProblem,
  Locale,
  type ParseOptions,
  type ParseResult,
  parseProductEvent,
  TouchModel,
} from './events.js';

/** Segment's partner event sources: one per Segment source, `aws.partner/segment.com/<sourceId>`. */
export const SEGMENT_SOURCE_PREFIX = 'aws.partner/segment.com/';
/** RudderStack's destination puts its events on a bus of yours with this fixed `source`. */
export const RUDDERSTACK_SOURCE = 'rudderstack';

/** Whether an event's `source` is one of the partners' (and so goes through the mapping). */
export function isPartnerSource(source: unknown): source is string {
  return typeof source === 'string' && (source.startsWith(SEGMENT_SOURCE_PREFIX) || source === RUDDERSTACK_SOURCE);
}

// A trait or property name as the partners write them (`plan`, `company_id`, `timezone`).
const TraitName = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z_$][A-Za-z0-9_$.-]*$/, 'must be a trait name (letters, digits, _ $ . -)');

/** How a user (identify, track) is tied to its account. */
const AccountLink = z.union(
  [z.strictObject({ from: z.literal('context.groupId') }), z.strictObject({ trait: TraitName })],
  { message: 'must be `from: context.groupId` or `trait: <trait name>`' },
);

const ActionName = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.action, `must be at most ${LIMITS.action} characters`)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits and . _ - (e.g. daily_report.create)');

const EventName = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(NO_INVISIBLE_CHARS, 'must not contain control or invisible characters');

/** `templates/sources.yaml`: how partner messages become contract events. */
export const SourcesConfig = z.strictObject({
  teichaku: z.string().optional(),
  /** How identify and track tie a user to its account. */
  account: AccountLink,
  /** The group call's traits that fill Account Upserted. */
  accountTraits: z.strictObject({
    name: TraitName.default('name'),
    plan: TraitName.default('plan'),
    industry: TraitName.default('industry'),
    employees: TraitName.default('employees'),
    timeZone: TraitName.default('timezone'),
    locale: TraitName.default('locale'),
    contractStart: TraitName.default('contract_start'),
    touchModel: TraitName.default('touch_model'),
  }),
  /** The identify call's traits that fill Contact Upserted. */
  contactTraits: z.strictObject({
    email: TraitName.default('email'),
    name: TraitName.default('name'),
    role: TraitName.default('role'),
    locale: TraitName.default('locale'),
    timeZone: TraitName.default('timezone'),
  }),
  /** Values used when a message leaves the trait out (never when the trait holds a bad value). */
  defaults: z
    .strictObject({
      role: ContactRole.optional(),
      locale: Locale.optional(),
      touchModel: TouchModel.optional(),
      industry: z.string().min(1).max(64).regex(NO_INVISIBLE_CHARS).optional(),
    })
    .default({}),
  /** Track event names (as the product sends them) → the contract's action; any other name is rejected. */
  actions: z.record(EventName, ActionName).refine((a) => Object.keys(a).length > 0, 'must name at least one event'),
});
export type SourcesConfig = z.infer<typeof SourcesConfig>;

/** The contract event a partner message becomes, still raw: `parseProductEvent` checks it. */
export interface MappedEnvelope {
  readonly id: string;
  readonly source: string;
  readonly 'detail-type': 'Usage Recorded' | 'Contact Upserted' | 'Account Upserted';
  readonly time: unknown;
  readonly detail: Record<string, unknown>;
}

export type PartnerMapping = { readonly kind: 'mapped'; readonly envelope: MappedEnvelope } | EventRejection;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: a trait named `constructor` must not read the prototype's. */
function own(object: unknown, key: string): unknown {
  return isObject(object) && Object.hasOwn(object, key) ? object[key] : undefined;
}

function rejection(eventId: string | null, problems: FieldProblem[]): EventRejection {
  const where = eventId === null ? 'partner event without a readable id' : `partner event ${eventId}`;
  const reason = `${where} rejected: ${problems.map((p) => `${p.path}: expected ${p.expected}`).join('; ')}`;
  return { kind: 'rejected', eventId, problems, reason };
}

/** Leaves out absent values so the contract's own parsing reports a missing field as missing. */
function present(fields: Json): Json {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** A contract date from a trait written as a date or as an instant (its UTC date). */
function dateOf(value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
}

/** Employee counts often arrive as strings from CRMs: a plain integer string is read as its number. */
function countOf(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
}

function accountOfUser(message: Json, traits: unknown, config: SourcesConfig): { id: unknown; path: string } {
  if ('from' in config.account) return { id: own(own(message, 'context'), 'groupId'), path: 'detail.context.groupId' };
  const trait = config.account.trait;
  const direct = own(traits, trait);
  if (direct !== undefined) return { id: direct, path: `detail.traits.${trait}` };
  return { id: own(own(own(message, 'context'), 'traits'), trait), path: `detail.context.traits.${trait}` };
}

/**
 * Maps one Segment or RudderStack message (the EventBridge event its destination put) onto the
 * contract. The message's `messageId` becomes the event id, so a redelivered message is a duplicate
 * the engine ignores; its `timestamp` is when the event happened.
 */
export function mapPartnerEvent(raw: unknown, config: SourcesConfig | undefined): PartnerMapping {
  const source = own(raw, 'source');
  const message = own(raw, 'detail');
  const messageId = own(message, 'messageId');
  const id = typeof messageId === 'string' && EventId.safeParse(messageId).success ? messageId : null;
  if (typeof source !== 'string' || !isPartnerSource(source))
    return rejection(id, [{ path: 'source', expected: 'a Segment or RudderStack event source' }]);
  if (config === undefined)
    return rejection(id, [
      { path: 'source', expected: 'a partner mapping (templates/sources.yaml) in the deployed content' },
    ]);
  if (!isObject(message)) return rejection(id, [{ path: 'detail', expected: 'the partner message (an object)' }]);
  if (id === null)
    return rejection(null, [{ path: 'detail.messageId', expected: 'letters, digits and . _ : - only, at most 128' }]);
  // Segment also puts the type in detail-type; RudderStack's detail-type is whatever its destination names.
  const type = own(message, 'type') ?? own(raw, 'detail-type');
  const userId = own(message, 'userId');
  const time = own(message, 'timestamp');
  const base = { id, source, time };
  switch (type) {
    case 'track': {
      const name = own(message, 'event');
      const action = typeof name === 'string' && Object.hasOwn(config.actions, name) ? config.actions[name] : undefined;
      if (action === undefined)
        return rejection(id, [
          { path: 'detail.event', expected: 'an event name listed under actions in templates/sources.yaml' },
        ]);
      const account = accountOfUser(message, own(own(message, 'context'), 'traits'), config);
      if (account.id === undefined) return rejection(id, [{ path: account.path, expected: 'the account id' }]);
      return {
        kind: 'mapped',
        envelope: {
          ...base,
          'detail-type': 'Usage Recorded',
          detail: present({ accountId: account.id, contactId: userId, action, occurredAt: time }),
        },
      };
    }
    case 'identify': {
      const traits = own(message, 'traits');
      const t = config.contactTraits;
      const account = accountOfUser(message, traits, config);
      if (account.id === undefined) return rejection(id, [{ path: account.path, expected: 'the account id' }]);
      return {
        kind: 'mapped',
        envelope: {
          ...base,
          'detail-type': 'Contact Upserted',
          detail: present({
            accountId: account.id,
            contactId: userId,
            email: own(traits, t.email),
            name: own(traits, t.name),
            role: own(traits, t.role) ?? config.defaults.role,
            locale: own(traits, t.locale) ?? config.defaults.locale,
            timeZone: own(traits, t.timeZone),
          }),
        },
      };
    }
    case 'group': {
      const traits = own(message, 'traits');
      const t = config.accountTraits;
      const groupId = own(message, 'groupId');
      if (groupId === undefined) return rejection(id, [{ path: 'detail.groupId', expected: 'the account id' }]);
      return {
        kind: 'mapped',
        envelope: {
          ...base,
          'detail-type': 'Account Upserted',
          detail: present({
            accountId: groupId,
            name: own(traits, t.name),
            plan: own(traits, t.plan),
            industry: own(traits, t.industry) ?? config.defaults.industry,
            employees: countOf(own(traits, t.employees)),
            timeZone: own(traits, t.timeZone),
            locale: own(traits, t.locale) ?? config.defaults.locale,
            contractStart: dateOf(own(traits, t.contractStart)),
            touchModel: own(traits, t.touchModel) ?? config.defaults.touchModel,
          }),
        },
      };
    }
    default:
      return rejection(id, [{ path: 'detail.type', expected: 'track, identify or group (other calls are dropped)' }]);
  }
}

/**
 * Parses one incoming event: a partner's message is mapped first, then parsed by the contract like
 * the product's own events (its partner source stands for the configured one); any other event goes
 * straight to the contract.
 */
export function parseIncomingEvent(
  raw: unknown,
  options: ParseOptions,
  sources: SourcesConfig | undefined,
): ParseResult {
  if (!isPartnerSource(own(raw, 'source'))) return parseProductEvent(raw, options);
  const mapped = mapPartnerEvent(raw, sources);
  if (mapped.kind === 'rejected') return mapped;
  return parseProductEvent(mapped.envelope, { ...options, allowedSource: mapped.envelope.source });
}
