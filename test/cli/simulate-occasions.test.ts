// `teichaku simulate` end to end for the occasions: a value review lands within its window before the
// renewal date, to the owners and admins only, with the account's own figures as the state held them;
// a celebration follows a milestone reached, within the cap of one a week per person.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../functions/core/email/format.js';
import { accountUpserted, contactUpserted, onboardingCompleted, usage } from '../fixtures/builders.js';
import { byTime, type Line, runScenario, type Scenario } from '../fixtures/simulate-scenario.js';

const UNTIL = '2026-05-01T00:00:00.000Z';
const RENEWAL = '2026-05-15';
/** 60 days before the renewal date, Asia/Tokyo: 2026-03-16 00:00 JST. */
const WINDOW_OPENS = '2026-03-15T15:00:00.000Z';
const WINDOW_CLOSES = '2026-05-14T15:00:00.000Z';
const DAY_MS = 86_400_000;

/** Weekday usage: everyone signs in; the owner keeps reports and the dashboard going; the admin invites in March. */
function usageEvents() {
  const out = [];
  for (let day = 0; day < 110; day++) {
    const at = new Date(Date.parse('2026-01-08T01:00:00Z') + day * DAY_MS);
    if (at.getUTCDay() === 0 || at.getUTCDay() === 6) continue;
    const iso = at.toISOString();
    for (const id of ['acc-r-owner', 'acc-r-admin', 'acc-r-member']) out.push(usage('acc-r', id, 'login', iso));
    out.push(usage('acc-r', 'acc-r-owner', 'dashboard.view', iso));
    out.push(usage('acc-r', 'acc-r-member', 'daily_report.create', iso));
    if (day === 20) out.push(usage('acc-r', 'acc-r-owner', 'report.create', iso));
    if (day === 60) out.push(usage('acc-r', 'acc-r-admin', 'member.invite', iso));
  }
  return out;
}

let run: Scenario;
let touches: Line[] = [];
let signals: Line[] = [];

beforeAll(async () => {
  const events = byTime([
    accountUpserted('acc-r', { name: 'Renewing KK', contractStart: '2025-05-15', renewalDate: RENEWAL }),
    contactUpserted('acc-r', 'acc-r-owner', { role: 'owner' }),
    contactUpserted('acc-r', 'acc-r-admin', { role: 'admin' }),
    contactUpserted('acc-r', 'acc-r-member', { role: 'member' }),
    onboardingCompleted('acc-r', '2026-01-07T00:00:00Z'),
    ...usageEvents(),
  ]);
  run = await runScenario(events, { until: UNTIL, name: 'occasions' });
  expect(run.code, run.stderr).toBe(0);
  ({ touches, signals } = run);
}, 120_000);

afterAll(() => run?.remove());

describe('simulate: occasions', () => {
  it('lands the value review within its window, once, to the owner and the admin only', () => {
    const reviews = touches.filter((t) => t.kind === 'value-review');
    expect(reviews.map((t) => t.contactId).sort()).toEqual(['acc-r-admin', 'acc-r-owner']);
    for (const t of reviews) {
      expect(String(t.sentAt) >= WINDOW_OPENS && String(t.sentAt) < WINDOW_CLOSES).toBe(true);
    }
  });

  it('shows the account’s real figures for the term, as the state held them when it was planned', () => {
    // The mailbox keeps each email's plain-text part after its summary line.
    const mailbox = readFileSync(join(run.out, 'mailbox.html'), 'utf8');
    const entry = mailbox.indexOf('value-review · ja');
    expect(entry).toBeGreaterThan(0);
    const pre = mailbox.indexOf('<pre>', entry);
    const text = mailbox.slice(pre, mailbox.indexOf('</pre>', pre));
    expect(text).toContain('2026年5月15日に更新');
    // The term started with the contract: nobody had used a feature then; all three have since,
    // and all three were active in the last 30 days.
    expect(text).toMatch(/期間のはじめ（2025年5月15日）\s+0名/);
    expect(text).toMatch(/現在（2026年3月16日）\s+3名/);
    expect(text).toContain('増減：+3名。直近30日間にご利用の方：3名。');
    // Dashboard, daily report, basic report and the invitation: the four basic features; no advanced one.
    expect(text).toMatch(/基本機能（期間のはじめ：0 \/ 4）\s+4 \/ 4/);
    expect(text).toMatch(/応用機能（期間のはじめ：0 \/ 4）\s+0 \/ 4/);
    // Every milestone the engine signalled before the review, on the day it was reached.
    const reached = signals.filter((s) => s.type === 'Milestone Reached' && String(s.at) < WINDOW_OPENS);
    expect(reached.length).toBeGreaterThanOrEqual(4);
    for (const s of reached) expect(text).toContain(`（${formatDate(String(s.reachedAt), 'Asia/Tokyo', 'ja')}）`);
  });

  it('follows a milestone reached with a celebration to the key contacts, at most one a week each', () => {
    const celebrations = touches.filter((t) => t.kind === 'celebration');
    expect(celebrations.length).toBeGreaterThan(0);
    expect(celebrations.some((t) => t.contactId === 'acc-r-member')).toBe(false);
    const reachedAt = new Map(
      signals.filter((s) => s.type === 'Milestone Reached').map((s) => [String(s.milestoneId), String(s.at)]),
    );
    // Each celebration follows a milestone reached within the week before it.
    for (const t of celebrations) {
      const sent = Date.parse(String(t.sentAt));
      const follows = [...reachedAt.values()].some(
        (at) => sent >= Date.parse(at) && sent - Date.parse(at) < 7 * DAY_MS,
      );
      expect(follows).toBe(true);
    }
    for (const id of ['acc-r-owner', 'acc-r-admin']) {
      const times = celebrations
        .filter((t) => t.contactId === id)
        .map((t) => Date.parse(String(t.sentAt)))
        .sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(7 * DAY_MS);
    }
  });
});
