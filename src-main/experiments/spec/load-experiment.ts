import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { ExperimentInputError } from '../errors.ts';
import { ExperimentSpecSchema, normalizeSpec, type ExperimentSpec } from './experiment-schema.ts';

/** An experiment read from a file: the spec with data paths made absolute, and where it came from. */
export interface LoadedExperiment {
  spec: ExperimentSpec;
  /** The file's folder; data paths in the file are relative to it. */
  baseDir: string;
  file: string;
}

/**
 * Read and validate an experiment file (YAML, or JSON, which is YAML too).
 *
 * Errors name the file and the field path (`sst2.yaml: task.template: ...`), one line.
 */
export function loadExperimentFile(file: string): LoadedExperiment {
  const label = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExperimentInputError(`${file}: ${code === 'ENOENT' ? 'file not found' : `cannot read (${code})`}`, 'EXPERIMENT_FILE');
  }
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = `:${lineCounter.linePos(e.pos[0]).line}`;
    throw new ExperimentInputError(`${label}${where}: ${e.message.split('\n')[0]}`, 'EXPERIMENT_SYNTAX');
  }
  const baseDir = path.dirname(path.resolve(file));
  const spec = parseExperiment(doc.toJS(), label);
  return { spec: resolvePaths(spec, baseDir), baseDir, file: path.resolve(file) };
}

/** Validate an experiment object (from a file or the UI); `label` prefixes error messages. */
export function parseExperiment(value: unknown, label = 'experiment'): ExperimentSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ExperimentInputError(`${label}: expected a mapping of fields (name, model, data, task, shots, seeds, ...)`, 'EXPERIMENT_FIELD');
  }
  const result = ExperimentSpecSchema.safeParse(value);
  if (!result.success) throw new ExperimentInputError(`${label}: ${formatIssue(result.error.issues[0])}`, 'EXPERIMENT_FIELD');
  return normalizeSpec(result.data);
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (field ? `${field}.${k}` : k));
    return `unknown field ${keys.join(', ')}`;
  }
  const message = issue.code === 'invalid_type' && issue.message.includes('received undefined') ? 'required' : issue.message;
  return field ? `${field}: ${message}` : message;
}

/** Data paths relative to the experiment file's folder become absolute. */
function resolvePaths(spec: ExperimentSpec, baseDir: string): ExperimentSpec {
  // A model given as a folder path is relative to the file too; `default` and registered names stay.
  const isPath = spec.model.includes('/') || spec.model.includes('\\') || spec.model.startsWith('.');
  return {
    ...spec,
    model: isPath ? path.resolve(baseDir, spec.model) : spec.model,
    data: {
      train: { ...spec.data.train, path: path.resolve(baseDir, spec.data.train.path) },
      test: { ...spec.data.test, path: path.resolve(baseDir, spec.data.test.path) },
    },
  };
}
