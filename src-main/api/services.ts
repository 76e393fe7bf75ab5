import type { Database } from 'better-sqlite3';
import type { EventChannel, EventChannels } from '../../src-shared/api/contract.ts';
import type { EngineHost } from '../engine/host.ts';
import type { FileAccess } from './file-access.ts';

/**
 * What the handlers are built from, assembled once in the composition root (backend.ts).
 *
 * `db` opens the experiment database on first use, so a workbench that only explores tokens never
 * creates one; `broadcast` reaches every connected window or socket (study progress is for all).
 */
export interface ApiServices {
  engine: EngineHost;
  db: () => Database;
  env: NodeJS.ProcessEnv;
  /** The application-data folder (registry, datasets, database). */
  home: string;
  defaultModelDir: string;
  mode: 'electron' | 'browser';
  /** The files the API may read (the user's consent: data folders, picked paths, uploads). */
  files: FileAccess;
  version: string;
  broadcast<E extends EventChannel>(event: E, payload: EventChannels[E]): void;
}
