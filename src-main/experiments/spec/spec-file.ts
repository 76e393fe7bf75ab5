import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { formatIssue } from '../../../src-shared/api/format-issue.ts';
import { ExperimentInputError } from '../errors.ts';

/**
 * What experiment files and learning-curve files have in common: both are YAML (or JSON, which is
 * YAML too), validated by a zod schema, with data paths relative to the file. Kept in one place so
 * the two kinds of file fail the same way, with one line naming the file and the line or field.
 */

/** The error codes one kind of spec file reports, e.g. `EXPERIMENT_FILE`, `EXPERIMENT_SYNTAX`, `EXPERIMENT_FIELD`. */
export interface SpecErrorCodes {
  file: string;
  syntax: string;
  field: string;
}

/** A spec file's parsed (not yet validated) contents and where it came from. */
export interface SpecFileContents {
  value: unknown;
  /** The file's base name, which prefixes error messages. */
  label: string;
  /** The file's folder; relative paths in the file are relative to it. */
  baseDir: string;
  /** The file, absolute. */
  file: string;
}

/** Read and parse a YAML/JSON file; a missing file or a syntax error is one line (`bad.yaml:3: ...`). */
export function readSpecFile(file: string, codes: SpecErrorCodes): SpecFileContents {
  const label = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read (${code})`;
    throw new ExperimentInputError(`${file}: ${reason}`, codes.file);
  }
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ExperimentInputError(`${label}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`, codes.syntax);
  }
  const absolute = path.resolve(file);
  return { value: doc.toJS(), label, baseDir: path.dirname(absolute), file: absolute };
}

/**
 * Validate a spec object against its schema; the first problem becomes one line prefixed by
 * `label` and naming the field path (`sst2.yaml: task.template: required`). `fields` lists the
 * expected fields for the message shown when the value is not a mapping at all.
 */
export function validateSpec<S extends z.ZodType>(schema: S, value: unknown, label: string, fields: string, code: string): z.output<S> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ExperimentInputError(`${label}: expected a mapping of fields (${fields})`, code);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new ExperimentInputError(`${label}: ${formatIssue(result.error.issues[0])}`, code);
  return result.data;
}

/** The train and test data paths, made absolute against the spec file's folder. */
export function resolveDataPaths<D extends { train: { path: string }; test: { path: string } }>(data: D, baseDir: string): D {
  return {
    ...data,
    train: { ...data.train, path: path.resolve(baseDir, data.train.path) },
    test: { ...data.test, path: path.resolve(baseDir, data.test.path) },
  };
}
