// `npm run schema`: writes schema/events.schema.json from the zod event contract.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventJsonSchema } from '../core/event-json-schema.js';

export const EVENT_SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../schema/events.schema.json');

export function renderEventSchema(): string {
  return `${JSON.stringify(eventJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(EVENT_SCHEMA_FILE), { recursive: true });
  writeFileSync(EVENT_SCHEMA_FILE, renderEventSchema());
  console.log('written: schema/events.schema.json');
}
