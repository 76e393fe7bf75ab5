import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveModelRef } from '../models/resolve.ts';
import { EngineFailure, EngineRequestError, toEngineError } from './engine-failure.ts';
import { parseProvider } from './providers.ts';
import type {
  AttentionResult,
  EngineError,
  EngineEvent,
  EngineRequest,
  EngineResponse,
  FillMaskResult,
  GenerateOptions,
  MlmProbeOptions,
  MlmProbeResult,
  ScoreMaskedRequest,
  HiddenStateRequest,
  HiddenStatesResult,
  LabelMode,
  LoadOptions,
  ModelInfo,
  NextTokenResult,
  ScoreLabelsResult,
  ScoreNextRequest,
  ScoreNextResult,
  TokenPiece,
} from './protocol.ts';

export interface ResolvedModel {
  name: string;
  dir: string;
}

export interface EngineHostOptions {
  /**
   * The worker's entry module (a built .js/.mjs file). Defaults to worker.ts beside this file, run
   * through tsx; bundles (electron-vite) point it at their built worker file.
   */
  workerEntry?: string | URL;
  /** Node flags for the worker process. */
  execArgv?: string[];
  /** Per-request limit in ms (default 10 minutes); a request that passes it restarts the worker. */
  timeoutMs?: number;
  /** Turns a model reference into a folder; default: `default`, a registered name, or a folder. */
  resolveModel?: (ref: string) => ResolvedModel | Promise<ResolvedModel>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface LoadedModel {
  request: Extract<EngineRequest, { op: 'load' }>;
  info: ModelInfo;
}

/**
 * The one way the program runs models: a worker process behind typed methods.
 *
 * A child process rather than a worker thread: stopping a thread while onnxruntime-node is inside
 * session.run() aborts the whole process ("terminate called after throwing an instance of
 * 'Napi::Error'"), so a timed-out request could take the CLI, the server or Electron's backend down
 * with it. A process can be killed cleanly. Messages use Node's advanced serialization, so typed
 * arrays (attention matrices, hidden states) cross without copying into JSON.
 *
 * Modelled on VS Code's UtilityProcess host: sequence-numbered requests, a timeout per request, and
 * crash handling. When the worker dies (exit, uncaught error, out of memory) every pending request
 * is rejected with WORKER_CRASHED; the next call starts a new worker and reloads the models that
 * were loaded, under the same model ids, so callers holding a modelId carry on.
 */
export class EngineHost {
  private worker?: ChildProcess;
  private starting?: Promise<void>;
  private seq = 0;
  private streamSeq = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<string, (event: EngineEvent) => void>();
  private readonly loaded = new Map<string, LoadedModel>();
  private readonly byKey = new Map<string, string>();
  private readonly loading = new Map<string, Promise<ModelInfo>>();
  private nextModel = 1;
  private disposed = false;
  /** Per-request limit in ms; may be changed between requests. */
  timeoutMs: number;

  constructor(private readonly options: EngineHostOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 600_000;
  }

  /** Loads a model (once per reference and options) and describes it. */
  async load(ref: string, options: LoadOptions = {}): Promise<ModelInfo> {
    let resolved: ResolvedModel;
    try {
      resolved = await (this.options.resolveModel ?? resolveModelRef)(ref);
    } catch (error) {
      throw new EngineRequestError({ code: 'MODEL_REF', message: (error as Error).message });
    }
    if (options.provider !== undefined) checkProvider(options.provider);
    const { name, dir } = resolved;
    const key = JSON.stringify([dir, options]);
    const known = this.byKey.get(key);
    if (known && this.loaded.has(known)) return this.loaded.get(known)!.info;
    // Concurrent loads of the same model (two UI views at once) share one load.
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const modelId = `m${this.nextModel++}`;
    const request = { op: 'load' as const, ref, dir, name, options, modelId };
    const loading = (this.request(request) as Promise<ModelInfo>).then((info) => {
      this.loaded.set(modelId, { request, info });
      this.byKey.set(key, modelId);
      return info;
    });
    this.loading.set(key, loading);
    try {
      return await loading;
    } finally {
      this.loading.delete(key);
    }
  }

  async unload(modelId: string): Promise<void> {
    if (!this.loaded.delete(modelId)) return;
    for (const [key, id] of this.byKey) if (id === modelId) this.byKey.delete(key);
    await this.request({ op: 'unload', modelId });
  }

  tokenize(modelId: string, text: string): Promise<TokenPiece[]> {
    return this.request({ op: 'tokenize', modelId, text }) as Promise<TokenPiece[]>;
  }

  decode(modelId: string, ids: number[]): Promise<string> {
    return this.request({ op: 'decode', modelId, ids }) as Promise<string>;
  }

  next(modelId: string, text: string, top = 10): Promise<NextTokenResult> {
    return this.request({ op: 'next', modelId, text, top }) as Promise<NextTokenResult>;
  }

  scoreLabels(modelId: string, prompt: string, labels: string[], mode: LabelMode = 'first-token'): Promise<ScoreLabelsResult> {
    return this.request({ op: 'scoreLabels', modelId, prompt, labels, mode }) as Promise<ScoreLabelsResult>;
  }

  scoreNext(request: ScoreNextRequest): Promise<ScoreNextResult> {
    return this.request({ op: 'scoreNext', ...request }) as Promise<ScoreNextResult>;
  }

