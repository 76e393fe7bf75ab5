import path from 'node:path';
import type { Command } from 'commander';
import { createBackend } from '../../api/backend.ts';
import { appRoot } from '../../paths.ts';
import { startServer } from '../../server/server.ts';
import { CliError } from '../errors.ts';
import { checkedDataDirs } from './data-dirs.ts';

interface ServeOptions {
  port: string;
  token?: string;
  db?: string;
  dataDir: string[];
}

/** The environment variable a token can come from, so it does not show in `ps`. */
export const TOKEN_ENV = 'PROMPTSCOPE_TOKEN';

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `promptscope serve`: the workbench in the browser, on 127.0.0.1 only, behind a random token.
 *
 * Prints the URL (with the token) as the one line on stdout, so scripts and tests can read it; runs
 * until SIGINT, SIGTERM or SIGHUP, then stops the engine and closes the database. The API reads
 * files only from the folders named with --data-dir (and the app's own), or uploaded from the page.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench in the browser, bound to 127.0.0.1, behind a random token')
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '0')
    .option('--token <token>', `use this token instead of a random one (at least 16 characters; ${TOKEN_ENV} keeps it out of the process list)`)
    .option('--db <path>', 'database file (default: promptscope.db in the application-data folder)')
    .option('--data-dir <folder>', 'a folder whose files the page may open by path (repeatable); others must be uploaded', collect, [])
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: expected a port number 0-65535, got "${options.port}"`);
      const token = options.token ?? process.env[TOKEN_ENV];
      const tokenSource = options.token !== undefined ? '--token' : TOKEN_ENV;
      if (token !== undefined && !/^[A-Za-z0-9_-]{16,}$/.test(token)) throw new CliError(`${tokenSource}: use at least 16 letters, digits, "-" or "_"`);
      const dataDirs = checkedDataDirs(options.dataDir);
      const backend = createBackend({ mode: 'browser', dataDirs, ...(options.db ? { dbPath: path.resolve(options.db) } : {}) });
      let server;
      try {
        // PROMPTSCOPE_RENDERER_DIR serves another build of the renderer (packaging, tests of the server alone).
        const rendererDir = process.env.PROMPTSCOPE_RENDERER_DIR ?? path.join(appRoot, 'out', 'renderer');
        server = await startServer({ backend, log: backend.log, rendererDir, port, ...(token ? { token } : {}) });
      } catch (error) {
        await backend.dispose();
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(code === 'EADDRINUSE' ? `--port ${port}: already in use; choose another or 0 for a free one` : (error as Error).message);
      }
      process.stdout.write(`${server.url}\n`);
      const folders = dataDirs.length > 0 ? `files by path from ${dataDirs.join(', ')}` : 'no files by path (add --data-dir FOLDER)';
      process.stderr.write(`Promptscope is serving the workbench on 127.0.0.1 only (${folders}); open the URL above. Ctrl+C stops it.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        process.once('SIGHUP', resolve);
      });
      await server.close();
      await backend.dispose();
    });
}
