import type { Database } from 'better-sqlite3';
import type { EventChannel, EventChannels } from '../../src-shared/api/contract.ts';
import type { EngineHost } from '../engine/host.ts';

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
  version: string;
  broadcast<E extends EventChannel>(event: E, payload: EventChannels[E]): void;
}
