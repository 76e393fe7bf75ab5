import fs from 'node:fs';
import { EngineHost } from '../../engine/host.ts';
import { loadInsideSetup, type InsideSetup } from '../../experiments/inside/inside-setup.ts';
import { defaultDbPath } from '../../paths.ts';
import { openDatabase } from '../../storage/database.ts';
import { CliError } from '../errors.ts';

/** Options the run-based inside commands share. */
export interface InsideRunOptions {
  run: string;
  db?: string;
  sample: number;
  json?: boolean;
}

export const DEFAULT_INSIDE_SAMPLE = 40;

/**
 * Opens a stored run read-only, loads its model and test sample, runs `work`, and always releases
 * the engine. Says on stderr when only part of the run's test set is used.
 */
export async function withInsideRun<T>(options: InsideRunOptions, work: (host: EngineHost, setup: InsideSetup) => Promise<T>): Promise<T> {
  const dbPath = options.db ?? defaultDbPath();
  if (!fs.existsSync(dbPath)) throw new CliError(`${dbPath}: no such database`);
  const db = openDatabase(dbPath, { readonly: true });
  const host = new EngineHost();
  try {
    const setup = await loadInsideSetup(db, options.run, host, options.sample);
    if (setup.tests.length < setup.testCount) {
      process.stderr.write(`promptscope: using the first ${setup.tests.length} of the run's ${setup.testCount} test examples (--sample)\n`);
    }
    return await work(host, setup);
  } finally {
    db.close();
    await host.dispose();
  }
}

export const fixed = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
