// Rendering one touch from the compiled artifact: look the template up, compute the values, check
// them against the kind's schema, fill the slots of each part with that part's escaping.
import type { RenderedEmail, RenderInput } from '../ports.js';
import { surveyScores } from '../survey-scale.js';
import type { Content } from './content.js';
import { InvalidVariablesError, TemplateNotFoundError, TouchMismatchError } from './errors.js';
import { escapeHtml, oneLine, subjectValue } from './escape.js';
import { fillSlots } from './slots.js';
import { touchVariableLayers, touchVariables } from './touch-variables.js';
import { isLink, KIND_VARIABLES } from './variables.js';

/** The values of a touch checked against its kind's full schema: the build runs this on every template. */
export function checkedVariables(content: Content, input: RenderInput): Readonly<Record<string, string>> {
  const template = content.templates[input.touch.template];
  if (template === undefined) throw new TemplateNotFoundError(input.touch.touchId, input.touch.template);
  const parsed = KIND_VARIABLES[template.kind].safeParse(touchVariables(content, input, template.locale));
  if (!parsed.success) {
    throw new InvalidVariablesError(
      input.touch.touchId,
      input.touch.template,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(values)', expected: i.message })),
    );
  }
  return parsed.data as Readonly<Record<string, string>>;
}

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
  // Everything else was checked against the kind's schema when the artifact was built (and parsed when
  // loaded); names are escaped per part. Only the unsubscribe URL is new on each send: check it here.
  if (!isLink(input.unsubscribeUrl)) {
    throw new InvalidVariablesError(touch.touchId, touch.template, [
      { path: 'unsubscribeUrl', expected: 'an http(s) URL without spaces or quotes' },
    ]);
  }
  // A survey's score links are signed on each send too: every score of its scale needs one.
  if (touch.content.kind === 'survey') {
    const missing = surveyScores(touch.content.survey).filter((n) => !isLink(input.surveyUrls?.[n] ?? ''));
    if (missing.length > 0)
      throw new InvalidVariablesError(
        touch.touchId,
        touch.template,
        missing.map((n) => ({ path: `surveyUrls.${n}`, expected: 'an http(s) URL without spaces or quotes' })),
      );
  }
  const { sender, recipient, touch: about } = touchVariableLayers(content, input, template.locale);
  const filled = [about, recipient, sender] as unknown as readonly Readonly<Record<string, string>>[];
  return {
    subject: fillSlots(template.subject, filled, subjectValue),
    html: fillSlots(template.html, filled, escapeHtml),
    text: fillSlots(template.text, filled, oneLine),
  };
}
