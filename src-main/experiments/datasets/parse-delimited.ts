import { parse } from 'csv-parse/sync';
import { ExperimentInputError } from '../errors.ts';
import type { ColumnMapping, DatasetRow } from './types.ts';

/**
 * Parse CSV or TSV with a header row through csv-parse.
 *
 * TSV is read without quote handling: tab-separated corpora routinely contain bare `"` in text
 * (SST, TREC), which a quoting parser would swallow across lines.
 */
export function parseDelimited(content: string, delimiter: ',' | '\t', columns: ColumnMapping, fileLabel: string, idPrefix: string): DatasetRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // With `info: true` each record comes as { record, info } (csv-parse's typings do not model that option).
    records = parse<(typeof records)[number]>(content, {
      columns: true,
      delimiter,
      bom: true,
      info: true,
      skip_empty_lines: true,
      quote: delimiter === '\t' ? false : '"',
    });
  } catch (error) {
    // csv-parse's messages quote the offending field; its code says the same without the text.
    const err = error as { code?: string; lines?: number };
    const line = typeof err.lines === 'number' ? `:${err.lines}` : '';
    const reason = typeof err.code === 'string' ? err.code.replace(/^CSV_/, '').toLowerCase().replace(/_/g, ' ') : 'not valid CSV';
    throw new ExperimentInputError(`${fileLabel}${line}: ${reason}`, 'DATASET_ROW');
  }
  if (records.length === 0) return [];
  const header = Object.keys(records[0].record);
  for (const [role, column] of Object.entries(columns)) {
    if (!header.includes(column)) {
      throw new ExperimentInputError(`${fileLabel}:1: no column "${column}" for the ${role} (the header has ${header.length} columns); set columns: { ${role}: COLUMN }`, 'DATASET_COLUMNS');
    }
  }
  return records.map(({ record, info }) => {
    // info.lines is the line where the record ends; multi-line quoted fields start earlier, so
    // count the newlines inside the record to get the line it starts on.
    const newlines = Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - newlines;
    const text = record[columns.text].trim();
    const label = record[columns.label].trim();
    if (text === '') throw new ExperimentInputError(`${fileLabel}:${line}: empty "${columns.text}" column`, 'DATASET_ROW');
    if (label === '') throw new ExperimentInputError(`${fileLabel}:${line}: empty "${columns.label}" column`, 'DATASET_ROW');
    return { id: `${idPrefix}:${line}`, line, text, label, fields: { ...record, input: text } };
  });
}
