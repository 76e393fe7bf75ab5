import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { createEngineHost } from './engine-session.ts';
import { prepareStudy } from '../../experiments/prepare-study.ts';
import { loadExperimentFile } from '../../experiments/spec/load-experiment.ts';
import { createStudyRun, executePreparedRun, resumeStudy, StudyCancelledError, type StudyProgress } from '../../experiments/study-runner.ts';
import { formatSummaryTable } from '../../experiments/summary-table.ts';
import type { StudySummary } from '../../experiments/summary.ts';
import { defaultDbPath } from '../../paths.ts';
import { openDatabase } from '../../storage/database.ts';
import { blamingFile, CliError } from '../errors.ts';
import { faultInjection } from '../fault-injection.ts';

interface RunOptions {
  resume?: string;
  db?: string;
  json?: boolean;
}

/** Codes of problems in the experiment's fields (not in a data file), reported under the file's name. */
const FIELD_CODES = new Set(['TEMPLATE', 'LABEL_TOKENS', 'CONTEXT_OVERFLOW', 'DEMONSTRATIONS']);

/** `promptscope run FILE` and `run --resume RUN_ID`: run a study, storing results as they arrive. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run an experiment file (progress on stderr, results stored in SQLite as they arrive), or finish an interrupted run')
    .argument('[file]', 'experiment file (YAML or JSON)')
    .option('--resume <runId>', 'finish an interrupted run without redoing stored work')
    .option('--db <path>', 'database file (default: promptscope.db in the application-data folder)')
    .option('--json', 'print the summary as one JSON document on stdout')
    .action(async (file: string | undefined, options: RunOptions) => {
      if (!file === !options.resume) throw new CliError('run: give an experiment file or --resume RUN_ID (not both)');
      const dbPath = options.db ?? defaultDbPath();
      const engine = createEngineHost();
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      const bar = progressBar();
      const fault = faultInjection();
      const progress = { update: (p: StudyProgress) => (bar.update(p), fault(p)), stop: () => bar.stop() };
      let db: ReturnType<typeof openDatabase> | undefined;
      try {
        let summary: StudySummary;
        if (file) {
          const loaded = loadExperimentFile(file);
          const prepared = await blamingFile(file, FIELD_CODES, () => prepareStudy(loaded.spec, engine));
          for (const warning of prepared.warnings) process.stderr.write(`promptscope: warning: ${warning}\n`);
          // Opened only now: a bad input never creates or touches the database.
          db = openDatabase(dbPath);
          const runId = createStudyRun(db, prepared);
          process.stderr.write(`promptscope: run ${runId} (${prepared.totalPrompts} prompts) -> ${dbPath}\n`);
          summary = await executePreparedRun(runId, prepared, { db, engine, signal: controller.signal, onProgress: progress.update });
        } else {
          db = openDatabase(dbPath);
          const result = await resumeStudy(options.resume!, { db, engine, signal: controller.signal, onProgress: progress.update });
          summary = result.summary;
        }
        progress.stop();
        if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else process.stdout.write(formatSummaryTable(summary));
      } catch (error) {
        progress.stop();
        if (error instanceof StudyCancelledError) throw new CliError(error.message, 130);
        throw error;
      } finally {
        process.off('SIGINT', onSigint);
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
      bar.update(p.done, { rate: p.ratePerSec.toFixed(1) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
