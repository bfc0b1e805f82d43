import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryDeadLetters } from '../../functions/adapters/memory/dead-letters.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { SourcesConfig } from '../../functions/core/partner-events.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { defaultProgram } from '../fixtures/builders.js';
import { recordingLogger, sqsEvent } from './helpers.js';

const sources = SourcesConfig.parse(parse(readFileSync('templates/sources.yaml', 'utf8')));
const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/partners/${name}.json`, 'utf8'));

function setup(withSources = true) {
  const store = new MemoryAccountStore();
  const deadLetters = new MemoryDeadLetters();
  const logger = recordingLogger();
  const handler = createIngestHandler({
    store,
    publisher: new MemorySignalPublisher(),
    program: defaultProgram(),
    eventSource: 'com.example.product',
    logger,
    deadLetters,
    clock: () => '2026-03-02T03:00:00.000Z',
    ...(withSources ? { sources } : {}),
  });
  return { store, deadLetters, logger, handler };
}

describe('ingest of Segment and RudderStack messages', () => {
  it('applies the recorded group, identify and track messages of each partner', async () => {
    const { handler, store, deadLetters } = setup();
    const names = ['group', 'identify', 'track'];
    const bodies = [...names.map((n) => fixture(`segment-${n}`)), ...names.map((n) => fixture(`rudderstack-${n}`))];
    expect(await handler(sqsEvent(bodies))).toEqual({ batchItemFailures: [] });
    expect(deadLetters.all()).toEqual([]);
    const yamada = await store.load('acct-0042');
    expect(yamada?.profile?.name).toBe('Yamada Trading');
    expect(yamada?.contacts['user-1001']?.role).toBe('owner');
    const northwind = await store.load('acct-0077');
    expect(northwind?.profile?.timeZone).toBe('America/New_York');
    expect(northwind?.contacts['u-5512']?.role).toBe('admin');
  });

  it('dead-letters an unmappable message with its reason and never logs its traits', async () => {
    const { handler, deadLetters, logger } = setup();
    const unknown = fixture('segment-track');
    unknown.detail.event = 'Invoice Downloaded';
    await handler(sqsEvent([fixture('segment-group'), fixture('segment-identify'), unknown]));
    expect(deadLetters.all().map((l) => l.source.messageId)).toEqual(['m-2']);
    expect(deadLetters.all()[0]?.reason).toMatch(/partner event ajs-next-8b2c.* rejected: detail\.event/);
    expect(logger.text()).not.toContain('hanako.sato@yamada-trading.example.jp');
  });

  it('dead-letters partner messages when no mapping is deployed', async () => {
    const { handler, deadLetters } = setup(false);
    await handler(sqsEvent([fixture('rudderstack-group')]));
    expect(deadLetters.all()[0]?.reason).toMatch(/templates\/sources\.yaml/);
  });
});
