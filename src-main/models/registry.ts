import fs from 'node:fs';
import path from 'node:path';
import { appDataDir } from '../paths.ts';

/**
 * Registered model names, stored as `registry.json` in the application-data folder.
 *
 * Written atomically (temp file + rename) so a crash never leaves a half-written registry.
 */
export interface RegisteredModel {
  name: string;
  dir: string;
  addedAt: string;
  /** The graph to load, as transformers.js names dtypes (fp16, q4, ...); absent: as transformers.js picks. */
  dtype?: string;
}

interface RegistryFile {
  models: RegisteredModel[];
}

export function registryPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(appDataDir(env), 'registry.json');
}

export function readRegistry(env: NodeJS.ProcessEnv = process.env): RegisteredModel[] {
  const file = registryPath(env);
  if (!fs.existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message.split("\n")[0]}`, { cause: error });
  }
  const models = (parsed as Partial<RegistryFile>)?.models;
  if (!Array.isArray(models)) throw new Error(`${file} has no "models" list`);
  return models.filter((m): m is RegisteredModel => typeof m?.name === 'string' && typeof m?.dir === 'string');
}

/** Names a user may give: no path separators, so a name never reads as a folder. */
export function checkModelName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name) || name === 'default') {
    throw new Error(`invalid model name "${name}": use letters, digits, ".", "_" or "-" (not "default")`);
  }
  return name;
}

/** Adds or updates a name; a name already used for another folder is refused. */
export function registerModel(name: string, dir: string, env: NodeJS.ProcessEnv = process.env, dtype?: string): RegisteredModel {
  checkModelName(name);
  const abs = path.resolve(dir);
  const models = readRegistry(env);
  const existing = models.find((m) => m.name === name);
  if (existing && existing.dir !== abs) {
    throw new Error(`model name "${name}" is already registered for ${existing.dir}; choose another --name`);
  }
  const entry: RegisteredModel = { name, dir: abs, addedAt: existing?.addedAt ?? new Date().toISOString(), ...(dtype ? { dtype } : {}) };
  const next = [...models.filter((m) => m.name !== name), entry];
  const file = registryPath(env);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify({ models: next } satisfies RegistryFile, null, 2)}\n`);
  fs.renameSync(temp, file);
  return entry;
}
