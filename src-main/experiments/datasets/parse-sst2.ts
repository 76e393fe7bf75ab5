import { ExperimentInputError } from '../errors.ts';
import type { DatasetRow } from './types.ts';

/**
 * Parse the SST-2 line format: the label digit, a space, the text.
 *
 * As in zhao:data_utils.py, label = first character and text = line[2:].strip(). Blank lines are
 * skipped (files end with one); anything else that does not match is an error naming the line (by
 * number only: an error never quotes a file's text, which may be anything the path pointed at).
 */
export function parseSst2(content: string, fileLabel: string, idPrefix: string): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const lines = content.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const match = /^(\S+) (.*)$/.exec(raw);
    if (!match) throw new ExperimentInputError(`${fileLabel}:${line}: expected "<label> <text>"`, 'DATASET_ROW');
    const text = match[2].trim();
    if (text === '') throw new ExperimentInputError(`${fileLabel}:${line}: empty text after the label`, 'DATASET_ROW');
    const label = match[1];
    rows.push({ id: `${idPrefix}:${line}`, line, text, label, fields: { input: text, text, label } });
  });
  return rows;
}
