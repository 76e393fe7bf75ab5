import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventChannel, EventChannels } from '../../src-shared/api/contract.ts';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { EngineHost, type EngineHostOptions } from '../engine/host.ts';
import { resolveModelRef } from '../models/resolve.ts';
import { appDataDir, appRoot, defaultDbPath, defaultModelDir } from '../paths.ts';
import { openDatabase } from '../storage/database.ts';
import { createHandlers } from './handlers.ts';

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
}

export interface Backend {
  handlers: ApiHandlers;
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
  const engine = new EngineHost({
    ...options.engine,
    resolveModel: (ref) => (ref === 'default' ? { name: 'default', dir: modelDir } : resolveModelRef(ref, env)),
  });
  let db: Database | null = null;
  const listeners = new Set<<E extends EventChannel>(event: E, payload: EventChannels[E]) => void>();
  const handlers = createHandlers({
    engine,
    db: () => (db ??= openDatabase(options.dbPath ?? defaultDbPath(env))),
    env,
    home: appDataDir(env),
    defaultModelDir: modelDir,
    mode: options.mode,
    version: options.version ?? packageVersion(),
    broadcast: (event, payload) => listeners.forEach((l) => l(event, payload)),
  });
  return {
    handlers,
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
