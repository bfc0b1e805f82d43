import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContent } from '../../../functions/build/build-content.js';
import type { TouchContent } from '../../../functions/core/decisions.js';
import type { Content } from '../../../functions/core/email/content.js';
import {
  InvalidVariablesError,
  MissingContentError,
  TemplateNotFoundError,
  TouchMismatchError,
} from '../../../functions/core/email/errors.js';
import { escapeHtml } from '../../../functions/core/email/escape.js';
import { formatCalendarDate, formatDate, formatDateTime } from '../../../functions/core/email/format.js';
import { checkedVariables, renderEmail } from '../../../functions/core/email/render.js';
import { sampleInputs } from '../../../functions/core/email/samples.js';
import { variableNamesOf } from '../../../functions/core/email/variables.js';
import type { RenderInput } from '../../../functions/core/ports.js';
import { surveyScores } from '../../../functions/core/survey-scale.js';
import { SHIPPED_TEMPLATES } from '../../build/temp-templates.js';

const NOW = '2026-11-25T03:00:00.000Z';
let content: Content;
let samples: RenderInput[];

beforeAll(async () => {
  content = await buildContent(SHIPPED_TEMPLATES, new Date(NOW));
  samples = sampleInputs(content, NOW).map((s) => {
    if (!s.ok) throw new Error(s.problem);
    return s.input;
  });
});

function sample(template: string): RenderInput {
  const found = samples.find((s) => s.touch.template === template);
  if (found === undefined) throw new Error(`no sample for ${template}`);
  return found;
}

function withNames(input: RenderInput, contactName: string, accountName: string = input.account.name): RenderInput {
  return {
    ...input,
    contact: { ...input.contact, name: contactName },
    account: { ...input.account, name: accountName },
  };
}

/** What the template must show for the touch, taken from the content the touch points at. */
function expectedFacts(input: RenderInput): string[] {
  const { locale } = input.touch;
  const tz = input.account.timeZone;
  const about: TouchContent = input.touch.content;
  switch (about.kind) {
    case 're-onboarding':
      return [formatCalendarDate(input.account.contractStart, locale), content.sender[locale].guideUrl];
    case 're-engagement':
      return [String(about.activeDays30), String(about.previousActiveDays30)];
    case 'milestone-nudge': {
      const m = content.program.milestones.find((x) => x.id === about.milestoneId);
      return [m?.title[locale] ?? 'missing', formatDate(about.dueAt, tz, locale)];
    }
    case 'feature-tip': {
      const t = content.catalogs.features.find((x) => x.feature === about.featureId);
      return [t?.title[locale] ?? 'missing', t?.tip[locale] ?? 'missing', t?.link ?? 'missing'];
    }
    case 'webinar-invite': {
      const w = content.catalogs.webinars.find((x) => x.id === about.webinarId);
      return [
        w?.title ?? 'missing',
        w === undefined ? 'missing' : formatDateTime(w.startsAt, tz, locale, w.durationMin),
        w?.registrationUrl ?? 'missing',
      ];
    }
    case 'success-story': {
      const s = content.catalogs.stories.find((x) => x.id === about.storyId);
      return [s?.company ?? 'missing', s?.title ?? 'missing', s?.link ?? 'missing'];
    }
    case 'value-review':
      return [
        formatCalendarDate(about.renewalDate, locale),
        String(about.figures.peopleNow),
        ...milestoneTitles(about, locale),
      ];
    case 'monthly-summary':
      return [
        String(about.figures.peopleAtStart),
        String(about.figures.activePeople30),
        ...milestoneTitles(about, locale),
      ];
    case 'celebration': {
      const m = content.program.milestones.find((x) => x.id === about.milestoneId);
      const next = content.program.milestones.find((x) => x.id === about.nextMilestoneId);
      return [m?.title[locale] ?? 'missing', formatDate(about.reachedAt, tz, locale), next?.title[locale] ?? 'missing'];
    }
    case 'survey':
      // Every score's own link, each once.
      return surveyScores(about.survey).map((n) => input.surveyUrls?.[n] ?? 'missing');
  }
}

