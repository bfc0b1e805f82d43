// `teichaku simulate` end to end for the contract: `Contract Ended` stops every email to the account
// (the decision trail says why, and `teichaku explain` shows it), and `Contract Renewed` after it
// starts a new term with email again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountUpserted,
  contactUpserted,
  contractEnded,
  contractRenewed,
  onboardingCompleted,
  usage,
} from '../fixtures/builders.js';
import { byTime, type Line, PROGRAM, runScenario, type Scenario, teichaku } from '../fixtures/simulate-scenario.js';

const UNTIL = '2026-03-16T00:00:00.000Z';
const ENDED_AT = '2026-01-27T03:00:00.000Z';
const RENEWED_AT = '2026-02-16T03:00:00.000Z';

/** Weekday usage of the account's people, all through the run (usage goes on after the end too). */
function dailyUsage(accountId: string, contactIds: readonly string[]) {
  const out = [];
  for (let day = 0; day < 70; day++) {
    const at = new Date(Date.parse('2026-01-05T01:00:00Z') + day * 86_400_000);
    if (at.getUTCDay() === 0 || at.getUTCDay() === 6) continue;
    for (const id of contactIds) out.push(usage(accountId, id, 'login', at.toISOString()));
  }
  return out;
}

function anAccountsEvents(accountId: string) {
  return [
    accountUpserted(accountId, { name: `${accountId} KK`, renewalDate: '2027-01-05', arr: 1_200_000, currency: 'JPY' }),
    contactUpserted(accountId, `${accountId}-owner`, { role: 'owner' }),
    contactUpserted(accountId, `${accountId}-member`, { role: 'member' }),
    onboardingCompleted(accountId, '2026-01-07T00:00:00Z'),
    ...dailyUsage(accountId, [`${accountId}-owner`, `${accountId}-member`]),
  ];
}

let run: Scenario;
let touches: Line[] = [];
let decisions: Line[] = [];

beforeAll(async () => {
  const events = byTime([
    // acc-live: the contract runs on; acc-end: it ends on 2026-01-27 and stays ended; acc-back: it
    // ends on 2026-01-27 and is renewed on 2026-02-16 (a win-back).
    ...anAccountsEvents('acc-live'),
    ...anAccountsEvents('acc-end'),
    contractEnded('acc-end', ENDED_AT, 'price'),
    // A new owner after the end: no re-onboarding either.
    contactUpserted('acc-end', 'acc-end-new', { role: 'owner' }, { at: '2026-02-03T03:00:00Z' }),
    ...anAccountsEvents('acc-back'),
    contractEnded('acc-back', ENDED_AT, 'budget'),
    contractRenewed('acc-back', RENEWED_AT, '2027-02-16', { arr: 900_000, currency: 'JPY' }),
  ]);
  run = await runScenario(events, { until: UNTIL, name: 'contract' });
  expect(run.code, run.stderr).toBe(0);
  ({ touches, decisions } = run);
}, 120_000);

afterAll(() => run?.remove());

const sentAt = (t: Line) => String(t.sentAt);

describe('simulate: the contract', () => {
  it('keeps mailing an account whose contract runs on', () => {
    const live = touches.filter((t) => t.accountId === 'acc-live');
    expect(live.some((t) => sentAt(t) > ENDED_AT)).toBe(true);
  });

  it('mails an account before its contract ends and never after: Contract Ended stops every email', () => {
    const ended = touches.filter((t) => t.accountId === 'acc-end');
    expect(ended.some((t) => sentAt(t) < ENDED_AT)).toBe(true);
    expect(ended.filter((t) => sentAt(t) >= ENDED_AT)).toEqual([]);
  });

  it('says why in the decision trail, once, and nothing is planned for the account after that', () => {
    const after = decisions.filter((d) => d.accountId === 'acc-end' && String(d.at) >= ENDED_AT);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((d) => d.outcome === 'skipped' && d.reason === 'contract-ended')).toBe(true);
    expect(new Set(after.map((d) => d.at)).size).toBe(1);
  });

  it('starts a new term at Contract Renewed: no email between the end and the renewal, email again after', () => {
    const back = touches.filter((t) => t.accountId === 'acc-back');
    expect(back.some((t) => sentAt(t) < ENDED_AT)).toBe(true);
    expect(back.filter((t) => sentAt(t) >= ENDED_AT && sentAt(t) < RENEWED_AT)).toEqual([]);
    expect(back.some((t) => sentAt(t) >= RENEWED_AT)).toBe(true);
  });

  it('shows the reason in teichaku explain', async () => {
    const text = await teichaku('explain', '--from-run', run.out, '--program', PROGRAM, '--account', 'acc-end');
    expect(text.code).toBe(0);
    // In the account's language (ja).
    expect(text.stdout).toMatch(/契約終了: .*\(price\)/);
    expect(text.stdout).toContain('アカウントの契約が終了したため（再契約されるまでメールは一切送りません）');
  });
});
