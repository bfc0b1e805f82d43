// The compiled content artifact on disk (dist/content.json, bundled next to the sender), loaded once
// per container at cold start; the renderer it makes only fills slots.
import { readFileSync } from 'node:fs';
import { Content } from '../core/email/content.js';
import { renderEmail } from '../core/email/render.js';
import { TeichakuError } from '../core/errors.js';
import type { EmailRenderer } from '../core/ports.js';

/** The artifact could not be read or is not one this code understands: rebuild it. */
export class ContentFileError extends TeichakuError {
  readonly code = 'CONTENT_FILE';
  override readonly name = 'ContentFileError';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`content artifact ${path}: ${detail}; run npm run build to produce it`);
  }
}

/** Reads and parses the artifact; throws ContentFileError naming the path and the first bad fields. */
export function loadContentFile(path: string): Content {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'is not readable JSON';
    throw new ContentFileError(path, reason);
  }
  const parsed = Content.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ContentFileError(path, `does not match the expected format (${fields.join('; ')})`);
  }
  return parsed.data;
}

export function createRenderer(content: Content): EmailRenderer {
  return { render: (input) => renderEmail(content, input) };
}
