import { z } from 'zod';

/**
 * Studies domain: validate an experiment spec, start it (answers at once with a run id), follow
 * `study.progress` events, cancel.
 *
 * The spec is the experiment file of CONTRACT.md as an object, with paths absolute or relative
 * to the backend's working folder (imported datasets give absolute paths).
 */

/** A data file as the experiment file names it. */
export interface DataFileInput {
  path: string;
  format: 'sst2' | 'csv' | 'tsv' | 'jsonl' | 'trec' | 'superglue';
  columns?: { text?: string; label?: string };
  sample?: number;
  seed?: number;
  /** Test file only: exactly these rows, by the ids the loader gives them (instead of `sample`). */
  ids?: string[];
}

/**
 * The experiment file of CONTRACT.md as an object, for the UI to build.
 *
 * The study runner's schema (src-main/experiments/spec) is the authority: it rejects unknown fields
 * and fills defaults, and its errors name the field (`experiment: task.template: required`).
 */
export interface ExperimentSpecInput {
  name: string;
  model?: string;
  data: { train: DataFileInput; test: DataFileInput };
  task: { instruction?: string; template: string; separator?: string; labels: Record<string, string | string[]> };
  shots?: number;
  shotsPerClass?: number;
  seeds: number[];
  sampling?: 'uniform' | 'balanced' | 'zhao2021';
  /** Pinned draws: `ids` exactly (one list, or one per seed; `shots` may then be omitted), or `pinned` always in and `excluded` never drawn. */
  demonstrations?: { ids?: string[] | Record<string, string[]>; pinned?: string[]; excluded?: string[] };
  orders?: 'all' | 'first' | { sample: number; seed?: number };
  calibration?: ('none' | 'contextual' | 'batch' | 'domain')[];
  contentFree?: string[];
  contentFreeMode?: 'block' | 'fields';
  calibratedProbabilities?: 'softmax' | 'ratio';
  labelMode?: 'single-token' | 'first-token' | 'full-sequence' | 'length-normalized';
  contextPolicy?: 'reject' | 'drop-oldest' | 'skip-example' | 'truncate-input';
  truncateSide?: 'left' | 'right';
}

/** The boundary checks only that a spec is an object; the runner validates it field by field. */
export const experimentSpec = z.record(z.string(), z.unknown(), { error: 'expected the experiment as an object (name, model, data, task, shots, seeds, ...)' });

export const studiesSpecArgs = z.object({ spec: experimentSpec });

export interface StudyValidation {
  /** Prompts the study will score (conditions x test examples + content-free inputs). */
  prompts: number;
  conditions: number;
  testExamples: number;
  /** Non-fatal findings, e.g. a label word the tokenizer splits. */
  warnings: string[];
}

export interface StudyStarted {
  runId: string;
}

export const studiesRunIdArgs = z.object({ runId: z.string().min(1) });

export type StudyState = 'running' | 'done' | 'failed' | 'cancelled';

/** Event `study.progress`. */
export interface StudyProgressEvent {
  runId: string;
  state: StudyState;
  /** Prompts scored so far, of `total`. */
  done: number;
  total: number;
  /** Set when state is 'failed'. */
  error?: { code: string; message: string };
}
