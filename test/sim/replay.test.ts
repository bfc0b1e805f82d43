import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReplayContent } from '../../functions/build/replay-content.js';
import type { Content } from '../../functions/core/email/content.js';
import { localParts } from '../../functions/core/time.js';
import { type ReplayEvent, readEventFile } from '../../functions/sim/event-file.js';
import { ReplayRecorder, type SentEmailRecord } from '../../functions/sim/recorders.js';
import { INGEST_BATCH_SIZE, ingestBatches, replay } from '../../functions/sim/replay.js';
import { countingLogger, createReplayHandlers } from '../../functions/sim/replay-handlers.js';
import { memoryPorts } from '../../functions/sim/replay-ports.js';
import { runSimulation } from '../../functions/sim/run-simulation.js';
import { StoreMirror } from '../../functions/sim/store-mirror.js';
import { VirtualClock } from '../../functions/sim/virtual-clock.js';

const PROGRAM = resolve(import.meta.dirname, '../../templates/program.yaml');
const SOURCE = 'com.example.product';
const FROM = '2026-11-02T00:00:00.000Z';
const UNTIL = '2026-12-14T00:00:00.000Z';

function envelope(id: string, time: string, detailType: string, detail: Record<string, unknown>): string {
  return JSON.stringify({ id, source: SOURCE, 'detail-type': detailType, time, detail });
}

/** One onboarded account, two people, a login on most weekdays for six weeks, plus one late event. */
function accountLines(accountId: string, timeZone: string, locale: 'ja' | 'en'): string[] {
  const lines = [
    // Before --from: applied before the first planner run.
    envelope(`${accountId}-a`, '2026-11-01T12:00:00Z', 'Account Upserted', {
      accountId,
      name: `Company ${accountId}`,
      plan: 'business',
      industry: 'manufacturing',
      employees: 120,
      timeZone,
      locale,
      contractStart: '2026-11-02',
      touchModel: 'tech',
    }),
    envelope(`${accountId}-c1`, '2026-11-02T01:00:00Z', 'Contact Upserted', {
      accountId,
      contactId: `${accountId}-c1`,
      email: `c1@${accountId}.example.com`,
      name: 'Owner',
      role: 'owner',
    }),
    envelope(`${accountId}-c2`, '2026-11-02T01:00:00Z', 'Contact Upserted', {
      accountId,
      contactId: `${accountId}-c2`,
      email: `c2@${accountId}.example.com`,
      name: 'Member',
      role: 'member',
    }),
    envelope(`${accountId}-o`, '2026-11-03T02:00:00Z', 'Onboarding Completed', {
      accountId,
      completedAt: '2026-11-03T02:00:00Z',
    }),
    // After --until: not replayed.
    envelope(`${accountId}-late`, '2027-01-05T02:00:00Z', 'Usage Recorded', {
      accountId,
      contactId: `${accountId}-c1`,
      action: 'login',
      occurredAt: '2027-01-05T02:00:00Z',
    }),
  ];
  for (let d = 2; d < 40; d++) {
    if (d % 7 === 5 || d % 7 === 6) continue;
    const at = new Date(Date.parse(FROM) + d * 86_400_000 + 3 * 3_600_000).toISOString();
    lines.push(
      envelope(`${accountId}-u${d}`, at, 'Usage Recorded', {
        accountId,
        contactId: `${accountId}-c${(d % 2) + 1}`,
        action: 'login',
        occurredAt: at,
      }),
    );
  }
  return lines;
}

let content: Content;
let eventsFile: string;
beforeAll(async () => {
  content = await loadReplayContent(PROGRAM, FROM);
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-replay-'));
  eventsFile = join(dir, 'events.jsonl');
  writeFileSync(
    eventsFile,
    `${[...accountLines('acc-1', 'Asia/Tokyo', 'ja'), ...accountLines('acc-2', 'America/New_York', 'en')].join('\n')}\n`,
  );
});

async function replayWith(events: readonly ReplayEvent[], alwaysPlan: boolean): Promise<SentEmailRecord[]> {
  const ports = memoryPorts();
  const clock = new VirtualClock('2026-11-01T00:00:00.000Z');
  const recorder = new ReplayRecorder(clock.now);
  const mirror = new StoreMirror();
  const handlers = createReplayHandlers(
    { ...ports, store: mirror.watch(ports.store) },
    content,
    clock.now,
    recorder,
    countingLogger(),
  );
  const sent: SentEmailRecord[] = [];
  await replay(
    events,
    { from: FROM, until: UNTIL },
    {
      handlers,
      program: content.program,
      clock,
      recorder,
      mirror: alwaysPlan ? { hasDue: () => true, savedStates: () => mirror.savedStates() } : mirror,
      onHour: async (hour) => {
        sent.push(...hour.sent);
      },
    },
  );
  return sent;
}

