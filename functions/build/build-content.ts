// `npm run build` in-process: reads templates/ (program, catalogs, sender, MJML per kind × locale),
// checks everything, and returns the content artifact, or every problem with its file and line.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { FeatureTip, SuccessStory, Webinar } from '../core/catalogs.js';
import { CONTENT_FORMAT, type CompiledTemplate, type Content, templateKey } from '../core/email/content.js';
import { checkedVariables, renderEmail } from '../core/email/render.js';
import { sampleInputs } from '../core/email/samples.js';
import { Sender } from '../core/email/sender.js';
import { Locale } from '../core/events.js';
import { SourcesConfig } from '../core/partner-events.js';
import { TOUCH_KINDS, TouchKind } from '../core/program.js';
import { defaultProgramOf } from '../core/programs.js';
import { checkCatalogs } from './check-catalogs.js';
import { promotionalFooterProblems } from './check-promotional-footer.js';
import { replyToProblems } from './check-reply-to.js';
import { surveyOptOutProblems } from './check-survey-opt-out.js';
import { type CompileOutcome, compileTemplate } from './compile-template.js';
import { DEPRECATIONS, type Deprecation, deprecationsOf } from './deprecations.js';
import { type BuildProblem, ContentBuildError } from './problems.js';
import { loadProgramFile } from './program-file.js';
import { loadYaml } from './yaml-file.js';

export const LOCALES = Locale.options;

export interface BuildReport {
  /** The artifact when there are no problems, else null. */
  readonly content: Content | null;
  /**
   * Whatever could be built: program, catalogs and sender when their files parse, with the templates
   * that compiled. The preview renders from it so one broken template does not hide the others.
   */
  readonly partial: Content | null;
  readonly problems: readonly BuildProblem[];
  /** Per `<kind>/<locale>`: the compiled template or its own problems (the preview shows them in place). */
  readonly templates: Readonly<Record<string, CompileOutcome>>;
  /** Problems not tied to one template (program, catalogs, sender, missing files). */
  readonly sharedProblems: readonly BuildProblem[];
  /** Deprecated fields and variables used (each names file, line and replacement); they do not stop the build. */
  readonly warnings: readonly BuildProblem[];
}

