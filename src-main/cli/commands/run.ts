import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { createEngineHost } from './engine-session.ts';
import { prepareStudy } from '../../experiments/prepare-study.ts';
import { loadExperimentSweep } from '../../experiments/spec/load-experiment.ts';
import { createStudyRun, executePreparedRun, resumeStudy, StudyCancelledError, type StudyProgress } from '../../experiments/study-runner.ts';
import { formatSummaryTable } from '../../experiments/summary-table.ts';
import { formatSweepTable, sweepSummary } from '../../experiments/sweep-summary.ts';
import type { StudySummary } from '../../experiments/summary.ts';
import { defaultDbPath } from '../../paths.ts';
import { openDatabase } from '../../storage/database.ts';
import { blamingFile, CliError } from '../errors.ts';
import { faultInjection } from '../fault-injection.ts';

interface RunOptions {
  resume?: string;
  model?: string;
  db?: string;
  json?: boolean;
  force?: boolean;
}

/** Signals that stop a run the way Ctrl+C does: the batch in flight is dropped, the run stays resumable. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_EXIT: Record<(typeof STOP_SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Codes of problems in the experiment's fields (not in a data file), reported under the file's name. */
const FIELD_CODES = new Set(['TEMPLATE', 'LABEL_TOKENS', 'CONTEXT_OVERFLOW', 'DEMONSTRATIONS', 'ORDERS', 'SAMPLE']);

/** `promptscope run FILE` and `run --resume RUN_ID`: run a study, storing results as they arrive. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run an experiment file (progress on stderr, results stored in SQLite as they arrive), or finish an interrupted run')
    .argument('[file]', 'experiment file (YAML or JSON)')
    .option('--resume <runId>', 'finish an interrupted run without redoing stored work')
    .option('--model <ref>', "run the file's study on this model instead of its model field (default, a registered name or a folder)")
    .option('--db <path>', 'database file (default: promptscope.db in the application-data folder)')
    .option('--json', 'print the summary as one JSON document on stdout')
    .option('--force', 'with --resume: take the run over even if another session seems to hold it (stop that one first)')
    .action(async (file: string | undefined, options: RunOptions) => {
      if (!file === !options.resume) throw new CliError('run: give an experiment file or --resume RUN_ID (not both)');
      if (options.force && !options.resume) throw new CliError('run: --force goes with --resume RUN_ID');
      if (options.model !== undefined && options.resume) throw new CliError('run: --model applies to an experiment file; a resumed run keeps its model');
      const dbPath = options.db ?? defaultDbPath();
      const engine = createEngineHost();
      const controller = new AbortController();
      const handlers = STOP_SIGNALS.map((signal) => {
        const handler = () => controller.abort(signal);
        process.once(signal, handler);
        return [signal, handler] as const;
      });
      const bar = progressBar();
      const fault = faultInjection();
      const progress = { update: (p: StudyProgress) => (bar.update(p), fault(p)), stop: () => bar.stop() };
      const warn = (message: string) => {
        progress.stop();
        process.stderr.write(`promptscope: warning: ${message}\n`);
      };
      let db: ReturnType<typeof openDatabase> | undefined;
      try {
        let summary: StudySummary;
        if (file) {
          const loaded = loadExperimentSweep(file);
          // Every value of a sweep is validated and planned before anything is stored.
          const plans = [];
          for (const spec of loaded.specs) plans.push(await blamingFile(file, FIELD_CODES, () => prepareStudy(options.model ? { ...spec, model: modelRef(options.model) } : spec, engine)));
          for (const [i, prepared] of plans.entries()) {
            const where = loaded.shots ? ` (shots ${loaded.shots[i]})` : '';
            for (const warning of prepared.warnings) process.stderr.write(`promptscope: warning${where}: ${warning}\n`);
          }
          // Opened only now: a bad input never creates or touches the database.
          db = openDatabase(dbPath);
          const summaries: StudySummary[] = [];
          for (const prepared of plans) {
            const runId = createStudyRun(db, prepared);
            process.stderr.write(`promptscope: run ${runId} (${prepared.totalPrompts} prompts${prepared.spec.probing?.source === 'generated' ? ', and the probing set\'s once the model has generated it' : ''}) -> ${dbPath}\n`);
            summaries.push(await executePreparedRun(runId, prepared, { db, engine, signal: controller.signal, onProgress: progress.update, onWarning: warn }));
            progress.stop();
          }
          if (loaded.shots) {
            const sweep = sweepSummary(loaded.shots, summaries, loaded.specs[0].reference ?? null);
            if (options.json) process.stdout.write(`${JSON.stringify(sweep)}\n`);
            else process.stdout.write(formatSweepTable(sweep));
            return;
          }
          summary = summaries[0];
        } else {
          if (!fs.existsSync(dbPath)) throw new CliError(`${dbPath}: no database here (check --db)`);
          db = openDatabase(dbPath);
          const result = await resumeStudy(options.resume!, { db, engine, signal: controller.signal, onProgress: progress.update, onWarning: warn, force: options.force });
          summary = result.summary;
        }
        progress.stop();
        if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else process.stdout.write(formatSummaryTable(summary));
      } catch (error) {
        progress.stop();
        if (error instanceof StudyCancelledError) throw new CliError(error.message, SIGNAL_EXIT[error.reason as keyof typeof SIGNAL_EXIT] ?? 130);
        throw error;
      } finally {
        for (const [signal, handler] of handlers) process.off(signal, handler);
        db?.close();
        await engine.dispose();
      }
    });
}

/** A cli-progress bar on stderr with rate and ETA; silent when stderr is not a terminal. */
function progressBar(): { update: (p: StudyProgress) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(p) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: 'scoring {bar} {percentage}% | {value}/{total} prompts | {rate}/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.done, { rate: '0.0' });
      }
      // A generated probing set adds its prompts once it is built.
      if (p.total !== bar.getTotal()) bar.setTotal(p.total);
      bar.update(p.done, { rate: p.ratePerSec.toFixed(1) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** A --model that names a folder is taken from the working folder, like any command-line path. */
function modelRef(ref: string): string {
  return ref.includes('/') || ref.includes('\\') || ref.startsWith('.') ? path.resolve(ref) : ref;
}
