// Compiles one MJML template (kind × locale) once: strict MJML validation, then the subject, HTML and
// plain text split into literal segments and `{{ variable }}` slots.
import { relative } from 'node:path';
import mjml2html from 'mjml';
import { missingFooterItems } from '../core/email/compliance.js';
import { type CompiledTemplate, templateKey } from '../core/email/content.js';
import { decodeEntities } from '../core/email/plain-text.js';
import { slotNames, splitSlots } from '../core/email/slots.js';
import { variableNamesOf } from '../core/email/variables.js';
import type { Locale } from '../core/events.js';
import type { TouchKind } from '../core/program.js';
import { type Deprecation, deprecationWarning } from './deprecations.js';
import { deriveText, findNode, type MjmlNode } from './derive-text.js';
import {
  lineLocator,
  malformedMarkers,
  readWithIncludes,
  type SourceText,
  tagBalance,
  variableUses,
} from './mjml-source.js';
import type { BuildProblem } from './problems.js';

export interface TemplateSource {
  readonly kind: TouchKind;
  readonly locale: Locale;
  /** Absolute path of the MJML file. */
  readonly file: string;
  /** Absolute path of the templates folder: includes may not leave it. */
  readonly root: string;
  /** Renamed variables: the old name still compiles, to the new one, with a warning. */
  readonly deprecations?: readonly Deprecation[];
}

export interface CompileOutcome {
  readonly key: string;
  readonly template: CompiledTemplate | null;
  readonly problems: BuildProblem[];
  /** Every file read (the template and its partials): for the content hash and the preview's watcher. */
  readonly sources: readonly SourceText[];
  /** Deprecated variables used, at their file and line. */
  readonly warnings: readonly BuildProblem[];
}

const MJML_MESSAGE = /^Line (\d+) of (.+?)(?:, included at line \d+ of file .+?)? \(([^)]*)\) — ([\s\S]*)$/;

interface MjmlError {
  readonly line: number;
  readonly message: string;
  readonly tagName: string;
  readonly formattedMessage?: string;
}

/** MJML names the file only in its formatted message, and names the template itself by its folder. */
function problemOf(error: MjmlError, source: TemplateSource, known: readonly SourceText[]): BuildProblem {
  const m = MJML_MESSAGE.exec(error.formattedMessage ?? '');
  const named = m?.[2];
  const file = known.find((s) => s.file === named)?.file ?? source.file;
  return { file, line: error.line, message: `MJML (${error.tagName}): ${error.message.trim()}` };
}

function isMjmlValidation(error: unknown): error is { errors: MjmlError[] } {
  return typeof error === 'object' && error !== null && Array.isArray((error as { errors?: unknown }).errors);
}

/** The deprecated variables of this kind: old name → its deprecation (whose replacement the kind provides). */
function renamedVariables(source: TemplateSource): ReadonlyMap<string, Deprecation> {
  const allowed = new Set(variableNamesOf(source.kind));
  return new Map(
    (source.deprecations ?? [])
      .filter((d) => allowed.has(d.replacement) && !allowed.has(d.name))
      .map((d) => [d.name, d]),
  );
}

function deprecatedVariables(source: TemplateSource, sources: readonly SourceText[]): BuildProblem[] {
  const renamed = renamedVariables(source);
  return sources.flatMap((s) =>
    variableUses(s).flatMap((use) => {
      const deprecation = renamed.get(use.name);
      return deprecation === undefined ? [] : [deprecationWarning(use.file, use.line, deprecation, use.column)];
    }),
  );
}

/** The compiled pieces with each deprecated variable's slot under its new name. */
function renameSlots(
  slotted: CompiledTemplate['subject'],
  renamed: ReadonlyMap<string, Deprecation>,
): CompiledTemplate['subject'] {
  return renamed.size === 0
    ? slotted
    : { ...slotted, slots: slotted.slots.map((name) => renamed.get(name)?.replacement ?? name) };
}

function unknownVariables(source: TemplateSource, sources: readonly SourceText[]): BuildProblem[] {
  const allowed = new Set([...variableNamesOf(source.kind), ...renamedVariables(source).keys()]);
  return sources.flatMap((s) =>
    variableUses(s)
      .filter((use) => !allowed.has(use.name))
      .map((use) => ({
        file: use.file,
        line: use.line,
        column: use.column,
        message:
          `{{ ${use.name} }} is not a variable of ${source.kind}` +
          (use.file === source.file ? '' : ` (included by ${relative(source.root, source.file)})`) +
          `; it provides: ${[...allowed].join(', ')}`,
      })),
  );
}

