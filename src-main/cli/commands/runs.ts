import fs from 'node:fs';
import type { Command } from 'commander';
import { defaultDbPath } from '../../paths.ts';
import { openDatabase } from '../../storage/database.ts';
import { countResults } from '../../storage/result-queries.ts';
import { listRuns } from '../../storage/run-queries.ts';

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
      // No database yet means no runs; listing never creates one.
      const items = fs.existsSync(dbPath) ? readItems(dbPath) : [];
      if (options.json) {
        process.stdout.write(`${JSON.stringify(items)}\n`);
        return;
      }
      if (items.length === 0) {
        process.stdout.write('no runs\n');
        return;
      }
      process.stdout.write(`${'run id'.padEnd(24)}${'status'.padEnd(11)}${'prompts'.padStart(15)}  ${'model'.padEnd(20)}name\n`);
      for (const r of items) {
        process.stdout.write(`${r.runId.padEnd(24)}${r.status.padEnd(11)}${`${r.storedPrompts}/${r.totalPrompts}`.padStart(15)}  ${r.model.padEnd(20)}${r.name}\n`);
      }
    });
}

function readItems(dbPath: string) {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return listRuns(db).map((r) => {
      const counts = countResults(db, r.id);
      return {
        runId: r.id,
        name: r.name,
        model: r.modelName,
        modelSha256: r.modelSha256,
        status: r.status,
        createdAt: r.createdAt,
        finishedAt: r.finishedAt,
        totalPrompts: r.totalPrompts,
        storedPrompts: counts.predictions + counts.priors,
      };
    });
  } finally {
    db.close();
  }
}
