// Opens report.html in headless Chromium: the page must draw every chart offline, in both languages.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountState } from '../../functions/core/state.js';
import { addDays } from '../../functions/core/time.js';
import { buildReportData } from '../../functions/report/report-data.js';
import { takeSnapshot } from '../../functions/report/usage-snapshot.js';
import { writeReport } from '../../functions/report/write-report.js';
import { anAccount, contractRenewed, defaultProgram, shippedPrograms } from '../fixtures/builders.js';

// The callbacks given to page.evaluate run in the browser; the project compiles without the DOM
// library, so the little of it they touch is declared here.
interface PageCanvas {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly offsetParent: unknown;
  getContext(
    type: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { readonly data: Uint8ClampedArray } } | null;
}
declare const document: {
  querySelectorAll(selector: 'canvas'): Iterable<PageCanvas> & { readonly length: number };
  readonly documentElement: { readonly lang: string };
};
declare const window: { readonly teichakuReport?: unknown };

const CHROMIUM = '/usr/bin/chromium';
const program = defaultProgram();
const FROM = '2026-01-05T00:00:00.000Z';
const UNTIL = '2026-03-02T00:00:00.000Z';

function account(n: number): AccountState {
  const id = `acc-${n}`;
  const b = anAccount(id)
    .withProfile({
      name: n % 2 === 0 ? `株式会社テスト${n}` : `Test ${n} Inc.`,
      locale: n % 2 === 0 ? 'ja' : 'en',
      touchModel: n % 5 === 0 ? 'high' : 'tech',
      // Every third account's renewal comes up in February: every sixth renews, the others lapse.
      renewalDate: n % 3 === 0 ? '2026-02-02' : '2026-12-01',
      arr: 1_000_000,
      currency: 'JPY',
    })
    .withContact(`${id}-c1`, { role: 'owner' })
    .onboardedOn(addDays(FROM, n % 7).slice(0, 10));
  for (let d = 1; d < 40; d += 1 + (n % 3)) b.withUsage(`${id}-c1`, 'login', addDays(FROM, d + (n % 5)));
  if (n % 2 === 0) b.withUsage(`${id}-c1`, 'dashboard.view', addDays(FROM, 3), addDays(FROM, 4));
  if (n % 3 === 0) b.withUsage(`${id}-c1`, 'report.schedule_monthly', addDays(FROM, 10 + n));
  if (n % 4 === 0) b.withUsage(`${id}-c1`, 'dashboard.customize', addDays(FROM, 20));
  if (n % 6 === 0) b.withEvents(contractRenewed(id, '2026-02-02', '2027-02-02'));
  // A quarter of the tech-touch accounts held back, so the effect section has both groups to compare.
  const group = n % 5 === 0 ? 'excluded' : n % 4 === 0 ? 'control' : 'treatment';
  b.patched((s) =>
    s.onboardingCompletedAt === null
      ? s
      : { ...s, enrollment: { at: s.onboardingCompletedAt, programHash: 'h', group, holdoutPercent: 25 } },
  );
  return b.state(program);
}

let browser: Browser | undefined;
let page: Page;
let dir: string;

beforeAll(async () => {
  const accounts = Array.from({ length: 12 }, (_, i) => account(i + 1));
  const snapshots = [7, 14, 21, 28, 35, 42, 49, 56].map((d) => takeSnapshot(accounts, program, addDays(FROM, d)));
  const touches = accounts.flatMap((a, i) => [
    {
      sentAt: addDays(FROM, 7 + (i % 5)),
      accountId: a.accountId,
      contactId: `${a.accountId}-c1`,
      kind: 'feature-tip' as const,
    },
    {
      sentAt: addDays(FROM, 14 + (i % 9)),
      accountId: a.accountId,
      contactId: `${a.accountId}-c1`,
      kind: i % 2 === 0 ? ('milestone-nudge' as const) : ('re-onboarding' as const),
    },
  ]);
  dir = mkdtempSync(join(tmpdir(), 'teichaku-report-'));
  await writeReport(dir, buildReportData({ program, from: FROM, until: UNTIL, accounts, touches, snapshots }));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
});

afterAll(async () => {
  await browser?.close();
});

describe('the milestone table with several programs', () => {
  it('groups the milestones under their program, so a shared title says whose it is', async () => {
    const programs = shippedPrograms();
    const accounts = Array.from({ length: 6 }, (_, i) => account(i + 1));
    const several = mkdtempSync(join(tmpdir(), 'teichaku-report-'));
    await writeReport(
      several,
      buildReportData({ program: programs, from: FROM, until: UNTIL, accounts, touches: [], snapshots: [] }),
    );
    const other = await (browser as Browser).newPage({ viewport: { width: 1280, height: 1800 } });
    await other.route(/^(?!file:)/, (route) => route.abort());
    await other.goto(pathToFileURL(join(several, 'report.html')).href);
    const headings = await other.$$eval('#milestone-table tbody tr.program-row th', (ths) =>
      ths.map((th) => th.textContent),
    );
    expect(headings).toEqual(programs.map((p) => `Program ${p.id}`));
    const firstRows = await other.$$eval('#milestone-table tbody', (bodies) =>
      bodies.map((b) => b.querySelectorAll('tr:not(.program-row)').length),
    );
    expect(firstRows).toEqual(programs.map((p) => p.milestones.length));
    await other.close();
  });
});

