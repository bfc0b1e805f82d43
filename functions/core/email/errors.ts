// What can go wrong when rendering one touch. Each names the touch and what is missing, never a
// recipient's name or address.

import { TeichakuError } from '../errors.js';
import type { TouchKind } from '../program.js';

/** The artifact has no template for the touch: the build was older than the planner's kinds or locales. */
export class TemplateNotFoundError extends TeichakuError {
  readonly code = 'TEMPLATE_NOT_FOUND';
  override readonly name = 'TemplateNotFoundError';
  constructor(
    readonly touchId: string,
    readonly template: string,
  ) {
    super(
      `touch ${touchId}: no compiled template "${template}" in the content artifact; add it under templates/emails and run npm run build`,
    );
  }
}

export type ContentItem = 'milestone' | 'feature' | 'feature tip' | 'webinar' | 'success story';

/** The touch is about a milestone, feature, webinar or story the artifact does not have. */
export class MissingContentError extends TeichakuError {
  readonly code = 'MISSING_CONTENT';
  override readonly name = 'MissingContentError';
  constructor(
    readonly touchId: string,
    readonly kind: TouchKind,
    readonly item: ContentItem,
    readonly itemId: string,
  ) {
    super(
      `touch ${touchId} (${kind}) is about ${item} "${itemId}", which the content artifact does not have; ` +
        'add it to templates/ and rebuild, or re-plan the touch',
    );
  }
}

/** The touch's kind and its template or content disagree (a bug upstream, or a hand-made job). */
export class TouchMismatchError extends TeichakuError {
  readonly code = 'TOUCH_MISMATCH';
  override readonly name = 'TouchMismatchError';
  constructor(
    readonly touchId: string,
    detail: string,
  ) {
    super(`touch ${touchId}: ${detail}`);
  }
}

/** A value for the template failed its kind's variable schema. Names the fields, never the values. */
export class InvalidVariablesError extends TeichakuError {
  readonly code = 'INVALID_VARIABLES';
  override readonly name = 'InvalidVariablesError';
  constructor(
    readonly touchId: string,
    readonly template: string,
    readonly problems: readonly { readonly path: string; readonly expected: string }[],
  ) {
    super(
      `touch ${touchId}: values for template "${template}" are invalid: ${problems.map((p) => `${p.path}: ${p.expected}`).join('; ')}`,
    );
  }
}
