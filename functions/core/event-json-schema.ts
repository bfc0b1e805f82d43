// The event contract as JSON Schema, for producers that do not use TypeScript. Generated from the same
// zod schemas the engine parses with, so the two cannot drift (a test compares it with the committed file).
import { z } from 'zod';
import { DETAIL_SCHEMAS, DETAIL_TYPES } from './events.js';

export const EVENT_SCHEMA_ID = 'urn:teichaku:schema:events';

export function eventJsonSchema(): Record<string, unknown> {
  const details = Object.fromEntries(
    DETAIL_TYPES.map((type) => {
      const schema = z.toJSONSchema(DETAIL_SCHEMAS[type], { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
      delete (schema as { $schema?: unknown }).$schema;
      return [type, schema];
    }),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: EVENT_SCHEMA_ID,
    title: 'teichaku product events',
    description:
      'EventBridge events a product sends to teichaku. Instants are ISO 8601 date-times with an offset; dates are YYYY-MM-DD; ids are letters, digits and . _ : @ -.',
    type: 'object',
    required: ['id', 'source', 'detail-type', 'time', 'detail'],
    properties: {
      id: { type: 'string', minLength: 1, maxLength: 128, description: 'Unique event id; teichaku is idempotent on it.' },
      source: { type: 'string', minLength: 1, maxLength: 256, description: 'The configured event source of the product.' },
      'detail-type': { enum: DETAIL_TYPES },
      time: { type: 'string', format: 'date-time' },
      detail: { type: 'object' },
    },
    oneOf: DETAIL_TYPES.map((type) => ({
      properties: { 'detail-type': { const: type }, detail: { $ref: `#/$defs/${type.replace(/ /g, '')}` } },
    })),
    $defs: Object.fromEntries(Object.entries(details).map(([type, schema]) => [type.replace(/ /g, ''), schema])),
  };
}
