import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../../functions/cli/import.js';
import { importCsv, parseCsv } from '../../functions/core/csv-import.js';
import { parseProductEvent } from '../../functions/core/events.js';

const NOW = '2026-03-02T03:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'teichaku-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('teichaku import --csv', () => {
  it('turns each row into an ordinary Account Upserted or Contact Upserted event', async () => {
    const out = join(dir, 'events.jsonl');
    const run = await runImport({ csv: 'test/fixtures/import/good.csv', out, source: 'com.example.product' }, NOW);
    expect(run).toEqual({ events: 5, rows: 5, problems: [], sent: 0 });
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e['detail-type'])).toEqual([
      'Account Upserted',
      'Contact Upserted',
      'Contact Upserted',
      'Account Upserted',
      'Contact Upserted',
    ]);
    // Each line is what ingest and `teichaku simulate --events` accept.
    for (const e of lines) expect(parseProductEvent(e, { allowedSource: 'com.example.product' }).kind).toBe('ok');
    expect(lines[0].detail).toEqual({
      accountId: 'acct-0042',
      name: 'Yamada Trading',
      plan: 'business',
      industry: 'wholesale',
      employees: 120,
      timeZone: 'Asia/Tokyo',
      locale: 'ja',
      contractStart: '2026-03-01',
      touchModel: 'tech',
    });
    expect(lines[1].detail).toEqual({
      accountId: 'acct-0042',
      contactId: 'user-1001',
      email: 'hanako.sato@yamada-trading.example.jp',
      name: 'Hanako Sato',
      role: 'owner',
    });
    expect(lines[2].detail.name).toBe('Sato, Jiro');
    expect(lines[3].detail.name).toBe('Northwind "Clinics"');
    expect(new Set(lines.map((e) => e.id)).size).toBe(5);
  });

  it('reports each bad row with its line number and field, and writes nothing', async () => {
    const out = join(dir, 'bad.jsonl');
    const run = await runImport({ csv: 'test/fixtures/import/bad.csv', out, source: 'com.example.product' }, NOW);
    expect(run.events).toBe(0);
    const text = run.problems.join('\n');
    expect(run.problems).toContain('line 3: email: expected must be an email address');
    expect(text).toMatch(/line 4: name: expected must not contain control characters/);
    expect(text).toMatch(/line 4: employees: expected a value of type number/);
    expect(text).toMatch(/line 4: timeZone: expected must be an IANA time zone/);
    expect(text).toMatch(/line 4: contractStart: expected must be a real calendar date/);
    expect(run.problems).toContain('line 5: record: expected account or contact');
    // A quoted cell over two lines is reported on the line the row starts, and the next row's line is right.
    expect(text).toMatch(/line 6: name: expected must not contain control characters/);
    expect(run.problems).toContain('line 6: role: expected Invalid option: expected one of "owner"|"admin"|"member"');
    expect(text).toMatch(/line 8: \(row\): expected 13 cells as the header \(found 4\)/);
    expect(text).not.toMatch(/line 2:/);
    // No value is echoed back: a cell may hold personal data.
    expect(text).not.toContain('not-an-address');
    expect(() => readFileSync(out)).toThrow();
  });

  it('refuses unknown columns and a missing record column', () => {
    const result = importCsv('accountId,nmae\nacct-1,x\n', { source: 'p', at: NOW });
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 1, field: 'nmae' }),
      expect.objectContaining({ line: 1, field: 'record' }),
    ]);
    expect(parseCsv('a,"open\n').problems).toEqual([{ line: 1, field: '(row)', expected: 'a closing quote' }]);
  });

  it('puts the events on the bus ten per call with --bus', async () => {
    const eventBridge = mockClient(EventBridgeClient);
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const rows = Array.from(
      { length: 12 },
      (_, i) => `account,acct-${i},,Co ${i},team,retail,5,Asia/Tokyo,ja,2026-01-05,tech,,`,
    );
    const csv = join(dir, 'many.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(csv, `${readFileSync('test/fixtures/import/good.csv', 'utf8').split('\n')[0]}\n${rows.join('\n')}\n`);
    const run = await runImport(
      { csv, out: join(dir, 'many.jsonl'), source: 'com.example.product', bus: 'product-events' },
      NOW,
      new EventBridgeClient({}),
    );
    expect(run.sent).toBe(12);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 2]);
    expect(calls[0]?.args[0].input.Entries?.[0]).toMatchObject({
      EventBusName: 'product-events',
      Source: 'com.example.product',
      DetailType: 'Account Upserted',
    });
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [] });
    await expect(
      runImport(
        { csv, out: join(dir, 'many.jsonl'), source: 'com.example.product', bus: 'b' },
        NOW,
        new EventBridgeClient({}),
      ),
    ).rejects.toThrow(/EventBridge refused 1 of events 1–10/);
    eventBridge.restore();
  });
});
