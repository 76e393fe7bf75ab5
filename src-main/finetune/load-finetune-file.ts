import { FinetuneSpecSchema, type FinetuneSpec } from '../../src-shared/finetune/learning-curve-schema.ts';
import { readSpecFile, resolveDataPaths, validateSpec, type SpecErrorCodes } from '../experiments/spec/spec-file.ts';

/** Learning-curve files on disk: read, validate against the shared schema, resolve data paths. */

export interface LoadedFinetune {
  spec: FinetuneSpec;
  file: string;
}

const CODES: SpecErrorCodes = { file: 'FINETUNE_FILE', syntax: 'FINETUNE_SYNTAX', field: 'FINETUNE_FIELD' };

/** Read and validate a learning-curve file (YAML or JSON); data paths become absolute. */
export function loadFinetuneFile(file: string): LoadedFinetune {
  const { value, label, baseDir, file: absolute } = readSpecFile(file, CODES);
  const spec = parseFinetuneSpec(value, label);
  return { spec: { ...spec, data: resolveDataPaths(spec.data, baseDir) }, file: absolute };
}

/** Validate a learning-curve object; `label` prefixes error messages. */
export function parseFinetuneSpec(value: unknown, label = 'finetune'): FinetuneSpec {
  const parsed = validateSpec(FinetuneSpecSchema, value, label, 'name, model, data, task, budgets, seeds, methods, ...', CODES.field);
  return { ...parsed, classes: Object.keys(parsed.task.labels) };
}
