import { isDistribution } from '../../src-shared/calibration/methods.ts';
import { predict } from '../../src-shared/calibration/normalize.ts';
import { globalE, localE, majorityLabel, predictedLabelDistribution, recencyRate, klFromUniform, tvdFromUniform, topKByEntropy } from '../../src-shared/analysis/index.ts';
import type { BasicStats, ConditionResult, StudySummary, SummaryDetails } from '../../src-shared/experiments/summary-types.ts';
import { accuracy, aggregate, brier, ece, flipRate, macroF1, nll, pearson, spearman, type Aggregate } from '../../src-shared/metrics/index.ts';
import { calibratedForm, scoreConditions, type ConditionScores } from './condition-scores.ts';
import { contextWarnings } from './fit-examples.ts';
import { probingDistributions } from './probing/probing-summary.ts';
import type { RunData } from './run-data.ts';
import type { CalibrationMethod } from '../../src-shared/experiments/experiment-schema.ts';

/** The summary's shape lives in src-shared (the renderer reads it too); callers of computeSummary name it from here. */
export type { StudySummary, SummaryDetails } from '../../src-shared/experiments/summary-types.ts';

const TOP_K = 4;

/**
 * The summary of a run, computed only from its stored rows, so the CLI, the UI and exports all
 * show the same numbers and anyone can recompute them from the export.
 *
 * Pure: no database, no engine. `std` is the population std over all (seed, order) conditions.
 */
export function computeSummary(data: RunData): StudySummary {
  const { spec } = data;
  const classes = spec.classes;
  const methods = spec.calibration as CalibrationMethod[];
  const scored = scoreConditions(data);
  const gold = data.tests.map((t) => t.gold);

  const conditions: ConditionResult[] = [];
  for (const c of scored) {
    for (const method of methods) {
      const predicted = c.pred[method].map((i) => classes[i]);
      conditions.push({ seed: c.seed, orderIndex: c.orderIndex, order: c.order, shots: c.order.length, method, accuracy: accuracy(predicted, gold), macroF1: macroF1(predicted, gold, classes) });
    }
  }
  const byMethod = (method: string, field: 'accuracy' | 'macroF1') => conditions.filter((r) => r.method === method).map((r) => r[field]);
  const aggregateStats: Record<string, BasicStats> = {};
  const accuracyStats: Record<string, Aggregate> = {};
  const f1Stats: Record<string, Aggregate> = {};
  const perSeed: SummaryDetails['accuracyPerSeed'] = {};
  if (scored.length > 0) {
    for (const method of methods) {
      const acc = aggregate(byMethod(method, 'accuracy'));
      aggregateStats[method] = { mean: acc.mean, std: acc.std, min: acc.min, max: acc.max };
      accuracyStats[method] = acc;
      f1Stats[method] = aggregate(byMethod(method, 'macroF1'));
      perSeed[method] = seedsOf(scored).map((seed) => ({ seed, ...aggregate(conditions.filter((r) => r.method === method && r.seed === seed).map((r) => r.accuracy)) }));
    }
  }

  return {
    runId: data.run.id,
    model: { name: data.run.modelName, sha256: data.run.modelSha256 },
    conditions,
    aggregate: aggregateStats,
    details: {
      status: data.run.status,
      protocol: {
        labelMode: spec.labelMode ?? 'single-token',
        contentFreeMode: spec.contentFreeMode ?? 'fields',
        calibratedProbabilities: calibratedForm(spec),
        sampling: spec.sampling,
        contextPolicy: spec.contextPolicy ?? 'reject',
      },
      warnings: contextWarnings(spec.contextReport, data.conditions),
      conditionsScored: scored.length,
      conditionsPlanned: data.conditions.length,
      testExamples: data.tests.length,
      classes,
      methods,
      accuracy: accuracyStats,
      accuracyPerSeed: perSeed,
      macroF1: f1Stats,
      calibration: scored.length > 0 ? calibrationStats(scored, methods) : {},
      flipRate: scored.length > 0 ? flipRates(scored, methods) : {},
      goldDistribution: asRecord(classes, predictedLabelDistribution(gold.map((g) => classes.indexOf(g)), classes.length)),
      predictedDistribution: Object.fromEntries(
        methods.map((m) => [m, scored.length > 0 ? asRecord(classes, predictedLabelDistribution(scored.flatMap((c) => c.pred[m]), classes.length)) : {}]),
      ),
      contentFree: contentFreeRows(scored, classes),
      contentFreeMean: meanPrior(scored, classes),
      majorityLabel: Object.fromEntries(methods.map((m) => [m, majorityRows(scored, m, data)])),
      recency: Object.fromEntries(methods.map((m) => [m, recency(scored, m, data)]).filter(([, v]) => v !== null)),
      entropy: entropyProbes(scored, classes, gold, probingDistributions(data, scored)),
    },
  };
}

