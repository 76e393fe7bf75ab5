import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { toCsv } from '../../experiments/export/export-csv.ts';
import { toLmEvalSamples } from '../../experiments/export/export-lm-eval.ts';
import { exportRows, toJsonl } from '../../experiments/export/export-rows.ts';
import { probeExportRows } from '../../experiments/probing/probe-export.ts';
import { loadRunData } from '../../experiments/run-data.ts';
import { defaultDbPath } from '../../paths.ts';
import { openDatabase } from '../../storage/database.ts';
import { CliError } from '../errors.ts';

type ExportFormat = 'jsonl' | 'csv' | 'lm-eval';

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
        content = render(loadRunData(db, runId), options.format);
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

function render(data: ReturnType<typeof loadRunData>, format: ExportFormat): string {
  switch (format) {
    case 'jsonl':
      return toJsonl([...exportRows(data), ...probeExportRows(data)]);
    case 'csv':
      return toCsv(exportRows(data), data.spec.classes, data.spec.calibration);
    case 'lm-eval':
      return toJsonl(toLmEvalSamples(data));
  }
}

function parseFormat(value: string): ExportFormat {
  if (value !== 'jsonl' && value !== 'csv' && value !== 'lm-eval') throw new InvalidArgumentError('expected jsonl, csv or lm-eval');
  return value;
}
