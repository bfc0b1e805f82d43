// The build's rule for surveys: every survey template, in every locale, carries its own way to stop
// surveys alone (a link whose href is {{ surveyOptOutUrl }}, in the HTML part, and the link in the
// plain-text part), beside the footer's link that stops everything. The build names the file and line.
import { join } from 'node:path';
import { rawWithSlots } from '../core/email/compliance.js';
import type { CompiledTemplate } from '../core/email/content.js';
import type { CompileOutcome } from './compile-template.js';
import type { BuildProblem } from './problems.js';

const SLOT = 'surveyOptOutUrl';
const HREF = /href\s*=\s*["']\{\{\s*surveyOptOutUrl\s*\}\}["']/;

/** The parts of a survey template that lack the stop-surveys link; empty when both carry it. */
export function missingSurveyOptOut(template: Pick<CompiledTemplate, 'html' | 'text'>): ('html' | 'text')[] {
  const missing: ('html' | 'text')[] = [];
  if (!HREF.test(rawWithSlots(template.html))) missing.push('html');
  if (!template.text.slots.includes(SLOT)) missing.push('text');
  return missing;
}

/** The line of <mj-body> (the link belongs in the body), else 1. */
function lineOf(outcome: CompileOutcome): number {
  const index = (outcome.sources[0]?.text ?? '').split('\n').findIndex((l) => l.includes('<mj-body'));
  return index < 0 ? 1 : index + 1;
}

export function surveyOptOutProblems(
  templates: Readonly<Record<string, CompileOutcome>>,
  emailsDir: string,
): BuildProblem[] {
  const problems: BuildProblem[] = [];
  for (const outcome of Object.values(templates)) {
    const template = outcome.template;
    if (template === null || template.kind !== 'survey') continue;
    for (const part of missingSurveyOptOut(template)) {
      problems.push({
        file: join(emailsDir, template.kind, `${template.locale}.mjml`),
        line: lineOf(outcome),
        message: `survey email lacks its stop-surveys link in its ${part} part: expected ${part === 'html' ? 'a link whose href is {{ surveyOptOutUrl }}' : 'the {{ surveyOptOutUrl }} link'} (a person may stop surveys alone and keep the other emails)`,
      });
    }
  }
  return problems;
}
