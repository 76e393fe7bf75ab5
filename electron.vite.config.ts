import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * Builds the three parts of the desktop app into out/ (electron-vite's layout):
 *
 * - main: the Electron main process (out/main/index.js), the backend utility process
 *   (backend.js: API handlers, engine host, SQLite) and the engine worker process (worker.js).
 *   Native packages (onnxruntime-node, better-sqlite3) stay external and load from node_modules.
 * - preload: CommonJS and self-contained, because a sandboxed preload can neither be an ES module
 *   nor require npm packages.
 * - renderer: the React app, also served by `promptscope serve` from out/renderer.
 */
// electron-vite reads the default export of its config file.
// eslint-disable-next-line no-restricted-syntax
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          backend: resolve('src-main/electron/backend.ts'),
          worker: resolve('src-main/engine/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require nothing but electron: bundle everything it imports.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // Monaco and ECharts are large by nature; they are split into their own chunks.
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
