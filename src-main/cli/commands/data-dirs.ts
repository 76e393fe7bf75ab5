import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors.ts';

/** `--data-dir` folders as absolute paths; each must exist and be a folder. */
export function checkedDataDirs(dirs: readonly string[]): string[] {
  return dirs.map((dir) => {
    const abs = path.resolve(dir);
    if (!fs.existsSync(abs)) throw new CliError(`--data-dir ${dir}: no such folder`);
    if (!fs.statSync(abs).isDirectory()) throw new CliError(`--data-dir ${dir}: is a file, not a folder`);
    return abs;
  });
}
