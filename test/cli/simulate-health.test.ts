// `teichaku simulate` end to end for health in every phase: an account that became expansion-ready
// and then stopped using the product raises `Account At Risk`; one that keeps using it does not.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../functions/cli/main.js';
import { writeEventsFile } from '../../functions/sim/sample-world.js';
import { accountUpserted, contactUpserted, onboardingCompleted, usage } from '../fixtures/builders.js';

const PROGRAM = resolve(import.meta.dirname, '../../templates/program.yaml');
const UNTIL = '2026-04-30T00:00:00.000Z';
/** Every action a milestone or feature of the shipped programs reads: enough to be expansion-ready. */
const ACTIONS = [
  'login',
  'settings.basic_complete',
  'dashboard.view',
  'daily_report.create',
  'report.create',
  'member.invite',
  'approval.configure',
  'report.schedule_monthly',
  'dashboard.customize',
];

function lines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8').trim();
  return text === '' ? [] : text.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Weekday usage of every action by the account's people, from 2026-01-05 for `days` days. */
function weekdayUsage(accountId: string, contactIds: readonly string[], days: number) {
  const out = [];
  for (let day = 0; day < days; day++) {
    const at = new Date(Date.parse('2026-01-05T01:00:00Z') + day * 86_400_000);
    if (at.getUTCDay() === 0 || at.getUTCDay() === 6) continue;
    for (const id of contactIds)
      for (const [i, action] of ACTIONS.entries())
        out.push(usage(accountId, id, action, new Date(at.getTime() + i * 60_000).toISOString()));
  }
  return out;
}

function anAccountsEvents(accountId: string, usageDays: number) {
  const people = [`${accountId}-owner`, `${accountId}-member`];
  return [
    accountUpserted(accountId, { name: `${accountId} KK` }),
    contactUpserted(accountId, people[0] as string, { role: 'owner' }),
    contactUpserted(accountId, people[1] as string, { role: 'member' }),
    onboardingCompleted(accountId, '2026-01-07T00:00:00Z'),
    ...weekdayUsage(accountId, people, usageDays),
  ];
}

let dir: string;
let signals: Record<string, unknown>[] = [];

async function teichaku(...args: string[]): Promise<number> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return await main(['node', 'teichaku', ...args]);
  } finally {
    spy.mockRestore();
    process.exitCode = undefined;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'teichaku-health-'));
  // acc-steady uses the product through the run; acc-collapse stops after seven weeks.
  const events = [...anAccountsEvents('acc-steady', 115), ...anAccountsEvents('acc-collapse', 49)].sort((a, b) =>
    a.time < b.time ? -1 : a.time > b.time ? 1 : 0,
  );
  const eventsFile = join(dir, 'events.jsonl');
  await writeEventsFile(
    eventsFile,
    events.map((e) => ({ id: e.id, source: e.source, 'detail-type': e.detailType, time: e.time, detail: e.detail })),
  );
  const code = await teichaku(
    'simulate',
    '--events',
    eventsFile,
    '--until',
    UNTIL,
    '--out',
    join(dir, 'out'),
    '--program',
    PROGRAM,
  );
  expect(code).toBe(0);
  signals = lines(join(dir, 'out', 'signals.jsonl'));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readyAt = (accountId: string) =>
  signals.find((s) => s.type === 'Phase Changed' && s.accountId === accountId && s.to === 'expansion-ready')?.at as
    | string
    | undefined;
const risksAfter = (accountId: string, at: string) =>
  signals.filter((s) => s.type === 'Account At Risk' && s.accountId === accountId && String(s.at) > at);

describe('simulate: health in every phase', () => {
  it('raises Account At Risk for an account that became expansion-ready and then collapsed', () => {
    const ready = readyAt('acc-collapse');
    expect(ready).toBeDefined();
    const risks = risksAfter('acc-collapse', ready as string);
    expect(risks.length).toBeGreaterThan(0);
    expect(risks[0]?.reasons).toContain('usage-drop');
  });

  it('raises nothing for an expansion-ready account that keeps using the product', () => {
    const ready = readyAt('acc-steady');
    expect(ready).toBeDefined();
    expect(risksAfter('acc-steady', ready as string)).toEqual([]);
  });

  it('raises no at-risk signal in the grace period of either account', () => {
    const grace = '2026-01-21T00:00:00.000Z';
    expect(signals.filter((s) => s.type === 'Account At Risk' && String(s.at) < grace)).toEqual([]);
  });
});
