// The report's work-queue card: the ranked accounts that need a person at the report's end, with the
// reason, status, figures and play, in both languages; built from the same rows as the rest.
import { describe, expect, it } from 'vitest';
import type { AccountState } from '../../functions/core/state.js';
import { queueSection } from '../../functions/report/queue-section.js';
import { buildReportData } from '../../functions/report/report-data.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const FROM = '2026-01-05T00:00:00.000Z';
const UNTIL = '2026-03-02T00:00:00.000Z';

function raisedAtRisk(id: string, score: number, name: string): AccountState {
  return anAccount(id)
    .withProfile({ name, arr: 3_000_000, currency: 'JPY' })
    .withContact(`${id}-c1`, { role: 'owner' })
    .onboardedOn('2026-01-19')
    .patched((s) => ({
      ...s,
      health: { at: UNTIL, score, atRisk: true, usageDrop: false, dauMau: 0, activeDays30: 0, previousActiveDays30: 0 },
      signalCases: { 'Account At Risk': { raisedAt: '2026-02-20T00:00:00.000Z', raised: 1 } },
    }))
    .state(program);
}

describe('the report’s work queue', () => {
  const accounts = [
    raisedAtRisk('acc-a', 30, 'Alpha <Ltd>'),
    raisedAtRisk('acc-b', 10, 'Beta'),
    anAccount('acc-calm').withProfile().onboardedOn('2026-01-19').state(program),
  ];
  const data = buildReportData({ program, from: FROM, until: UNTIL, accounts, touches: [], snapshots: [] });

  it('ranks the accounts that need a person, and only those', () => {
    expect(data.queue.total).toBe(2);
    expect(data.queue.items.map((i) => [i.accountId, i.reason])).toEqual([
      ['acc-b', { kind: 'signal', signalType: 'Account At Risk' }],
      ['acc-a', { kind: 'signal', signalType: 'Account At Risk' }],
    ]);
    expect(data.queue.items[0]?.score).toBeGreaterThan(data.queue.items[1]?.score ?? 100);
  });

  it('draws each item with its reason, status, figures and play, escaped, in both languages', () => {
    const html = queueSection(data.queue, UNTIL);
    expect(html).toContain('対応キュー / Work queue');
    expect(html).toContain('Alpha &#60;Ltd&#62; (acc-a)');
    expect(html).toContain('<td>Account At Risk</td><td>未対応 / open</td><td>2026-02-20 (10)</td>');
    expect(html).toContain('3,000,000 JPY');
    expect(html).toContain('csm · 電話 / phone · 2 日以内 / within 2 days');
    expect(html.indexOf('acc-b')).toBeLessThan(html.indexOf('acc-a'));
  });

  it('says when nobody needs a person', () => {
    expect(queueSection({ total: 0, items: [] }, UNTIL)).toContain('No account needs a person now.');
  });
});
