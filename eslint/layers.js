// The layer table (docs/ARCHITECTURE.md "Layers"): every linted file belongs to exactly one layer,
// found by the longest matching `files` prefix, and each layer names what it may import — other
// layers' folders (path prefixes from the repository root), npm packages, and whether Node's
// built-in modules. Anything not named is an error. An allowlist, as VS Code's
// `code-import-patterns`, so a new folder or package is a decision, not an accident.

/** Packages any test file may import besides its layer's (the runner and the reference implementation). */
export const testPackages = ['vitest', '@huggingface/transformers'];
/** Folders any test file may import besides its layer's (shared fixtures and suites). */
export const testFolders = ['test/', 'src-main/paths.ts'];

const shared = 'src-shared/';
const main = (folder) => `src-main/${folder}`;

export const layers = [
  { layer: 'shared', files: ['src-shared/'], may: [shared], packages: ['zod', 'pure-rand', 'ml-matrix'], node: false },
  { layer: 'renderer', files: ['src-renderer/'], may: ['src-renderer/', shared], packages: ['react', 'react-dom', 'zustand', 'echarts', 'monaco-editor', '@monaco-editor/react', 'zod', 'yaml'], node: false },
  { layer: 'paths', files: [main('paths.ts'), main('content-security-policy.ts'), main('fs-errors.ts')], may: [shared], packages: [], node: true },
  { layer: 'engine', files: [main('engine/')], may: [main('engine/'), shared], packages: ['onnxruntime-node', '@huggingface/tokenizers', 'protobufjs'], node: true },
  { layer: 'storage', files: [main('storage/')], may: [main('storage/'), shared], packages: ['better-sqlite3'], node: true },
  { layer: 'models', files: [main('models/')], may: [main('models/'), main('paths.ts'), shared], packages: [], node: true },
  { layer: 'experiments', files: [main('experiments/')], may: [main('experiments/'), main('engine/'), main('storage/'), shared], packages: ['better-sqlite3', 'csv-parse', 'yaml', 'zod'], node: true },
  { layer: 'finetune', files: [main('finetune/')], may: [main('finetune/'), main('experiments/'), main('engine/'), main('storage/'), shared], packages: ['better-sqlite3'], node: true },
  {
    layer: 'use-cases',
    files: [main('use-cases/')],
    may: [main('use-cases/'), main('experiments/'), main('finetune/'), main('engine/'), main('storage/'), main('models/'), main('paths.ts'), shared],
    packages: ['better-sqlite3'],
    node: true,
  },
  {
    layer: 'api',
    files: [main('api/')],
    may: [main('api/'), main('use-cases/'), main('experiments/'), main('finetune/'), main('engine/'), main('storage/'), main('models/'), main('paths.ts'), main('fs-errors.ts'), shared],
    packages: ['better-sqlite3', 'zod'],
    node: true,
  },
  { layer: 'server', files: [main('server/')], may: [main('server/'), main('api/'), main('content-security-policy.ts'), shared], packages: ['ws'], node: true },
  { layer: 'electron', files: [main('electron/')], may: [main('electron/'), main('api/'), main('content-security-policy.ts'), shared], packages: ['electron'], node: true },
  {
    layer: 'cli',
    files: [main('cli/')],
    may: [main('cli/'), main('server/'), main('api/'), main('use-cases/'), main('experiments/'), main('finetune/'), main('engine/'), main('storage/'), main('models/'), main('paths.ts'), main('fs-errors.ts'), shared],
    packages: ['commander', 'cli-progress'],
    node: true,
  },
  { layer: 'bin', files: ['bin/'], may: [main('cli/main.ts')], packages: ['tsx'], node: true },
  { layer: 'scripts', files: ['scripts/'], may: ['scripts/'], packages: ['@huggingface/tokenizers', 'onnxruntime-node'], node: true },
  { layer: 'bench', files: ['bench/'], may: ['bench/', 'src-main/', shared, 'test/support/'], packages: ['onnxruntime-node', '@huggingface/transformers'], node: true },
  { layer: 'test', files: ['test/'], may: ['test/', 'src-main/', shared, 'eslint/'], packages: ['better-sqlite3', '@huggingface/tokenizers', 'eslint', 'typescript-eslint', 'eslint-plugin-react-hooks', 'yaml', 'playwright-core'], node: true },
  { layer: 'e2e', files: ['e2e/'], may: ['e2e/', 'test/support/', shared], packages: ['@playwright/test', 'ws'], node: true },
  {
    layer: 'config',
    files: ['eslint/', 'eslint.config.js', 'electron.vite.config.ts', 'vitest.config.ts', 'playwright.config.ts'],
    may: ['eslint/'],
    packages: ['@eslint/js', 'typescript-eslint', 'eslint', 'eslint-plugin-react-hooks', 'electron-vite', '@vitejs/plugin-react', 'vitest', '@playwright/test', 'yaml'],
    node: true,
  },
];
