import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { createEngineHost } from './engine-session.ts';
import { FeatureCache } from '../../finetune/feature-cache.ts';
import { loadFinetuneFile } from '../../finetune/load-finetune-file.ts';
import { getFinetuneRun, listFinetuneConditions, listFinetuneRuns } from '../../finetune/finetune-store.ts';
import { headFileName, writeHeadFile } from '../../finetune/head-file.ts';
import { HeadTrainer } from '../../finetune/head-trainer.ts';
import { learningCurveRows, toCsv, toJsonl } from '../../finetune/learning-curve-export.ts';
import { summariseLearningCurve } from '../../finetune/learning-curve-summary.ts';
import { prepareLearningCurve } from '../../finetune/prepare-learning-curve.ts';
import { runLearningCurve, type LearningCurveProgress } from '../../finetune/run-learning-curve.ts';
import { formatLearningCurveTable } from '../../finetune/summary-table.ts';
import { appDataDir, defaultDbPath } from '../../paths.ts';
import { openDatabase, type Database } from '../../storage/database.ts';
import { TrainingCancelled } from '../../../src-shared/finetune/training-progress.ts';
import { blamingFile, CliError } from '../errors.ts';

interface FinetuneOptions {
  db?: string;
  json?: boolean;
  saveHead?: string;
  export?: string;
  format: 'jsonl' | 'csv';
  out?: string;
  list?: boolean;
}

/** Codes of problems in the file's fields (not in a data file), reported under the file's name. */
const FIELD_CODES = new Set(['TEMPLATE', 'LABEL_TOKENS', 'CONTEXT_OVERFLOW', 'BUDGET', 'SINGLE_CLASS']);

/**
 * `promptscope finetune FILE`: a learning curve (heads on frozen features, fitted calibration and
 * few-shot prompts on the same k examples), stored in SQLite; `--export RUN_ID` and `--list` read
 * stored runs.
 */
export function registerFinetuneCommand(program: Command): void {
  program
    .command('finetune')
    .description('learning curve: the same k labelled examples spent on a head, a calibration fit or the prompt (see docs/FINETUNE.md)')
    .argument('[file]', 'learning-curve file (YAML or JSON)')
    .option('--db <path>', 'database file (default: promptscope.db in the application-data folder)')
    .option('--json', 'print the summary (or the run list) as one JSON document on stdout')
    .option('--save-head <dir>', 'also write every trained head to DIR as <method>-k<budget>-seed<seed>.json')
    .option('--export <runId>', 'export a stored run instead of running a file: one row per (budget, seed, method, test example)')
    .option('--format <format>', 'export format: jsonl or csv', parseFormat, 'jsonl')
    .option('--out <file>', 'export to FILE instead of stdout')
    .option('--list', 'list stored learning-curve runs')
    .action(async (file: string | undefined, options: FinetuneOptions) => {
      const dbPath = options.db ?? defaultDbPath();
      if (options.export || options.list) {
        if (file) throw new CliError('finetune: give a file to run, or --export RUN_ID / --list (not both)');
        return options.list ? listRuns(dbPath, options) : exportRun(dbPath, options.export!, options);
      }
      if (!file) throw new CliError('finetune: give a learning-curve file (or --export RUN_ID, --list)');
      await runFile(file, dbPath, options);
    });
}

async function runFile(file: string, dbPath: string, options: FinetuneOptions): Promise<void> {
  const loaded = loadFinetuneFile(file);
  const engine = createEngineHost();
  const trainer = new HeadTrainer();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = progressBar();
  let db: Database | undefined;
  try {
    const prepared = await blamingFile(file, FIELD_CODES, () => prepareLearningCurve(loaded.spec, engine));
    for (const warning of prepared.warnings) process.stderr.write(`promptscope: warning: ${warning}\n`);
    // Opened only once features and scores are in hand: a bad input never creates or touches the database.
    const openDb = () => (db ??= openDatabase(dbPath));
    const summary = await runLearningCurve({ engine, openDb, cache: new FeatureCache(path.join(appDataDir(), 'feature-cache')), trainer }, prepared, {
      signal: controller.signal,
      onProgress: progress.update,
      onWarning: (message) => {
        progress.stop();
        process.stderr.write(`promptscope: warning: ${message}\n`);
      },
      onHead: options.saveHead ? (head) => writeHeadFile(path.join(options.saveHead!, headFileName(head.trainedOn.method, head.trainedOn.budget, head.trainedOn.seed)), head) : undefined,
    });
    progress.stop();
    process.stderr.write(`promptscope: learning-curve run ${summary.runId} -> ${dbPath}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(formatLearningCurveTable(summary));
  } catch (error) {
    progress.stop();
    if (error instanceof TrainingCancelled) throw new CliError('finetune: cancelled; the conditions finished so far are stored', 130);
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    db?.close();
    await trainer.dispose();
    await engine.dispose();
  }
}

function exportRun(dbPath: string, runId: string, options: FinetuneOptions): void {
  const db = openStored(dbPath);
  try {
    const run = getFinetuneRun(db, runId);
    if (!run) throw new CliError(`finetune --export: no learning-curve run "${runId}" in ${dbPath}`);
    const rows = learningCurveRows(db, runId);
    const classes = (JSON.parse(run.specJson) as { classes: string[] }).classes;
    const text = options.format === 'csv' ? toCsv(rows, classes) : toJsonl(rows);
    if (options.out) {
      const tmp = `${options.out}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, options.out);
    } else {
      process.stdout.write(text);
    }
  } finally {
    db.close();
  }
}

function listRuns(dbPath: string, options: FinetuneOptions): void {
  const db = openStored(dbPath);
  try {
    const runs = listFinetuneRuns(db).map((run) => summariseLearningCurve(run, listFinetuneConditions(db, run.id)));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(runs.map((r) => ({ runId: r.runId, name: r.name, status: r.status, model: r.model, conditions: r.conditions.length })))}\n`);
      return;
    }
    for (const r of runs) process.stdout.write(`${r.runId}  ${r.status.padEnd(9)}  ${r.name}  ${r.model.name}  ${r.conditions.length} conditions\n`);
  } finally {
    db.close();
  }
}

/** A stored database (never created here); fine-tuning's tables are added if an older file lacks them. */
function openStored(dbPath: string): Database {
  if (!fs.existsSync(dbPath)) throw new CliError(`${dbPath}: no database here`);
  return openDatabase(dbPath);
}

function parseFormat(value: string): 'jsonl' | 'csv' {
  if (value !== 'jsonl' && value !== 'csv') throw new InvalidArgumentError('expected jsonl or csv');
  return value;
}

/** One cli-progress bar per phase on stderr (features, label scores, conditions); silent off a terminal. */
function progressBar(): { update: (p: LearningCurveProgress) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | undefined;
  let phase = '';
  return {
    update(p) {
      if (phase !== p.phase) {
        bar?.stop();
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${p.phase.padEnd(12)} {bar} {value}/{total} {detail}`, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(p.total, p.done, { detail: '' });
        phase = p.phase;
      }
      const loss = p.loss ? ` loss ${p.loss.trainLoss.toFixed(4)}${p.loss.validationLoss !== undefined ? ` (val ${p.loss.validationLoss.toFixed(4)})` : ''}` : '';
      bar?.update(p.done, { detail: `${p.detail ?? ''}${loss}` });
    },
    stop() {
      bar?.stop();
      bar = undefined;
      phase = '';
    },
  };
}
