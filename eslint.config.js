// Lint enforces the runtime layers (../shared/STYLE.md, docs/ARCHITECTURE.md): arrows point one way.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url', 'stream', 'events', 'util', 'http', 'net'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'e2e-artifacts/**', 'test-results/**', 'playwright-report/**', 'resources/**', 'scripts/train/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'src-shared is pure TypeScript: no Node APIs.' },
          { group: ['electron', 'onnxruntime-node', 'better-sqlite3', 'react', 'react-dom'], message: 'src-shared imports no runtime packages.' },
          { group: ['**/src-main/**', '**/src-renderer/**', '../../src-main/*', '../../src-renderer/*'], message: 'src-shared uses nothing of the other layers.' },
        ],
      }],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer has no Node access.' },
          { group: ['electron', 'onnxruntime-node', 'better-sqlite3'], message: 'The renderer reaches the engine only through the API client.' },
          { group: ['**/src-main/**'], message: 'The renderer never imports src-main: use the API contract in src-shared.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts'],
    ignores: ['src-main/engine/runtime.ts', 'src-main/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['onnxruntime-node'], message: 'Only src-main/engine/runtime.ts imports onnxruntime-node.' },
          { group: ['**/experiments/**', '**/storage/**', '**/cli/**', '**/server/**', '**/electron/**', '**/api/**', 'better-sqlite3'], message: 'The engine knows nothing of experiments, storage or front ends.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/experiments/**/*.ts', 'src-main/storage/**/*.ts', 'src-main/finetune/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/cli/**', '**/server/**', '**/electron/**'], message: 'Front ends use experiments, not the other way round.' },
          { group: ['onnxruntime-node'], message: 'Only src-main/engine/runtime.ts imports onnxruntime-node.' },
        ],
      }],
    },
  },
);
