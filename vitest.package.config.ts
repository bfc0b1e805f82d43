// The package test (npm run test:package, run by .ci/run after npm test): packs teichaku, installs the
// tarball into a temporary folder and uses it as a company would. Apart from the suite because it
// installs from the npm cache and takes a minute or two.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
