import { axisSpread, ensembleAccuracy, varianceShares } from '../../src-shared/analysis/spread.ts';
import { cellLabels, designCells, designSize, specAxes } from '../../src-shared/experiments/design.ts';
import type { ConditionResult, DesignSummary } from '../../src-shared/experiments/summary-types.ts';
import { aggregate } from '../../src-shared/metrics/index.ts';
import type { ConditionScores } from './condition-scores.ts';
import type { RunData } from './run-data.ts';

/**
 * `details.design` of a study with design axes, from the same condition rows as the rest of the
 * summary: per-value accuracy, spread per axis, the variance decomposition, the template ensemble
 * and, for a budget sample, the estimate's standard error. Null without design axes.
 */
export function designSummary(data: RunData, scored: ConditionScores[], rows: ConditionResult[], methods: string[]): DesignSummary | null {
  const { spec } = data;
  const axes = specAxes(spec);
  if (axes.length === 0) return null;
  const cells = designCells(axes);
  const inDesign = designSize(spec);
  const sampled = spec.budget !== undefined && data.conditions.length < inDesign;
  const labelsOf = (cell: number) => cellLabels(axes, cells[cell]);

  const perValue: DesignSummary['perValue'] = [];
  const spread: DesignSummary['spread'] = [];
  for (const axis of axes) {
    const means = new Map<string, number[]>(methods.map((m) => [m, []]));
    for (const value of axis.labels) {
      for (const method of methods) {
        const accs = rows.filter((r) => r.method === method && r.axes?.[axis.name] === value).map((r) => r.accuracy);
        const stats = accs.length > 0 ? aggregate(accs) : null;
        if (stats) means.get(method)!.push(stats.mean);
        const reference = axis.name === 'shots' ? (spec.reference?.accuracy[value]?.[method] ?? null) : null;
        perValue.push({ axis: axis.name, value, method, conditions: accs.length, accuracy: stats && { mean: stats.mean, std: stats.std, min: stats.min, max: stats.max, count: stats.count }, reference });
      }
    }
    for (const method of methods) {
      const values = means.get(method)!;
      if (values.length > 0) spread.push({ axis: axis.name, method, values: values.length, ...axisSpread(values) });
    }
  }

  // Factors of the decomposition: the axes, and seeds and orders where they vary.
  const factors = [...axes.map((a) => a.name as string), 'seed', 'order'].filter((f) => new Set(rows.map((r) => levelOf(r, f))).size > 1);
  const variance = methods.map((method) => {
    const observations = rows.filter((r) => r.method === method).map((r) => ({ levels: Object.fromEntries(factors.map((f) => [f, levelOf(r, f)])), value: r.accuracy }));
    return { method, ...varianceShares(observations, factors) };
  });

  return {
    axes: axes.map((a) => ({ name: a.name, values: a.labels })),
    cells: cells.length,
    conditionsInDesign: inDesign,
    conditionsScored: scored.length,
    sample: sampled ? { conditions: data.conditions.length, of: inDesign, seed: spec.budget!.seed } : null,
    referenceSource: spec.reference?.source ?? null,
    corruption: spec.labelCorruption ? (spec.corruption ?? 'random') : null,
    perValue,
    spread,
    variance,
    templateEnsemble: templateEnsemble(scored, axes.find((a) => a.name === 'template')?.labels.length ?? 0, labelsOf, methods),
    estimate: sampled ? methods.map((method) => estimate(rows.filter((r) => r.method === method).map((r) => r.accuracy), inDesign)) .map((e, i) => ({ method: methods[i], ...e })) : null,
  };
}

/** A condition's level on a factor: an axis value's label, its seed or its order index. */
function levelOf(row: ConditionResult, factor: string): string {
  if (factor === 'seed') return String(row.seed);
  if (factor === 'order') return String(row.orderIndex);
  return row.axes?.[factor] ?? '';
}

/**
 * Conditions that differ only in template (same seed, order and other axis values) form a group;
 * a group with every template scored is one ensemble: per test example the templates' outputs
 * averaged, then argmax. Reported beside the mean single-template accuracy of the same conditions.
 */
function templateEnsemble(scored: ConditionScores[], templates: number, labelsOf: (cell: number) => Record<string, string>, methods: string[]): DesignSummary['templateEnsemble'] {
  if (templates < 2) return null;
  const groups = new Map<string, ConditionScores[]>();
  for (const c of scored) {
    const { template: _template, ...others } = labelsOf(c.cell);
    const key = JSON.stringify([c.seed, c.orderIndex, others]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(c);
  }
  const complete = [...groups.values()].filter((g) => g.length === templates);
  if (complete.length === 0) return null;
  return methods.map((method) => {
    const ensembles = complete.map((g) => ensembleAccuracy(g.map((c) => c.q[method]), g[0].goldIdx));
    const singles = complete.flat().map((c) => c.pred[method].filter((p, i) => p === c.goldIdx[i]).length / c.goldIdx.length);
    return { method, groups: complete.length, templates, accuracy: mean(ensembles), singleTemplateMean: mean(singles) };
  });
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Mean of a simple random sample of M of K conditions and its standard error with the finite-population correction. */
function estimate(values: number[], of: number): { mean: number; se: number | null } {
  const m = values.length;
  const mu = mean(values);
  if (m < 2) return { mean: mu, se: null };
  const s2 = values.reduce((s, v) => s + (v - mu) ** 2, 0) / (m - 1);
  return { mean: mu, se: Math.sqrt(s2 / m) * Math.sqrt(1 - m / of) };
}
