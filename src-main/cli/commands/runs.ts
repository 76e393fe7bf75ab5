import fs from 'node:fs';
import type { Command } from 'commander';
import { defaultDbPath } from '../../paths.ts';
import { openDatabase } from '../../storage/database.ts';
import type { BadRunRow } from '../../storage/run-queries.ts';
import { RunCatalog } from '../../use-cases/run-catalog.ts';
import { CliError } from '../errors.ts';

/** `promptscope runs list`: the stored runs, newest first. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('stored experiment runs');
  runs
    .command('list')
    .description('list stored runs, newest first')
    .option('--db <path>', 'database file (default: promptscope.db in the application-data folder)')
    .option('--json', 'print one JSON document on stdout')
    .action((options: { db?: string; json?: boolean }) => {
      const dbPath = options.db ?? defaultDbPath();
      // No database in the default place means no runs yet (listing never creates one); a --db
      // that names no file is a typo, not an empty list.
      if (options.db !== undefined && !fs.existsSync(dbPath)) throw new CliError(`${dbPath}: no database here (check --db)`);
      const bad: BadRunRow[] = [];
      const items = fs.existsSync(dbPath) ? readItems(dbPath, bad) : [];
      for (const b of bad) process.stderr.write(`promptscope: warning: ${dbPath}: run ${b.id} cannot be read (${b.problem}); listing the others\n`);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(items)}\n`);
        return;
      }
      if (items.length === 0) {
        process.stdout.write('no runs\n');
        return;
      }
      process.stdout.write(`${'run id'.padEnd(24)}${'status'.padEnd(12)}${'prompts'.padStart(15)}  ${'model'.padEnd(20)}name\n`);
      for (const r of items) {
        process.stdout.write(`${r.runId.padEnd(24)}${r.status.padEnd(12)}${`${r.storedPrompts}/${r.totalPrompts}`.padStart(15)}  ${r.model.padEnd(20)}${r.name}\n`);
      }
    });
}

/** One row per run from the run catalog (the API's runs.list reads the same), in the fields CONTRACT.md lists. */
function readItems(dbPath: string, bad: BadRunRow[]) {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return new RunCatalog(() => db).list({ onBad: (b) => bad.push(b) }).map(({ head, storedPrompts }) => ({
      runId: head.id,
      name: head.name,
      model: head.modelName,
      modelSha256: head.modelSha256,
      status: head.status,
      createdAt: head.createdAt,
      finishedAt: head.finishedAt,
      totalPrompts: head.totalPrompts,
      storedPrompts,
    }));
  } finally {
    db.close();
  }
}
