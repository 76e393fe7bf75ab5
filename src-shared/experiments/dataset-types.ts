/**
 * The dataset vocabulary both sides share: the loaders in src-main/experiments/datasets produce
 * these rows and the API (src-shared/api/datasets.ts) hands them to the renderer. Pure TypeScript.
 */

/** The file formats a dataset may come in (CONTRACT.md, "Formats"); the one list of them. */
export const DATASET_FORMATS = ['sst2', 'csv', 'tsv', 'jsonl', 'trec', 'superglue'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** Which columns hold the text (`{{input}}`) and the gold label. */
export interface ColumnMapping {
  text: string;
  label: string;
}

/**
 * One labelled example.
 *
 * `id` is `<file name>:<line>` (the 1-based line where the row starts), stable as long as the file
 * is unchanged and readable by a person looking at the file. `fields` holds every column of the
 * row as text, plus `input` (the mapped text column), so templates may name any of them.
 */
export interface DatasetRow {
  id: string;
  /** 1-based line (or record) number in the source file. */
  line: number;
  text: string;
  label: string;
  fields: Record<string, string>;
}
