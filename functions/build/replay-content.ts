// The content a replay sends with: the templates folder next to the program file, built as
// `npm run build` builds it (MJML compiled once, catalogs checked), so a replay shows the emails CS
// ops have right now. A program file other than the folder's program.yaml replaces its programs.
import { basename, dirname, resolve } from 'node:path';
import type { Content } from '../core/email/content.js';
import { defaultProgramOf } from '../core/programs.js';
import { buildContent } from './build-content.js';
import { ContentBuildError } from './problems.js';
import { loadProgramFile } from './program-file.js';

export async function loadReplayContent(programFile: string, buildAt: string): Promise<Content> {
  const file = resolve(programFile);
  const content = await buildContent(dirname(file), new Date(Date.parse(buildAt)));
  if (basename(file) === 'program.yaml') return content;
  const loaded = await loadProgramFile(file);
  if (!loaded.ok) throw new ContentBuildError(loaded.problems);
  return { ...content, program: defaultProgramOf(loaded.yaml.programs), programs: [...loaded.yaml.programs] };
}
