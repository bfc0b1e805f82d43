// The package test (npm run test:package, run by .ci/run after npm test): packs teichaku, installs the
// tarball into a temporary folder and uses it as a company would. Apart from the suite because it
// installs from the npm cache and takes a minute or two.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 300_000,
    // Removing the temporary install (aws-cdk-lib alone is 160 MB of small files) takes a minute on a busy machine.
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
