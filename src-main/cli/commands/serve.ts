import path from 'node:path';
import type { Command } from 'commander';
import { createBackend } from '../../api/backend.ts';
import { appRoot } from '../../paths.ts';
import { startServer } from '../../server/server.ts';
import { CliError } from '../errors.ts';

interface ServeOptions {
  port: string;
  token?: string;
  db?: string;
}

/**
 * `promptscope serve`: the workbench in the browser, on 127.0.0.1 only, behind a random token.
 *
 * Prints the URL (with the token) as the one line on stdout, so scripts and tests can read it; runs
 * until SIGINT or SIGTERM, then stops the engine and closes the database.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench in the browser, bound to 127.0.0.1, behind a random token')
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '0')
    .option('--token <token>', 'use this token instead of a random one (at least 16 characters)')
    .option('--db <path>', 'database file (default: promptscope.db in the application-data folder)')
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: expected a port number 0-65535, got "${options.port}"`);
      if (options.token !== undefined && !/^[A-Za-z0-9_-]{16,}$/.test(options.token)) throw new CliError('--token: use at least 16 letters, digits, "-" or "_"');
      const backend = createBackend({ mode: 'browser', ...(options.db ? { dbPath: path.resolve(options.db) } : {}) });
      let server;
      try {
        server = await startServer({ backend, rendererDir: path.join(appRoot, 'out', 'renderer'), port, ...(options.token ? { token: options.token } : {}) });
      } catch (error) {
        await backend.dispose();
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(code === 'EADDRINUSE' ? `--port ${port}: already in use; choose another or 0 for a free one` : (error as Error).message);
      }
      process.stdout.write(`${server.url}\n`);
      process.stderr.write('Promptscope is serving the workbench on 127.0.0.1 only; open the URL above. Ctrl+C stops it.\n');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      await backend.dispose();
    });
}
