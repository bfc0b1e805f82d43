// The build's rule for Japanese promotional email (特定電子メール法): a `ja` template of a promotional
// kind must name the company, put the refusal statement right by the opt-out link, and show the
// postal address and a contact. The build fails naming the file and the item; service email keeps
// the lighter rule every email passes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../functions/build/build-content.js';
import type { BuildProblem } from '../../functions/build/problems.js';
import { missingPromotionalItems } from '../../functions/core/email/promotional-footer.js';
import { splitSlots } from '../../functions/core/email/slots.js';
import { lineOfText, type TempTemplates, tempTemplates } from './temp-templates.js';

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

const promotionalProblems = (found: readonly BuildProblem[]) =>
  found.filter((p) => /promotional email in Japanese/.test(p.message));
const files = (found: readonly BuildProblem[]) => [...new Set(found.map((p) => p.file))].sort();

describe('ja promotional footer', () => {
  it('passes on the shipped templates', async () => {
    const report = await buildReport(t.dir);
    expect(report.problems).toEqual([]);
  });

  it('fails naming each promotional ja template and the item when the footer names only the team', async () => {
    t.replace('layout/footer-ja.mjml', '送信者：{{ senderCompany }} {{ senderName }}', '送信者：{{ senderName }}');
    const found = promotionalProblems(await problems());
    expect(files(found)).toEqual([t.path('emails/success-story/ja.mjml'), t.path('emails/webinar-invite/ja.mjml')]);
    const line = lineOfText(t.read('emails/webinar-invite/ja.mjml'), 'footer-ja.mjml');
    expect(found).toContainEqual(
      expect.objectContaining({
        file: t.path('emails/webinar-invite/ja.mjml'),
        line,
        message: expect.stringMatching(/lacks "sender" in its html part .*\{\{ senderCompany \}\}/),
      }),
    );
  });

  it('fails when the refusal statement is not next to the opt-out link', async () => {
    t.replace(
      'layout/footer-ja.mjml',
      /今後このようなご案内メールの受信を希望されない場合は、<a href="\{\{ unsubscribeUrl \}\}">配信停止の手続き<\/a>からいつでも配信を停止いただけます。/,
      '<a href="{{ unsubscribeUrl }}">メールの設定</a>',
    );
    t.replace(
      'layout/footer-ja.mjml',
      'お問い合わせ：{{ senderContact }}',
      'お問い合わせ：{{ senderContact }}<br />なお、配信停止はいつでも承ります。',
    );
    const found = promotionalProblems(await problems());
    expect(found.map((p) => p.message).every((m) => m.includes('"opt-out link with the refusal statement"'))).toBe(
      true,
    );
    expect(files(found)).toEqual([t.path('emails/success-story/ja.mjml'), t.path('emails/webinar-invite/ja.mjml')]);
  });

  it('applies to whatever kind the program makes promotional', async () => {
    t.replace('program.yaml', /feature-tip: service/, 'feature-tip: promotional');
    t.replace('layout/footer-ja.mjml', '送信者：{{ senderCompany }} {{ senderName }}', '送信者：{{ senderName }}');
    expect(files(promotionalProblems(await problems()))).toContain(t.path('emails/feature-tip/ja.mjml'));
  });
});

describe('missingPromotionalItems', () => {
  const part = (s: string) => splitSlots(s);
  it('names each of the four items, per part', () => {
    const bare = missingPromotionalItems({ html: part('<p>hello</p>'), text: part('hello') });
    expect(bare.map((m) => `${m.part}:${m.item}`)).toEqual([
      'html:sender',
      'html:opt-out link with the refusal statement',
      'html:postal address',
      'html:contact',
      'text:sender',
      'text:opt-out link with the refusal statement',
      'text:postal address',
      'text:contact',
    ]);
    const full = '{{ senderCompany }} 配信停止は {{ unsubscribeUrl }} から {{ senderAddress }} {{ senderEmail }}';
    expect(missingPromotionalItems({ html: part(full), text: part(full) })).toEqual([]);
  });
});
