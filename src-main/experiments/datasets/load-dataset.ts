import fs from 'node:fs';
import path from 'node:path';
import { ExperimentInputError } from '../errors.ts';
import { decodeUtf8 } from './decode-text.ts';
import { parseDelimited } from './parse-delimited.ts';
import { parseJsonl } from './parse-jsonl.ts';
import { parseSuperGlue, parseTrec } from './parse-paper-formats.ts';
import { parseSst2 } from './parse-sst2.ts';
import type { ColumnMapping, DatasetRow, DatasetSource } from './types.ts';

export interface LoadDatasetOptions {
  /** The experiment's class ids; a row with any other label is an error naming its line. */
  labels?: readonly string[];
  /** How the file is named in messages (default: the path as given). */
  fileLabel?: string;
}

/**
 * Read a dataset file into rows with stable ids, checking encoding, shape and labels.
 *
 * Ids are `<file name>:<line>`: stable for an unchanged file, and they point a reader straight to
 * the row. Two files with the same name in different folders would collide, but train and test
 * ids are kept in separate roles everywhere they are stored.
 */
export function loadDataset(source: DatasetSource, options: LoadDatasetOptions = {}): DatasetRow[] {
  const fileLabel = options.fileLabel ?? source.path;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(source.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read (${code ?? (error as Error).message})`;
    throw new ExperimentInputError(`${fileLabel}: ${reason}`, 'DATASET_FILE');
  }
  const content = decodeUtf8(bytes, fileLabel);
  if (content.trim() === '') throw new ExperimentInputError(`${fileLabel}: file is empty`, 'DATASET_EMPTY');
  const idPrefix = path.basename(source.path);
  const columns: ColumnMapping = { text: source.columns?.text ?? 'text', label: source.columns?.label ?? 'label' };
  let rows: DatasetRow[];
  switch (source.format) {
    case 'sst2':
      rows = parseSst2(content, fileLabel, idPrefix);
      break;
    case 'csv':
      rows = parseDelimited(content, ',', columns, fileLabel, idPrefix);
      break;
    case 'tsv':
      rows = parseDelimited(content, '\t', columns, fileLabel, idPrefix);
      break;
    case 'jsonl':
      rows = parseJsonl(content, columns, fileLabel, idPrefix);
      break;
    case 'trec':
      rows = parseTrec(content, fileLabel, idPrefix);
      break;
    case 'superglue':
      rows = parseSuperGlue(content, fileLabel, idPrefix);
      break;
    default: {
      const never: never = source.format;
      throw new ExperimentInputError(`${fileLabel}: unknown format ${String(never)}`, 'DATASET_FORMAT');
    }
  }
  if (rows.length === 0) throw new ExperimentInputError(`${fileLabel}: no examples (only a header or blank lines)`, 'DATASET_EMPTY');
  if (options.labels) {
    const known = new Set(options.labels);
    const bad = rows.find((row) => !known.has(row.label));
    if (bad) {
      throw new ExperimentInputError(`${fileLabel}:${bad.line}: the label is not one of the experiment's labels (${options.labels.join(', ')})`, 'DATASET_LABEL');
    }
  }
  return rows;
}
