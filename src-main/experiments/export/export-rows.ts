import type { ExportRow } from '../../../src-shared/experiments/export-row.ts';
import { scoreConditions } from '../condition-scores.ts';
import type { RunData } from '../run-data.ts';
import { cellLabels, designCells, specAxes } from '../../../src-shared/experiments/design.ts';

/**
 * The export rows of a run, in (seed, order, test sample) order, from the same calibrated scores
 * the summary uses, so every summary accuracy can be recomputed from them.
 */
export function exportRows(data: RunData): ExportRow[] {
  const classes = data.spec.classes;
  const record = (v: number[] | null) => (v ? Object.fromEntries(classes.map((c, i) => [c, v[i]])) : {});
  const logs = (v: number[]) => record(v.map(Math.log));
  const rows: ExportRow[] = [];
  const axes = specAxes(data.spec);
  const cells = designCells(axes);
  const stored = new Map(data.conditions.map((c) => [`${c.seed}/${c.cell ?? 0}/${c.orderIndex}`, c]));
  for (const c of scoreConditions(data)) {
    // Design axes: the cell, its axis values by label, and the demonstrations shown a wrong label.
    const design = axes.length > 0 ? { cell: c.cell, axes: cellLabels(axes, cells[c.cell]), corrupted: stored.get(`${c.seed}/${c.cell}/${c.orderIndex}`)?.corrupted ?? [] } : {};
    const contentFreeInputs = c.pcfPerInput.map((r) => ({ input: r.input, logprobs: logs(r.raw) }));
    data.tests.forEach((t, i) => {
      rows.push({
        runId: data.run.id,
        seed: c.seed,
        orderIndex: c.orderIndex,
        ...design,
        order: c.order,
        shots: c.order.length,
        droppedDemos: c.dropped,
        exampleId: t.exampleId,
        gold: t.gold,
        scores: record(c.p[i]),
        logprobs: logs(c.raw[i]),
        contentFree: record(c.pcf),
        contentFreeInputs,
        ...(c.pdc ? { domainPrior: record(c.pdc) } : {}),
        calibrated: Object.fromEntries(Object.entries(c.q).map(([method, q]) => [method, record(q[i])])),
        predicted: Object.fromEntries(Object.entries(c.pred).map(([method, preds]) => [method, classes[preds[i]]])),
      });
    });
  }
  return rows;
}

/** JSON Lines: one row per line. */
export function toJsonl(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}
