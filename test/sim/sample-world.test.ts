import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProductEvent } from '../../functions/core/events.js';
import { addCalendarDays } from '../../functions/core/time.js';
import { loadSampleWorld, type SampleWorld } from '../../functions/sim/sample-config.js';
import { generateSample, type Sample, writeEventsFile } from '../../functions/sim/sample-world.js';
import { defaultProgram } from '../fixtures/builders.js';

const WORLD_FILE = resolve(import.meta.dirname, '../../templates/sample/world.yaml');
const program = defaultProgram();

let world: SampleWorld;
let sample: Sample;
beforeAll(async () => {
  // Few accounts, but the full six months so every story plays out.
  world = { ...(await loadSampleWorld(WORLD_FILE)), accounts: 40 };
  sample = generateSample(world, program);
});

describe('the bundled sample world', () => {
  it('loads the bundled world file', async () => {
    const bundled = await loadSampleWorld(WORLD_FILE);
    expect(bundled.accounts).toBeGreaterThanOrEqual(150);
    expect(bundled.months).toBe(6);
  });

  it('names the file, line and field of a bad setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'teichaku-world-'));
    const file = join(dir, 'world.yaml');
    const text = readFileSync(WORLD_FILE, 'utf8').replace(/^months: 6/m, 'months: -2');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('months:')) + 1;
    await expect(loadSampleWorld(file)).rejects.toThrow(new RegExp(`world\\.yaml:${line}: months`));
  });

  it('gives the same events for the same seed and other events for another seed', () => {
    expect(generateSample(world, program).events).toEqual(sample.events);
    const other = generateSample({ ...world, seed: world.seed + 1 }, program);
    expect(other.events).not.toEqual(sample.events);
  });

  it('keeps an account the same whatever the number of accounts drawn', () => {
    const fewer = generateSample({ ...world, accounts: 5 }, program);
    const firstFive = sample.events.filter((e) => fewer.accounts.some((a) => e.id.startsWith(`evt-${a.accountId}-`)));
    expect(fewer.events).toEqual(firstFive);
  });

  it('produces only events the contract accepts, in time order, inside the window', () => {
    const problems = sample.events.map((e) => parseProductEvent(e)).filter((r) => r.kind === 'rejected');
    expect(problems).toEqual([]);
    const times = sample.events.map((e) => e.time);
    expect([...times].sort()).toEqual(times);
    expect(times.every((t) => t >= sample.from && t < sample.until)).toBe(true);
    expect(new Set(sample.events.map((e) => e.id)).size).toBe(sample.events.length);
  });

  it('mixes both locales, every touch model and several industries and sizes', () => {
    const profiles = sample.accounts.map((a) => a.profile);
    expect(new Set(profiles.map((p) => p.locale))).toEqual(new Set(['ja', 'en']));
    expect(new Set(profiles.map((p) => p.touchModel))).toEqual(new Set(['tech', 'low', 'high']));
    expect(new Set(profiles.map((p) => p.industry)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(profiles.map((p) => p.plan)).size).toBeGreaterThanOrEqual(2);
  });

  it('hands a new-owner account to a new person in charge: the old owner is removed, a new owner appears', () => {
    // Handovers happen 5 to 14 weeks into adoption: look at accounts that signed early enough.
    const handed = sample.accounts.filter(
      (a) => a.persona === 'new-owner' && a.profile.contractStart < addCalendarDays(world.startDate, 40),
    );
    expect(handed.length).toBeGreaterThan(0);
    let checked = 0;
    for (const account of handed) {
      const mine = sample.events.filter((e) => e.detail.accountId === account.accountId);
      // A contract that ended before the handover ends the account's story there.
      if (mine.some((e) => e['detail-type'] === 'Contract Ended')) continue;
      checked += 1;
      const removed = mine.find((e) => e['detail-type'] === 'Contact Removed');
      const added = mine.find(
        (e) => e['detail-type'] === 'Contact Upserted' && e.detail.contactId === account.successor?.contactId,
      );
      expect(removed?.detail.contactId).toBe(account.contacts[0]?.contactId);
      expect(added?.detail.role).toBe('owner');
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('never has an account that does not onboard take the onboarding steps', () => {
    const onboardingActions = new Set(
      program.milestones.filter((m) => m.phase === 'onboarding').flatMap((m) => m.requires.map((r) => r.action)),
    );
    onboardingActions.delete(world.sessionAction);
    const never = sample.accounts.filter((a) => a.persona === 'never-onboarded').map((a) => a.accountId);
    expect(never.length).toBeGreaterThan(0);
    const steps = sample.events.filter(
      (e) =>
        never.includes(String(e.detail.accountId)) &&
        (e['detail-type'] === 'Onboarding Completed' || onboardingActions.has(String(e.detail.action))),
    );
    expect(steps).toEqual([]);
  });

  it('lets usage fall in the middle of adoption for usage-drop accounts', () => {
    const dropped = sample.accounts.filter(
      (a) => a.persona === 'usage-drop' && a.profile.contractStart < addCalendarDays(world.startDate, 15),
    );
    expect(dropped.length).toBeGreaterThan(0);
    const perMonth = (accountId: string) => {
      const counts = new Map<string, number>();
      for (const e of sample.events) {
        if (e.detail.accountId !== accountId || e['detail-type'] !== 'Usage Recorded') continue;
        counts.set(e.time.slice(0, 7), (counts.get(e.time.slice(0, 7)) ?? 0) + 1);
      }
      return counts;
    };
    // Usage in the last full month is well below the account's busiest month.
    const lastFullMonth = addCalendarDays(sample.until.slice(0, 10), -20).slice(0, 7);
    const falls = dropped.filter((a) => {
      const counts = perMonth(a.accountId);
      return (counts.get(lastFullMonth) ?? 0) < 0.6 * Math.max(...counts.values());
    });
    expect(falls.length).toBe(dropped.length);
  });

  it('writes one event per line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'teichaku-sample-')), 'events.jsonl');
    await writeEventsFile(file, sample.events.slice(0, 50));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(sample.events.slice(0, 50));
  });
});
