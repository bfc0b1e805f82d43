// Checks on the MJML text as written, before MJML sees it: things MJML lets pass silently (a
// mis-closed tag, an include of a file that is not there) and the `{{ variable }}` uses, with lines.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { SLOT_PATTERN } from '../core/email/slots.js';
import type { BuildProblem } from './problems.js';

export interface SourceText {
  readonly file: string;
  readonly text: string;
}

export interface VariableUse {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly name: string;
}

/** 1-based line and column of each offset, through a table of line starts. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}

/** Comments blanked out, newlines kept, so offsets and lines stay true. */
function withoutComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
}

export function variableUses(source: SourceText): VariableUse[] {
  const at = lineLocator(source.text);
  return [...withoutComments(source.text).matchAll(SLOT_PATTERN)].map((m) => ({
    file: source.file,
    ...at(m.index),
    name: m[1] as string,
  }));
}

/** `{{` or `}}` that is not part of a well-formed `{{ name }}`. */
export function malformedMarkers(source: SourceText): BuildProblem[] {
  const at = lineLocator(source.text);
  const blanked = withoutComments(source.text).replace(SLOT_PATTERN, (m) => ' '.repeat(m.length));
  return [...blanked.matchAll(/\{\{|\}\}/g)].map((m) => ({
    file: source.file,
    ...at(m.index),
    message: `"${m[0]}" is not part of a variable; write variables as {{ name }} (letters and digits, starting with a letter)`,
  }));
}

const MJ_TAG = /<(\/?)(mjml|mj-[a-z-]+)\b[^>]*?(\/?)>/g;

/** Every mj- tag closed, in order. MJML's parser silently repairs a mis-closed tag into another layout. */
export function tagBalance(source: SourceText): BuildProblem[] {
  const at = lineLocator(source.text);
  const open: { name: string; offset: number }[] = [];
  const problems: BuildProblem[] = [];
  for (const m of withoutComments(source.text).matchAll(MJ_TAG)) {
    const [, closing, name, selfClosing] = m as unknown as [string, string, string, string];
    if (selfClosing === '/') continue;
    if (closing === '') {
      open.push({ name, offset: m.index });
      continue;
    }
    const top = open[open.length - 1];
    if (top?.name === name) {
      open.pop();
      continue;
    }
    const expected =
      top === undefined ? 'no open tag' : `</${top.name}> for the <${top.name}> on line ${at(top.offset).line}`;
    problems.push({
      file: source.file,
      ...at(m.index),
      message: `</${name}> does not close what is open: expected ${expected}`,
    });
    if (open.some((o) => o.name === name)) while (open.length > 0 && open.pop()?.name !== name);
  }
  for (const o of open) problems.push({ file: source.file, ...at(o.offset), message: `<${o.name}> is never closed` });
  return problems;
}

export interface IncludedSources {
  /** The template first, then each partial it includes (recursively), each once. */
  readonly sources: SourceText[];
  readonly problems: BuildProblem[];
}

/** Reads a template and the partials it includes; an include outside `root` or of a missing file is a problem. */
export function readWithIncludes(file: string, root: string): IncludedSources {
  const sources: SourceText[] = [];
  const problems: BuildProblem[] = [];
  const seen = new Set<string>();
  const visit = (path: string, depth: number) => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = readFileSync(path, 'utf8');
    sources.push({ file: path, text });
    const at = lineLocator(text);
    for (const m of withoutComments(text).matchAll(/<mj-include\b[^>]*?\bpath\s*=\s*"([^"]*)"[^>]*>/g)) {
      const target = resolve(dirname(path), m[1] as string);
      const where = { file: path, ...at(m.index) };
      if (!target.startsWith(root + sep)) {
        problems.push({ ...where, message: `mj-include "${m[1]}" points outside the templates folder` });
      } else if (!existsSync(target)) {
        problems.push({ ...where, message: `mj-include "${m[1]}": no such file (${relative(root, target)})` });
      } else if (depth >= 5) {
        problems.push({ ...where, message: 'mj-include nested more than 5 deep (is a partial including itself?)' });
      } else {
        visit(target, depth + 1);
      }
    }
  };
  visit(file, 0);
  return { sources, problems };
}
