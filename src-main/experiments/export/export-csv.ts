import type { ExportRow } from '../../../src-shared/experiments/export-row.ts';

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The export rows as CSV: one column per label for scores, raw log-probabilities, content-free
 * probabilities, each content-free input's raw log-probabilities (`cf<i>_logprob_<label>`, i from
 * 0 in contentFree order) and each method's calibrated output, and one per method for predictions;
 * the order's ids (and dropped ones) are joined by spaces. A study with design axes has `cell`, one
 * `axis_<name>` column per axis (the value's label) and `corrupted` (`id:gold>shown`, space-joined).
 */
export function toCsv(rows: readonly ExportRow[], classes: readonly string[], methods: readonly string[]): string {
  const inputs = rows[0]?.contentFreeInputs.length ?? 0;
  const cf = Array.from({ length: inputs }, (_, i) => classes.map((c) => `cf${i}_logprob_${c}`)).flat();
  const axes = Object.keys(rows[0]?.axes ?? {});
  const design = rows[0]?.axes ? ['cell', ...axes.map((a) => `axis_${a}`), 'corrupted'] : [];
  const header = [
    'runId', 'seed', 'orderIndex', ...design, 'order', 'shots', 'droppedDemos', 'exampleId', 'gold',
    ...classes.map((c) => `score_${c}`), ...classes.map((c) => `logprob_${c}`), ...classes.map((c) => `contentFree_${c}`), ...cf,
    ...methods.flatMap((m) => classes.map((c) => `calibrated_${m}_${c}`)), ...methods.map((m) => `predicted_${m}`),
  ];
  const lines = [header.map(field).join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.runId, r.seed, r.orderIndex,
        ...(design.length > 0 ? [r.cell ?? 0, ...axes.map((a) => r.axes?.[a] ?? ''), (r.corrupted ?? []).map((c) => `${c.exampleId}:${c.gold}>${c.shown}`).join(' ')] : []),
        r.order.join(' '), r.shots, r.droppedDemos.join(' '), r.exampleId, r.gold,
        ...classes.map((c) => r.scores[c]), ...classes.map((c) => r.logprobs[c]), ...classes.map((c) => r.contentFree[c] ?? ''),
        ...r.contentFreeInputs.flatMap((input) => classes.map((c) => input.logprobs[c])),
        ...methods.flatMap((m) => classes.map((c) => r.calibrated[m]?.[c] ?? '')), ...methods.map((m) => r.predicted[m]),
      ]
        .map(field)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
