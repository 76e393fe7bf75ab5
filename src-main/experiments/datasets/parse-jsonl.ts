import { ExperimentInputError } from '../errors.ts';
import type { ColumnMapping, DatasetRow } from './types.ts';

/**
 * Parse JSON Lines: one object per line; blank lines are skipped.
 *
 * Scalar fields become template fields as text; nested values are kept as their JSON text.
 */
export function parseJsonl(content: string, columns: ColumnMapping, fileLabel: string, idPrefix: string): DatasetRow[] {
  const rows: DatasetRow[] = [];
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      // V8's message quotes the text around the error; the line number is enough to find it.
      throw new ExperimentInputError(`${fileLabel}:${line}: invalid JSON`, 'DATASET_ROW');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ExperimentInputError(`${fileLabel}:${line}: expected a JSON object per line`, 'DATASET_ROW');
    }
    const fields: Record<string, string> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || v === undefined) continue;
      fields[key] = typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    for (const [role, column] of Object.entries(columns)) {
      if (!(column in fields)) throw new ExperimentInputError(`${fileLabel}:${line}: missing field "${column}" for the ${role}`, 'DATASET_ROW');
    }
    const text = fields[columns.text].trim();
    const label = fields[columns.label].trim();
    if (text === '') throw new ExperimentInputError(`${fileLabel}:${line}: empty "${columns.text}" field`, 'DATASET_ROW');
    rows.push({ id: `${idPrefix}:${line}`, line, text, label, fields: { ...fields, input: text } });
  });
  return rows;
}
