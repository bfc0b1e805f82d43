import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildContent, buildReport } from '../../functions/build/build-content.js';
import { type TempTemplates, tempTemplates } from './temp-templates.js';

let t: TempTemplates;
beforeEach(() => {
  t = tempTemplates();
});
afterEach(() => t.dispose());

describe('the build and replies', () => {
  it("keeps each locale's default Reply-To in the artifact", async () => {
    const content = await buildContent(t.dir);
    expect(content.sender.ja.replyTo).toBe('success@example.com');
    expect(content.sender.en.replyTo).toBe('success@example.com');
  });

  it('fails naming each template that asks for a reply when its locale has no replyTo', async () => {
    t.replace('sender.yaml', /\n {2}replyTo: success@example\.com {2}#[^\n]*/, '');
    const report = await buildReport(t.dir);
    expect(report.content).toBeNull();
    const named = report.problems.filter((p) => /sender\.yaml has no replyTo for ja/.test(p.message));
    expect(named.map((p) => p.file.slice(t.dir.length + 1)).sort()).toEqual(
      [
        'feature-tip',
        'milestone-nudge',
        'monthly-summary',
        're-engagement',
        're-onboarding',
        'success-story',
        'value-review',
      ].map((k) => `emails/${k}/ja.mjml`),
    );
    const tip = named.find((p) => p.file.endsWith('feature-tip/ja.mjml'));
    expect(tip?.message).toMatch(/^feature-tip\/ja asks the reader to reply/);
    expect(tip?.line).toBeGreaterThan(1);
    expect(report.problems.some((p) => /no replyTo for en/.test(p.message))).toBe(false);
  });

  it('builds without a replyTo when no template of the locale asks for a reply', async () => {
    t.replace('sender.yaml', /\n {2}replyTo: success@example\.com\n/, '\n');
    const asking = ['feature-tip', 'milestone-nudge', 'monthly-summary', 're-engagement', 're-onboarding'];
    for (const kind of [...asking, 'success-story', 'value-review']) {
      t.replace(`emails/${kind}/en.mjml`, /reply to this email/gi, 'write to us');
    }
    const content = await buildContent(t.dir);
    expect(content.sender.en.replyTo).toBeUndefined();
  });
});
