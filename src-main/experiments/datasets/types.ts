import type { ColumnMapping, DatasetFormat } from '../../../src-shared/experiments/dataset-types.ts';

/** The row and format types are shared with the renderer, so they are declared in src-shared. */
export type { ColumnMapping, DatasetFormat, DatasetRow } from '../../../src-shared/experiments/dataset-types.ts';

export interface DatasetSource {
  /** Absolute path of the file. */
  path: string;
  format: DatasetFormat;
  columns?: Partial<ColumnMapping>;
}
