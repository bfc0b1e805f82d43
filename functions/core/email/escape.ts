// How a value is made safe for each part of an email. Every slot goes through exactly one of these.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const HTML_SPECIALS = /[&<>"']/g;
const HTML_SPECIAL_TEST = /[&<>"']/;

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  // Most values (names, titles) need no escaping: skip the regex replace for them.
  if (!HTML_SPECIAL_TEST.test(value)) return value;
  return value.replace(HTML_SPECIALS, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * The same five characters as numeric references (`&#60;` for `<`). Equally safe; kept because the
 * report page's sending section and the unsubscribe pages have always been written this way, and a
 * refactor must leave the pages people and tests compare byte for byte as they were. New code uses
 * escapeHtml.
 */
export function escapeHtmlNumeric(value: string): string {
  if (!HTML_SPECIAL_TEST.test(value)) return value;
  return value.replace(HTML_SPECIALS, (c) => `&#${c.charCodeAt(0)};`);
}

// C0 and C1 controls, DEL and the Unicode line/paragraph separators: none belongs in a one-line value.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const CONTROL_TEST = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** One line of plain text: any control character (CR, LF, tab, ...) becomes a single space. */
export function oneLine(value: string): string {
  if (!CONTROL_TEST.test(value)) return value;
  return value.replace(CONTROLS, ' ');
}

/** At most `max` characters (code points), ending with an ellipsis when cut. */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  const points = Array.from(value);
  if (points.length <= max) return value;
  return `${points.slice(0, max - 1).join('')}…`;
}

/** Longest value a subject slot may add: a very long name must not push the subject out of sight. */
export const SUBJECT_SLOT_MAX = 80;

/** A subject slot value: one line (a CR/LF in a header would start a new header) and clipped. */
export function subjectValue(value: string): string {
  return clip(oneLine(value).trim(), SUBJECT_SLOT_MAX);
}
