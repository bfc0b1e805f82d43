// `teichaku simulate` as a user runs it: flags, exit codes, the output files, and the same emails
// from local DynamoDB and SES as from the in-memory services.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleWorld } from '../../functions/sim/sample-config.js';
import { generateSample, type Sample, writeEventsFile } from '../../functions/sim/sample-world.js';
import { defaultProgram } from '../fixtures/builders.js';
import { readLines as lines, PROGRAM, teichaku } from '../fixtures/simulate-scenario.js';

const WORLD = resolve(import.meta.dirname, '../../templates/sample/world.yaml');

/** `teichaku simulate <args>`: its exit code and what it printed. */
const simulate = (...args: string[]) => teichaku('simulate', ...args);

let sample: Sample;
let eventsFile: string;
let dir: string;

beforeAll(async () => {
  // Eight accounts over two months: enough for every early touch kind, small enough for local DynamoDB.
  const world = { ...(await loadSampleWorld(WORLD)), accounts: 8, months: 2 };
  sample = generateSample(world, defaultProgram());
  dir = mkdtempSync(join(tmpdir(), 'teichaku-simulate-'));
  eventsFile = join(dir, 'events.jsonl');
  await writeEventsFile(eventsFile, sample.events);
});

afterEach(() => {
  process.exitCode = undefined;
});

describe('teichaku simulate', () => {
  it('replays the good lines, lists each bad one with its line number and reason, and exits 0', async () => {
    const withBadLines = join(dir, 'with-bad-lines.jsonl');
    const good = readFileSync(eventsFile, 'utf8').trim().split('\n');
    writeFileSync(
      withBadLines,
      [
        good[0],
        'not json at all',
        ...good.slice(1, 200),
        '{"id":"evt-x","source":"s","detail-type":"Usage Recorded","time":"2026-11-05T00:00:00Z","detail":{}}',
      ].join('\n'),
    );
    const out = join(dir, 'bad-lines');
    const run = await simulate('--events', withBadLines, '--until', sample.until, '--out', out, '--program', PROGRAM);
    expect(run.code).toBe(0);
    expect(lines(join(out, 'rejected.jsonl'))).toEqual([
      { line: 2, eventId: null, reason: expect.stringMatching(/^not valid JSON/) },
      expect.objectContaining({
        line: 202,
        eventId: 'evt-x',
        reason: expect.stringMatching(/^event evt-x rejected: detail\.accountId/),
      }),
    ]);
    expect(run.stdout).toMatch(/events: 200 replayed, 2 rejected/);
    for (const file of ['touches.jsonl', 'signals.jsonl', 'report.html'])
      expect(readFileSync(join(out, file), 'utf8').length).toBeGreaterThan(0);
  });

  it('refuses to start without --until, naming the flag', async () => {
    const run = await simulate('--events', eventsFile, '--out', join(dir, 'x'));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--until/);
  });

  it('refuses a --from that is not before --until', async () => {
    const run = await simulate(
      '--events',
      eventsFile,
      '--from',
      '2027-01-01T00:00:00Z',
      '--until',
      '2026-12-01T00:00:00Z',
      '--out',
      join(dir, 'x'),
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--from must be before --until/);
  });

  it('refuses an --until that is not an instant, and unknown --services', async () => {
    const badUntil = await simulate('--events', eventsFile, '--until', 'next week', '--out', join(dir, 'x'));
    expect(badUntil.code).not.toBe(0);
    expect(badUntil.stderr).toMatch(/--until must be an ISO 8601 date-time/);
    const badServices = await simulate(
      '--events',
      eventsFile,
      '--until',
      sample.until,
      '--out',
      join(dir, 'x'),
      '--services',
      'aws',
    );
    expect(badServices.code).not.toBe(0);
    expect(badServices.stderr).toMatch(/--services must be one of memory, local/);
  });

  it('says which events file it cannot read', async () => {
    const run = await simulate(
      '--events',
      join(dir, 'missing.jsonl'),
      '--until',
      sample.until,
      '--out',
      join(dir, 'x'),
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/missing\.jsonl cannot be read/);
  });

  it('sends the same emails with local DynamoDB and SES as with the in-memory services', {
    timeout: 300_000,
  }, async () => {
    const memory = await simulate(
      '--events',
      eventsFile,
      '--until',
      sample.until,
      '--out',
      join(dir, 'memory'),
      '--program',
      PROGRAM,
    );
    const local = await simulate(
      '--events',
      eventsFile,
      '--until',
      sample.until,
      '--out',
      join(dir, 'local'),
      '--program',
      PROGRAM,
      '--services',
      'local',
    );
    expect([memory.code, local.code]).toEqual([0, 0]);
    const withoutIds = (rows: Record<string, unknown>[]) => rows.map(({ messageId: _id, ...rest }) => rest);
    const fromMemory = lines(join(dir, 'memory', 'touches.jsonl'));
    const fromLocal = lines(join(dir, 'local', 'touches.jsonl'));
    expect(fromMemory.length).toBeGreaterThan(20);
    expect(new Set(fromMemory.map((t) => t.kind)).size).toBeGreaterThanOrEqual(3);
    expect(withoutIds(fromLocal)).toEqual(withoutIds(fromMemory));
    // Local SES gave its own message ids: the emails really went through it.
    expect(fromLocal.every((t) => !String(t.messageId).startsWith('memory-'))).toBe(true);
    const signalsWithoutIds = (path: string) => lines(path).map(({ messageId: _id, ...rest }) => rest);
    expect(signalsWithoutIds(join(dir, 'local', 'signals.jsonl'))).toEqual(
      signalsWithoutIds(join(dir, 'memory', 'signals.jsonl')),
    );
  });
});
