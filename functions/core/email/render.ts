// Rendering one touch from the compiled artifact: look the template up, compute the values, check
// them against the kind's schema, fill the slots of each part with that part's escaping.
import type { RenderInput, RenderedEmail } from '../ports.js';
import type { Content } from './content.js';
import { InvalidVariablesError, TemplateNotFoundError, TouchMismatchError } from './errors.js';
import { escapeHtml, oneLine, subjectValue } from './escape.js';
import { fillSlots } from './slots.js';
import { touchVariables } from './touch-variables.js';
import { KIND_VARIABLES } from './variables.js';

export function renderEmail(content: Content, input: RenderInput): RenderedEmail {
  const { touch } = input;
  const template = content.templates[touch.template];
  if (template === undefined) throw new TemplateNotFoundError(touch.touchId, touch.template);
  if (template.kind !== touch.kind || touch.content.kind !== touch.kind) {
    throw new TouchMismatchError(
      touch.touchId,
      `kind ${touch.kind} does not match template "${touch.template}" (${template.kind}) and content (${touch.content.kind})`,
    );
  }
  const values = touchVariables(content, input, template.locale);
  const parsed = KIND_VARIABLES[template.kind].safeParse(values);
  if (!parsed.success) {
    throw new InvalidVariablesError(
      touch.touchId,
      touch.template,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(values)', expected: i.message })),
    );
  }
  const filled = values as unknown as Readonly<Record<string, string>>;
  return {
    subject: fillSlots(template.subject, filled, subjectValue),
    html: fillSlots(template.html, filled, escapeHtml),
    text: fillSlots(template.text, filled, oneLine),
  };
}
