import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildContent, buildReport } from '../../functions/build/build-content.js';
import { type BuildProblem, ContentBuildError } from '../../functions/build/problems.js';
import { Content } from '../../functions/core/email/content.js';
import { lineOfText, SHIPPED_TEMPLATES, type TempTemplates, tempTemplates } from './temp-templates.js';

let t: TempTemplates;
beforeEach(() => {
  t = tempTemplates();
});
afterEach(() => t.dispose());

async function problems(): Promise<BuildProblem[]> {
  const report = await buildReport(t.dir);
  expect(report.content).toBeNull();
  return [...report.problems];
}

/** The problem about `relative` at `line`, or a failure listing what was found. */
function findAt(
  found: readonly BuildProblem[],
  relative: string,
  line: number | undefined,
  pattern: RegExp,
): BuildProblem {
  const match = found.find((p) => p.file === t.path(relative) && p.line === line && pattern.test(p.message));
  if (match === undefined) {
    throw new Error(
      `no problem at ${relative}:${line} matching ${pattern}; found:\n${found.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`,
    );
  }
  return match;
}

describe('buildContent on the shipped templates', () => {
  it('compiles every kind × locale into an artifact that parses as Content', async () => {
    const content = await buildContent(SHIPPED_TEMPLATES);
    expect(Object.keys(content.templates).sort()).toEqual(
      [
        'celebration',
        'feature-tip',
        'milestone-nudge',
        'monthly-summary',
        're-engagement',
        're-onboarding',
        'success-story',
        'survey',
        'value-review',
        'webinar-invite',
      ].flatMap((k) => [`${k}/en`, `${k}/ja`]),
    );
    expect(Content.safeParse(JSON.parse(JSON.stringify(content))).success).toBe(true);
    expect(content.catalogs.features.map((f) => f.feature).sort()).toEqual(
      content.program.features.map((f) => f.id).sort(),
    );
  });

  it('gives the same hash for the same sources and a new one when a sentence changes', async () => {
    const first = await buildContent(t.dir);
    const again = await buildContent(t.dir);
    expect(again.hash).toBe(first.hash);
    t.replace('emails/feature-tip/en.mjml', 'See how it works', 'Show me how it works');
    const changed = await buildContent(t.dir);
    expect(changed.hash).not.toBe(first.hash);
    expect(changed.templates['feature-tip/en']?.html.literals.join('')).toContain('Show me how it works');
  });
});

describe('buildReport with a cache (the preview rebuilding on save)', () => {
  it('compiles again only the templates whose files changed', async () => {
    const cache = new Map();
    const first = await buildReport(t.dir, new Date(), cache);
    t.replace('emails/feature-tip/en.mjml', 'See how it works', 'Show me how');
    const second = await buildReport(t.dir, new Date(), cache);
    expect(second.templates['feature-tip/ja']).toBe(first.templates['feature-tip/ja']);
    expect(second.templates['feature-tip/en']).not.toBe(first.templates['feature-tip/en']);
    expect(second.content?.templates['feature-tip/en']?.html.literals.join('')).toContain('Show me how');
  });

  it('compiles every template including a shared partial again when the partial changes', async () => {
    const cache = new Map();
    const first = await buildReport(t.dir, new Date(), cache);
    t.replace('layout/footer-en.mjml', 'at any time: the link opens', 'whenever you like: the link opens');
    const second = await buildReport(t.dir, new Date(), cache);
    expect(second.templates['webinar-invite/ja']).toBe(first.templates['webinar-invite/ja']);
    for (const kind of ['re-onboarding', 'feature-tip', 'success-story']) {
      expect(second.content?.templates[`${kind}/en`]?.text.literals.join('')).toContain(
        'whenever you like: the link opens',
      );
    }
  });
});

