import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HeadTrainingError } from '../../src-shared/finetune/head-training-error.ts';
import { TrainingCancelled, type LossPoint } from '../../src-shared/finetune/training-progress.ts';
import { PendingCalls, RpcError } from '../../src-shared/rpc/pending-calls.ts';
import type { TrainingJob, TrainingResult, WorkerMessage } from './training-job.ts';

export interface TrainerOptions {
  /** The worker's entry; defaults to train-worker.ts beside this file (run through tsx). */
  workerEntry?: string | URL;
  /** Node flags for a non-.ts entry. */
  execArgv?: string[];
}

/**
 * Fits heads on a worker thread of its own, with progress per iteration and cancel.
 *
 * One worker serves a whole learning curve (starting a tsx worker costs far more than a fit).
 * Cancelling terminates it: L-BFGS holds no resources worth a cooperative stop, and a terminated
 * thread cannot keep computing behind the caller's back. The next job starts a fresh worker.
 */
export class HeadTrainer {
  private worker?: Worker;
  /** Job ids and answers come from the shared PendingCalls (src-shared/rpc); one job runs at a time. */
  private readonly jobs = new PendingCalls<TrainingResult>();
  private active?: { jobId: number; onProgress?: (p: LossPoint) => void };

  constructor(private readonly options: TrainerOptions = {}) {}

  train(job: TrainingJob, hooks: { onProgress?: (point: LossPoint) => void; signal?: AbortSignal } = {}): Promise<TrainingResult> {
    if (this.active) return Promise.reject(new Error('HeadTrainer runs one job at a time'));
    if (hooks.signal?.aborted) return Promise.reject(new TrainingCancelled());
    const worker = this.ensureWorker();
    const onAbort = () => {
      if (this.active) this.jobs.reject(this.active.jobId, new TrainingCancelled());
      void this.stop();
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    const answer = this.jobs.call((jobId) => {
      this.active = { jobId, onProgress: hooks.onProgress };
      worker.postMessage({ jobId, job });
    });
    return answer.finally(() => {
      hooks.signal?.removeEventListener('abort', onAbort);
      this.active = undefined;
    });
  }

  /** Stops the worker; safe to call twice. */
  async dispose(): Promise<void> {
    await this.stop();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const entry = this.options.workerEntry ?? new URL('./train-worker.ts', import.meta.url);
    const worker = String(entry).endsWith('.ts') ? new Worker(tsxBootstrap(String(entry)), { eval: true }) : new Worker(entry, { execArgv: this.options.execArgv ?? [] });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        if (this.active?.jobId === message.jobId) this.active.onProgress?.(message.point);
      } else if (message.type === 'done') this.jobs.resolve(message.jobId, message.result);
      else this.jobs.reject(message.jobId, message.error.code === 'HEAD_TRAINING' ? new HeadTrainingError(message.error.message) : Object.assign(new Error(message.error.message), { code: message.error.code }));
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.jobs.failAll(() => new RpcError('closed', `the training worker stopped: ${error.message.split('\n')[0]}`));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

/**
 * A worker running a .ts entry from source: registers tsx's ESM hooks inside the worker, then
 * imports the entry.
 *
 * `execArgv: ['--import', 'tsx']` is not enough on Node 20: the worker comes online and then fails
 * with "Unknown file extension .ts" for its entry, so the hooks are registered from an eval
 * bootstrap instead. Bundled builds pass a .js `workerEntry` and skip this.
 */
function tsxBootstrap(entryUrl: string): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(path.join(path.dirname(packageJson), pkg.exports['./esm/api'].import.default)).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entryUrl)}); })`;
}
