// The build's rule for replies: a template that asks the reader to reply ("reply to this email",
// 「ご返信ください」) needs somewhere for the reply to go. An account's CS owner receives replies to
// its email; every other account's go to the locale's `replyTo` in sender.yaml, so that field is
// required as soon as one template of the locale asks for a reply.
import { join } from 'node:path';
import type { CompiledTemplate } from '../core/email/content.js';
import type { Sender } from '../core/email/sender.js';
import type { Locale } from '../core/events.js';
import type { CompileOutcome } from './compile-template.js';
import type { BuildProblem } from './problems.js';

const ASKS_FOR_REPLY: Readonly<Record<Locale, RegExp>> = {
  en: /\breply\b/i,
  ja: /返信/,
};

/** Whether the template's words ask the reader to reply to the email (its plain-text part, where the words are). */
export function asksForReply(template: CompiledTemplate): boolean {
  return ASKS_FOR_REPLY[template.locale].test(template.text.literals.join(' '));
}

/** The line that asks for the reply in the template's own file, else 1. */
function lineOf(outcome: CompileOutcome, locale: Locale): number {
  const lines = (outcome.sources[0]?.text ?? '').split('\n');
  const index = lines.findIndex((l) => ASKS_FOR_REPLY[locale].test(l));
  return index < 0 ? 1 : index + 1;
}

export function replyToProblems(
  templates: Readonly<Record<string, CompileOutcome>>,
  sender: Sender,
  emailsDir: string,
): BuildProblem[] {
  const problems: BuildProblem[] = [];
  for (const outcome of Object.values(templates)) {
    const template = outcome.template;
    if (template === null || sender[template.locale].replyTo !== undefined || !asksForReply(template)) continue;
    problems.push({
      file: join(emailsDir, template.kind, `${template.locale}.mjml`),
      line: lineOf(outcome, template.locale),
      message: `${template.kind}/${template.locale} asks the reader to reply, but sender.yaml has no replyTo for ${template.locale}: add ${template.locale}.replyTo (where replies go when an account has no CS owner), or reword the template`,
    });
  }
  return problems;
}
