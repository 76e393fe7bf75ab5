import { normalize } from '../../../src-shared/calibration/normalize.ts';
import type { ProbeExportRow } from '../../../src-shared/experiments/export-row.ts';
import type { RunData } from '../run-data.ts';

/**
 * The export rows of a generated probing set: every order's scores on every input of its seed's
 * set, in (seed, order, probe index) order, so GlobalE / LocalE and the order selection can be
 * recomputed from the export (scripts/recompute-summary.mjs). None for `probing.source: test`.
 */
export function probeExportRows(data: RunData): ProbeExportRow[] {
  const classes = data.spec.classes;
  const inputs = new Map((data.probing?.sets ?? []).flatMap((s) => s.inputs.map((p) => [`${s.seed}/${p.probeIndex}`, p] as const)));
  const conditions = new Map(data.conditions.map((c) => [`${c.seed}/${c.orderIndex}`, c]));
  return (data.probing?.results ?? []).flatMap((r) => {
    const input = inputs.get(`${r.seed}/${r.probeIndex}`);
    const condition = conditions.get(`${r.seed}/${r.orderIndex}`);
    if (!input || !condition) return [];
    const raw = classes.map((c) => r.probs[c]);
    const p = normalize(raw);
    const order = condition.order.slice(condition.droppedDemos);
    return [
      {
        kind: 'probe' as const,
        runId: data.run.id,
        seed: r.seed,
        orderIndex: r.orderIndex,
        order,
        shots: order.length,
        probeIndex: r.probeIndex,
        probe: { fields: input.fields, generatedBy: { orderIndex: input.sourceOrderIndex, noRepeatNgram: input.noRepeatNgram } },
        scores: Object.fromEntries(classes.map((c, i) => [c, p[i]])),
        logprobs: Object.fromEntries(classes.map((c, i) => [c, Math.log(raw[i])])),
      },
    ];
  });
}
