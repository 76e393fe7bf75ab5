import { z } from 'zod';
import { DATASET_FORMATS, type ColumnMapping, type DatasetFormat, type DatasetRow } from '../experiments/dataset-types.ts';
import { SAMPLING_MODES } from '../sampling/demonstrations.ts';
import type { DataFileInput } from '../experiments/experiment-schema.ts';

/**
 * Datasets domain: import a file (by path, or its text when the UI runs in a browser), browse and
 * search rows, and sample demonstrations by seed with pinned and excluded examples.
 */

export type { DatasetFormat, DatasetRow } from '../experiments/dataset-types.ts';

/** The schemas below are checked against the shared types, so the two cannot drift apart. */
export const datasetFormat = z.enum(DATASET_FORMATS) satisfies z.ZodType<DatasetFormat>;

export const datasetColumns = z.object({ text: z.string().min(1), label: z.string().min(1) }) satisfies z.ZodType<ColumnMapping>;

export const datasetsImportArgs = z
  .object({
    /** A file the backend can read. */
    path: z.string().min(1).optional(),
    /** Or the file's contents (browser mode: a file chosen in the page) with its name. */
    text: z.string().optional(),
    fileName: z.string().min(1).optional(),
    format: datasetFormat,
    columns: datasetColumns.optional(),
    name: z.string().trim().min(1).optional(),
  })
  .refine((a) => (a.path === undefined) !== (a.text === undefined), { message: 'give either path or text, not both', path: ['path'] })
  .refine((a) => a.text === undefined || a.fileName !== undefined, { message: 'fileName is required with text', path: ['fileName'] });

export interface DatasetSummary {
  datasetId: string;
  name: string;
  format: DatasetFormat;
  /** The stored copy; experiment specs reference it as `data.train.path`. */
  path: string;
  rows: number;
  /** Class label -> count. */
  labels: Record<string, number>;
  /** Fields a template may name (`input` is the mapped text field). */
  fields: string[];
  importedAt: string;
  /** The column mapping it was imported with (CSV, TSV, JSONL); a study reads the file the same way. */
  columns?: DataFileInput['columns'];
}

export const datasetsRowsArgs = z.object({
  datasetId: z.string().min(1),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  /** Case-insensitive substring of the text. */
  search: z.string().default(''),
  label: z.string().optional(),
});

export interface DatasetRowsResult {
  /** Rows matching the filter (before paging). */
  total: number;
  rows: DatasetRow[];
}

export const datasetsSampleArgs = z.object({
  datasetId: z.string().min(1),
  shots: z.number().int().min(0).max(64),
  seed: z.number().int().min(0),
  sampling: z.enum(SAMPLING_MODES).default('uniform'),
  /** Ids always included (counted in `shots`). */
  pinned: z.array(z.string()).default([]),
  /** Ids never drawn. */
  excluded: z.array(z.string()).default([]),
  /** The classes in the order a study lists them (its label words), so a class-balanced draw equals the study's. */
  classes: z.array(z.string().min(1)).optional(),
});

export interface DatasetsSampleResult {
  demonstrations: DatasetRow[];
}

export const datasetIdArgs = z.object({ datasetId: z.string().min(1) });
