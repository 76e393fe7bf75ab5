import path from 'node:path';
import { ExperimentSpecSchema, normalizeSpec, type ExperimentSpec } from '../../../src-shared/experiments/experiment-schema.ts';
import { readSpecFile, resolveDataPaths, validateSpec, type SpecErrorCodes } from './spec-file.ts';

/** An experiment read from a file: the spec with data paths made absolute, and where it came from. */
export interface LoadedExperiment {
  spec: ExperimentSpec;
  /** The file's folder; data paths in the file are relative to it. */
  baseDir: string;
  file: string;
}

const CODES: SpecErrorCodes = { file: 'EXPERIMENT_FILE', syntax: 'EXPERIMENT_SYNTAX', field: 'EXPERIMENT_FIELD' };

/**
 * Read and validate an experiment file (YAML, or JSON, which is YAML too).
 *
 * Errors name the file and the field path (`sst2.yaml: task.template: ...`), one line.
 */
export function loadExperimentFile(file: string): LoadedExperiment {
  const { value, label, baseDir, file: absolute } = readSpecFile(file, CODES);
  const spec = parseExperiment(value, label);
  return { spec: resolvePaths(spec, baseDir), baseDir, file: absolute };
}

/** Validate an experiment object (from a file or the UI); `label` prefixes error messages. */
export function parseExperiment(value: unknown, label = 'experiment'): ExperimentSpec {
  const parsed = validateSpec(ExperimentSpecSchema, value, label, 'name, model, data, task, shots, seeds, ...', CODES.field);
  return normalizeSpec(parsed);
}

/** Data paths relative to the experiment file's folder become absolute. */
function resolvePaths(spec: ExperimentSpec, baseDir: string): ExperimentSpec {
  // A model given as a folder path is relative to the file too; `default` and registered names stay.
  const isPath = spec.model.includes('/') || spec.model.includes('\\') || spec.model.startsWith('.');
  return { ...spec, model: isPath ? path.resolve(baseDir, spec.model) : spec.model, data: resolveDataPaths(spec.data, baseDir) };
}
