// The plain-text part, derived from the HTML a template author wrote (the inside of mj-text and
// mj-button), once, at build time. `{{ name }}` slots pass through untouched and are filled per send.

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  middot: '·',
  yen: '¥',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name] ?? whole;
  });
}

function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m === null ? null : (m[1] ?? m[2] ?? m[3] ?? '');
}

/** A link in text: the label and, when the label is not the address itself, the address after it. */
export function linkText(label: string, href: string | null): string {
  const shown = label.trim();
  if (href === null || href === '' || href.startsWith('#')) return shown;
  const target = href.startsWith('mailto:') ? href.slice('mailto:'.length) : href;
  if (shown === '' || shown === target || shown === href) return target;
  return `${shown} ( ${target} )`;
}

const BLOCK_END = /<\/(p|div|h[1-6]|ul|ol|table|blockquote)\s*>/gi;
const LINE_END = /<(br\s*\/?|\/tr)\s*>/gi;

/**
 * Text of an HTML fragment: whitespace collapsed as a browser would, paragraphs as blank lines,
 * `<br>` as a line break, list items as `- `, links as `label ( url )`.
 */
export function htmlToText(html: string): string {
  let s = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(style|script)[\s\S]*?<\/\1\s*>/gi, '');
  s = s.replace(/\s+/g, ' ');
  s = s.replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (_m, attrs: string, label: string) =>
    linkText(label.replace(/<[^>]*>/g, ''), attribute(` ${attrs}`, 'href')),
  );
  s = s
    .replace(BLOCK_END, '\n\n')
    .replace(LINE_END, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ');
  s = s.replace(/<[^>]*>/g, '');
  s = decodeEntities(s);
  return tidyText(s);
}

/** Trims each line and leaves at most one blank line between paragraphs. */
export function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
