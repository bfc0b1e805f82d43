// Drives the preview page in headless Chromium (Debian's chromium; .ci/run installs it), as a CS-ops
// person would use it: every template shows, a save shows up by itself, a broken save shows its error.
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSes, startLocalSes } from '../../functions/cli/preview-mail.js';
import { type PreviewServer, startPreview } from '../../functions/cli/preview-server.js';
import { lineOfText, type TempTemplates, tempTemplates } from '../build/temp-templates.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let t: TempTemplates;
let ses: LocalSes;
let preview: PreviewServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = tempTemplates();
  ses = await startLocalSes(0);
  preview = await startPreview({
    templates: t.dir,
    port: 0,
    sesEndpoint: ses.endpoint,
    from: 'preview <preview@example.com>',
    defaultTo: 'ops@example.com',
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  await page.goto(preview.url);
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await ses?.close();
  t?.dispose();
});

describe('preview page in Chromium', { timeout: 60_000 }, () => {
  it('shows every kind × locale at desktop and mobile width with its plain text', async () => {
    const cards = page.locator('article.card');
    expect(await cards.count()).toBe(20);
    for (const card of await cards.all()) {
      const template = (await card.getAttribute('data-template')) ?? '';
      const name = template.endsWith('/ja') ? '佐藤 美咲' : 'Olivia Bennett';
      expect(await card.getAttribute('data-state'), template).toBe('ok');
      for (const width of ['desktop', 'mobile']) {
        const frame = card.frameLocator(`iframe.${width}`);
        await frame.getByText(name).first().waitFor({ timeout: 10_000 });
        const unsubscribe = frame.locator('a[href*="unsubscribe?token="]:not([href$="#surveys"])');
        expect(await unsubscribe.count(), `${template} ${width}`).toBe(1);
        // A survey also links to the same page's survey choice, to stop surveys alone.
        const surveysOnly = frame.locator('a[href*="unsubscribe?token="][href$="#surveys"]');
        expect(await surveysOnly.count(), `${template} ${width}`).toBe(template.startsWith('survey/') ? 1 : 0);
      }
      expect(await card.locator('.text pre').innerText()).toContain('unsubscribe?token=');
    }
    const widths = await page.evaluate(
      `[...document.querySelectorAll('#feature-tip-en iframe')].map((f) => f.getBoundingClientRect().width)`,
    );
    expect(widths).toEqual([640, 375]);
  });

  it('shows an edit to a template without a manual reload, in about a second', async () => {
    // Marks this document: the page updates in place, so the mark must survive (nobody reloaded it).
    await page.evaluate('window.marked = true');
    const started = Date.now();
    t.replace('emails/feature-tip/en.mjml', 'See how it works', 'Try it in two minutes');
    await page
      .locator('#feature-tip-en')
      .frameLocator('iframe.desktop')
      .getByText('Try it in two minutes')
      .waitFor({ timeout: 15_000 });
    const elapsedMs = Date.now() - started;
    expect(await page.evaluate('window.marked')).toBe(true);
    expect(await page.locator('#feature-tip-en .text pre').innerText()).toContain('Try it in two minutes');
    console.log(`preview showed the edit ${elapsedMs} ms after the save`);
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it("shows a broken edit's file and line in place of the email, then the email again once fixed", async () => {
    t.replace(
      'emails/feature-tip/en.mjml',
      '<mj-button href="{{ featureLink }}">',
      '<mj-button href="{{ featureLink }}" font-size="huge">',
    );
    const line = lineOfText(t.read('emails/feature-tip/en.mjml'), 'font-size="huge"');
    const error = page.locator('#feature-tip-en .build-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.innerText()).toContain(`emails/feature-tip/en.mjml:${line}`);
    expect(await page.locator('header .status').innerText()).toMatch(/build failed/);
    expect(await page.locator('#feature-tip-ja iframe.desktop').count()).toBe(1);

    t.replace('emails/feature-tip/en.mjml', ' font-size="huge"', '');
    await page.locator('#feature-tip-en iframe.desktop').waitFor({ timeout: 15_000 });
    expect(await page.locator('header .status').innerText()).toBe('build ok');
  });

  it('sends a test to the local SES and says where to read it', async () => {
    const card = page.locator('#milestone-nudge-ja');
    await card.locator('input[name="to"]').fill('me@example.com');
    await card.getByRole('button', { name: 'Send test' }).click();
    const output = card.locator('output');
    await output.getByText('Read it at').waitFor({ timeout: 10_000 });
    expect(await output.locator('a').getAttribute('href')).toBe(`${ses.endpoint}/`);
    const store = (await (await fetch(new URL('/store', ses.endpoint))).json()) as {
      emails: { subject: string; destination: { to: string[] } }[];
    };
    expect(
      store.emails.some((m) => m.destination.to.includes('me@example.com') && m.subject.includes('はお済みでしょうか')),
    ).toBe(true);
  });
});