/** Canvas ids whose pixels are all blank (nothing drawn). */
async function blankCanvases(): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('canvas')]
      .filter((c) => c.offsetParent !== null)
      .filter((c) => {
        const ctx = c.getContext('2d');
        if (ctx === null || c.width === 0 || c.height === 0) return true;
        const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) !== 0) return false;
        return true;
      })
      .map((c) => c.id),
  );
}

describe('report.html in a browser', () => {
  it('draws every chart without any network access', async () => {
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${pathToFileURL(join(dir, 'report.html')).href}#en`);
    await page.waitForFunction(() => window.teichakuReport !== undefined);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    // Seven KPI charts, and the time-to-value curves of the one program's effect section.
    expect(await page.evaluate(() => document.querySelectorAll('canvas').length)).toBe(8);
    expect(await blankCanvases()).toEqual([]);
    await page.screenshot({ path: join(dir, 'report-en.png'), fullPage: true });
    expect(existsSync(join(dir, 'report-en.png'))).toBe(true);
  });

  it('switches every label to Japanese and redraws the charts', async () => {
    await page.click('button[data-lang="ja"]');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await page.textContent('h1')).toBe('定着 KPI レポート');
    expect(await page.textContent('[data-tile="touches"] .name')).toBe('送信メール数');
    expect(await blankCanvases()).toEqual([]);
    await page.screenshot({ path: join(dir, 'report-ja.png'), fullPage: true });
  });

  it('shows the effect section with its intervals, and says when there are too few accounts to tell', async () => {
    await page.click('button[data-lang="en"]');
    expect(await page.textContent('#effects h2')).toMatch(/Do the emails work/);
    expect(await page.textContent('#effects')).toContain('too few accounts to tell (could not detect 20.0 pts)');
    expect(await page.$$eval('#effects .effects-table td.verdict', (tds) => tds.length)).toBeGreaterThan(4);
    expect(await page.$$eval('#effects .effects-table tbody tr', (trs) => trs.length)).toBeGreaterThan(4);
    expect(await page.textContent('#feature-success .banner')).toMatch(/^Association, not cause/);
  });

  it('shows the primary outcome first with its verdict, and how many secondary figures were compared', async () => {
    expect(await page.textContent('#effects .primary-verdict')).toMatch(
      /^Primary outcome: Mean days to value \(first (\d+|—) days\)\. Verdict: (helps|hurts|no effect found yet|too few accounts to tell)/,
    );
    expect(await page.textContent('#effects .effects-table tbody tr:first-child td:first-child')).toMatch(
      /^Mean days to value/,
    );
    expect(await page.$$eval('#effects .effects-table tbody tr.primary', (trs) => trs.length)).toBe(1);
    expect(await page.textContent('#effects')).toMatch(
      /The other \d+ figures with a p-value are secondary: their p-values are Holm-adjusted/,
    );
    await page.click('button[data-lang="ja"]');
    expect(await page.textContent('#effects .primary-verdict')).toMatch(/^主要評価項目：/);
    await page.click('button[data-lang="en"]');
  });

  it('shows the renewal figures in both languages', async () => {
    // Accounts 3, 6, 9 and 12 came up; 6 and 12 renewed.
    expect(await page.textContent('#renewal h2')).toBe('Renewal');
    expect(await page.textContent('#renewal table:first-of-type tbody tr')).toContain('50 %');
    expect(await page.textContent('#renewal')).toContain('Gross revenue retention');
    expect(await page.textContent('#renewal')).toContain('JPY');
    expect(await page.textContent('#effects')).toContain('Renewed, of contracts due after enrolment');
    await page.click('button[data-lang="ja"]');
    expect(await page.textContent('#renewal h2')).toBe('契約更新');
    await page.click('button[data-lang="en"]');
  });

  it('shows the customer’s voice card in both languages, and the NPS figure on the effect page', async () => {
    expect(await page.textContent('#voice h2')).toBe('The customer\u2019s voice');
    expect(await page.textContent('#voice')).toContain('Support tickets per account per week');
    expect(await page.$$eval('#voice-tickets tbody tr', (trs) => trs.length)).toBe(12);
    expect(await page.textContent('#effects')).toContain('NPS of the people who answered after enrolment');
    await page.click('button[data-lang="ja"]');
    expect(await page.textContent('#voice h2')).toBe('顧客の声');
    expect(await page.textContent('#effects')).toContain('NPS（開始後に回答した人）');
    await page.click('button[data-lang="en"]');
  });

  it('lists the accounts from the least healthy, with company names as text', async () => {
    const rows = await page.$$eval('#accounts-table tbody tr', (trs) =>
      trs.map((tr) => Number(tr.children[5]?.textContent)),
    );
    expect(rows).toHaveLength(12);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });
});
