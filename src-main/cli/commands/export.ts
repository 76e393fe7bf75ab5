import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/api/runs.ts';
import { defaultDbPath } from '../../paths.ts';
import { openDatabase } from '../../storage/database.ts';
import { RunCatalog } from '../../use-cases/run-catalog.ts';
import { CliError } from '../errors.ts';

/** `promptscope export RUN_ID`: one row per (seed, order, test example). */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('export a run: one row per (seed, order, test example) as JSONL, CSV, or lm-evaluation-harness samples')
    .argument('<runId>', 'the run (see "runs list")')
    .option('--format <format>', 'jsonl, csv or lm-eval', parseFormat, 'jsonl')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--db <path>', 'database file (default: promptscope.db in the application-data folder)')
    .action((runId: string, options: { format: ExportFormat; out?: string; db?: string }) => {
      const dbPath = options.db ?? defaultDbPath();
      if (!fs.existsSync(dbPath)) throw new CliError(`${dbPath}: no database here (run a study first, or pass --db)`);
      const db = openDatabase(dbPath, { readonly: true });
      let content: string;
      try {
        // The same file the API's runs.export answers (the run catalog renders both).
        content = new RunCatalog(() => db).exportRun(runId, options.format).content;
      } finally {
        db.close();
      }
      if (!options.out) {
        // A reader that stops early (`| head`) is not an error.
        process.stdout.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error;
        });
        process.stdout.write(content);
        return;
      }
      // Written beside the target and renamed, so a failure never leaves half a file.
      const temp = path.join(path.dirname(path.resolve(options.out)), `.${path.basename(options.out)}.${process.pid}.partial`);
      try {
        fs.writeFileSync(temp, content);
        fs.renameSync(temp, options.out);
      } catch (error) {
        fs.rmSync(temp, { force: true });
        throw new CliError(`${options.out}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    });
}

function parseFormat(value: string): ExportFormat {
  const format = EXPORT_FORMATS.find((f) => f === value);
  if (!format) throw new InvalidArgumentError(`expected ${EXPORT_FORMATS.slice(0, -1).join(', ')} or ${EXPORT_FORMATS[EXPORT_FORMATS.length - 1]}`);
  return format;
}
