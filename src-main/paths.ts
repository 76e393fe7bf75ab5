import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed app) root: where `resources/` lives. */
export const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The embedded default model's folder. */
export const defaultModelDir = path.join(appRoot, 'resources', 'models', 'default');

/**
 * The user's application-data folder.
 *
 * `PROMPTSCOPE_HOME` overrides it (tests give each run a fresh one); otherwise the platform's usual
 * place, as Electron's `app.getPath('userData')` would choose.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PROMPTSCOPE_HOME) {
    const home = path.resolve(env.PROMPTSCOPE_HOME);
    // Said here, once, rather than as a raw EEXIST/ENOTDIR from whichever mkdir meets it first.
    if (fs.existsSync(home) && !fs.statSync(home).isDirectory()) throw new Error(`PROMPTSCOPE_HOME=${env.PROMPTSCOPE_HOME}: is a file, not a folder; point it at a folder (it is created if missing)`);
    return home;
  }
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Promptscope');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Promptscope');
    default:
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'promptscope');
  }
}

/** The default experiment database, used when a command gets no `--db`. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(appDataDir(env), 'promptscope.db');
}
