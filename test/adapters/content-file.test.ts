import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentFileError, createRenderer, loadContentFile } from '../../functions/adapters/content-file.js';
import { buildContent } from '../../functions/build/build-content.js';
import type { Content } from '../../functions/core/email/content.js';
import { sampleInput } from '../../functions/core/email/samples.js';
import { SHIPPED_TEMPLATES } from '../build/temp-templates.js';

let dir: string;
let content: Content;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'teichaku-content-'));
  content = await buildContent(SHIPPED_TEMPLATES);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadContentFile', () => {
  it('loads an artifact written as JSON and renders from it like the in-memory content', () => {
    const path = join(dir, 'content.json');
    writeFileSync(path, JSON.stringify(content));
    const loaded = loadContentFile(path);
    expect(loaded.hash).toBe(content.hash);
    const sample = sampleInput(loaded, 'webinar-invite', 'ja', '2026-11-25T03:00:00Z');
    if (!sample.ok) throw new Error(sample.problem);
    expect(createRenderer(loaded).render(sample.input)).toEqual(createRenderer(content).render(sample.input));
  });

  it('names the path and says to build when the file is missing', () => {
    expect(() => loadContentFile(join(dir, 'nope.json'))).toThrow(ContentFileError);
    expect(() => loadContentFile(join(dir, 'nope.json'))).toThrow(/nope\.json: not found; run npm run build/);
  });

  it('rejects an artifact of another format, naming the field', () => {
    const path = join(dir, 'old.json');
    writeFileSync(path, JSON.stringify({ ...content, format: 0 }));
    expect(() => loadContentFile(path)).toThrow(/format/);
  });

  it('rejects a file that is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ not json');
    expect(() => loadContentFile(path)).toThrow(/not readable JSON/);
  });
});
