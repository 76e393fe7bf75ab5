import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../../src-main/paths.ts';

/**
 * The sample data the tests, examples and benchmarks read: `resources/data` in the repository
 * (SST-2 and AG News, with their source and license in its README).
 */
export const sampleDataDir = path.join(appRoot, 'resources', 'data');

export function sampleDataFile(...parts: string[]): string {
  const file = path.join(sampleDataDir, ...parts);
  if (!fs.existsSync(file)) throw new Error(`sample data file not found: ${file} (resources/data in the repository)`);
  return file;
}
