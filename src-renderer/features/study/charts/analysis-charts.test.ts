import { describe, expect, it } from 'vitest';
import type { RunAnalysis, RunSummaryDetails } from '../../../../src-shared/api/runs.ts';
import { contentFreeLabel, meanContentFree } from './content-free-chart.ts';
import { labelPattern, majorityLabelOption, majorityPatterns } from './majority-label-chart.ts';
import { reliabilityOption } from './reliability-chart.ts';
import { methodSummaries } from '../summary-stats.ts';

const agg = (mean: number, min = mean, max = mean) => ({ mean, std: 0, min, max, range: max - min, worst: min, count: 2 });

function analysis(patch: Partial<RunSummaryDetails> = {}): RunAnalysis {
  const details = {
    status: 'done',
    conditionsScored: 2,
    conditionsPlanned: 2,
    testExamples: 4,
    classes: ['0', '1'],
    methods: ['none', 'contextual'],
    accuracy: { none: agg(0.6, 0.5, 0.7), contextual: agg(0.8, 0.75, 0.85) },
    accuracyPerSeed: { none: [{ seed: 0, ...agg(0.6, 0.5, 0.7) }], contextual: [{ seed: 0, ...agg(0.8, 0.75, 0.85) }] },
    macroF1: { none: agg(0.5), contextual: agg(0.79) },
    calibration: { none: { ece: agg(0.2), brier: agg(0.3), nll: agg(0.7) }, contextual: { ece: agg(0.1), brier: agg(0.2), nll: agg(0.5) } },
    flipRate: { none: { perSeed: [{ seed: 0, rate: 0.25 }], mean: 0.25 }, contextual: { perSeed: [{ seed: 0, rate: 0 }], mean: 0 } },
    goldDistribution: { '0': 2, '1': 2 },
    predictedDistribution: { none: { '0': 0.75, '1': 0.25 }, contextual: { '0': 0.5, '1': 0.5 } },
    contentFree: [
      { seed: 0, orderIndex: 0, perInput: [{ input: 'N/A', probs: { '0': 0.8, '1': 0.2 } }, { input: '', probs: { '0': 0.6, '1': 0.4 } }], average: { '0': 0.7, '1': 0.3 }, tvd: 0.2, kl: 0.1 },
      { seed: 0, orderIndex: 1, perInput: [{ input: 'N/A', probs: { '0': 0.6, '1': 0.4 } }, { input: '', probs: { '0': 0.4, '1': 0.6 } }], average: { '0': 0.5, '1': 0.5 }, tvd: 0, kl: 0 },
    ],
    contentFreeMean: { '0': 0.6, '1': 0.4 },
    majorityLabel: { none: [{ pattern: '0:2,1:2', majority: null, conditions: 2, predictedRate: {}, majorityRate: null }], contextual: [{ pattern: '0:2,1:2', majority: null, conditions: 2, predictedRate: {}, majorityRate: null }] },
    recency: { none: { rate: 0.6, chance: 0.5 }, contextual: { rate: 0.5, chance: 0.5 } },
    entropy: { probes: [], globalE: { pearson: null, spearman: null, topKMean: null }, localE: { pearson: null, spearman: null, topKMean: null }, allOrdersMean: null, oracleMean: null },
    ...patch,
  } satisfies RunSummaryDetails;
  return {
    details,
    orderLabels: { '0/0': ['0', '0', '0', '1'], '0/1': ['0', '1', '0', '1'] },
    reliability: {
      none: [
        { lower: 0.5, upper: 0.6, count: 3, accuracy: 0.5, confidence: 0.55 },
        { lower: 0.6, upper: 0.7, count: 0, accuracy: null, confidence: null },
      ],
      contextual: [],
    },
  };
}

describe('content-free chart data', () => {
  it('averages p_cf per input over conditions and puts the average last', () => {
    const rows = meanContentFree(analysis());
    expect(rows.map((r) => contentFreeLabel(r.input))).toEqual(['"N/A"', '"" (empty)', 'average (p_cf)']);
    expect(rows[0].probs[0]).toBeCloseTo(0.7);
    expect(rows[1].probs[1]).toBeCloseTo(0.5);
    expect(rows[2].probs).toEqual([0.6, 0.4]);
    expect(rows[2].conditions).toBe(2);
  });
});

describe('majority-label chart', () => {
  it('says why it is empty when every demonstration set is a tie', () => {
    const option = majorityLabelOption(analysis()) as { title?: { text: string } };
    expect(option.title?.text).toMatch(/no demonstration set .* majority/i);
  });
  it('draws the majority rate per pattern and method otherwise', () => {
    const withMajority = analysis({
      majorityLabel: {
        none: [{ pattern: '0:3,1:1', majority: '0', conditions: 24, predictedRate: { '0': 0.9, '1': 0.1 }, majorityRate: 0.9 }],
        contextual: [{ pattern: '0:3,1:1', majority: '0', conditions: 24, predictedRate: { '0': 0.55, '1': 0.45 }, majorityRate: 0.55 }],
      },
    });
    const option = majorityLabelOption(withMajority) as { title?: unknown; series: { name: string; data: (number | null)[] }[] };
    expect(option.title).toBeUndefined();
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['none', [0.9]],
      ['contextual', [0.55]],
    ]);
  });
});

describe('reliability chart', () => {
  it('drops empty bins and methods without bins', () => {
    const option = reliabilityOption(analysis()) as { series: { name: string; data: { value: number[] }[] }[] };
    expect(option.series.map((s) => s.name)).toEqual(['perfect calibration', 'none']);
    expect(option.series[1].data.map((d) => d.value)).toEqual([[0.55, 0.5]]);
  });
});

describe('summary table rows', () => {
  it('takes pooled stats, the mean order spread, flip rate and ECE per method', () => {
    const [none, contextual] = methodSummaries(analysis().details);
    expect(none).toMatchObject({ method: 'none', mean: 0.6, min: 0.5, max: 0.7, flipRate: 0.25, ece: 0.2, macroF1: 0.5 });
    expect(none.orderSpread).toBeCloseTo(0.2);
    expect(contextual).toMatchObject({ method: 'contextual', worstPerSeed: 0.75, flipRate: 0 });
  });
});

describe('majority groups', () => {
  it('name the conditions whose demonstration labels make a pattern, as the summary writes it', () => {
    expect(labelPattern(['0', '0', '0', '1'], ['0', '1'])).toBe('0:3,1:1');
    expect(majorityPatterns(analysis())).toEqual(['0:2,1:2']);
  });
});
