import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PendingCalls } from '../../src-shared/rpc/pending-calls.ts';
import { EngineFailure, EngineRequestError, toEngineError } from './engine-failure.ts';
import { ENGINE_NICE_ENV } from './priority.ts';
import { parseProvider } from './providers.ts';
import type {
  AttentionResult,
  EngineError,
  EngineEvent,
  EngineOp,
  EngineRequest,
  EngineResponse,
  EngineResultOf,
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
  ProbeRequest,
  ProbeResult,
  ScoreLabelsResult,
  ScoreNextRequest,
  ScoreNextResult,
  TokenPiece,
} from './protocol.ts';

export interface ResolvedModel {
  name: string;
  dir: string;
  /** The dtype a registered model was added with; a load's own `dtype` option wins. */
  dtype?: string;
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
  /**
   * The worker's scheduling priority as a nice value (0 normal … 19 lowest; priority.ts). A UI's
   * backend passes 10 (below normal), so a running study yields the CPU to the window; the CLI
   * leaves it at the caller's.
   */
  nice?: number;
  /**
   * Turns a model reference into a folder. The composition root (src-main/api/backend.ts, the CLI's
   * engine-session.ts) passes the app's resolver (`default`, registered names, folders); the engine
   * itself knows only folders, so without one a reference must be a model folder.
   */
  resolveModel?: (ref: string) => ResolvedModel | Promise<ResolvedModel>;
}

/** The resolver of an engine host given none: the reference is a folder. */
function modelFolder(ref: string): ResolvedModel {
  const dir = path.resolve(ref);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`model "${ref}" is not a folder (this engine host resolves only folders)`);
  return { name: path.basename(dir), dir };
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
 * Modelled on VS Code's UtilityProcess host: numbered requests, a timeout per request (both from the
 * shared PendingCalls, src-shared/rpc), and crash handling. When the worker dies (exit, uncaught error, out of memory) every pending request
 * is rejected with WORKER_CRASHED; the next call starts a new worker and reloads the models that
 * were loaded, under the same model ids, so callers holding a modelId carry on.
 */
