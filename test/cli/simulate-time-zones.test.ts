// `teichaku simulate` with a contact in another time zone than the account: each person is written to
// inside their own send window, and the times in their email are shown in their zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountUpserted, contactUpserted, onboardingCompleted, usage } from '../fixtures/builders.js';
import { runScenario, type Scenario } from '../fixtures/simulate-scenario.js';

/** The local weekday (0 Sunday) and hour of `iso` in `timeZone`, read with Intl. */
function localTime(iso: string, timeZone: string): { weekday: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso))
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return { weekday: parts.weekday ?? '', hour: Number(parts.hour) };
}

let run: Scenario;
let touches: { sentAt: string; contactId: string; kind: string }[] = [];

beforeAll(async () => {
  const at = { at: '2026-01-05T00:00:00Z' };
  const events = [
    accountUpserted('acc-z', { timeZone: 'Asia/Tokyo', locale: 'ja', contractStart: '2026-01-05' }, at),
    contactUpserted('acc-z', 'u-tokyo', { role: 'owner' }, at),
    contactUpserted('acc-z', 'u-london', { role: 'admin', locale: 'en', timeZone: 'Europe/London' }, at),
    contactUpserted('acc-z', 'u-la', { role: 'member', locale: 'en', timeZone: 'America/Los_Angeles' }, at),
    usage('acc-z', 'u-tokyo', 'login', '2026-01-06T01:00:00Z'),
    onboardingCompleted('acc-z', '2026-01-12T01:00:00Z', { at: '2026-01-12T01:00:00Z' }),
  ];
  run = await runScenario(events, { from: '2026-01-05T00:00:00Z', until: '2026-03-02T00:00:00Z', name: 'zones' });
  expect(run.code, run.stderr).toBe(0);
  touches = run.touches as typeof touches;
}, 120_000);

afterAll(() => run?.remove());

describe('teichaku simulate with contacts in their own time zones', () => {
  const zones: Record<string, string> = {
    'u-tokyo': 'Asia/Tokyo',
    'u-london': 'Europe/London',
    'u-la': 'America/Los_Angeles',
  };

  it('writes to every contact, each on a weekday between 09:00 and 18:00 where they are', () => {
    expect(new Set(touches.map((t) => t.contactId))).toEqual(new Set(Object.keys(zones)));
    for (const t of touches) {
      const local = localTime(t.sentAt, zones[t.contactId] as string);
      expect(['Sat', 'Sun'], `${t.contactId} ${t.sentAt}`).not.toContain(local.weekday);
      expect(local.hour, `${t.contactId} ${t.sentAt}`).toBeGreaterThanOrEqual(9);
      expect(local.hour, `${t.contactId} ${t.sentAt}`).toBeLessThan(18);
    }
  });

  it('sends each cadence step to the people abroad on the same day or the next, not a week late', () => {
    const first = (id: string) => touches.filter((t) => t.contactId === id).map((t) => Date.parse(t.sentAt))[0] ?? 0;
    expect(first('u-london') - first('u-tokyo')).toBeLessThan(2 * 86_400_000);
    expect(first('u-la') - first('u-tokyo')).toBeLessThan(2 * 86_400_000);
  });
});
