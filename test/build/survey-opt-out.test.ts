// The build's rule for surveys: each survey template carries its own stop-surveys link
// ({{ surveyOptOutUrl }}) in both parts, beside the footer's unsubscribe link. The build fails naming
// the file, the line and the part.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../functions/build/build-content.js';
import { missingSurveyOptOut } from '../../functions/build/check-survey-opt-out.js';
import { splitSlots } from '../../functions/core/email/slots.js';
import { lineOfText, type TempTemplates, tempTemplates } from './temp-templates.js';

let t: TempTemplates;
beforeEach(() => {
  t = tempTemplates();
});
afterEach(() => t.dispose());

const surveyProblems = async () =>
  (await buildReport(t.dir)).problems.filter((p) => /stop-surveys link/.test(p.message));

describe('the survey email’s stop-surveys link', () => {
  it('passes on the shipped templates', async () => {
    expect(await surveyProblems()).toEqual([]);
  });

  it('fails naming the file, the line of <mj-body> and the part when a survey template drops it', async () => {
    t.replace('emails/survey/en.mjml', /<mj-text mj-class="note">Don't want surveys\?.*<\/mj-text>\n/, '');
    const found = await surveyProblems();
    expect(found).toEqual([
      {
        file: t.path('emails/survey/en.mjml'),
        line: lineOfText(t.read('emails/survey/en.mjml'), '<mj-body'),
        message: expect.stringContaining('in its html part: expected a link whose href is {{ surveyOptOutUrl }}'),
      },
      expect.objectContaining({ file: t.path('emails/survey/en.mjml'), message: expect.stringContaining('text part') }),
    ]);
  });

  it('fails when the link goes elsewhere and only the words stay', async () => {
    t.replace('emails/survey/ja.mjml', '<a href="{{ surveyOptOutUrl }}">', '<a href="{{ unsubscribeUrl }}">');
    const found = await surveyProblems();
    expect(found.map((p) => p.file)).toEqual([t.path('emails/survey/ja.mjml'), t.path('emails/survey/ja.mjml')]);
  });
});

describe('missingSurveyOptOut', () => {
  it.each([
    ['both parts carry it', '<a href="{{ surveyOptOutUrl }}">Stop</a>', 'Stop ( {{ surveyOptOutUrl }} )', []],
    ['the HTML names it only as text', '<p>{{ surveyOptOutUrl }}</p>', 'Stop ( {{ surveyOptOutUrl }} )', ['html']],
    ['the text part lacks it', "<a href='{{ surveyOptOutUrl }}'>Stop</a>", 'Stop', ['text']],
    ['neither has it', '<a href="{{ unsubscribeUrl }}">x</a>', '{{ unsubscribeUrl }}', ['html', 'text']],
  ])('%s', (_name, html, text, expected) => {
    expect(missingSurveyOptOut({ html: splitSlots(html), text: splitSlots(text) })).toEqual(expected);
  });
});
