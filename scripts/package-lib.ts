// `npm run package` (and `prepack`): what `npm pack` ships under lib/. The compiled JavaScript and
// type declarations of functions/ and infra/ (tsc, tsconfig.build.json), the runtime assets the code
// reads next to itself, and each Lambda handler bundled once by esbuild into lib/handlers/<name>/,
// with the options NodejsFunction uses in this repository, so a user's synth bundles nothing.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { HANDLER_BUNDLING, PACKAGED_HANDLERS } from '../infra/handler-function.js';

const ROOT = resolve(import.meta.dirname, '..');
const LIB = join(ROOT, 'lib');

async function main(): Promise<void> {
  const started = performance.now();
  rmSync(LIB, { recursive: true, force: true });
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  // render-html.ts reads its page assets from `./assets` beside itself (import.meta.url).
  cpSync(join(ROOT, 'functions/report/assets'), join(LIB, 'functions/report/assets'), { recursive: true });
  const compiledMs = performance.now() - started;

  for (const name of PACKAGED_HANDLERS) {
    await build({
      entryPoints: [join(ROOT, 'functions/handlers', `${name}.ts`)],
      outfile: join(LIB, 'handlers', name, 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: HANDLER_BUNDLING.target,
      mainFields: [...HANDLER_BUNDLING.mainFields],
      banner: { js: HANDLER_BUNDLING.banner },
      minify: HANDLER_BUNDLING.minify,
      sourcemap: HANDLER_BUNDLING.sourceMap,
      sourcesContent: HANDLER_BUNDLING.sourcesContent,
      logLevel: 'warning',
    });
  }
  const sizeKb =
    PACKAGED_HANDLERS.reduce((sum, name) => sum + statSync(join(LIB, 'handlers', name, 'index.mjs')).size, 0) / 1024;
  if (!existsSync(join(LIB, 'functions/cli/main.js')))
    throw new Error('package: tsc wrote no lib/functions/cli/main.js');
  console.log(
    `package: compiled functions/ and infra/ into lib/ in ${(compiledMs / 1000).toFixed(1)} s; ` +
      `bundled ${PACKAGED_HANDLERS.length} handlers (${Math.round(sizeKb)} KB) in ${((performance.now() - started - compiledMs) / 1000).toFixed(1)} s`,
  );
}

await main();