describe('buildContent fails naming file and line', () => {
  it('when MJML strict validation rejects an attribute', async () => {
    t.replace(
      'emails/feature-tip/en.mjml',
      '<mj-button href="{{ featureLink }}">',
      '<mj-button href="{{ featureLink }}" color="not-a-colour">',
    );
    const line = lineOfText(t.read('emails/feature-tip/en.mjml'), 'not-a-colour');
    findAt(await problems(), 'emails/feature-tip/en.mjml', line, /MJML \(mj-button\).*color/);
  });

  it('when a shared partial uses an element MJML does not know, pointing into the partial', async () => {
    t.replace('layout/footer-en.mjml', '<mj-divider />', '<mj-divider />\n    <mj-paragraph>x</mj-paragraph>');
    const line = lineOfText(t.read('layout/footer-en.mjml'), 'mj-paragraph');
    findAt(await problems(), 'layout/footer-en.mjml', line, /mj-paragraph/);
  });

  it('when a template uses a variable its kind does not provide', async () => {
    t.replace('emails/feature-tip/ja.mjml', '{{ featureTip }}', '{{ featureTip }} {{ webinarTitle }}');
    const line = lineOfText(t.read('emails/feature-tip/ja.mjml'), 'webinarTitle');
    findAt(
      await problems(),
      'emails/feature-tip/ja.mjml',
      line,
      /\{\{ webinarTitle \}\} is not a variable of feature-tip/,
    );
  });

  it('when a variable marker is malformed', async () => {
    t.replace('emails/success-story/en.mjml', 'Hi {{ contactName }},', 'Hi {{ contact name }},');
    const line = lineOfText(t.read('emails/success-story/en.mjml'), 'contact name');
    findAt(await problems(), 'emails/success-story/en.mjml', line, /not part of a variable/);
  });

  it('when a kind lacks a locale', async () => {
    t.remove('emails/success-story/en.mjml');
    findAt(
      await problems(),
      'emails/success-story/en.mjml',
      undefined,
      /missing: every kind needs a template per locale/,
    );
  });

  it('when a file under emails/ is not a kind × locale template', async () => {
    t.write('emails/feature-tip/fr.mjml', t.read('emails/feature-tip/en.mjml'));
    findAt(await problems(), 'emails/feature-tip/fr.mjml', undefined, /not a template/);
  });

  it('when a tag is closed by the wrong end tag (which MJML would silently repair)', async () => {
    t.replace('emails/webinar-invite/en.mjml', '</mj-column>', '</mj-colum>');
    const line = lineOfText(t.read('emails/webinar-invite/en.mjml'), '</mj-colum>');
    findAt(await problems(), 'emails/webinar-invite/en.mjml', line, /<\/mj-colum> does not close/);
  });

  it('when an include points at a file that does not exist', async () => {
    t.replace('emails/milestone-nudge/ja.mjml', 'layout/footer-ja.mjml', 'layout/footer-jp.mjml');
    const line = lineOfText(t.read('emails/milestone-nudge/ja.mjml'), 'footer-jp');
    findAt(await problems(), 'emails/milestone-nudge/ja.mjml', line, /no such file/);
  });

  it('when a promotional Japanese template drops the shared footer, naming each missing item', async () => {
    // The sign-off still names the sender; the other four items lived only in the footer.
    t.replace('emails/webinar-invite/ja.mjml', /\s*<mj-include path="..\/..\/layout\/footer-ja.mjml" \/>/, '');
    const line = lineOfText(t.read('emails/webinar-invite/ja.mjml'), '<mj-body');
    const found = await problems();
    for (const item of ['opt-out link', 'refusal statement', 'postal address', 'contact']) {
      findAt(found, 'emails/webinar-invite/ja.mjml', line, new RegExp(`footer item "${item}" missing`));
    }
  });

  it('when a catalog entry is invalid', async () => {
    t.replace(
      'catalogs/webinars.yaml',
      'registrationUrl: https://events.example.com/ja/2027-01-habits',
      'registrationUrl: http://events.example.com/ja/2027-01-habits',
    );
    const line = lineOfText(t.read('catalogs/webinars.yaml'), 'http://events');
    findAt(await problems(), 'catalogs/webinars.yaml', line, /registrationUrl: must be an https URL/);
  });

  it('when a catalog entry refers to a feature the program lacks, and that feature is left without a tip', async () => {
    t.replace('catalogs/features.yaml', '- feature: approval-flow', '- feature: approval-flows');
    const found = await problems();
    findAt(
      found,
      'catalogs/features.yaml',
      lineOfText(t.read('catalogs/features.yaml'), 'approval-flows'),
      /"approval-flows" is not a feature of program.yaml/,
    );
    findAt(
      found,
      'program.yaml',
      lineOfText(t.read('program.yaml'), '{ id: approval-flow,'),
      /programs\[0\]\.features\[4\]: "approval-flow" has no tip/,
    );
  });

  it('when two catalog entries share an id', async () => {
    t.replace('catalogs/stories.yaml', 'id: st-en-retail', 'id: st-en-software');
    const text = t.read('catalogs/stories.yaml');
    const second = text.split('\n').findLastIndex((l) => l.includes('id: st-en-software')) + 1;
    findAt(await problems(), 'catalogs/stories.yaml', second, /already used/);
  });

  it('when program.yaml breaks its schema', async () => {
    t.replace(
      'program.yaml',
      'dueDay: 14\n        requires: [{ action: report.create }]',
      'dueDay: -3\n        requires: [{ action: report.create }]',
    );
    const line = lineOfText(t.read('program.yaml'), 'dueDay: -3');
    findAt(await problems(), 'program.yaml', line, /programs\[2\]\.milestones\[4\]\.dueDay/);
  });

  it('when a YAML file has a syntax error', async () => {
    t.replace('catalogs/stories.yaml', '  industry: retail', '  industry: [retail');
    const found = await problems();
    expect(
      found.some(
        (p) => p.file === t.path('catalogs/stories.yaml') && p.line !== undefined && /YAML syntax/.test(p.message),
      ),
    ).toBe(true);
  });

  it('when sender.yaml has an unknown field, pointing at that key', async () => {
    t.replace(
      'sender.yaml',
      '  replyTo: success@example.com\n  contactPhone: +81',
      '  replyTo: success@example.com\n  fax: 03-0000-0000\n  contactPhone: +81',
    );
    findAt(await problems(), 'sender.yaml', lineOfText(t.read('sender.yaml'), 'fax:'), /en: unknown field "fax"/);
  });

  it('throws ContentBuildError whose message lists file:line for each problem', async () => {
    t.replace('emails/feature-tip/ja.mjml', '{{ featureTip }}', '{{ storyTitle }}');
    const error = await buildContent(t.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentBuildError);
    const line = lineOfText(t.read('emails/feature-tip/ja.mjml'), 'storyTitle');
    expect((error as ContentBuildError).message).toMatch(
      new RegExp(`feature-tip/ja\\.mjml:${line}:\\d+: \\{\\{ storyTitle \\}\\}`),
    );
  });
});
