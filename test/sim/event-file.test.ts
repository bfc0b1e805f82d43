import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventFileError, readEventFile } from '../../functions/sim/event-file.js';

function file(lines: readonly string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'teichaku-events-')), 'events.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function envelope(id: string, time: string, detailType: string, detail: Record<string, unknown>): string {
  return JSON.stringify({ id, source: 'com.example.product', 'detail-type': detailType, time, detail });
}

const usage = (id: string, time: string) =>
  envelope(id, time, 'Usage Recorded', { accountId: 'acc-1', contactId: 'c-1', action: 'login', occurredAt: time });

describe('readEventFile', () => {
  it('keeps valid lines as their exact text, in time order, ties in file order', async () => {
    const lines = [
      usage('e-3', '2026-11-03T00:00:00Z'),
      usage('e-1', '2026-11-01T00:00:00Z'),
      usage('e-2', '2026-11-01T00:00:00Z'),
    ];
    const read = await readEventFile(file(lines));
    expect(read.events.map((e) => e.eventId)).toEqual(['e-1', 'e-2', 'e-3']);
    expect(read.events[0]?.body).toBe(lines[1]);
    expect(read.events.map((e) => e.line)).toEqual([2, 3, 1]);
  });

  it('rejects each malformed line with its line number and reason, and keeps the rest', async () => {
    const read = await readEventFile(
      file([
        usage('e-1', '2026-11-01T00:00:00Z'),
        '{"id": "broken",',
        envelope('e-2', '2026-11-01T00:00:00Z', 'Usage Recorded', {
          accountId: 'acc-1',
          contactId: 'c-1',
          action: 'Bad Action',
          occurredAt: '2026-11-01T00:00:00Z',
        }),
        envelope('e-3', 'yesterday', 'Usage Recorded', {}),
        '42',
        usage('e-4', '2026-11-02T00:00:00Z'),
      ]),
    );
    expect(read.events.map((e) => e.eventId)).toEqual(['e-1', 'e-4']);
    expect(read.rejected.map((r) => [r.line, r.eventId])).toEqual([
      [2, null],
      [3, 'e-2'],
      [4, 'e-3'],
      [5, null],
    ]);
    expect(read.rejected[0]?.reason).toMatch(/not valid JSON/);
    expect(read.rejected[1]?.reason).toMatch(/detail\.action/);
    expect(read.rejected[2]?.reason).toMatch(/time/);
  });

  it('never repeats a rejected value in the reason', async () => {
    const read = await readEventFile(
      file([
        envelope('e-1', '2026-11-01T00:00:00Z', 'Contact Upserted', {
          accountId: 'acc-1',
          contactId: 'c-1',
          email: 'not-an-address@@secret.example',
          name: 'Hanako',
          role: 'owner',
        }),
        '{"email": "hidden@example.com", oops}',
      ]),
    );
    expect(read.rejected).toHaveLength(2);
    for (const r of read.rejected) expect(r.reason).not.toMatch(/secret|hidden|@/);
  });

  it('skips blank lines without calling them malformed, and counts the lines it read', async () => {
    const read = await readEventFile(file(['', usage('e-1', '2026-11-01T00:00:00Z'), '   ', '']));
    expect(read.rejected).toEqual([]);
    expect(read.events[0]?.line).toBe(2);
    expect(read.lines).toBe(1);
  });

  it('says which file could not be read', async () => {
    await expect(readEventFile('/nonexistent/teichaku/events.jsonl')).rejects.toThrow(EventFileError);
    await expect(readEventFile('/nonexistent/teichaku/events.jsonl')).rejects.toThrow(/events\.jsonl cannot be read/);
  });
});
