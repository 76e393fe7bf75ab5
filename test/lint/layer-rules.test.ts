import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layerOf, layerRules } from '../../eslint/layer-imports.js';

/**
 * The lint configuration itself: a deliberate upward (or sideways) import from each layer fails,
 * the same file with an allowed import passes, and every file of the repository is in a layer.
 */
const root = path.resolve(import.meta.dirname, '../..');

// The layer rules eslint.config.js spreads, on their own (the type-aware rules need files on disk).
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'], languageOptions: { parser: tseslint.parser } }, ...layerRules],
});

async function layerErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

/** For each layer: a file in it, an import it may make, and one it may not. */
const cases: { file: string; allowed: string; forbidden: string }[] = [
  { file: 'src-shared/metrics/probe.ts', allowed: '../rng/seeded.ts', forbidden: '../../src-main/paths.ts' },
  { file: 'src-shared/metrics/probe-node.ts', allowed: 'zod', forbidden: 'node:fs' },
  { file: 'src-renderer/features/probe.ts', allowed: '../../src-shared/api/index.ts', forbidden: '../../src-main/api/backend.ts' },
  { file: 'src-main/paths.ts', allowed: '../src-shared/rng/seeded.ts', forbidden: './engine/host.ts' },
  { file: 'src-main/engine/probe.ts', allowed: './protocol.ts', forbidden: '../models/resolve.ts' },
  { file: 'src-main/engine/probe-storage.ts', allowed: '../../src-shared/models/model-info.ts', forbidden: '../storage/database.ts' },
  { file: 'src-main/storage/probe.ts', allowed: './database.ts', forbidden: '../experiments/run-data.ts' },
  { file: 'src-main/models/probe.ts', allowed: '../paths.ts', forbidden: '../api/backend.ts' },
  { file: 'src-main/experiments/probe.ts', allowed: '../storage/database.ts', forbidden: '../finetune/finetune-store.ts' },
  { file: 'src-main/finetune/probe.ts', allowed: '../experiments/label-tokens.ts', forbidden: '../api/backend.ts' },
  { file: 'src-main/use-cases/probe.ts', allowed: '../storage/database.ts', forbidden: '../api/backend.ts' },
  { file: 'src-main/api/probe.ts', allowed: '../use-cases/probe.ts', forbidden: '../cli/main.ts' },
  { file: 'src-main/server/probe.ts', allowed: '../api/backend.ts', forbidden: '../engine/host.ts' },
  { file: 'src-main/electron/probe.ts', allowed: '../api/backend.ts', forbidden: '../cli/main.ts' },
  { file: 'src-main/cli/probe.ts', allowed: '../server/server.ts', forbidden: '../electron/main.ts' },
  { file: 'bin/probe.js', allowed: '../src-main/cli/main.ts', forbidden: '../src-main/api/backend.ts' },
  { file: 'scripts/probe.mjs', allowed: './corpus/rng.ts', forbidden: '../src-main/engine/host.ts' },
  { file: 'e2e/probe.ts', allowed: '../test/support/sample-data.ts', forbidden: '../src-main/api/backend.ts' },
];

