// The hostile-event corpus against the parser and against the published JSON Schema, and a property:
// hostile events mixed into a batch change nothing the valid ones would not have changed alone.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { EVENT_SCHEMA_FILE } from '../../functions/cli/write-event-schema.js';
import { parseProductEvent } from '../../functions/core/events.js';
import { TIME_ZONES } from '../../functions/core/time-zones.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { defaultProgram } from '../fixtures/builders.js';
import { recordingLogger, sqsEvent } from '../handlers/helpers.js';
import { ACCOUNT, CS_OWNER_DOMAINS, HOSTILE_EVENTS, type HostileCase, NOW, SOURCE } from './hostile-events.js';

// An address anywhere in a reason would end up in a log line.
const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[A-Za-z]{2,}/;

function jsonOf(c: HostileCase): { readonly ok: true; readonly value: unknown } | { readonly ok: false } {
  try {
    return { ok: true, value: JSON.parse(c.body) as unknown };
  } catch {
    return { ok: false };
  }
}

const parsedCases = HOSTILE_EVENTS.flatMap((c) => {
  const json = jsonOf(c);
  return json.ok ? [{ ...c, value: json.value }] : [];
});

describe('the hostile-event corpus', () => {
  it('holds at least 60 cases, most of them rejections, some legal events among them', () => {
    expect(HOSTILE_EVENTS.length).toBeGreaterThanOrEqual(60);
    expect(HOSTILE_EVENTS.filter((c) => c.outcome === 'accepted').length).toBeGreaterThanOrEqual(5);
    expect(new Set(HOSTILE_EVENTS.map((c) => c.name)).size).toBe(HOSTILE_EVENTS.length);
  });

  it.each(parsedCases.map((c) => [c.name, c] as const))('parseProductEvent: %s', (_, c) => {
    const result = parseProductEvent(c.value, {
      allowedSource: SOURCE,
      receivedAt: NOW,
      csOwnerDomains: CS_OWNER_DOMAINS,
    });
    if (c.outcome === 'accepted') {
      expect(result.kind, result.kind === 'rejected' ? result.reason : '').toBe('ok');
      return;
    }
    expect(result.kind).toBe('rejected');
    if (result.kind !== 'rejected') return;
    expect(result.reason).toContain(c.reason);
    expect(result.reason).not.toMatch(EMAIL);
    // Names at most ten unknown keys, so a flood of them stays a short line.
    expect(result.reason.length).toBeLessThan(1_000);
  });

  it('names at most ten unknown fields and says how many more there were', () => {
    const flood = parsedCases.find((c) => c.name === 'a flood of 5 000 unknown fields');
    const result = parseProductEvent(flood?.value);
    expect(result.kind === 'rejected' && result.reason).toContain('"extra_9", 4990 more)');
    expect(result.kind === 'rejected' && result.reason).not.toContain('extra_10');
  });

  it('leaves Object.prototype untouched by __proto__ keys', () => {
    for (const c of parsedCases) parseProductEvent(c.value, { allowedSource: SOURCE, receivedAt: NOW });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the published JSON Schema', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(EVENT_SCHEMA_FILE, 'utf8')) as object);

  it.each(parsedCases.map((c) => [c.name, c] as const))('agrees with the engine: %s', (_, c) => {
    const valid = validate(c.value);
    if (c.outcome === 'accepted') expect(validate.errors ?? []).toEqual([]);
    else if (c.beyondSchema === undefined) expect(valid).toBe(false);
    // A rule only the engine can check (the clock, the configuration) leaves the event schema-valid.
    else expect(valid).toBe(true);
  });

  it('lists exactly the time zones the engine accepts', () => {
    const schema = JSON.parse(readFileSync(EVENT_SCHEMA_FILE, 'utf8')) as {
      $defs: { AccountUpserted: { properties: { timeZone: { enum: string[] } } } };
    };
    expect(schema.$defs.AccountUpserted.properties.timeZone.enum).toEqual([...TIME_ZONES]);
    const account = parsedCases.find((c) => c.name === 'a valid Account Upserted')?.value as {
      readonly detail: object;
    };
    const accepts = (zone: string) =>
      parseProductEvent({ ...account, detail: { ...account.detail, timeZone: zone } }).kind === 'ok';
    expect(TIME_ZONES.filter((zone) => !accepts(zone))).toEqual([]);
  });
});

describe('a batch mixing valid and hostile events', () => {
  const valid = HOSTILE_EVENTS.filter((c) => c.outcome === 'accepted');
  const hostile = HOSTILE_EVENTS.filter((c) => c.outcome === 'rejected');

  async function stateAfter(bodies: readonly string[]) {
    const store = new MemoryAccountStore();
    const handler = createIngestHandler({
      store,
      publisher: new MemorySignalPublisher(),
      program: defaultProgram(),
      eventSource: SOURCE,
      logger: recordingLogger(),
      clock: () => NOW,
      csOwnerDomains: CS_OWNER_DOMAINS,
    });
    const response = await handler(sqsEvent(bodies));
    return {
      states: await Promise.all([ACCOUNT, 'acc-h2', 'acc-h3'].map((id) => store.load(id))),
      failures: response.batchItemFailures.length,
    };
  }

  it('leaves the same account state as the valid events alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(valid, { minLength: 1 }),
        fc.subarray(hostile, { minLength: 1, maxLength: 20 }),
        fc.nat(),
        async (good, bad, seed) => {
          // The hostile events go in at seeded places; the valid ones keep their order.
          const mixed: string[] = good.map((c) => c.body);
          bad.forEach((c, i) => mixed.splice((seed + i * 7) % (mixed.length + 1), 0, c.body));
          const alone = await stateAfter(good.map((c) => c.body));
          const together = await stateAfter(mixed);
          expect(together.states).toEqual(alone.states);
          expect(together.failures).toBe(bad.length);
          expect(alone.failures).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
