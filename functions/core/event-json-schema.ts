// The event contract as JSON Schema, for producers that do not use TypeScript. Generated from the same
// zod schemas the engine parses with, so the two cannot drift (a test compares it with the committed file).
import { z } from 'zod';
import { DETAIL_SCHEMAS, DETAIL_TYPES, EventEnvelope } from './events.js';

export const EVENT_SCHEMA_ID = 'urn:teichaku:schema:events';

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
}

/** One envelope field as the engine parses it (its pattern, lengths), with a description for producers. */
function envelopeField(name: 'id' | 'source' | 'time', description: string): Record<string, unknown> {
  return { ...jsonSchemaOf(EventEnvelope.shape[name]), description };
}

export function eventJsonSchema(): Record<string, unknown> {
  const details = Object.fromEntries(DETAIL_TYPES.map((type) => [type, jsonSchemaOf(DETAIL_SCHEMAS[type])]));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: EVENT_SCHEMA_ID,
    title: 'teichaku product events',
    description:
      'EventBridge events a product sends to teichaku. Instants are ISO 8601 date-times with an offset in the years 2000 to 2099 (in UTC), at most 24 hours (configurable) ahead of their ingestion; dates are YYYY-MM-DD in the same years; ids are letters, digits and . _ : @ - (the event id without @); text holds no control or invisible characters.',
    type: 'object',
    required: ['id', 'source', 'detail-type', 'time', 'detail'],
    properties: {
      id: envelopeField('id', 'Unique event id; teichaku is idempotent on it.'),
      source: envelopeField('source', 'The configured event source of the product.'),
      'detail-type': { enum: DETAIL_TYPES },
      time: envelopeField('time', 'When the event happened.'),
      detail: { type: 'object' },
    },
    oneOf: DETAIL_TYPES.map((type) => ({
      properties: { 'detail-type': { const: type }, detail: { $ref: `#/$defs/${type.replace(/ /g, '')}` } },
    })),
    $defs: Object.fromEntries(Object.entries(details).map(([type, schema]) => [type.replace(/ /g, ''), schema])),
  };
}