export class EngineHost {
  private worker?: ChildProcess;
  private starting?: Promise<void>;
  private streamSeq = 0;
  private readonly calls = new PendingCalls<unknown>();
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
      resolved = await (this.options.resolveModel ?? modelFolder)(ref);
    } catch (error) {
      // A resolver's own code (a refused path: FILE_ACCESS) says more than MODEL_REF.
      const code = (error as { code?: unknown }).code;
      throw new EngineRequestError({ code: typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'MODEL_REF', message: (error as Error).message });
    }
    if (options.provider !== undefined) checkProvider(options.provider);
    const { name, dir } = resolved;
    if (resolved.dtype !== undefined && options.dtype === undefined) options = { ...options, dtype: resolved.dtype };
    const key = JSON.stringify([dir, options]);
    const known = this.byKey.get(key);
    if (known && this.loaded.has(known)) return this.loaded.get(known)!.info;
    // Concurrent loads of the same model (two UI views at once) share one load.
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const modelId = `m${this.nextModel++}`;
    const request = { op: 'load' as const, ref, dir, name, options, modelId };
    const loading = this.request(request).then((info) => {
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
    return this.request({ op: 'tokenize', modelId, text });
  }

  decode(modelId: string, ids: number[]): Promise<string> {
    return this.request({ op: 'decode', modelId, ids });
  }

  next(modelId: string, text: string, top = 10): Promise<NextTokenResult> {
    return this.request({ op: 'next', modelId, text, top });
  }

  scoreLabels(modelId: string, prompt: string, labels: string[], mode: LabelMode = 'first-token'): Promise<ScoreLabelsResult> {
    return this.request({ op: 'scoreLabels', modelId, prompt, labels, mode });
  }

  scoreNext(request: ScoreNextRequest): Promise<ScoreNextResult> {
    return this.request({ op: 'scoreNext', ...request });
  }

  /** Streams each new token to `onToken` as it is chosen; resolves with the whole continuation. */
  async generate(modelId: string, prompt: string, options: GenerateOptions, onToken: (token: { tokenId: number; text: string; logprob?: number }) => void): Promise<string> {
    const streamId = `s${++this.streamSeq}`;
    this.streams.set(streamId, (event) => {
      if (event.kind === 'token') onToken({ tokenId: event.tokenId ?? -1, text: event.text ?? '', ...(event.logprob !== undefined ? { logprob: event.logprob } : {}) });
    });
    try {
      return await this.request({ op: 'generate', modelId, prompt, options, streamId });
    } finally {
      this.streams.delete(streamId);
    }
  }

  /** Decoders: causal rows. Encoders: bidirectional rows, with segments and special tokens marked (EncoderAttentionResult). */
  attention(modelId: string, text: string, pair?: string): Promise<AttentionResult> {
    return this.request({ op: 'attention', modelId, text, ...(pair !== undefined ? { pair } : {}) });
  }

  /** Encoders: the top-k tokens at every mask of the text. */
  fill(modelId: string, text: string, top = 10, pair?: string): Promise<FillMaskResult> {
    return this.request({ op: 'fill', modelId, text, top, ...(pair !== undefined ? { pair } : {}) });
  }

  /** Encoders: BERT's masking recipe applied to a text, with the predictions at each chosen position. */
  mlmProbe(modelId: string, text: string, options: MlmProbeOptions): Promise<MlmProbeResult> {
    return this.request({ op: 'mlmProbe', modelId, text, options });
  }

  /** Encoders: label ids scored at the query's mask (cloze studies). */
  scoreMasked(request: ScoreMaskedRequest): Promise<ScoreNextResult> {
    return this.request({ op: 'scoreMasked', ...request });
  }

  hiddenStates(request: HiddenStateRequest): Promise<HiddenStatesResult> {
    return this.request({ op: 'hiddenStates', ...request });
  }

  /** Scoring with the label lens and/or a head mask and attention knockout (probe.ts). */
  probe(request: ProbeRequest): Promise<ProbeResult> {
    return this.request({ op: 'probe', ...request });
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

  private async request<Op extends EngineOp>(request: Extract<EngineRequest, { op: Op }>): Promise<EngineResultOf<Op>> {
    if (this.disposed) throw new EngineRequestError({ code: 'DISPOSED', message: 'the engine was shut down' });
    const worker = await this.ensureWorker();
    const timeoutMs = this.timeoutMs;
    const answer = this.calls.call((id) => worker.send({ id, request }), {
      timeoutMs,
      timeoutError: () => new EngineRequestError({ code: 'TIMEOUT', message: `engine request "${request.op}" took longer than ${timeoutMs} ms; the engine was restarted` }),
      onTimeout: () => this.crash({ code: 'WORKER_CRASHED', message: `the engine was restarted after "${request.op}" timed out` }),
    });
    // The worker answers `request` with EngineResults[op] (engine-core.ts); the wire carries it untyped.
    return answer as Promise<EngineResultOf<Op>>;
  }

  /** The worker process's id, once one has started (for diagnostics: its priority, its threads). */
  get workerPid(): number | undefined {
    return this.worker?.pid;
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
    const env: NodeJS.ProcessEnv = { ...process.env, ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}), ...(this.options.nice !== undefined ? { [ENGINE_NICE_ENV]: String(this.options.nice) } : {}) };
    const worker = fork(entryPath, [], { execArgv, env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    worker.on('message', (message: EngineResponse | { event: EngineEvent } | { disposed: true }) => this.onMessage(message));
    worker.on('error', (error) => this.crashOf(worker, { code: 'WORKER_CRASHED', message: `the engine worker crashed: ${error.message.split('\n')[0]}` }));
    worker.on('exit', (code, signal) => this.crashOf(worker, { code: 'WORKER_CRASHED', message: `the engine worker exited (${signal ?? `code ${code}`})` }));
    this.worker = worker;
    for (const [modelId, model] of this.loaded) {
      const reloaded = this.calls.call((id) => worker.send({ id, request: model.request }), {
        timeoutMs: Math.max(this.timeoutMs, 60_000),
        timeoutError: () => new EngineRequestError({ code: 'TIMEOUT', message: `reloading ${model.info.name} timed out` }),
      });
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
    if (message.ok) this.calls.resolve(message.id, message.value);
    else this.calls.reject(message.id, new EngineRequestError(message.error));
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
    this.calls.failAll(() => new EngineRequestError(error));
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
