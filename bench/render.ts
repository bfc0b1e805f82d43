// Rendering one email: filling the build-time artifact (what the sender does) against compiling the
// MJML for every send (what a naive sender would do), both to the same subject, HTML and text.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mjml2html from 'mjml';
import { createRenderer } from '../functions/adapters/content-file.js';
import { buildContent } from '../functions/build/build-content.js';
import { deriveText, findNode, type MjmlNode } from '../functions/build/derive-text.js';
import { Content } from '../functions/core/email/content.js';
import { escapeHtml, oneLine, subjectValue } from '../functions/core/email/escape.js';
import { sampleInputs } from '../functions/core/email/samples.js';
import { fillSlots, splitSlots } from '../functions/core/email/slots.js';
import { touchVariables } from '../functions/core/email/touch-variables.js';
import type { RenderedEmail, RenderInput } from '../functions/core/ports.js';
import type { BenchRow } from './row.js';

const TEMPLATES = resolve(import.meta.dirname, '../templates');
const TARGET_RATIO = 500;
const NOW = '2026-11-25T03:00:00.000Z';

/** The per-send MJML path: compile the template, then fill and derive text exactly as the build does. */
async function compileAndRender(content: Content, input: RenderInput): Promise<RenderedEmail> {
  const file = join(TEMPLATES, 'emails', `${input.touch.template}.mjml`);
  const result = await mjml2html(readFileSync(file, 'utf8'), {
    validationLevel: 'strict',
    filePath: file,
    ignoreIncludes: false,
    includePath: TEMPLATES,
    keepComments: false,
  });
  const json = result.json as unknown as MjmlNode;
  const values = touchVariables(content, input, input.touch.locale) as unknown as Record<string, string>;
  const subject = (findNode(json, 'mj-title')?.content ?? '').replace(/\s+/g, ' ').trim();
  return {
    subject: fillSlots(splitSlots(subject), values, subjectValue),
    html: fillSlots(splitSlots(result.html), values, escapeHtml),
    text: fillSlots(splitSlots(deriveText(json)), values, oneLine),
  };
}

export async function measure(options: { smoke: boolean }): Promise<BenchRow[]> {
  // Through JSON, as the sender gets it from dist/content.json.
  const content = Content.parse(JSON.parse(JSON.stringify(await buildContent(TEMPLATES, new Date(NOW)))));
  const inputs = sampleInputs(content, NOW).flatMap((s) => (s.ok ? [s.input] : []));
  const renderer = createRenderer(content);

  const fastRuns = options.smoke ? 600 : 60_000;
  const slowRuns = options.smoke ? 6 : 60;
  let bytes = 0;
  for (let i = 0; i < 200; i++) bytes += renderer.render(inputs[i % inputs.length] as RenderInput).html.length;
  await compileAndRender(content, inputs[0] as RenderInput);

  // Interleaved rounds: both sides see the same machine load (other processes share these cores).
  const rounds = options.smoke ? 2 : 6;
  let fastMs = 0;
  let slowMs = 0;
  for (let round = 0; round < rounds; round++) {
    let started = performance.now();
    for (let i = 0; i < fastRuns / rounds; i++)
      bytes += renderer.render(inputs[i % inputs.length] as RenderInput).html.length;
    fastMs += performance.now() - started;
    started = performance.now();
    for (let i = 0; i < slowRuns / rounds; i++)
      bytes += (await compileAndRender(content, inputs[i % inputs.length] as RenderInput)).html.length;
    slowMs += performance.now() - started;
  }
  const fastUs = (fastMs * 1000) / fastRuns;
  const slowUs = (slowMs * 1000) / slowRuns;

  const ratio = slowUs / fastUs;
  return [
    {
      measure: 'render one email (subject, HTML, text)',
      value: `${fastUs.toFixed(1)} µs from the compiled artifact`,
      baseline: `${(slowUs / 1000).toFixed(1)} ms compiling MJML per send`,
      ratio: `${Math.round(ratio)}×`,
      target: `≥ ${TARGET_RATIO}×`,
      holds: ratio >= TARGET_RATIO,
      figures: {
        artifactUs: fastUs,
        mjmlPerSendUs: slowUs,
        ratio,
        fastRuns,
        slowRuns,
        templates: inputs.length,
        checksum: bytes % 1000,
      },
    },
  ];
}
