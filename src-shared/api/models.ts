import { z } from 'zod';
import type { ModelInfo } from '../models/model-info.ts';

/**
 * Models domain: the embedded default, registered folders, model info and Hub downloads.
 */

/** A model reference as the CLI takes it: `default`, a registered name or a folder. */
export const modelRef = z.string().trim().min(1, 'a model reference is required (default, a registered name or a folder)');

export interface ModelEntry {
  /** What to pass as `model` to other calls. */
  ref: string;
  name: string;
  dir: string;
  kind: 'default' | 'registered';
  /** False when the folder no longer validates; `problem` says why. */
  available: boolean;
  problem?: string;
}

export interface ModelList {
  models: ModelEntry[];
  /** The reference new views start with (`default` when the embedded model exists). */
  defaultRef: string | null;
}

/** ModelInfo as `models.info` returns it: the reference instead of the engine's handle, no token ids. */
export interface ModelDetails extends Omit<ModelInfo, 'modelId' | 'eosTokenId' | 'bosTokenId'> {
  ref: string;
  /** Every ONNX graph the folder holds, one per dtype and layout (what `models add --dtype` can choose); absent when the folder cannot be listed. */
  variants?: ModelVariant[];
}

/** One graph file of a model folder. */
export interface ModelVariant {
  /** As transformers.js names it (src-shared/models/dtypes.ts). */
  dtype: string;
  /** Relative to the folder. */
  file: string;
  layout: 'onnx-subfolder' | 'optimum-flat' | 'legacy-merged';
  /** The graph file plus its external data. */
  bytes: number;
}

export const modelsAddArgs = z.object({
  dir: z.string().trim().min(1, 'a folder path is required'),
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-"')
    .optional(),
  /** The graph every load of this name uses, as transformers.js names dtypes; absent: as transformers.js picks. */
  dtype: z.string().trim().min(1).optional(),
});

export const modelsInfoArgs = z.object({ model: modelRef });

export const modelsDownloadArgs = z.object({
  /** A Hub repository id, e.g. "Xenova/distilgpt2". */
  repo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, 'expected "owner/name", e.g. Xenova/distilgpt2'),
  revision: z.string().trim().min(1).default('main'),
  /** ONNX variant suffix as transformers.js names them ('' = fp32, '_quantized', ...). */
  variant: z.string().default(''),
  downloadId: z.string().min(1),
});

export interface DownloadResult {
  entry: ModelEntry;
  bytes: number;
  /** Files skipped because a complete copy was already there (resume). */
  resumedFiles: number;
}

/** Event `models.download.progress`. */
export interface DownloadProgressEvent {
  downloadId: string;
  file: string;
  receivedBytes: number;
  totalBytes: number | null;
  state: 'running' | 'done' | 'failed';
  message?: string;
}
