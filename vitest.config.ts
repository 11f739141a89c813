/** Vitest configuration: unit tests next to the packages, integration tests under test/. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/setup/closing-line.ts'],
    globalSetup: ['test/setup/local-aws.ts'],
  },
});
