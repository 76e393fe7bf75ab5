/**
 * The dataset types of the API contract, re-exported under the names the Examples view uses.
 */
import type { z } from 'zod';
import type { datasetColumns } from '../../../src-shared/api/datasets.ts';

export type { DatasetFormat, DatasetRow, DatasetSummary } from '../../../src-shared/api/datasets.ts';
export type DatasetColumns = z.infer<typeof datasetColumns>;
