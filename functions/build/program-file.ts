// Loading templates/program.yaml in either form: one program (the default), or `programs: [...]`
// tried in order with the default last. Every problem comes back with the file and line, as for any
// YAML file CS ops edit; unreachable programs and unknown value milestones are among them.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { isProgramsDocument, type Programs, ProgramsFile, SingleProgramFile } from '../core/programs.js';
import { DEPRECATIONS, type Deprecation, deprecationsOf } from './deprecations.js';
import type { BuildProblem } from './problems.js';
import { loadYaml } from './yaml-file.js';

export interface ProgramFile {
  readonly file: string;
  readonly programs: Programs;
  /** Whether the file lists `programs:` (else it holds one program at the top level). */
  readonly listed: boolean;
  /** The 1-based line of `path` inside program `index` (or of its nearest ancestor). */
  lineOf(index: number, path: readonly PropertyKey[]): number;
  /** How to name a field of program `index` in a message: `programs[1].features[2]`, or `features[2]` alone. */
  where(index: number, path: readonly PropertyKey[]): string;
  /** Deprecated names the file used. */
  readonly warnings: readonly BuildProblem[];
}

export type ProgramFileResult =
  | { readonly ok: true; readonly yaml: ProgramFile }
  | { readonly ok: false; readonly problems: BuildProblem[] };

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Which form the file is in; a file that does not parse is read as one program, whose loader reports the syntax error. */
async function isListed(file: string): Promise<boolean> {
  try {
    return isProgramsDocument(parse(await readFile(file, 'utf8')));
  } catch {
    return false;
  }
}

export async function loadProgramFile(
  file: string,
  table: readonly Deprecation[] = DEPRECATIONS,
): Promise<ProgramFileResult> {
  const deprecations = deprecationsOf(table, 'program');
  if (await isListed(file)) {
    const loaded = await loadYaml(file, ProgramsFile, { deprecations, roots: ['programs.*'] });
    if (!loaded.ok) return loaded;
    const yaml = loaded.yaml;
    return {
      ok: true,
      yaml: {
        file,
        programs: yaml.value.programs,
        listed: true,
        lineOf: (index, path) => yaml.lineOf(['programs', index, ...path]),
        where: (index, path) => pathText(['programs', index, ...path]),
        warnings: yaml.warnings,
      },
    };
  }
  const loaded = await loadYaml(file, SingleProgramFile, { deprecations, roots: [''] });
  if (!loaded.ok) return loaded;
  const yaml = loaded.yaml;
  return {
    ok: true,
    yaml: {
      file,
      programs: [yaml.value],
      listed: false,
      lineOf: (_index, path) => yaml.lineOf(path),
      where: (_index, path) => pathText(path),
      warnings: yaml.warnings,
    },
  };
}
