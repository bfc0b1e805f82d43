#!/usr/bin/env node
// The `teichaku` command. In the repository it runs the TypeScript sources through tsx's loader, so
// it is never behind what is checked out (a lib/ left by `npm run package` may be stale); the npm
// package ships no sources and runs the compiled lib/ with plain Node.
import { existsSync } from 'node:fs';

const sources = new URL('../functions/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../lib/functions/cli/main.js'));
}
process.exitCode = await main(process.argv);
