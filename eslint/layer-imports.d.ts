// Types of layer-imports.js for the TypeScript test that checks it (test/lint/layer-rules.test.ts).
import type { Linter } from 'eslint';

export interface Layer {
  layer: string;
  files: string[];
  may: string[];
  packages: string[];
  node: boolean;
}

export function layerOf(relative: string, layers?: Layer[]): Layer | null;
export function checkImport(relative: string, specifier: string, layers?: Layer[]): string | null;
export const layerRules: Linter.Config[];