describe('the replay', () => {
  it('sends on whole virtual hours inside each recipient’s send window on business days', async () => {
    const { events } = await readEventFile(eventsFile);
    const sent = await replayWith(events, false);
    expect(sent.length).toBeGreaterThan(4);
    for (const s of sent) {
      expect(s.sentAt.slice(13)).toBe(':00:00.000Z');
      const local = localParts(Date.parse(s.sentAt), s.accountId === 'acc-1' ? 'Asia/Tokyo' : 'America/New_York');
      expect(local.hour).toBeGreaterThanOrEqual(9);
      expect(local.hour).toBeLessThan(18);
      expect([0, 6]).not.toContain(local.weekday);
    }
    expect(new Set(sent.map((s) => s.locale))).toEqual(new Set(['ja', 'en']));
  });

  it('sends the same emails when the planner runs every hour as when empty hours are skipped', async () => {
    const { events } = await readEventFile(eventsFile);
    const strip = (rows: SentEmailRecord[]) => rows.map(({ messageId: _m, ...rest }) => rest);
    expect(strip(await replayWith(events, false))).toEqual(strip(await replayWith(events, true)));
  });

  it('writes touches, signals, rejected lines and the report, and leaves events after --until out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'teichaku-run-'));
    const result = await runSimulation({
      eventsFile,
      from: FROM,
      until: UNTIL,
      outDir: out,
      programFile: PROGRAM,
      services: 'memory',
    });
    const touches = readFileSync(result.files.touches, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(touches[0] ?? {})).toEqual([
      'sentAt',
      'accountId',
      'contactId',
      'email',
      'kind',
      'locale',
      'subject',
      'messageId',
    ]);
    const signals = readFileSync(result.files.signals, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(signals[0] ?? {}).slice(0, 3)).toEqual(['at', 'type', 'accountId']);
    // Every email has its Touch Sent signal, with the same message id.
    const sentSignals = new Set(signals.filter((s) => s.type === 'Touch Sent').map((s) => s.messageId));
    expect(touches.every((t) => sentSignals.has(t.messageId))).toBe(true);
    expect(readFileSync(result.files.rejected, 'utf8')).toBe('');
    expect(result.summary.eventsAfterUntil).toBe(2);
    expect(result.summary.accounts).toBe(2);
    expect(readFileSync(result.files.report, 'utf8')).toContain('<canvas id="chart-touches"');
    const report = JSON.parse(readFileSync(result.files.reportJson, 'utf8')) as {
      summary: { touches: number };
      usage: { inAdoption: number[] };
    };
    expect(report.summary.touches).toBe(touches.length);
    // A weekly reading for each of the six weeks.
    expect(report.usage.inAdoption.filter((n) => n === 2)).toHaveLength(6);
    expect(readFileSync(result.files.mailbox, 'utf8')).toContain(String(touches[0]?.subject).replace(/&/g, '&amp;'));
  });
});

describe('ingestBatches', () => {
  const event = (accountId: string, n: number): ReplayEvent => ({
    line: n,
    eventId: `e-${n}`,
    accountId,
    source: SOURCE,
    timeMs: n,
    body: '{}',
  });

  it('delivers every event once, in SQS-sized batches, never splitting an account that fits in one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 200 }), (accounts) => {
        const hour = accounts.map((a, i) => event(`acc-${a}`, i));
        const batches = ingestBatches(hour);
        expect(
          batches
            .flat()
            .map((e) => e.line)
            .sort((a, b) => a - b),
        ).toEqual(hour.map((e) => e.line));
        expect(batches.every((b) => b.length > 0 && b.length <= INGEST_BATCH_SIZE)).toBe(true);
        for (const id of new Set(hour.map((e) => e.accountId))) {
          const count = hour.filter((e) => e.accountId === id).length;
          const holding = batches.filter((b) => b.some((e) => e.accountId === id)).length;
          expect(holding).toBe(Math.ceil(count / INGEST_BATCH_SIZE));
        }
      }),
    );
  });
});
