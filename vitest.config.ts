import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships both ESM and CJS builds; Apollo's packages require the CJS one. Vite would
    // hand our own imports the ESM one, and graphql refuses schemas mixing the two realms.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default is one worker less than the cores: a single worker on a 2-core machine,
    // idle while its tests wait on servers, timers and the network. Two keep both cores busy.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
