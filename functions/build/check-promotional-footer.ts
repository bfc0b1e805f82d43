// The build's rule for Japanese promotional email: a `ja` template of a kind that any program makes
// promotional must carry the four items of the Act on Specified Electronic Mail; the build names the
// file and each missing item.
import { join } from 'node:path';
import { missingPromotionalItems } from '../core/email/promotional-footer.js';
import { messageClassOf } from '../core/message-class.js';
import type { Program } from '../core/program.js';
import type { CompileOutcome } from './compile-template.js';
import type { BuildProblem } from './problems.js';

/** The line of the footer's include (where the items live), else of <mj-body>, else 1. */
function lineOf(outcome: CompileOutcome): number {
  const text = outcome.sources[0]?.text ?? '';
  const lines = text.split('\n');
  const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const index = at('footer-ja.mjml') >= 0 ? at('footer-ja.mjml') : at('<mj-body');
  return index < 0 ? 1 : index + 1;
}

export function promotionalFooterProblems(
  templates: Readonly<Record<string, CompileOutcome>>,
  programs: readonly Program[],
  emailsDir: string,
): BuildProblem[] {
  const problems: BuildProblem[] = [];
  for (const outcome of Object.values(templates)) {
    const template = outcome.template;
    if (template === null || template.locale !== 'ja') continue;
    if (!programs.some((p) => messageClassOf(p, template.kind) === 'promotional')) continue;
    for (const m of missingPromotionalItems(template)) {
      problems.push({
        file: join(emailsDir, template.kind, `${template.locale}.mjml`),
        line: lineOf(outcome),
        message: `promotional email in Japanese lacks "${m.item}" in its ${m.part} part (特定電子メール法): expected ${m.expected} (shared footer: templates/layout/footer-ja.mjml)`,
      });
    }
  }
  return problems;
}