describe('layer rules (eslint/layers.js)', () => {
  for (const { file, allowed, forbidden } of cases) {
    it(`${file}: may import ${allowed}, not ${forbidden}`, async () => {
      expect(await layerErrors(file, `import { x } from '${allowed}';\nexport const y = x;\n`)).toEqual([]);
      const errors = await layerErrors(file, `import { x } from '${forbidden}';\nexport const y = x;\n`);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^layers\/imports: layer \S+ (may not import |has no Node built-ins)/);
    });
  }

  it('checks type-only imports, re-exports and dynamic imports too', async () => {
    const file = 'src-main/storage/probe.ts';
    const source = [
      "import type { A } from '../api/services.ts';",
      "export { B } from '../cli/main.ts';",
      "export const c = (): Promise<unknown> => import('../electron/main.ts');",
      'export type D = A;',
    ].join('\n');
    expect(await layerErrors(file, source)).toHaveLength(3);
  });

  it('names packages a layer may not use', async () => {
    expect(await layerErrors('src-main/experiments/probe.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n")).toEqual([]);
    expect(await layerErrors('src-main/storage/probe.ts', "import { Command } from 'commander';\nexport const c = Command;\n")).toEqual([
      'layers/imports: layer storage may not import the package commander; it may import better-sqlite3',
    ]);
  });

  it('lets only the runtime adapter import onnxruntime-node', async () => {
    const source = "import * as ort from 'onnxruntime-node';\nexport const o = ort;\n";
    expect(await layerErrors('src-main/engine/runtime.ts', source)).toEqual([]);
    expect(await layerErrors('src-main/engine/probe.ts', source)).toEqual([expect.stringMatching(/^no-restricted-imports: .*Only src-main\/engine\/runtime.ts imports onnxruntime-node/)]);
  });

  it('reports a file in no layer', async () => {
    expect(await layerErrors('loose/probe.ts', 'export const x = 1;\n')).toEqual(['layers/imports: loose/probe.ts is in no layer of eslint/layers.js: add its folder to the table']);
  });

  it('puts every source file of the repository in a layer', () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.js', '*.mjs', '*.cjs'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    const outside = files.filter((f) => !f.startsWith('resources/') && layerOf(f) === null);
    expect(files.length).toBeGreaterThan(100);
    expect(outside).toEqual([]);
  });

  it('is part of the configuration `npm run lint` uses, for a file of every folder', async () => {
    const full = new ESLint({ cwd: root });
    for (const file of ['src-shared/api/contract.ts', 'src-main/storage/database.ts', 'bin/promptscope.js', 'scripts/start.mjs', 'e2e/journey.spec.ts']) {
      const config = await full.calculateConfigForFile(path.join(root, file));
      expect(config.rules?.['layers/imports'], file).toEqual([2]);
    }
  });
});

describe('react hooks rules (eslint.config.js, src-renderer only)', () => {
  it('are errors for renderer files in the configuration `npm run lint` uses', async () => {
    const full = new ESLint({ cwd: root });
    const config = await full.calculateConfigForFile(path.join(root, 'src-renderer/app/app.tsx'));
    expect(config.rules?.['react-hooks/rules-of-hooks']).toEqual([2]);
    expect(config.rules?.['react-hooks/exhaustive-deps']).toEqual([2]);
    const outside = await full.calculateConfigForFile(path.join(root, 'src-main/api/backend.ts'));
    expect(outside.rules?.['react-hooks/rules-of-hooks']).toBeUndefined();
  });

  it('report a conditional hook and an effect that omits a value it reads', async () => {
    const hooks = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.tsx'], languageOptions: { parser: tseslint.parser }, plugins: { 'react-hooks': { rules: reactHooks.rules } }, rules: { 'react-hooks/rules-of-hooks': 2, 'react-hooks/exhaustive-deps': 2 } }],
    });
    const lint = async (source: string) => {
      const [result] = await hooks.lintText(source, { filePath: path.join(root, 'src-renderer/probe.tsx') });
      return result.messages.map((m) => m.ruleId);
    };
    const good = `import { useEffect, useState } from 'react';\nexport function P({ id, load }: { id: string; load(id: string): void }) {\n  const [n] = useState(0);\n  useEffect(() => load(id), [id, load]);\n  return n;\n}\n`;
    expect(await lint(good)).toEqual([]);
    expect(await lint(good.replace('[id, load]', '[id]'))).toEqual(['react-hooks/exhaustive-deps']);
    expect(await lint(good.replace('const [n] = useState(0);', 'const [n] = id ? useState(0) : [1];'))).toEqual(['react-hooks/rules-of-hooks']);
  });
});
