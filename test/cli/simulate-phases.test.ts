// `teichaku simulate` end to end for the phases after adoption: one account goes onboarding →
// adoption → retention → renewal → (Contract Renewed) → retention, with a touch slot every 30 days
// after adoption, the cadence restarting from the renewal, `Renewal Approaching` once when the window
// opens, re-onboarding of a new owner in the renewal phase, and `teichaku explain` telling it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountUpserted, contactUpserted, contractRenewed, onboardingCompleted, usage } from '../fixtures/builders.js';
import { byTime, type Line, PROGRAM, runScenario, type Scenario, teichaku } from '../fixtures/simulate-scenario.js';

const UNTIL = '2026-12-01T00:00:00.000Z';
// Onboarding completes 2026-01-07: adoption ends six months later, on Tuesday 2026-07-07 09:00 JST.
const ADOPTION_ENDS = '2026-07-07T00:00:00.000Z';
// 60 days before the renewal date 2026-10-01 is Sunday 2026-08-02: the renewal phase starts Monday.
const RENEWAL_PHASE = '2026-08-03T00:00:00.000Z';
const NEW_OWNER_AT = '2026-08-20T03:00:00.000Z';
const RENEWED_AT = '2026-09-28T03:00:00.000Z';
const DAY_MS = 86_400_000;

function weekdayUsage(accountId: string, contactIds: readonly string[]) {
  const out = [];
  for (let day = 0; day < 330; day++) {
    const at = new Date(Date.parse('2026-01-05T01:00:00Z') + day * DAY_MS);
    if (at.getUTCDay() === 0 || at.getUTCDay() === 6) continue;
    for (const id of contactIds) out.push(usage(accountId, id, 'login', at.toISOString()));
  }
  return out;
}

let run: Scenario;
let touches: Line[] = [];
let decisions: Line[] = [];
let signals: Line[] = [];

beforeAll(async () => {
  const id = 'acc-term';
  const events = byTime([
    accountUpserted(id, { name: 'Term KK', locale: 'en', renewalDate: '2026-10-01', arr: 1_000_000, currency: 'JPY' }),
    contactUpserted(id, `${id}-owner`, { role: 'owner', locale: 'en' }),
    contactUpserted(id, `${id}-member`, { role: 'member', locale: 'en' }),
    onboardingCompleted(id, '2026-01-07T00:00:00Z'),
    ...weekdayUsage(id, [`${id}-owner`, `${id}-member`]),
    contactUpserted(id, `${id}-new`, { role: 'owner', locale: 'en' }, { at: NEW_OWNER_AT }),
    contractRenewed(id, RENEWED_AT, '2027-09-28', { arr: 1_100_000, currency: 'JPY' }),
  ]);
  run = await runScenario(events, { until: UNTIL, name: 'phases' });
  expect(run.code, run.stderr).toBe(0);
  ({ touches, decisions, signals } = run);
}, 300_000);

afterAll(() => run?.remove());

/** The times the owner was looked at by the cadence (a touch or why none), after `from`. */
function ownerLooks(from: string, to = UNTIL): string[] {
  const at = decisions
    .filter((d) => d.contactId === 'acc-term-owner' && String(d.at) > from && String(d.at) < to)
    .map((d) => String(d.at));
  return [...new Set(at)].sort();
}

describe('simulate: a term after adoption', () => {
  it('goes onboarding → adoption → retention → renewal → retention', () => {
    const moves = signals
      .filter((s) => s.type === 'Phase Changed')
      .map((s) => [String(s.from), String(s.to), String(s.at)]);
    expect(moves.map(([from, to]) => `${from}→${to}`)).toEqual([
      'onboarding→adoption',
      'adoption→retention',
      'retention→renewal',
      'renewal→retention',
    ]);
    expect(moves[1]?.[2]).toBe(ADOPTION_ENDS);
    expect(moves[2]?.[2]).toBe(RENEWAL_PHASE);
    // The renewal is planned at the first hourly run after it arrived, that same day.
    expect(moves[3]?.[2]).toBe('2026-09-28T04:00:00.000Z');
  });

  it('raises Renewal Approaching once, when the window opens, with the contract’s value and days left', () => {
    const approaching = signals.filter((s) => s.type === 'Renewal Approaching');
    expect(approaching).toHaveLength(1);
    expect(approaching[0]).toMatchObject({
      at: RENEWAL_PHASE,
      renewalDate: '2026-10-01',
      daysToRenewal: 59,
      arr: 1_000_000,
      currency: 'JPY',
      activePeople: 2,
    });
  });

  it('looks at the account every 30 days after adoption, and restarts the cadence from the renewal', () => {
    const beforeRenewal = ownerLooks(ADOPTION_ENDS, RENEWED_AT);
    const afterRenewal = ownerLooks(RENEWED_AT);
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY_MS;
    // The cadence's slots (an occasion, such as the value review's window opening, may add a look).
    const before = beforeRenewal.map((at) => days(ADOPTION_ENDS, at));
    expect(before).toContain(30);
    // The second slot, Saturday 09-05, waits for Monday's window.
    expect(before).toContain(62);
    const after = afterRenewal.map((at) => days(RENEWED_AT, at));
    expect(after).toContain(30);
    expect(after.some((d) => d >= 60)).toBe(true);
  });

  it('re-onboards a new owner who arrives in the renewal phase', () => {
    const welcome = touches.filter((t) => t.contactId === 'acc-term-new' && t.kind === 're-onboarding');
    expect(welcome).toHaveLength(1);
    const at = String(welcome[0]?.sentAt);
    expect(at > NEW_OWNER_AT && at < RENEWED_AT).toBe(true);
  });

  it('shows the phase, the next renewal and its window in teichaku explain', async () => {
    const text = await teichaku('explain', '--from-run', run.out, '--program', PROGRAM, '--account', 'acc-term');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Phase now: retention/);
    expect(text.stdout).toMatch(/Next renewal: 2027-09-28; renewal phase from 30\/07\/2027, 00:00 \(60 days before\)/);
    expect(text.stdout).toContain('after adoption, a touch every 30 days');
    expect(text.stdout).toMatch(/retention → renewal/);
    expect(text.stdout).toMatch(/signal: Renewal Approaching/);
  });
});
