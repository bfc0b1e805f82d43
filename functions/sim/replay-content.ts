// The content a replay sends with: the templates folder next to the program file, built as
// `npm run build` builds it (MJML compiled once, catalogs checked), so a replay shows the emails CS
// ops have right now. A program file other than the folder's program.yaml replaces its program.
import { basename, dirname, resolve } from 'node:path';
import type { Content } from '../core/email/content.js';
import { Program } from '../core/program.js';
import { buildContent } from '../build/build-content.js';
import { ContentBuildError } from '../build/problems.js';
import { loadYaml } from '../build/yaml-file.js';

export async function loadReplayContent(programFile: string, buildAt: string): Promise<Content> {
  const file = resolve(programFile);
  const content = await buildContent(dirname(file), new Date(Date.parse(buildAt)));
  if (basename(file) === 'program.yaml') return content;
  const program = await loadYaml(file, Program);
  if (!program.ok) throw new ContentBuildError(program.problems);
  return { ...content, program: program.yaml.value };
}
