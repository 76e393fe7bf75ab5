// The rule that enforces eslint/layers.js: each import (static, `export ... from`, dynamic
// `import()`, type-only too) must point into a folder or at a package its file's layer names.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layers as defaultLayers, testFolders, testPackages } from './layers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtins = new Set(builtinModules);

/** The layer of a repository-relative path: the longest `files` prefix that matches it. */
export function layerOf(relative, layers = defaultLayers) {
  let best = null;
  let bestLength = -1;
  for (const layer of layers) {
    for (const prefix of layer.files) {
      const matches = prefix.endsWith('/') ? relative.startsWith(prefix) : relative === prefix;
      if (matches && prefix.length > bestLength) [best, bestLength] = [layer, prefix.length];
    }
  }
  return best;
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isTest = (relative) => /\.test\.tsx?$/.test(relative) || relative.startsWith('test/') || relative.includes('/testing/');

/** Why `specifier` may not be imported from `relative` (repository-relative), or null when it may. */
export function checkImport(relative, specifier, layers = defaultLayers) {
  const layer = layerOf(relative, layers);
  if (!layer) return `${relative} is in no layer of eslint/layers.js: add its folder to the table`;
  const test = isTest(relative);
  if (specifier.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(relative), specifier));
    const folders = test ? [...layer.may, ...testFolders] : layer.may;
    if (folders.some((p) => (p.endsWith('/') ? target.startsWith(p) : target === p))) return null;
    const targetLayer = layerOf(target, layers);
    return `layer ${layer.layer} may not import ${target}${targetLayer ? ` (layer ${targetLayer.layer})` : ''}; it may import ${layer.may.join(', ')}`;
  }
  if (specifier.startsWith('node:') || builtins.has(packageName(specifier))) {
    return layer.node ? null : `layer ${layer.layer} has no Node built-ins (${specifier})`;
  }
  const name = packageName(specifier);
  const packages = test ? [...layer.packages, ...testPackages] : layer.packages;
  if (packages.includes(name)) return null;
  return `layer ${layer.layer} may not import the package ${name}; it may import ${layer.packages.join(', ') || 'no packages'}`;
}

export const layerImportsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layer table of eslint/layers.js' },
    schema: [],
    messages: { layer: '{{reason}}' },
  },
  create(context) {
    const relative = path.relative(root, context.filename).split(path.sep).join('/');
    if (relative.startsWith('..')) return {};
    if (!layerOf(relative)) {
      return { Program: (node) => context.report({ node, messageId: 'layer', data: { reason: `${relative} is in no layer of eslint/layers.js: add its folder to the table` } }) };
    }
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const reason = checkImport(relative, source.value);
      if (reason) context.report({ node, messageId: 'layer', data: { reason } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};

export const layersPlugin = { rules: { imports: layerImportsRule } };

/** The layer rules as config objects; eslint.config.js spreads them and test/lint checks them. */
export const layerRules = [
  { plugins: { layers: layersPlugin }, rules: { 'layers/imports': 'error' } },
  {
    // Only the runtime adapter talks to onnxruntime-node; the table lets the engine have it at all.
    files: ['src-main/engine/**/*.ts'],
    ignores: ['src-main/engine/runtime.ts', 'src-main/engine/**/*.test.ts', 'src-main/engine/**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'onnxruntime-node', message: 'Only src-main/engine/runtime.ts imports onnxruntime-node.' }] }] },
  },
];
