import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../../src-main/paths.ts';

/**
 * The shared test data folder beside the checkout (`../shared/data`).
 *
 * Tests never skip silently when it is absent: they fail with this message instead.
 */
export function sharedDataDir(): string {
  const dir = process.env.PROMPTSCOPE_SHARED_DATA ?? path.resolve(appRoot, '..', 'shared', 'data');
  if (!fs.existsSync(path.join(dir, 'sst2', 'stsa.binary.train'))) {
    throw new Error(`shared test data not found at ${dir}: check out ../shared beside the project or set PROMPTSCOPE_SHARED_DATA`);
  }
  return dir;
}

export function sharedDataFile(...parts: string[]): string {
  return path.join(sharedDataDir(), ...parts);
}