function milestoneTitles(about: { figures: { milestones: readonly { id: string }[] } }, locale: 'ja' | 'en'): string[] {
  return about.figures.milestones.map(
    (r) => content.program.milestones.find((m) => m.id === r.id)?.title[locale] ?? 'missing',
  );
}

describe('renderEmail on the shipped templates', () => {
  it('has a sample for every kind × locale', () => {
    expect(samples.map((s) => s.touch.template).sort()).toEqual(Object.keys(content.templates).sort());
    expect(samples).toHaveLength(20);
  });

  it.each(
    [
      're-onboarding',
      're-engagement',
      'milestone-nudge',
      'feature-tip',
      'webinar-invite',
      'success-story',
      'value-review',
      'monthly-summary',
      'celebration',
    ].flatMap((k) => [`${k}/ja`, `${k}/en`]),
  )('fills %s with the recipient, the touch facts and the footer, in both parts', (template) => {
    const input = sample(template);
    const email = renderEmail(content, input);
    const sender = content.sender[input.touch.locale];
    for (const fact of [
      input.contact.name,
      ...expectedFacts(input),
      sender.postalAddress,
      sender.name,
      sender.contactEmail,
    ]) {
      expect(email.html).toContain(escapeHtml(fact));
      expect(email.text).toContain(fact);
    }
    expect(email.html).toContain(`href="${escapeHtml(input.unsubscribeUrl)}"`);
    expect(email.text).toContain(input.unsubscribeUrl);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(`${email.subject}${email.html}${email.text}`).not.toMatch(/\{\{|\}\}/);
  });

  it("gives every sample values that satisfy its kind's variable schema", () => {
    for (const input of samples) {
      const values = checkedVariables(content, input);
      expect(Object.keys(values).sort()).toEqual([...variableNamesOf(input.touch.kind)]);
    }
  });

  it('states in every Japanese email that the reader may stop these emails (配信停止)', () => {
    for (const input of samples.filter((s) => s.touch.locale === 'ja')) {
      const email = renderEmail(content, input);
      expect(email.html).toContain('配信停止');
      expect(email.text).toContain('配信停止');
    }
  });

  it('escapes a script tag in a name in the HTML part and keeps the structure', () => {
    for (const input of samples) {
      const hostile = withNames(input, '<script>alert("x")</script>', 'Evil & <b>Co</b>');
      const email = renderEmail(content, hostile);
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('<b>Co</b>');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(email.text).toContain('<script>alert("x")</script>');
    }
  });

  it('never puts CR or LF into the subject, whatever the names hold', () => {
    for (const input of samples) {
      const email = renderEmail(content, withNames(input, 'Ann\r\nBcc: victim@example.com', 'Acme\nInc'));
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.text).not.toContain('\r');
    }
  });

  it('clips a very long name so the subject and body stay bounded', () => {
    const long = 'あ'.repeat(5000);
    for (const input of samples) {
      const plain = renderEmail(content, input);
      const email = renderEmail(content, withNames(input, long, long));
      expect(email.subject.length).toBeLessThanOrEqual(plain.subject.length + 2 * 80);
      expect(email.html).not.toContain('あ'.repeat(201));
      expect(email.text).not.toContain('あ'.repeat(201));
    }
  });

  it('keeps the HTML structure of every template the same for any names (no injection)', () => {
    const tags = (html: string) => html.match(/[<>"]/g)?.length ?? 0;
    const baselines = new Map(
      samples.map((s) => [s.touch.template, tags(renderEmail(content, withNames(s, 'A', 'B')).html)]),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.string({ maxLength: 300 }),
        fc.string({ maxLength: 300 }),
        (input, name, account) => {
          const email = renderEmail(content, withNames(input, name, account));
          expect(tags(email.html)).toBe(baselines.get(input.touch.template));
          expect(email.subject).not.toMatch(/[\r\n]/);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('renderEmail errors', () => {
  it('names a missing template with TemplateNotFoundError', () => {
    const input = sample('feature-tip/en');
    expect(() => renderEmail(content, { ...input, touch: { ...input.touch, template: 'feature-tip/fr' } })).toThrow(
      TemplateNotFoundError,
    );
  });

  it.each<[string, TouchContent]>([
    ['milestone-nudge/ja', { kind: 'milestone-nudge', milestoneId: 'no-such-milestone', dueAt: NOW }],
    ['feature-tip/ja', { kind: 'feature-tip', featureId: 'no-such-feature' }],
    ['webinar-invite/en', { kind: 'webinar-invite', webinarId: 'no-such-webinar' }],
    ['success-story/en', { kind: 'success-story', storyId: 'no-such-story' }],
  ])('throws MissingContentError when %s is about something the artifact lacks', (template, about) => {
    const input = sample(template);
    const render = () => renderEmail(content, { ...input, touch: { ...input.touch, content: about } });
    expect(render).toThrow(MissingContentError);
    expect(render).toThrow(/no-such-/);
  });

  it('throws TouchMismatchError when the touch kind and its template disagree', () => {
    const input = sample('feature-tip/en');
    expect(() => renderEmail(content, { ...input, touch: { ...input.touch, template: 'success-story/en' } })).toThrow(
      TouchMismatchError,
    );
  });

  it('rejects an unsubscribe URL that is not http(s), without echoing it', () => {
    const input = sample('feature-tip/ja');
    const render = () => renderEmail(content, { ...input, unsubscribeUrl: 'javascript:alert(1)' });
    expect(render).toThrow(InvalidVariablesError);
    expect(render).toThrow(/unsubscribeUrl/);
    expect(render).not.toThrow(/javascript/);
  });
});

describe('the figures table of the value review and the monthly summary', () => {
  /** The filled bar cells, in order: people at the start, people now, then basic, advanced and new features. */
  const filledWidths = (html: string) =>
    [...html.matchAll(/<td width="(\d+)%" height="12" bgcolor="#2453c6"/g)].map((m) => Number(m[1]));
  const restWidths = (html: string) =>
    [...html.matchAll(/<td width="(\d+)%" height="12" bgcolor="#dbe4f5"/g)].map((m) => Number(m[1]));

  it.each(['value-review/ja', 'value-review/en', 'monthly-summary/ja', 'monthly-summary/en'])(
    'draws %s with table cells whose widths are the figures, and no image',
    (template) => {
      const base = sample(template);
      if (base.touch.content.kind !== 'value-review' && base.touch.content.kind !== 'monthly-summary') {
        throw new Error(`${template} is not a figures email`);
      }
      const figures = {
        ...base.touch.content.figures,
        peopleAtStart: 3,
        peopleNow: 8,
        peopleKnown: 10,
        features: [
          { stage: 'basic' as const, total: 4, usedAtStart: 1, usedNow: 3 },
          { stage: 'advanced' as const, total: 3, usedAtStart: 0, usedNow: 1 },
          { stage: 'new' as const, total: 1, usedAtStart: 0, usedNow: 0 },
        ],
      };
      const input = { ...base, touch: { ...base.touch, content: { ...base.touch.content, figures } } };
      const { html, text } = renderEmail(content, input);
      expect(html).not.toMatch(/<img\b/i);
      expect(html).not.toMatch(/display:\s*(flex|grid)/);
      expect(filledWidths(html)).toEqual([30, 80, 75, 33, 0]);
      expect(restWidths(html)).toEqual([70, 20, 25, 67, 100]);
      for (const figure of ['3 / 4', '1 / 3', '0 / 1', '+5']) {
        expect(html).toContain(figure);
        expect(text).toContain(figure);
      }
    },
  );
});
