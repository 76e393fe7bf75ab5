import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventChannel, EventChannels } from '../../src-shared/api/contract.ts';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { EngineHost, type EngineHostOptions } from '../engine/host.ts';
import { requestedNice } from '../engine/priority.ts';
import { resolveModelRef } from '../models/resolve.ts';
import { appDataDir, appRoot, defaultDbPath, defaultModelDir } from '../paths.ts';
import { openDatabase } from '../storage/database.ts';
import { createErrorLog, type ErrorLog } from './error-log.ts';
import { FileAccess } from './file-access.ts';
import { createHandlers } from './handlers.ts';

/** The engine worker's nice value behind a window (below normal; src-main/engine/priority.ts). PROMPTSCOPE_ENGINE_NICE=0 keeps it normal. */
const UI_ENGINE_NICE = 10;

export interface BackendOptions {
  mode: 'electron' | 'browser';
  env?: NodeJS.ProcessEnv;
  /** Where the embedded model is (a packaged app keeps resources elsewhere than the source tree). */
  defaultModelDir?: string;
  /** The app's version (a bundle cannot find package.json beside its sources). */
  version?: string;
  /** The experiment database (default: promptscope.db in the application-data folder). */
  dbPath?: string;
  /** The built engine worker, when running from a bundle. */
  engine?: Pick<EngineHostOptions, 'workerEntry' | 'execArgv'>;
  /** Folders the user opened to this session (`serve --data-dir`); the API reads no other files. */
  dataDirs?: readonly string[];
}

export interface Backend {
  handlers: ApiHandlers;
  /** Where internal errors' stacks go (`<home>/logs/errors.log`). */
  log: ErrorLog;
  /** Which files the API may read; the desktop app grants what the user picks in a dialog. */
  files: FileAccess;
  /** Registers who hears broadcast events (every window, every socket); returns the unsubscribe. */
  onBroadcast(listener: <E extends EventChannel>(event: E, payload: EventChannels[E]) => void): () => void;
  dispose(): Promise<void>;
}

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * The composition root of the backend (GitHub Desktop's ui/index.tsx, for the Node side): builds
 * the engine host, the database connection (one writer, opened on first use) and the handlers,
 * once, for whichever transport serves them.
 */
export function createBackend(options: BackendOptions): Backend {
  const env = options.env ?? process.env;
  const modelDir = options.defaultModelDir ?? defaultModelDir;
  const home = appDataDir(env);
  const hint = options.mode === 'browser' ? 'start the server with serve --data-dir FOLDER, or upload the file from the page' : 'choose it with the Open dialog';
  // The app's own folders: imported datasets, downloaded models, the embedded model, the sample data.
  const files = new FileAccess([...(options.dataDirs ?? []), path.join(home, 'datasets'), path.join(home, 'models'), modelDir, path.join(appRoot, 'resources', 'data')], hint);
  const log = createErrorLog(path.join(home, 'logs', 'errors.log'));
  const engine = new EngineHost({
    // Below normal unless the environment says otherwise: a study computing on every core leaves the window a core (priority.ts).
    nice: requestedNice(env) ?? UI_ENGINE_NICE,
    ...options.engine,
    resolveModel: (ref) => {
      if (ref === 'default') return { name: 'default', dir: modelDir };
      const resolved = resolveModelRef(ref, env);
      // Registered models were registered by the user at the command line or through a checked models.add.
      if (resolved.source === 'folder') files.check(resolved.dir);
      return resolved;
    },
  });
  let db: Database | null = null;
  const listeners = new Set<<E extends EventChannel>(event: E, payload: EventChannels[E]) => void>();
  const handlers = createHandlers({
    engine,
    db: () => (db ??= openDatabase(options.dbPath ?? defaultDbPath(env))),
    env,
    home,
    defaultModelDir: modelDir,
    mode: options.mode,
    files,
    version: options.version ?? packageVersion(),
    broadcast: (event, payload) => listeners.forEach((l) => l(event, payload)),
  });
  return {
    handlers,
    log,
    files,
    onBroadcast(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      await engine.dispose();
      db?.close();
      db = null;
    },
  };
}
