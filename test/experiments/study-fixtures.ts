import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { synthGpt2 } from '../../src-main/engine/synth/gpt2.ts';
import { appRoot } from '../../src-main/paths.ts';
import { sampleDataFile } from '../support/sample-data.ts';

/**
 * Fixtures shared by the experiment suites: a tiny GPT-2 (2 layers, d=32, GPT-2's own tokenizer so
 * " Negative" / " Positive" stay single tokens), experiment files on the SST-2 data, the real CLI
 * as a child process, and a database dump for before/after comparisons.
 */
export async function tinyModel(dir: string, ctx = 512): Promise<string> {
  const out = path.join(dir, `model-ctx${ctx}`);
  if (!fs.existsSync(path.join(out, 'onnx', 'model.onnx'))) await synthGpt2({ outDir: out, layers: 2, hidden: 32, heads: 4, vocab: 'gpt2', ctx, seed: 1 });
  return out;
}

export interface StudyFileOptions {
  model: string;
  shots?: number;
  seeds?: number[];
  orders?: unknown;
  sample?: number;
  calibration?: string[];
  extra?: Record<string, unknown>;
  task?: Record<string, unknown>;
  train?: Record<string, unknown>;
  test?: Record<string, unknown>;
}

/** An SST-2 experiment file (JSON) written into `dir`; returns its path. */
export function writeStudyFile(dir: string, name: string, o: StudyFileOptions): string {
  const spec = {
    name,
    model: o.model,
    data: {
      train: { path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2', ...o.train },
      test: { path: sampleDataFile('sst2', 'stsa.binary.test'), format: 'sst2', sample: o.sample ?? 20, seed: 0, ...o.test },
    },
    task: { instruction: '', template: 'Review: {{input}}\nSentiment: {{label}}', separator: '\n\n', labels: { '0': ['Negative'], '1': ['Positive'] }, ...o.task },
    shots: o.shots ?? 4,
    seeds: o.seeds ?? [0, 1],
    sampling: 'uniform',
    orders: o.orders ?? 'all',
    calibration: o.calibration ?? ['none', 'contextual', 'batch'],
    contentFree: ['N/A', '', '[MASK]'],
    ...o.extra,
  };
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The real `promptscope` binary as a child process; `onSpawn` gets the process (to kill it). */
export function cli(args: string[], env: NodeJS.ProcessEnv, onSpawn?: (child: ReturnType<typeof spawn>) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(appRoot, 'bin', 'promptscope.js'), ...args], { cwd: appRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn?.(child);
  });
}

/** Every table's schema and rows in a stable order: equal dumps mean an unchanged database. */
export function dumpDatabase(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").all() as { name: string; sql: string | null }[];
    const parts = tables.map((t) => {
      const rows = t.sql && t.sql.startsWith('CREATE TABLE') ? db.prepare(`SELECT * FROM "${t.name}"`).all().map((r) => JSON.stringify(r)).sort() : [];
      return `${t.sql}\n${rows.join('\n')}`;
    });
    return parts.join('\n\n');
  } finally {
    db.close();
  }
}
