// Loading a YAML file CS ops edit: syntax errors and schema problems both come back with file:line,
// found through the yaml library's node ranges and LineCounter.
import { readFile } from 'node:fs/promises';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { BuildProblem } from './problems.js';

export interface YamlFile<T> {
  readonly file: string;
  readonly value: T;
  /** The 1-based line of the node at `path`, or of its nearest ancestor that exists. */
  lineOf(path: readonly PropertyKey[]): number;
}

export type YamlResult<T> = { readonly ok: true; readonly yaml: YamlFile<T> } | { readonly ok: false; readonly problems: BuildProblem[] };

export function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || '(top level)';
}

function offsetOf(doc: Document, path: readonly PropertyKey[], key?: string): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const at = path.slice(0, depth) as unknown[];
    const node: unknown = at.length === 0 ? doc.contents : doc.getIn(at, true);
    if (!isNode(node)) continue;
    // Point at the key itself when the problem is about one key of this map (unknown field).
    if (depth === path.length && key !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair !== undefined && isNode(pair.key) && pair.key.range) return pair.key.range[0];
    }
    if (node.range) return node.range[0];
  }
  return undefined;
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined ? `is missing (expected ${issue.expected})` : `expected ${issue.expected}`;
    default:
      return issue.message;
  }
}

/** Parses `file` with `schema`; every problem carries the line CS ops should open. */
export async function loadYaml<S extends z.ZodType>(file: string, schema: S): Promise<YamlResult<z.infer<S>>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return { ok: false, problems: [{ file, message: 'cannot be read (is it missing?)' }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        line: lineAt(e.pos[0]),
        column: lineCounter.linePos(e.pos[0]).col,
        message: `YAML syntax: ${e.message.split('\n')[0] ?? e.code}`,
      })),
    };
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
        return { file, line: lineAt(offsetOf(doc, issue.path, key)), message: `${pathText(issue.path)}: ${describe(issue)}` };
      }),
    };
  }
  return { ok: true, yaml: { file, value: parsed.data, lineOf: (path) => lineAt(offsetOf(doc, path)) } };
}