  /** Streams each new token to `onToken` as it is chosen; resolves with the whole continuation. */
  async generate(modelId: string, prompt: string, options: GenerateOptions, onToken: (token: { tokenId: number; text: string }) => void): Promise<string> {
    const streamId = `s${++this.streamSeq}`;
    this.streams.set(streamId, (event) => {
      if (event.kind === 'token') onToken({ tokenId: event.tokenId ?? -1, text: event.text ?? '' });
    });
    try {
      return (await this.request({ op: 'generate', modelId, prompt, options, streamId })) as string;
    } finally {
      this.streams.delete(streamId);
    }
  }

  /** Decoders: causal rows. Encoders: bidirectional rows, with segments and special tokens marked (EncoderAttentionResult). */
  attention(modelId: string, text: string, pair?: string): Promise<AttentionResult> {
    return this.request({ op: 'attention', modelId, text, ...(pair !== undefined ? { pair } : {}) }) as Promise<AttentionResult>;
  }

  /** Encoders: the top-k tokens at every mask of the text. */
  fill(modelId: string, text: string, top = 10, pair?: string): Promise<FillMaskResult> {
    return this.request({ op: 'fill', modelId, text, top, ...(pair !== undefined ? { pair } : {}) }) as Promise<FillMaskResult>;
  }

  /** Encoders: BERT's masking recipe applied to a text, with the predictions at each chosen position. */
  mlmProbe(modelId: string, text: string, options: MlmProbeOptions): Promise<MlmProbeResult> {
    return this.request({ op: 'mlmProbe', modelId, text, options }) as Promise<MlmProbeResult>;
  }

  /** Encoders: label ids scored at the query's mask (cloze studies). */
  scoreMasked(request: ScoreMaskedRequest): Promise<ScoreNextResult> {
    return this.request({ op: 'scoreMasked', ...request }) as Promise<ScoreNextResult>;
  }

  hiddenStates(request: HiddenStateRequest): Promise<HiddenStatesResult> {
    return this.request({ op: 'hiddenStates', ...request }) as Promise<HiddenStatesResult>;
  }

  /** Releases every session and stops the worker. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    this.failPending({ code: 'DISPOSED', message: 'the engine was shut down' });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.send({ dispose: true });
    });
    if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  }

  private async request(request: EngineRequest): Promise<unknown> {
    if (this.disposed) throw new EngineRequestError({ code: 'DISPOSED', message: 'the engine was shut down' });
    const worker = await this.ensureWorker();
    const id = ++this.seq;
    const timeoutMs = this.timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new EngineRequestError({ code: 'TIMEOUT', message: `engine request "${request.op}" took longer than ${timeoutMs} ms; the engine was restarted` }));
        this.crash({ code: 'WORKER_CRASHED', message: `the engine was restarted after "${request.op}" timed out` });
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.send({ id, request });
    });
  }

  private async ensureWorker(): Promise<ChildProcess> {
    while (!this.worker) {
      if (!this.starting) this.starting = this.start().finally(() => (this.starting = undefined));
      await this.starting;
    }
    return this.worker;
  }

  /** Starts a worker and, after a crash, reloads the models that were loaded under their ids. */
  private async start(): Promise<void> {
    const entry = this.options.workerEntry ?? new URL('./worker.ts', import.meta.url);
    const entryPath = entry instanceof URL ? fileURLToPath(entry) : entry.startsWith('file:') ? fileURLToPath(entry) : entry;
    const execArgv = [...(entryPath.endsWith('.ts') ? ['--import', tsxLoaderUrl()] : []), ...(this.options.execArgv ?? [])];
    // Inside Electron, process.execPath is the Electron binary: run it as plain Node.
    const env = process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
    const worker = fork(entryPath, [], { execArgv, env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    worker.on('message', (message: EngineResponse | { event: EngineEvent } | { disposed: true }) => this.onMessage(message));
    worker.on('error', (error) => this.crashOf(worker, { code: 'WORKER_CRASHED', message: `the engine worker crashed: ${error.message.split('\n')[0]}` }));
    worker.on('exit', (code, signal) => this.crashOf(worker, { code: 'WORKER_CRASHED', message: `the engine worker exited (${signal ?? `code ${code}`})` }));
    this.worker = worker;
    for (const [modelId, model] of this.loaded) {
      const id = ++this.seq;
      const reloaded = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new EngineRequestError({ code: 'TIMEOUT', message: `reloading ${model.info.name} timed out` })), Math.max(this.timeoutMs, 60_000));
        this.pending.set(id, { resolve, reject, timer });
      });
      worker.send({ id, request: model.request });
      try {
        await reloaded;
      } catch {
        this.loaded.delete(modelId);
      }
    }
  }

  private onMessage(message: EngineResponse | { event: EngineEvent } | { disposed: true }): void {
    if ('event' in message) {
      this.streams.get(message.event.streamId)?.(message.event);
      return;
    }
    if (!('id' in message)) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new EngineRequestError(message.error));
  }

  private crashOf(worker: ChildProcess, error: EngineError): void {
    if (this.worker === worker) this.crash(error);
  }

  private crash(error: EngineError): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failPending(error);
    if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  }

  private failPending(error: EngineError): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new EngineRequestError(error));
      this.pending.delete(id);
    }
  }
}

/**
 * tsx's loader, by absolute URL, for running the TypeScript worker from source.
 *
 * A bare `--import tsx` would resolve from the working directory, which need not be this project.
 */
function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

function checkProvider(name: string): void {
  try {
    parseProvider(name);
  } catch (error) {
    if (error instanceof EngineFailure) throw new EngineRequestError(toEngineError(error));
    throw error;
  }
}
