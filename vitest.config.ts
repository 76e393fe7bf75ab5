import { defineConfig } from 'vitest/config';

// vitest reads the default export of its config file.
// eslint-disable-next-line no-restricted-syntax
export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-renderer/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores: engine tests load ONNX sessions; run files in a small pool.
    pool: 'forks',
    maxWorkers: 2,
  },
});
