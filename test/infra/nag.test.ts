// The cdk-nag gate over the default construct, bundled for real: zero unacknowledged AwsSolutions
// findings, and each function's asset is an ES module with the build's content where it is needed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HANDLER_ENV, type HandlerName } from '../../functions/handlers/config.js';
import { aContentFile, buildTeichaku } from './fixtures/synth.js';
import { functionNamed } from './fixtures/template-queries.js';

const contentFile = aContentFile();
const { app, stack } = buildTeichaku({ contentFile }, { bundle: true, nag: true });

describe('cdk-nag AwsSolutions over the Teichaku construct', () => {
  it('synthesizes with no unacknowledged finding', () => {
    expect(() => app.synth()).not.toThrow();
  });

  it('bundles each function as an ES module that can still require CommonJS dependencies', () => {
    const template = Template.fromStack(stack);
    for (const name of ['ingest', 'planner', 'sender', 'engagement', 'unsubscribe']) {
      const bundle = readFileSync(join(assetDirOf(template, name), 'index.mjs'), 'utf8');
      expect(bundle.startsWith("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"), name).toBe(
        true,
      );
      expect(bundle, name).toMatch(/export\s*\{[^}]*handler/);
    }
  });

  it('puts the content file next to the bundle of exactly the functions that plan and render', () => {
    const template = Template.fromStack(stack);
    const handlers = Object.keys(HANDLER_ENV) as HandlerName[];
    const withContent = handlers.filter((name) => (HANDLER_ENV[name] as readonly string[]).includes('CONTENT_FILE'));
    expect(withContent).toContain('sender');
    for (const name of handlers) {
      expect(existsSync(join(assetDirOf(template, name), 'content.json')), name).toBe(withContent.includes(name));
    }
    expect(readFileSync(join(assetDirOf(template, 'sender'), 'content.json'), 'utf8')).toBe(readFileSync(contentFile, 'utf8'));
  });
});

function assetDirOf(template: Template, name: string): string {
  const code = functionNamed(template, name).properties.Code as { S3Key: string };
  return join(app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
}