/** Unknown folders and files under emails/: a typo there would otherwise be a template silently unused. */
function strayTemplateFiles(emailsDir: string): BuildProblem[] {
  let entries: string[];
  try {
    entries = readdirSync(emailsDir);
  } catch {
    return [{ file: emailsDir, message: 'the emails folder is missing; it holds <kind>/<locale>.mjml' }];
  }
  return entries.flatMap((entry): BuildProblem[] => {
    const path = join(emailsDir, entry);
    if (entry.startsWith('.')) return [];
    if (!statSync(path).isDirectory() || !TouchKind.safeParse(entry).success) {
      return [
        { file: path, message: `not a touch kind; emails/ holds one folder per kind: ${TOUCH_KINDS.join(', ')}` },
      ];
    }
    return readdirSync(path)
      .filter((f) => !f.startsWith('.') && !LOCALES.some((l) => f === `${l}.mjml`))
      .map((f) => ({
        file: join(path, f),
        message: `not a template; each kind holds ${LOCALES.map((l) => `${l}.mjml`).join(' and ')}`,
      }));
  });
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function digest(root: string, files: readonly { file: string; text: string }[]): string {
  const hash = createHash('sha256');
  const unique = new Map(files.map((f) => [f.file, f.text]));
  for (const file of [...unique.keys()].sort()) hash.update(`${relative(root, file)}\0${unique.get(file)}\0`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Compiled templates kept between builds of one folder (the preview rebuilds on every save): a
 * template whose files all read the same as last time is not compiled again.
 */
export type BuildCache = Map<string, CompileOutcome>;

function unchanged(outcome: CompileOutcome): boolean {
  return outcome.sources.every((s) => {
    try {
      return readFileSync(s.file, 'utf8') === s.text;
    } catch {
      return false;
    }
  });
}

/** Builds and reports everything; never throws for a content problem. */
export async function buildReport(
  templatesDir: string,
  now: Date = new Date(),
  cache?: BuildCache,
  table: readonly Deprecation[] = DEPRECATIONS,
): Promise<BuildReport> {
  const root = resolve(templatesDir);
  const programFile = join(root, 'program.yaml');
  // A catalog is a list: under its name beside the version since 0.2, a bare list before.
  const catalog = (scope: 'features' | 'webinars' | 'stories') => ({
    deprecations: deprecationsOf(table, `catalogs/${scope}`),
    roots: ['*'],
    listKey: scope,
  });
  const [program, features, webinars, stories, sender] = await Promise.all([
    loadProgramFile(programFile, table),
    loadYaml(join(root, 'catalogs/features.yaml'), z.array(FeatureTip), catalog('features')),
    loadYaml(join(root, 'catalogs/webinars.yaml'), z.array(Webinar), catalog('webinars')),
    loadYaml(join(root, 'catalogs/stories.yaml'), z.array(SuccessStory), catalog('stories')),
    loadYaml(join(root, 'sender.yaml'), Sender, { deprecations: deprecationsOf(table, 'sender'), roots: [''] }),
  ]);
  // Optional: only a deployment that takes Segment's or RudderStack's events needs it.
  const sourcesFile = join(root, 'sources.yaml');
  const sources = exists(sourcesFile) ? await loadYaml(sourcesFile, SourcesConfig) : null;
  const fileWarnings = [program, features, webinars, stories, sender].flatMap((r) => (r.ok ? r.yaml.warnings : []));
  const shared: BuildProblem[] = [program, features, webinars, stories, sender].flatMap((r) =>
    r.ok ? [] : r.problems,
  );
  if (sources !== null && !sources.ok) shared.push(...sources.problems);
  if (program.ok && features.ok && webinars.ok && stories.ok) {
    shared.push(
      ...checkCatalogs({
        program: program.yaml,
        features: features.yaml,
        webinars: webinars.yaml,
        stories: stories.yaml,
      }),
    );
  }
  const emailsDir = join(root, 'emails');
  shared.push(...strayTemplateFiles(emailsDir));

  const templates: Record<string, CompileOutcome> = {};
  for (const kind of TOUCH_KINDS) {
    for (const locale of LOCALES) {
      const file = join(emailsDir, kind, `${locale}.mjml`);
      if (!exists(file)) {
        shared.push({ file, message: `missing: every kind needs a template per locale (${LOCALES.join(', ')})` });
        continue;
      }
      const key = templateKey(kind, locale);
      const cached = cache?.get(key);
      const outcome =
        cached !== undefined && unchanged(cached)
          ? cached
          : await compileTemplate({ kind, locale, file, root, deprecations: deprecationsOf(table, 'variable') });
      // Only clean outcomes are kept: a problem may come from a file not among the sources (a missing include).
      if (outcome.problems.length === 0) cache?.set(key, outcome);
      else cache?.delete(key);
      templates[key] = outcome;
    }
  }
  const templateProblems = [
    ...Object.values(templates).flatMap((t) => t.problems),
    ...(program.ok ? promotionalFooterProblems(templates, program.yaml.programs, emailsDir) : []),
    ...(sender.ok ? replyToProblems(templates, sender.yaml.value, emailsDir) : []),
    ...surveyOptOutProblems(templates, emailsDir),
  ];
  const problems = [...shared, ...templateProblems];
  const warnings = [...fileWarnings, ...Object.values(templates).flatMap((t) => t.warnings)];
  if (!program.ok || !features.ok || !webinars.ok || !stories.ok || !sender.ok || (sources !== null && !sources.ok)) {
    return { content: null, partial: null, problems, templates, sharedProblems: shared, warnings };
  }
  const sourceFiles = [
    programFile,
    features.yaml.file,
    webinars.yaml.file,
    stories.yaml.file,
    sender.yaml.file,
    ...(sources?.ok ? [sources.yaml.file] : []),
  ].map((file) => ({
    file,
    text: readFileSync(file, 'utf8'),
  }));
  const compiled = Object.entries(templates).flatMap(([key, t]): [string, CompiledTemplate][] =>
    t.template === null ? [] : [[key, t.template]],
  );
  const content: Content = {
    format: CONTENT_FORMAT,
    program: defaultProgramOf(program.yaml.programs),
    programs: [...program.yaml.programs],
    catalogs: { features: features.yaml.value, webinars: webinars.yaml.value, stories: stories.yaml.value },
    sender: sender.yaml.value,
    ...(sources?.ok ? { sources: sources.yaml.value } : {}),
    templates: Object.fromEntries(compiled),
    builtAt: now.toISOString(),
    hash: digest(root, [...sourceFiles, ...Object.values(templates).flatMap((t) => t.sources)]),
  };
  if (problems.length > 0)
    return { content: null, partial: content, problems, templates, sharedProblems: shared, warnings };

  // Render every template once with sample values: what passes here renders for any valid touch.
  const renderProblems = sampleInputs(content, now.toISOString()).flatMap((sample): BuildProblem[] => {
    const file = join(emailsDir, `${sample.key}.mjml`);
    if (!sample.ok) return [{ file, message: `cannot make a sample to render: ${sample.problem}` }];
    try {
      checkedVariables(content, sample.input);
      renderEmail(content, sample.input);
      return [];
    } catch (error) {
      return [
        {
          file,
          line: 1,
          message: `does not render with sample values: ${error instanceof Error ? error.message : String(error)}`,
        },
      ];
    }
  });
  if (renderProblems.length > 0)
    return {
      content: null,
      partial: content,
      problems: renderProblems,
      templates,
      sharedProblems: renderProblems,
      warnings,
    };
  return { content, partial: content, problems: [], templates, sharedProblems: [], warnings };
}

/** The content artifact of `templatesDir`; throws ContentBuildError naming every problem's file and line. */
export async function buildContent(templatesDir: string, now: Date = new Date()): Promise<Content> {
  const report = await buildReport(templatesDir, now);
  if (report.content === null) throw new ContentBuildError(report.problems);
  return report.content;
}
