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
  format: 'sst2' | 'csv' | 'tsv' | 'jsonl';
  columns?: { text?: string; label?: string };
  sample?: number;
  seed?: number;
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
  /** Training ids always among each seed's demonstrations (pinned) or never drawn (excluded). */
  demonstrations?: { pinned?: string[]; excluded?: string[] };
  sampling?: 'uniform' | 'balanced';
  orders?: 'all' | 'first' | { sample: number; seed?: number };
  calibration?: ('none' | 'contextual' | 'batch' | 'domain')[];
  contentFree?: string[];
  labelMode?: 'single-token' | 'first-token';
  contextPolicy?: 'reject' | 'drop-oldest';
}

/** The boundary checks only that a spec is an object; the runner validates it field by field. */
export const experimentSpec = z.record(z.string(), z.unknown(), { error: 'expected the experiment as an object (name, model, data, task, shots, seeds, ...)' });

export const studiesSpecArgs = z.object({ spec: experimentSpec });

export interface StudyValidation {
  /** Prompts the study will score: conditions x (test examples + content-free inputs + domain inputs). */
  prompts: number;
  conditions: number;
  testExamples: number;
  /** Content-free inputs scored per condition (contextual calibration's p_cf). */
  contentFreePerCondition: number;
  /** Random in-domain inputs scored per condition (domain-context calibration); 0 without it. */
  domainPerCondition: number;
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
