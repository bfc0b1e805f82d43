// What the build found wrong, each with the file and line a CS-ops person should open.
import { relative } from 'node:path';
import { TeichakuError } from '../core/errors.js';

export interface BuildProblem {
  /** Absolute path of the file at fault (or the file that should exist). */
  readonly file: string;
  /** 1-based; absent when the problem is the file's absence. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** `file:line:column: message`, with the file relative to `base` when it lies under it. */
export function formatProblem(problem: BuildProblem, base: string = process.cwd()): string {
  const rel = relative(base, problem.file);
  const file = rel.startsWith('..') || rel === '' ? problem.file : rel;
  const where =
    problem.line === undefined
      ? file
      : `${file}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  return `${where}: ${problem.message}`;
}

/** The build found problems; nothing was written. */
export class ContentBuildError extends TeichakuError {
  readonly code = 'CONTENT_BUILD';
  override readonly name = 'ContentBuildError';
  constructor(readonly problems: readonly BuildProblem[]) {
    super(
      `content build failed with ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
  }
}
