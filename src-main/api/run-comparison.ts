import type { PairedComparison } from '../../src-shared/api/runs.ts';
import { mcnemarExact } from '../../src-shared/stats/mcnemar.ts';
import { pairedBootstrapDifference } from '../../src-shared/stats/bootstrap.ts';
import { exportRows } from '../experiments/export/export-rows.ts';
import type { RunData } from '../experiments/run-data.ts';

/** Dotted paths of a spec's leaves (arrays are leaves, shown as JSON). */
function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}

/** The spec fields whose values differ between runs (a field one run lacks shows as "—"). */
export function configDiff(specs: readonly unknown[]): { field: string; values: string[] }[] {
  const flat = specs.map((s) => flatten(s));
  const fields = [...new Set(flat.flatMap((f) => [...f.keys()]))].filter((f) => f !== 'name').sort();
  return fields.flatMap((field) => {
    const values = flat.map((f) => f.get(field) ?? '—');
    return new Set(values).size > 1 ? [{ field, values }] : [];
  });
}

/** exampleId -> share of the run's conditions in which it was predicted right, per method. */
function perExampleAccuracy(data: RunData): Map<string, Map<string, number>> {
  const hits = new Map<string, Map<string, { right: number; n: number }>>();
  for (const row of exportRows(data)) {
    for (const [method, predicted] of Object.entries(row.predicted)) {
      const byExample = hits.get(method) ?? new Map<string, { right: number; n: number }>();
      const h = byExample.get(row.exampleId) ?? { right: 0, n: 0 };
      h.n++;
      if (predicted === row.gold) h.right++;
      byExample.set(row.exampleId, h);
      hits.set(method, byExample);
    }
  }
  return new Map([...hits].map(([m, ex]) => [m, new Map([...ex].map(([id, h]) => [id, h.right / h.n]))]));
}

/**
 * Each run after the first against the first, per method both have, on their shared test
 * examples: a paired bootstrap of the accuracy difference and McNemar's test on majority-vote
 * correctness.
 */
export function pairedComparisons(runs: readonly RunData[]): PairedComparison[] {
  if (runs.length < 2) return [];
  const [base, ...others] = runs;
  const baseAcc = perExampleAccuracy(base);
  const out: PairedComparison[] = [];
  for (const other of others) {
    const otherAcc = perExampleAccuracy(other);
    for (const [method, baseByExample] of baseAcc) {
      const otherByExample = otherAcc.get(method);
      if (!otherByExample) continue;
      const shared = [...baseByExample.keys()].filter((id) => otherByExample.has(id));
      if (shared.length === 0) continue;
      const a = shared.map((id) => baseByExample.get(id)!);
      const b = shared.map((id) => otherByExample.get(id)!);
      const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
      out.push({
        baselineRunId: base.run.id,
        otherRunId: other.run.id,
        method,
        sharedExamples: shared.length,
        baselineAccuracy: mean(a),
        otherAccuracy: mean(b),
        difference: pairedBootstrapDifference(b, a),
        mcnemar: mcnemarExact(a.map((v) => v > 0.5), b.map((v) => v > 0.5)),
      });
    }
  }
  return out;
}
