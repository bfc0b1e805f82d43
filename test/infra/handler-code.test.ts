// The construct takes each handler's code one of two ways: bundled from the TypeScript sources
// (the repository) or pre-bundled by `npm run package` (the npm package). Everything but the code
// is the same either way, and pre-bundled code deploys with the content file and report assets.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGED_HANDLERS } from '../../infra/handler-function.js';
import {
  aContentFile,
  aTemporaryDir,
  buildTeichaku,
  FIXTURE_HANDLERS_DIR,
  removeTemporaryDirs,
  synthTeichaku,
} from './fixtures/synth.js';
import { functionNamed, resourcesOf } from './fixtures/template-queries.js';

afterAll(removeTemporaryDirs);

// Two synths in one test take seconds on a busy machine.
const SYNTH_TIMEOUT_MS = 120_000;

/** A folder laid out as lib/handlers: `<name>/index.mjs` (and its map) per handler, no sources. */
function preBundledHandlers(): string {
  const dir = aTemporaryDir();
  for (const name of PACKAGED_HANDLERS) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'index.mjs'), `export const handler = async () => '${name}';\n`);
    writeFileSync(join(dir, name, 'index.mjs.map'), '{"version":3,"sources":[],"mappings":""}\n');
  }
  return dir;
}

/** Every function's properties but its code, by logical id. */
function functionsWithoutCode(template: Template): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    resourcesOf(template, 'AWS::Lambda::Function').map(([id, resource]) => {
      const { Code: _code, ...rest } = (resource as { Properties: Record<string, unknown> }).Properties;
      return [id, rest];
    }),
  );
}

describe('handler code', () => {
  it(
    'gives every function the same properties from sources and pre-bundled: runtime, architecture, memory, environment, role, handler',
    () => {
      const fromSources = functionsWithoutCode(
        synthTeichaku({ handlersDir: FIXTURE_HANDLERS_DIR, weeklyReport: true, dailyDigest: true }).template,
      );
      const preBundled = functionsWithoutCode(
        synthTeichaku({ handlersDir: preBundledHandlers(), weeklyReport: true, dailyDigest: true }).template,
      );
      expect(Object.keys(fromSources)).toHaveLength(PACKAGED_HANDLERS.length);
      expect(preBundled).toEqual(fromSources);
      for (const properties of Object.values(preBundled)) {
        expect(properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
      }
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'deploys pre-bundled code with the content file beside it, and the report assets for the report',
    () => {
      const contentFile = aContentFile();
      const { app, template } = synthTeichaku(
        { handlersDir: preBundledHandlers(), weeklyReport: true, contentFile },
        { bundle: true },
      );
      const out = app.synth().directory;
      const assetOf = (name: string) =>
        join(
          out,
          `asset.${(functionNamed(template, name).properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`,
        );
      for (const name of ['planner', 'sender', 'report']) {
        expect(readFileSync(join(assetOf(name), 'index.mjs'), 'utf8')).toContain(`'${name}'`);
        expect(readFileSync(join(assetOf(name), 'content.json'), 'utf8')).toBe(readFileSync(contentFile, 'utf8'));
      }
      expect(existsSync(join(assetOf('unsubscribe'), 'content.json'))).toBe(false);
      for (const file of ['report-assets/report.css', 'report-assets/report.js', 'report-assets/chart.umd.js'])
        expect(existsSync(join(assetOf('report'), file)), file).toBe(true);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'deploys new code when only the content file changes',
    () => {
      const handlersDir = preBundledHandlers();
      const codeOf = (contentFile: string) =>
        (
          functionNamed(synthTeichaku({ handlersDir, contentFile }, { bundle: true }).template, 'sender').properties
            .Code as { S3Key: string }
        ).S3Key;
      const first = aContentFile();
      const second = aContentFile();
      writeFileSync(second, JSON.stringify({ program: { id: 'changed' }, templates: {} }));
      expect(codeOf(first)).not.toBe(codeOf(second));
    },
    SYNTH_TIMEOUT_MS,
  );

  it('names both places it looked when a handler is in neither', () => {
    expect(() => synthTeichaku({ handlersDir: aTemporaryDir() })).toThrow(
      /unsubscribe\.ts does not exist .*or pre-bundled code at \S*unsubscribe\/index\.mjs/,
    );
  });

  it(
    'bundles the repository’s handler sources by default, never a lib/ left by npm run package',
    () => {
      const { teichaku } = buildTeichaku({ handlersDir: undefined });
      expect(teichaku.senderFunction).toBeInstanceOf(NodejsFunction);
      expect(buildTeichaku({ handlersDir: preBundledHandlers() }).teichaku.senderFunction).not.toBeInstanceOf(
        NodejsFunction,
      );
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe('the content a project built', () => {
  const cwd = process.cwd();
  afterAll(() => process.chdir(cwd));

  it(
    'is dist/content.json in the folder cdk runs from, with no prop',
    () => {
      // Pre-bundled handlers, as a project has them from the package (NodejsFunction would look for the project's lock file).
      const handlersDir = preBundledHandlers();
      const project = aTemporaryDir();
      process.chdir(project);
      expect(() => buildTeichaku({ contentFile: undefined, handlersDir })).toThrow(
        /\(dist\/content\.json\) do not exist; run `npm run build` first \(`npx teichaku build`/,
      );
      mkdirSync(join(project, 'dist'));
      writeFileSync(join(project, 'dist/content.json'), JSON.stringify({ program: { id: 'project' }, templates: {} }));
      expect(() => buildTeichaku({ contentFile: undefined, handlersDir })).not.toThrow();
    },
    SYNTH_TIMEOUT_MS,
  );
});