function seedsOf(scored: ConditionScores[]): number[] {
  return [...new Set(scored.map((c) => c.seed))].sort((a, b) => a - b);
}

function asRecord(classes: string[], values: number[]): Record<string, number> {
  return Object.fromEntries(classes.map((c, i) => [c, values[i]]));
}

function calibrationStats(scored: ConditionScores[], methods: CalibrationMethod[]): SummaryDetails['calibration'] {
  const out: SummaryDetails['calibration'] = {};
  for (const method of methods) {
    if (!isDistribution(method)) {
      out[method] = null;
      continue;
    }
    const per = scored.map((c) => {
      const q = c.q[method];
      const conf = q.map((row) => Math.max(...row));
      const correct = c.pred[method].map((p, i) => p === c.goldIdx[i]);
      return { ece: ece(conf, correct, 10), brier: brier(q, c.goldIdx), nll: nll(q, c.goldIdx) };
    });
    out[method] = { ece: aggregate(per.map((x) => x.ece)), brier: aggregate(per.map((x) => x.brier)), nll: aggregate(per.map((x) => x.nll)) };
  }
  return out;
}

function flipRates(scored: ConditionScores[], methods: CalibrationMethod[]): SummaryDetails['flipRate'] {
  const out: SummaryDetails['flipRate'] = {};
  for (const method of methods) {
    const perSeed = seedsOf(scored).map((seed) => ({ seed, rate: flipRate(scored.filter((c) => c.seed === seed).map((c) => c.pred[method])) }));
    out[method] = { perSeed, mean: perSeed.reduce((s, r) => s + r.rate, 0) / perSeed.length };
  }
  return out;
}

function contentFreeRows(scored: ConditionScores[], classes: string[]): SummaryDetails['contentFree'] {
  return scored
    .filter((c) => c.pcf !== null)
    .map((c) => ({
      seed: c.seed,
      orderIndex: c.orderIndex,
      perInput: c.pcfPerInput.map((r) => ({ input: r.input, probs: asRecord(classes, r.probs) })),
      average: asRecord(classes, c.pcf!),
      tvd: tvdFromUniform(c.pcf!),
      kl: klFromUniform(c.pcf!),
    }));
}

function meanPrior(scored: ConditionScores[], classes: string[]): Record<string, number> | null {
  const priors = scored.map((c) => c.pcf).filter((p): p is number[] => p !== null);
  if (priors.length === 0) return null;
  return asRecord(classes, classes.map((_, i) => priors.reduce((s, p) => s + p[i], 0) / priors.length));
}

