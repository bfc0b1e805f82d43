// The plain-text part of a template, derived from the parsed MJML tree (not the rendered HTML, whose
// layout tables carry no meaning): text blocks, buttons as label and link, dividers as a rule.
import { htmlToText, linkText, tidyText } from '../core/email/plain-text.js';

/** The shape of MJML's parsed tree that matters here. */
export interface MjmlNode {
  readonly tagName: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children?: readonly MjmlNode[];
  readonly content?: string;
  readonly line?: number;
  readonly file?: string;
  readonly absoluteFilePath?: string;
}

/** Elements that carry no words for a plain-text reader. */
const SILENT = new Set([
  'mj-head',
  'mj-image',
  'mj-spacer',
  'mj-raw',
  'mj-social',
  'mj-carousel',
  'mj-attributes',
  'mj-style',
]);

/** An element marks itself out of the text part with css-class="text-skip" (a logo line, say). */
function skipped(node: MjmlNode): boolean {
  return (node.attributes?.['css-class'] ?? '').split(/\s+/).includes('text-skip');
}

function blocksOf(node: MjmlNode): string[] {
  if (SILENT.has(node.tagName) || skipped(node)) return [];
  switch (node.tagName) {
    case 'mj-text':
    case 'mj-table':
      return [htmlToText(node.content ?? '')];
    case 'mj-button':
    case 'mj-navbar-link': {
      const label = htmlToText(node.content ?? '');
      const href = node.attributes?.href ?? null;
      return [href === null ? label : `${label}\n${linkText('', href)}`];
    }
    case 'mj-divider':
      return ['-'.repeat(24)];
    default:
      return (node.children ?? []).flatMap(blocksOf);
  }
}

export function deriveText(root: MjmlNode): string {
  return tidyText(
    blocksOf(root)
      .filter((b) => b.trim() !== '')
      .join('\n\n'),
  );
}

/** The first node with this tag, depth first. */
export function findNode(root: MjmlNode, tagName: string): MjmlNode | undefined {
  if (root.tagName === tagName) return root;
  for (const child of root.children ?? []) {
    const found = findNode(child, tagName);
    if (found !== undefined) return found;
  }
  return undefined;
}
