import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalSes, loopbackEndpoint, startLocalSes } from '../../functions/cli/preview-mail.js';
import { type PreviewServer, startPreview } from '../../functions/cli/preview-server.js';
import { lineOfText, type TempTemplates, tempTemplates } from '../build/temp-templates.js';

let ses: LocalSes;
let t: TempTemplates;
let preview: PreviewServer | undefined;

beforeAll(async () => {
  ses = await startLocalSes(0);
});
afterAll(async () => {
  await ses.close();
});
beforeEach(async () => {
  t = tempTemplates();
});
afterEach(async () => {
  await preview?.close();
  preview = undefined;
  t.dispose();
});

const start = async () => {
  const started = await startPreview({
    templates: t.dir,
    port: 0,
    sesEndpoint: ses.endpoint,
    from: 'preview <preview@example.com>',
    defaultTo: 'ops@example.com',
  });
  preview = started;
  return started;
};

async function storedEmails(): Promise<
  { subject: string; destination: { to: string[] }; headers?: unknown; body: { html: string; text: string } }[]
> {
  const response = await fetch(new URL('/store', ses.endpoint));
  return ((await response.json()) as { emails: never[] }).emails;
}

describe('preview server', () => {
  it('listens on 127.0.0.1 and lists every kind × locale, each rendered', async () => {
    const { url } = await start();
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const page = await (await fetch(url)).text();
    const cards = [
      ...page.matchAll(/<article class="card" id="([a-z-]+)" data-template="([^"]+)" data-state="(\w+)"/g),
    ];
    expect(cards.map((c) => c[2]).sort()).toHaveLength(20);
    expect(cards.every((c) => c[3] === 'ok')).toBe(true);
    // The new kinds' previews carry their sample figures: the value review's bar table has no image.
    const review = await (await fetch(new URL('/email/value-review/en.html', url))).text();
    expect(review).toContain('bgcolor="#2453c6"');
    expect(review).not.toMatch(/<img\b/i);
    const celebration = await (await fetch(new URL('/email/celebration/ja.html', url))).text();
    expect(celebration).toContain('次の目標');
    const email = await (await fetch(new URL('/email/feature-tip/ja.html', url))).text();
    expect(email).toContain('佐藤 美咲');
    expect(email).toContain('配信停止');
  });

  it('shows any catalog entry as the picked person would get it: account, CS owner and role', async () => {
    const { url } = await start();
    const get = (query: string) => fetch(new URL(`/pick.html?${query}`, url));
    const webinars = (await (
      await fetch(new URL('/entries.json?kind=webinar-invite&locale=en', url))
    ).json()) as string[];
    expect(webinars.length).toBeGreaterThan(1);
    const last = webinars[webinars.length - 1] as string;
    const webinar = await (await get(`kind=webinar-invite&locale=en&entry=${last}`)).text();
    expect(last).toBe('we-2027-06-api');
    expect(webinar).toContain('Put your DayLog data to work with the API');
    const stories = (await (
      await fetch(new URL('/entries.json?kind=success-story&locale=ja', url))
    ).json()) as string[];
    for (const story of stories) expect((await get(`kind=success-story&locale=ja&entry=${story}`)).status).toBe(200);
    const withOwner = await (await get('kind=feature-tip&locale=ja&entry=api-export&owner=1&role=member')).text();
    expect(withOwner).toContain('山本 遥');
    const team = await (await get('kind=feature-tip&locale=ja&entry=api-export')).text();
    expect(team).not.toContain('山本 遥');
    const onboarding = await (await get('kind=re-onboarding&locale=en&role=member')).text();
    expect(onboarding).toContain('a team member');
    expect((await get('kind=feature-tip&locale=ja&entry=no-such-feature')).status).toBe(404);
    // The page's form: every kind and language, the roles, and "the sample's" sent as empty fields.
    const page = await (await fetch(url)).text();
    expect(page).toContain('<form id="pick" action="/pick.html" method="get" target="picked">');
    for (const kind of ['feature-tip', 'webinar-invite', 'success-story', 'milestone-nudge'])
      expect(page).toContain(`<option value="${kind}">`);
    expect(page).toContain('<option value="member">');
    expect((await get('kind=success-story&locale=en&entry=&role=')).status).toBe(200);
    expect((await get('kind=feature-tip&locale=fr')).status).toBe(400);
  });

  it('refuses requests that name another host (DNS rebinding)', async () => {
    const { url } = await start();
    const { port } = new URL(url);
    const { request } = await import('node:http');
    const status = await new Promise<number>((done, fail) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: 'attacker.example.com' } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      })
        .on('error', fail)
        .end();
    });
    expect(status).toBe(403);
  });

  it("shows a broken template's file:line in its own card and keeps rendering the others", async () => {
    t.replace(
      'emails/success-story/en.mjml',
      'Read the full story</mj-button>',
      'Read the full story</mj-button>\n        <mj-bogus>x</mj-bogus>',
    );
    const line = lineOfText(t.read('emails/success-story/en.mjml'), 'mj-bogus');
    const { url } = await start();
    const page = await (await fetch(url)).text();
    const broken =
      /<article class="card" id="success-story-en"[^>]*data-state="error"[^>]*>[\s\S]*?<\/article>/.exec(page)?.[0] ??
      '';
    expect(broken).toContain(`emails/success-story/en.mjml:${line}`);
    expect(page).toMatch(/id="success-story-ja"[^>]*data-state="ok"/);
    expect(page).toContain('build failed: 1 problem');
  });

  it('sends a test to the local SES with the one-click unsubscribe headers and says where to read it', async () => {
    const { url } = await start();
    await fetch(new URL('/clear-store', ses.endpoint), { method: 'POST' });
    const response = await fetch(new URL('/send', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'webinar-invite/en', to: 'ops@example.com' }),
    });
    const body = (await response.json()) as { readAt: string; messageId: string };
    expect(response.status).toBe(200);
    expect(body.readAt).toBe(`${ses.endpoint}/`);
    const [mail] = await storedEmails();
    expect(mail?.destination.to).toEqual(['ops@example.com']);
    expect(mail?.subject).toMatch(/^You're invited: /);
    expect(JSON.stringify(mail?.headers)).toContain('List-Unsubscribe-Post');
    expect(mail?.body.text).toContain('unsubscribe?token=');
  });

  it('refuses to send to something that is not an email address', async () => {
    const { url } = await start();
    const response = await fetch(new URL('/send', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'webinar-invite/en', to: 'not an address\r\nBcc: x@example.com' }),
    });
    expect(response.status).toBe(400);
  });

  it('accepts only SES endpoints on this machine', () => {
    expect(loopbackEndpoint('http://127.0.0.1:8005').origin).toBe('http://127.0.0.1:8005');
    expect(() => loopbackEndpoint('https://email.us-east-1.amazonaws.com')).toThrow(/on this machine/);
    expect(() => loopbackEndpoint('http://10.0.0.5:8005')).toThrow(/on this machine/);
  });
});
