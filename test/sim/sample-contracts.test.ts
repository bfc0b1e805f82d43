// The sample world's contracts: every account has a renewal date and a yearly value, some terms come
// up inside the run, and renewal follows adoption (a closed loop through the engine's core).
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContent } from '../../functions/build/build-content.js';
import { contractOf } from '../../functions/core/contract.js';
import type { Content } from '../../functions/core/email/content.js';
import { localDayStart } from '../../functions/core/milestones.js';
import { valueMilestoneOf } from '../../functions/core/program.js';
import { accountProgram } from '../../functions/core/programs.js';
import { daysBetween, localDate } from '../../functions/core/time.js';
import { renewalFigures } from '../../functions/report/renewal-figures.js';
import { reportAccountsOf } from '../../functions/report/report-account.js';
import { runClosedLoop } from '../../functions/sim/closed-loop.js';
import { loadSampleWorld, type SampleWorld } from '../../functions/sim/sample-config.js';
import { generateSample, sampleWindow } from '../../functions/sim/sample-world.js';

const ROOT = resolve(import.meta.dirname, '../..');
let content: Content;
let world: SampleWorld;

beforeAll(async () => {
  content = await buildContent(join(ROOT, 'templates'));
  const base = await loadSampleWorld(join(ROOT, 'templates/sample/world.yaml'));
  world = { ...base, accounts: 40, months: 4 };
}, 60_000);

describe('the sample accounts’ contracts', () => {
  it('give every account a renewal date 1 to 12 months after its start and a value in its currency', () => {
    const { accounts } = generateSample({ ...world, months: 1 }, content.programs);
    for (const a of accounts) {
      const { contractStart, renewalDate, arr, currency, locale } = a.profile;
      const days = daysBetween(contractStart, renewalDate as string);
      expect(days).toBeGreaterThanOrEqual(28);
      expect(days).toBeLessThanOrEqual(366);
      expect(currency).toBe(locale === 'ja' ? 'JPY' : 'USD');
      expect(arr).toBeGreaterThan(0);
    }
    // Both kinds of term are drawn: a year from the start, and an earlier term running out sooner.
    const yearly = accounts.filter((a) => daysBetween(a.profile.contractStart, a.profile.renewalDate as string) >= 365);
    expect(yearly.length).toBeGreaterThan(0);
    expect(yearly.length).toBeLessThan(accounts.length);
  });

  it('renew and end contracts inside a short run, with a reason for each end', () => {
    const { events } = generateSample(world, content.programs);
    const renewed = events.filter((e) => e['detail-type'] === 'Contract Renewed');
    const ended = events.filter((e) => e['detail-type'] === 'Contract Ended');
    expect(renewed.length).toBeGreaterThan(0);
    expect(ended.length).toBeGreaterThan(0);
    for (const e of ended) expect(['price', 'product-fit', 'budget', 'competitor']).toContain(e.detail.reason);
    // An ended account's people stop using the product.
    for (const e of ended) {
      const later = events.filter((u) => u.detail.accountId === e.detail.accountId && u.time > e.time);
      expect(later).toEqual([]);
    }
  });

  it('renew when the value was reached by the renewal date, and not otherwise, when the chances say so', () => {
    const strict = { ...world, contracts: { ...world.contracts, renewal: { valueReached: 1, valueNotReached: 0 } } };
    const states = runClosedLoop(strict, content.programs, content.catalogs).map((a) => a.state);
    let renewed = 0;
    let ended = 0;
    for (const state of states) {
      const contract = contractOf(state);
      const came = contract?.ended?.at ?? state.contract?.renewed?.at;
      if (came === undefined) continue;
      const valueAt = state.milestones[valueMilestoneOf(accountProgram(state, content.programs))];
      // The engine dates a milestone to the start of its local day; the account decides on what it
      // did before the renewal day.
      const timeZone = state.profile?.timeZone as string;
      const reached = valueAt !== undefined && valueAt < localDayStart(localDate(came, timeZone), timeZone);
      expect({ id: state.accountId, reached }).toEqual({ id: state.accountId, reached: contract?.ended === null });
      if (contract?.ended === null) renewed += 1;
      else ended += 1;
    }
    expect(renewed).toBeGreaterThan(0);
    expect(ended).toBeGreaterThan(0);
  });

  it('show in the report’s renewal figures', () => {
    const states = runClosedLoop(world, content.programs, content.catalogs).map((a) => a.state);
    const { from, until } = sampleWindow(world);
    const figures = renewalFigures(reportAccountsOf(states, content.programs, until), content.programs, from, until);
    expect(figures.due).toBeGreaterThan(0);
    expect(figures.renewed + figures.ended + figures.lapsed).toBe(figures.due);
    expect(figures.lapsed).toBe(0);
    expect(figures.grossRevenueRetention.map((g) => g.currency).sort()).toEqual(['JPY', 'USD']);
  });
});
