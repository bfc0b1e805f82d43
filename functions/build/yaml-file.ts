// Loading a YAML file CS ops edit: syntax errors and schema problems both come back with file:line,
// found through the yaml library's node ranges and LineCounter.
import { readFile } from 'node:fs/promises';
import { type Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Deprecation, deprecationWarning, versionProblem } from './deprecations.js';
import type { BuildProblem } from './problems.js';

export interface YamlFile<T> {
  readonly file: string;
  readonly value: T;
  /** The 1-based line of the node at `path`, or of its nearest ancestor that exists. */
  lineOf(path: readonly PropertyKey[]): number;
  /** Deprecated names the file used (it built as if it had used their replacements). */
  readonly warnings: readonly BuildProblem[];
}

/**
 * A file of templates/ that carries a version (`teichaku: "0.2"` at its top) and may use deprecated
 * names. `listKey`: the file is a list, written since 0.2 under that key beside the version, and as
 * a bare list before (0.1); both build.
 */
export interface Versioned {
  readonly deprecations: readonly Deprecation[];
  /** Where a deprecation's path starts: `''` for the file's top, `'programs.*'`, `'*'` (each entry of a list). */
  readonly roots: readonly string[];
  readonly listKey?: string;
}

const VERSION_KEY = 'teichaku';

export type YamlResult<T> =
  | { readonly ok: true; readonly yaml: YamlFile<T> }
  | { readonly ok: false; readonly problems: BuildProblem[] };

export function pathText(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') ||
    '(top level)'
  );
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
export async function loadYaml<S extends z.ZodType>(
  file: string,
  schema: S,
  versioned?: Versioned,
): Promise<YamlResult<z.infer<S>>> {
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
  const versioning =
    versioned === undefined
      ? { problems: [], warnings: [], prefix: [] }
      : applyVersioning(doc, file, versioned, lineAt);
  if (versioning.problems.length > 0) return { ok: false, problems: versioning.problems };
  const prefix = versioning.prefix;
  const parsed = schema.safeParse(
    prefix.length === 0 ? doc.toJS() : (doc.getIn(prefix, true) as Node | undefined)?.toJSON(),
  );
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
        return {
          file,
          line: lineAt(offsetOf(doc, [...prefix, ...issue.path], key)),
          message: `${pathText(issue.path)}: ${describe(issue)}`,
        };
      }),
    };
  }
  return {
    ok: true,
    yaml: {
      file,
      value: parsed.data,
      lineOf: (path) => lineAt(offsetOf(doc, [...prefix, ...path])),
      warnings: versioning.warnings,
    },
  };
}

type Node = { toJSON(): unknown };

interface Versioning {
  readonly problems: BuildProblem[];
  readonly warnings: BuildProblem[];
  /** Where the schema's value sits: `[listKey]` for a list under its key, else the top. */
  readonly prefix: readonly PropertyKey[];
}

/** Checks and removes the version, renames deprecated keys (warning for each), and finds the list. */
function applyVersioning(
  doc: Document,
  file: string,
  versioned: Versioned,
  lineAt: (offset: number | undefined) => number,
): Versioning {
  const problems: BuildProblem[] = [];
  const warnings: BuildProblem[] = [];
  const top = doc.contents;
  let prefix: readonly PropertyKey[] = [];
  if (isMap(top)) {
    const pair = top.items.find((p) => isScalar(p.key) && p.key.value === VERSION_KEY);
    if (pair !== undefined) {
      const problem = versionProblem(
        file,
        lineAt(isNode(pair.key) ? pair.key.range?.[0] : undefined),
        isScalar(pair.value) ? pair.value.value : undefined,
      );
      if (problem !== null) problems.push(problem);
      top.items.splice(top.items.indexOf(pair), 1);
    }
    if (versioned.listKey !== undefined) {
      prefix = [versioned.listKey];
      const others = top.items.filter((p) => !(isScalar(p.key) && p.key.value === versioned.listKey));
      for (const other of others) {
        problems.push({
          file,
          line: lineAt(isNode(other.key) ? other.key.range?.[0] : undefined),
          message: `unknown field "${String(isScalar(other.key) ? other.key.value : other.key)}": the file holds "${VERSION_KEY}" and "${versioned.listKey}"`,
        });
      }
    }
  }
  const roots =
    versioned.listKey === undefined
      ? versioned.roots
      : [
          ...versioned.roots,
          ...versioned.roots.map((r) => (r === '' ? versioned.listKey : `${versioned.listKey}.${r}`) as string),
        ];
  renameDeprecated(top, [], versioned.deprecations, roots, (node, deprecation, clash) => {
    const line = lineAt(node.range?.[0]);
    if (clash)
      problems.push({
        file,
        line,
        message: `both "${deprecation.name.split('.').at(-1)}" (deprecated since teichaku ${deprecation.since}) and "${deprecation.replacement}" are given: keep "${deprecation.replacement}"`,
      });
    else warnings.push(deprecationWarning(file, line, deprecation));
  });
  return { problems, warnings, prefix };
}

function matches(pattern: readonly string[], path: readonly (string | number)[]): boolean {
  return (
    pattern.length === path.length && pattern.every((segment, i) => segment === '*' || segment === String(path[i]))
  );
}

/** Walks maps and lists; a key whose path is a deprecated name (from any root) takes its replacement's name. */
function renameDeprecated(
  node: unknown,
  path: readonly (string | number)[],
  deprecations: readonly Deprecation[],
  roots: readonly string[],
  found: (key: { range?: [number, number, number] | null }, deprecation: Deprecation, clash: boolean) => void,
): void {
  if (isSeq(node)) {
    node.items.forEach((item, index) => renameDeprecated(item, [...path, index], deprecations, roots, found));
    return;
  }
  if (!isMap(node)) return;
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    const keyPath = [...path, String(pair.key.value)];
    const deprecation = deprecations.find((d) =>
      roots.some((root) => matches([...(root === '' ? [] : root.split('.')), ...d.name.split('.')], keyPath)),
    );
    if (deprecation !== undefined) {
      const clash = node.items.some((p) => isScalar(p.key) && p.key.value === deprecation.replacement);
      found(pair.key, deprecation, clash);
      if (!clash) pair.key.value = deprecation.replacement;
    }
    renameDeprecated(pair.value, [...path, String(pair.key.value)], deprecations, roots, found);
  }
}
