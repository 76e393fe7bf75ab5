import { z } from 'zod';
import { ExperimentSpecSchema } from '../experiments/experiment-schema.ts';
import { runIdSchema } from '../experiments/run-id.ts';
import type { RunStatus } from '../experiments/run-status.ts';

/**
 * Studies domain: validate an experiment spec, start it (answers at once with a run id), follow
 * `study.progress` events, cancel.
 *
 * The spec is the experiment file of CONTRACT.md as an object, with paths absolute or relative
 * to the backend's working folder (imported datasets give absolute paths).
 */

/**
 * The experiment as a caller writes it (defaults may be left out) is the schema's input type, and
 * the boundary validates it with that same schema: its errors name the field
 * (`studies.start: args.spec.task.template: ...`), unknown fields are errors, defaults are filled.
 */
export type { DataFileInput, ExperimentSpecInput } from '../experiments/experiment-schema.ts';
export type { RunStatus as StudyState } from '../experiments/run-status.ts';

export const studiesSpecArgs = z.object({ spec: ExperimentSpecSchema });

/** The caller chooses the run's id (src-shared/experiments/run-id.ts) and follows its events from the first. */
export const studiesStartArgs = studiesSpecArgs.extend({ runId: runIdSchema.optional() });

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

/** Event `study.progress`. */
export interface StudyProgressEvent {
  runId: string;
  state: RunStatus;
  /** Prompts scored so far, of `total`. */
  done: number;
  total: number;
  /** Set when state is 'failed'. */
  error?: { code: string; message: string };
}
