import type { ExportRow } from '../../../src-shared/experiments/export-row.ts';

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The export rows as CSV: one column per label for scores and content-free probabilities and one
 * per method for predictions; the order's ids are joined by spaces.
 */
export function toCsv(rows: readonly ExportRow[], classes: readonly string[], methods: readonly string[]): string {
  const header = ['runId', 'seed', 'orderIndex', 'order', 'exampleId', 'gold', ...classes.map((c) => `score_${c}`), ...classes.map((c) => `contentFree_${c}`), ...methods.map((m) => `predicted_${m}`)];
  const lines = [header.map(field).join(',')];
  for (const r of rows) {
    lines.push(
      [r.runId, r.seed, r.orderIndex, r.order.join(' '), r.exampleId, r.gold, ...classes.map((c) => r.scores[c]), ...classes.map((c) => r.contentFree[c] ?? ''), ...methods.map((m) => r.predicted[m])]
        .map(field)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
