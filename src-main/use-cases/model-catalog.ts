import fs from 'node:fs';
import path from 'node:path';
import type { ModelEntry } from '../../src-shared/api/models.ts';
import { readModelFolder } from '../engine/model-folder.ts';
import { checkModelName, readRegistry, registerModel, type RegisteredModel } from '../models/registry.ts';

/**
 * The model catalog: the embedded default and the registered folders, each with one definition of
 * "available" — the folder reads as a model (config, tokenizer and ONNX file, `readModelFolder`),
 * checked without loading it. `promptscope models list|add` and the API's `models.list|add` are
 * thin adapters over these functions.
 */

/** A catalog row: the API's model entry, with when it was registered and the dtype it was registered with. */
export type CatalogEntry = ModelEntry & { addedAt?: string; dtype?: string };

/** Whether a folder is a loadable model, without loading it. */
export function checkModelFolder(dir: string, dtype?: string): { available: boolean; problem?: string } {
  try {
    readModelFolder(dir, dtype ? { dtype } : {});
    return { available: true };
  } catch (error) {
    return { available: false, problem: (error as Error).message.split('\n')[0] };
  }
}

export function listModels(options: { defaultModelDir: string; env?: NodeJS.ProcessEnv }): CatalogEntry[] {
  const models: CatalogEntry[] = [];
  if (fs.existsSync(options.defaultModelDir)) {
    models.push({ ref: 'default', name: 'default', dir: options.defaultModelDir, kind: 'default', ...checkModelFolder(options.defaultModelDir) });
  }
  for (const m of readRegistry(options.env)) {
    models.push({ ref: m.name, name: m.name, dir: m.dir, kind: 'registered', ...checkModelFolder(m.dir, m.dtype), addedAt: m.addedAt, ...(m.dtype ? { dtype: m.dtype } : {}) });
  }
  return models;
}

/** A catalog problem with the code the front ends report (MODEL_FOLDER, MODEL_NAME). */
export class ModelCatalogError extends Error {
  constructor(
    readonly code: 'MODEL_FOLDER' | 'MODEL_NAME',
    message: string,
  ) {
    super(message);
    this.name = 'ModelCatalogError';
  }
}

/** The folder, absolute, if it reads as a model; else a ModelCatalogError naming the problem. */
export function checkNewModelFolder(dir: string, dtype?: string): string {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs)) throw new ModelCatalogError('MODEL_FOLDER', `${abs}: no such folder`);
  if (!fs.statSync(abs).isDirectory()) throw new ModelCatalogError('MODEL_FOLDER', `${abs}: is a file, not a model folder`);
  const { problem } = checkModelFolder(abs, dtype);
  if (problem !== undefined) throw new ModelCatalogError('MODEL_FOLDER', problem);
  return abs;
}

/** The name a folder is registered under when none is given: its base name, made a valid name. */
export function defaultModelName(abs: string): string {
  return path.basename(abs).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'model';
}

/** Registers a checked folder (checkNewModelFolder) under `name`. */
export function addModel(abs: string, name: string, env?: NodeJS.ProcessEnv, dtype?: string): RegisteredModel {
  try {
    checkModelName(name);
    return registerModel(name, abs, env, dtype);
  } catch (error) {
    throw new ModelCatalogError('MODEL_NAME', (error as Error).message.split('\n')[0]);
  }
}
