import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Builds dist/ before the tests and before every watch-mode rerun: CLI tests never run a stale build.
    globalSetup: ['test/support/build.ts'],
    // The JSON report lets .ci/run print the plain "N passed, N failed" line CI reads.
    reporters: ['default', ['json', { outputFile: '.test-results.json' }]],
  },
});
