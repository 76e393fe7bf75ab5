import fs from 'node:fs';
import path from 'node:path';
import { defaultModelDir } from '../paths.ts';
import { readRegistry } from './registry.ts';

/** A model reference turned into a folder and a display name. */
export interface ModelRef {
  name: string;
  dir: string;
  source: 'embedded' | 'registered' | 'folder';
  /** A registered model's dtype (models add --dtype). */
  dtype?: string;
}

/**
 * Resolves `--model M`: `default` (the embedded model), a registered name, or a folder path.
 *
 * A name wins over a folder of the same name in the working directory; anything with a path
 * separator, or starting with '.', is always a folder.
 */
export function resolveModelRef(ref: string, env: NodeJS.ProcessEnv = process.env): ModelRef {
  if (ref === 'default') return { name: 'default', dir: defaultModelDir, source: 'embedded' };
  const looksLikePath = ref.includes('/') || ref.includes(path.sep) || ref.startsWith('.');
  if (!looksLikePath) {
    const registered = readRegistry(env).find((m) => m.name === ref);
    if (registered) return { name: registered.name, dir: registered.dir, source: 'registered', ...(registered.dtype ? { dtype: registered.dtype } : {}) };
  }
  const dir = path.resolve(ref);
  if (fs.existsSync(dir) && fs.statSync(dir).isDirectory()) return { name: path.basename(dir), dir, source: 'folder' };
  throw new Error(`unknown model "${ref}": not "default", a registered name (see "promptscope models list") or a folder`);
}