/** Conditions grouped by how many demonstrations of each class they show (Zhao et al.'s majority-label analysis). */
function majorityRows(scored: ConditionScores[], method: string, data: RunData): SummaryDetails['majorityLabel'][string] {
  const classes = data.spec.classes;
  const groups = new Map<string, { majority: string | null; preds: number[]; conditions: number; majorityHits: number }>();
  for (const c of scored) {
    const demoLabels = c.order.map((id) => classes.indexOf(data.demoGold[id]));
    const counts = classes.map((_, i) => demoLabels.filter((l) => l === i).length);
    const pattern = classes.map((cls, i) => `${cls}:${counts[i]}`).join(',');
    const major = majorityLabel(demoLabels);
    const group = groups.get(pattern) ?? { majority: major === null ? null : classes[major], preds: [], conditions: 0, majorityHits: 0 };
    group.preds.push(...c.pred[method]);
    group.conditions++;
    if (major !== null) group.majorityHits += c.pred[method].filter((p) => p === major).length;
    groups.set(pattern, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([pattern, g]) => ({
      pattern,
      majority: g.majority,
      conditions: g.conditions,
      predictedRate: asRecord(classes, predictedLabelDistribution(g.preds, classes.length)),
      majorityRate: g.majority === null ? null : g.majorityHits / g.preds.length,
    }));
}

/** How often the prediction is the last demonstration's label, against how often that label is gold. */
function recency(scored: ConditionScores[], method: string, data: RunData): { rate: number; chance: number } | null {
  const classes = data.spec.classes;
  const withDemos = scored.filter((c) => c.order.length > 0);
  if (withDemos.length === 0) return null;
  let rate = 0;
  let chance = 0;
  for (const c of withDemos) {
    const last = classes.indexOf(data.demoGold[c.order[c.order.length - 1]]);
    rate += recencyRate(c.pred[method], last);
    chance += c.goldIdx.filter((g) => g === last).length / c.goldIdx.length;
  }
  return { rate: rate / withDemos.length, chance: chance / withDemos.length };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * GlobalE / LocalE per condition on its probing distributions (the test inputs' or the generated
 * probing set's, uncalibrated as Lu et al. score them), and how well they pick orders by the
 * uncalibrated test accuracy (Lu et al. 2022).
 */
function entropyProbes(scored: ConditionScores[], classes: string[], gold: string[], probing: ReturnType<typeof probingDistributions>): SummaryDetails['entropy'] {
  const probes = scored.flatMap((c) => {
    const dists = probing.byCondition.get(`${c.seed}/${c.orderIndex}`);
    if (!dists) return [];
    return [
      {
        seed: c.seed,
        orderIndex: c.orderIndex,
        globalE: globalE(
          dists.map((row) => predict(row)),
          classes.length,
        ),
        localE: localE(dists),
        accuracy: accuracy(
          c.p.map((row) => classes[predict(row)]),
          gold,
        ),
      },
    ];
  });
  const acc = probes.map((p) => p.accuracy);
  // Lu et al. correlate and select per demonstration set (seed), never pooled across seeds; top-k of
  // k or fewer orders would be every order, so selection is refused (null) there.
  const seeds = [...new Set(probes.map((p) => p.seed))].sort((a, b) => a - b);
  const probe = (key: 'globalE' | 'localE') => {
    const perSeed = seeds.map((seed) => {
      const idx = probes.map((p, i) => (p.seed === seed ? i : -1)).filter((i) => i >= 0);
      const scores = idx.map((i) => probes[i][key]);
      const accs = idx.map((i) => acc[i]);
      const defined = idx.length >= 2;
      const topK = idx.length > TOP_K ? topKByEntropy(scores, TOP_K).map((j) => accs[j]) : null;
      return {
        seed,
        orders: idx.length,
        pearson: defined ? finiteOrNull(pearson(scores, accs)) : null,
        spearman: defined ? finiteOrNull(spearman(scores, accs)) : null,
        topKMean: topK ? topK.reduce((s, a) => s + a, 0) / topK.length : null,
      };
    });
    const mean = (values: (number | null)[]) => {
      const known = values.filter((v): v is number => v !== null);
      return known.length > 0 ? known.reduce((s, v) => s + v, 0) / known.length : null;
    };
    return { pearson: mean(perSeed.map((r) => r.pearson)), spearman: mean(perSeed.map((r) => r.spearman)), topKMean: mean(perSeed.map((r) => r.topKMean)), topK: TOP_K, perSeed };
  };
  const oracle = seeds.map((seed) => Math.max(...probes.filter((p) => p.seed === seed).map((p) => p.accuracy)));
  return {
    probing: probing.summary,
    probes,
    globalE: probe('globalE'),
    localE: probe('localE'),
    allOrdersMean: acc.length ? acc.reduce((s, a) => s + a, 0) / acc.length : null,
    oracleMean: oracle.length ? oracle.reduce((s, a) => s + a, 0) / oracle.length : null,
  };
}
