// The content artifact (`dist/content.json`): everything a send needs, compiled once by `npm run build`.
// The sender loads it at cold start; a send only looks up and fills slots.
import { z } from 'zod';
import { Catalogs } from '../catalogs.js';
import { Locale } from '../events.js';
import { SourcesConfig } from '../partner-events.js';
import { Program, TouchKind } from '../program.js';
import { Sender } from './sender.js';
import { Slotted } from './slots.js';

export const CONTENT_FORMAT = 1;

export const CompiledTemplate = z.strictObject({
  kind: TouchKind,
  locale: Locale,
  /** The MJML file it was compiled from, relative to the templates folder (for messages). */
  source: z.string(),
  subject: Slotted,
  html: Slotted,
  text: Slotted,
});
export type CompiledTemplate = z.infer<typeof CompiledTemplate>;

export const Content = z.strictObject({
  format: z.literal(CONTENT_FORMAT),
  /** The default program (the last of `programs`). */
  program: Program,
  /** Every program, in rule order, the default last: emails name milestones and features of any of them. */
  programs: z.array(Program).min(1),
  catalogs: Catalogs,
  sender: Sender,
  /** How Segment's and RudderStack's messages map onto the contract (templates/sources.yaml, optional). */
  sources: SourcesConfig.optional(),
  /** Keyed `<kind>/<locale>`, as `PlannedTouch.template`. */
  templates: z.record(z.string(), CompiledTemplate),
  builtAt: z.string(),
  /** Digest of every source file the build read: two artifacts with one hash have the same content. */
  hash: z.string(),
});
export type Content = z.infer<typeof Content>;

export function templateKey(kind: TouchKind, locale: Locale): string {
  return `${kind}/${locale}`;
}