/** The subject from `<mj-title>`: entities decoded, whitespace collapsed to single spaces (never a CR/LF). */
function subjectOf(json: MjmlNode): string | null {
  const title = findNode(json, 'mj-title');
  if (title === undefined) return null;
  const text = decodeEntities((title.content ?? '').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text;
}

/**
 * MJML hides the preheader (`<mj-preview>`) in white text, which SpamAssassin scores as text made
 * invisible by colour (HTML_FONT_LOW_CONTRAST). It is hidden just as well by display, size, opacity
 * and Outlook's mso-hide, so the colour goes.
 */
export function hidePreheaderWithoutColour(html: string): string {
  return html.replace(/(<div style="display:none;)([^"]*)(">)/, (_all, open: string, style: string, close: string) => {
    const kept = style.replace(/(?:^|;)\s*color:[^;]*;?/g, ';').replace(/^;/, '');
    return `${open}${kept}${kept.includes('mso-hide') ? '' : 'mso-hide:all;'}${close}`;
  });
}

export async function compileTemplate(source: TemplateSource): Promise<CompileOutcome> {
  const key = templateKey(source.kind, source.locale);
  const { sources, problems } = readWithIncludes(source.file, source.root);
  const structural = [...problems, ...sources.flatMap(tagBalance), ...sources.flatMap(malformedMarkers)];
  const variables = unknownVariables(source, sources);
  const warnings = deprecatedVariables(source, sources);
  const renamed = renamedVariables(source);
  const fail = (more: BuildProblem[] = []): CompileOutcome => ({
    key,
    template: null,
    problems: [...structural, ...variables, ...more],
    sources,
    warnings,
  });
  // A structural fault makes MJML's own messages misleading: report ours alone.
  if (structural.length > 0) return fail();

  let html: string;
  let json: MjmlNode;
  try {
    const result = await mjml2html((sources[0] as SourceText).text, {
      validationLevel: 'strict',
      filePath: source.file,
      ignoreIncludes: false,
      includePath: source.root,
      keepComments: false,
    });
    if (result.errors.length > 0) return fail(result.errors.map((e) => problemOf(e, source, sources)));
    html = hidePreheaderWithoutColour(result.html);
    json = result.json as unknown as MjmlNode;
  } catch (error) {
    if (isMjmlValidation(error)) return fail(error.errors.map((e) => problemOf(e, source, sources)));
    return fail([
      {
        file: source.file,
        line: 1,
        message: `MJML could not compile it: ${error instanceof Error ? error.message : String(error)}`,
      },
    ]);
  }

  const subject = subjectOf(json);
  // MJML's own line for mj-body counts lines of included head partials: find it in the source instead.
  const mainText = (sources[0] as SourceText).text;
  const bodyLine = mainText.includes('<mj-body') ? lineLocator(mainText)(mainText.indexOf('<mj-body')).line : 1;
  if (subject === null) {
    return fail([
      {
        file: source.file,
        line: findNode(json, 'mj-head')?.line ?? 1,
        message: 'no subject: add <mj-title>…</mj-title> inside <mj-head>',
      },
    ]);
  }
  const template: CompiledTemplate = {
    kind: source.kind,
    locale: source.locale,
    source: relative(source.root, source.file).split('\\').join('/'),
    subject: renameSlots(splitSlots(subject), renamed),
    html: renameSlots(splitSlots(html), renamed),
    text: renameSlots(splitSlots(deriveText(json)), renamed),
  };
  const footer = missingFooterItems(template).map((m) => ({
    file: source.file,
    line: bodyLine,
    message: `footer item "${m.item}" missing from the ${m.part} part: expected ${m.expected} (shared footer: templates/layout)`,
  }));
  const stray = [template.subject, template.html, template.text]
    .flatMap(slotNames)
    .filter((n) => !variableNamesOf(source.kind).includes(n));
  // The source scan already names unknown variables with their lines; this only catches what it could not see.
  const strayProblems =
    variables.length > 0
      ? []
      : [...new Set(stray)].map((n) => ({
          file: source.file,
          line: 1,
          message: `compiled output uses {{ ${n} }}, not a variable of ${source.kind}`,
        }));
  if (variables.length > 0 || footer.length > 0 || strayProblems.length > 0) return fail([...footer, ...strayProblems]);
  return { key, template, problems: [], sources, warnings };
}
