// What CS ops write in templates/ is versioned with teichaku. Each YAML file says at its top which
// teichaku version it was written for (`teichaku: "0.2"`); a file for an older minor version still
// builds, a file for a newer one is refused (upgrade teichaku). When a field or a template variable
// is renamed, its old name goes into DEPRECATIONS: the build then still accepts the old name, warns
// naming the file, the line and the replacement, and builds as if the new name had been written.
//
// The table is empty in 0.2: nothing CS ops write has been renamed since the first version (0.1).
// The build's tests exercise the machinery with a table of their own.
import type { BuildProblem } from './problems.js';

/** The teichaku version (major.minor) whose fields and variables the build knows; held to package.json by a test. */
export const TEMPLATES_VERSION = '0.2';

/** The files of templates/ that carry a version, and the template variables. */
export type DeprecationScope =
  | 'program'
  | 'catalogs/features'
  | 'catalogs/webinars'
  | 'catalogs/stories'
  | 'sender'
  | 'variable';

export interface Deprecation {
  readonly scope: DeprecationScope;
  /**
   * The old name. For a file: the field's path, dot-separated, `*` for any key or list index (in the
   * program, relative to one program: `cadence.weeklyFor`). For a variable: its name.
   */
  readonly name: string;
  /** The new name: the field's last key, or the variable's name. */
  readonly replacement: string;
  /** The teichaku version that renamed it. */
  readonly since: string;
}

export const DEPRECATIONS: readonly Deprecation[] = [];

export function deprecationsOf(table: readonly Deprecation[], scope: DeprecationScope): readonly Deprecation[] {
  return table.filter((d) => d.scope === scope);
}

/** `major.minor` as two numbers, or null when the text is not a version. */
export function parseVersion(text: string): readonly [number, number] | null {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  return m === null ? null : [Number(m[1]), Number(m[2])];
}

/** A file's version, checked against this build's: older builds, newer is refused, naming the upgrade. */
export function versionProblem(file: string, line: number, declared: unknown): BuildProblem | null {
  const own = parseVersion(TEMPLATES_VERSION) as readonly [number, number];
  const version = typeof declared === 'string' || typeof declared === 'number' ? parseVersion(String(declared)) : null;
  if (version === null)
    return {
      file,
      line,
      message: `teichaku: expected the teichaku version the file is written for, as "${TEMPLATES_VERSION}"`,
    };
  if (version[0] > own[0] || (version[0] === own[0] && version[1] > own[1])) {
    return {
      file,
      line,
      message: `teichaku: written for teichaku ${version.join('.')}, newer than this teichaku (${TEMPLATES_VERSION}); upgrade teichaku in package.json`,
    };
  }
  return null;
}

export function deprecationWarning(
  file: string,
  line: number,
  deprecation: Deprecation,
  column?: number,
): BuildProblem {
  const what =
    deprecation.scope === 'variable' ? `{{ ${deprecation.name} }}` : `"${deprecation.name.split('.').at(-1)}"`;
  const instead =
    deprecation.scope === 'variable' ? `{{ ${deprecation.replacement} }}` : `"${deprecation.replacement}"`;
  return {
    file,
    line,
    ...(column === undefined ? {} : { column }),
    message: `${what} is deprecated since teichaku ${deprecation.since}: write ${instead} (it still builds for now)`,
  };
}
