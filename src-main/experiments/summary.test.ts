import { describe, expect, it } from 'vitest';
import { toCsv } from './export/export-csv.ts';
import { exportRows } from './export/export-rows.ts';
import type { RunData } from './run-data.ts';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';
import { computeSummary } from './summary.ts';

/**
 * The summary over hand-made stored rows, against values computed by hand:
 *
 * order 0: p = [.6,.4], [.75,.25], [.25,.75]; order 1: [5/6,1/6], [1/6,5/6], [1/6,5/6];
 * gold 0, 1, 1; content-free raw [.6,.2] and [.2,.2] -> p_cf = normalize([.4,.2]) = [2/3, 1/3].
 * none: order 0 predicts 0,0,1 (2/3), order 1 0,1,1 (1). contextual (p / p_cf): order 0 1,0,1
 * (1/3), order 1 0,1,1 (1). batch (p - mean p): order 0 0,0,1 (2/3), order 1 0,1,1 (1).
 */
const spec = {
  name: 'hand',
  model: 'm',
  classes: ['0', '1'],
  calibration: ['none', 'contextual', 'batch'],
  contentFree: ['N/A', ''],
  task: { instruction: '', template: 'Review: {{input}}\nSentiment: {{label}}', separator: '\n\n', labels: { '0': ['Negative'], '1': ['Positive'] } },
  domain: { count: 20 },
} as unknown as ExperimentSpec;

const raw: Record<number, Record<string, [number, number]>> = {
  0: { e1: [0.3, 0.2], e2: [0.3, 0.1], e3: [0.1, 0.3] },
  1: { e1: [0.5, 0.1], e2: [0.1, 0.5], e3: [0.1, 0.5] },
};

const data: RunData = {
  run: { id: 'r1', name: 'hand', spec, modelName: 'm', modelSha256: 'abc', tokenizerHash: 't', modelInfo: {}, status: 'done', totalPrompts: 15, createdAt: '', finishedAt: null, timings: {}, error: null, owner: null },
  spec,
  tests: [
    { exampleId: 'e1', gold: '0', position: 0, fields: { input: 'a, "quoted"' } },
    { exampleId: 'e2', gold: '1', position: 1, fields: { input: 'b' } },
    { exampleId: 'e3', gold: '1', position: 2, fields: { input: 'c' } },
  ],
  demoGold: { d1: '0', d2: '1' },
  demoFields: { d1: { input: 'x' }, d2: { input: 'y' } },
  conditions: [
    { seed: 0, orderIndex: 0, order: ['d1', 'd2'], droppedDemos: 0, cell: 0, levels: {}, corrupted: [] },
    { seed: 0, orderIndex: 1, order: ['d2', 'd1'], droppedDemos: 0, cell: 0, levels: {}, corrupted: [] },
    { seed: 0, orderIndex: 2, order: ['d1', 'd2'], droppedDemos: 0, cell: 0, levels: {}, corrupted: [] },
  ],
  predictions: [
    ...[0, 1].flatMap((o) => Object.entries(raw[o]).map(([exampleId, [a, b]]) => ({ seed: 0, cell: 0, orderIndex: o, exampleId, probs: { '0': a, '1': b }, promptTokens: 10 }))),
    // Order 2 is unfinished: it must not be summarised.
    { seed: 0, cell: 0, orderIndex: 2, exampleId: 'e1', probs: { '0': 0.5, '1': 0.5 }, promptTokens: 10 },
  ],
  priors: [0, 1].flatMap((o) => [
    { seed: 0, cell: 0, orderIndex: o, kind: 'content-free' as const, inputIndex: 0, inputText: 'N/A', probs: { '0': 0.6, '1': 0.2 } },
    { seed: 0, cell: 0, orderIndex: o, kind: 'content-free' as const, inputIndex: 1, inputText: '', probs: { '0': 0.2, '1': 0.2 } },
  ]),
};

describe('computeSummary', () => {
  const summary = computeSummary(data);

  it('gives each complete condition accuracy and macro-F1 per method', () => {
    const acc = Object.fromEntries(summary.conditions.map((c) => [`${c.orderIndex}/${c.method}`, c.accuracy]));
    expect(acc).toEqual({ '0/none': 2 / 3, '0/contextual': 1 / 3, '0/batch': 2 / 3, '1/none': 1, '1/contextual': 1, '1/batch': 1 });
    const f1 = (o: number, m: string) => summary.conditions.find((c) => c.orderIndex === o && c.method === m)!.macroF1;
    expect(f1(0, 'none')).toBeCloseTo(2 / 3, 12);
    expect(f1(0, 'contextual')).toBeCloseTo(0.25, 12);
    expect(summary.details).toMatchObject({ conditionsScored: 2, conditionsPlanned: 3 });
  });

  it('aggregates with the population std', () => {
    expect(summary.aggregate.none.mean).toBeCloseTo(5 / 6, 12);
    expect(summary.aggregate.none.std).toBeCloseTo(1 / 6, 12);
    expect(summary.aggregate.contextual).toMatchObject({ min: 1 / 3, max: 1 });
    expect(summary.aggregate.contextual.std).toBeCloseTo(1 / 3, 12);
    expect(summary.details.accuracy.none.worst).toBeCloseTo(2 / 3, 12);
  });

  it('computes flip rate, recency, label bias and the predicted-label distribution', () => {
    const d = summary.details;
    expect(d.flipRate.none.mean).toBeCloseTo(1 / 3, 12);
    expect(d.flipRate.contextual.mean).toBeCloseTo(2 / 3, 12);
    expect(d.recency.none.rate).toBeCloseTo(1 / 3, 12);
    expect(d.recency.none.chance).toBeCloseTo(0.5, 12);
    expect(d.contentFree[0].perInput.map((r) => r.input)).toEqual(['N/A', '']);
    expect(d.contentFree[0].perInput[0].probs['0']).toBeCloseTo(0.75, 12);
    expect(d.contentFree[0].perInput[1].probs).toEqual({ '0': 0.5, '1': 0.5 });
    expect(d.contentFree[0].average['0']).toBeCloseTo(2 / 3, 12);
    expect(d.contentFree[0].tvd).toBeCloseTo(1 / 6, 12);
    expect(d.predictedDistribution.none).toEqual({ '0': 0.5, '1': 0.5 });
    expect(d.goldDistribution['1']).toBeCloseTo(2 / 3, 12);
    expect(d.majorityLabel.none).toEqual([expect.objectContaining({ pattern: '0:1,1:1', majority: null, conditions: 2, majorityRate: null })]);
    expect(d.calibration.batch).toBeNull();
    expect(d.calibration.none!.brier.count).toBe(2);
  });

  it('exports the same predictions, renormalised scores and p_cf', () => {
    const rows = exportRows(data);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ runId: 'r1', seed: 0, orderIndex: 0, order: ['d1', 'd2'], exampleId: 'e1', gold: '0', predicted: { none: '0', contextual: '1', batch: '0' } });
    expect(rows[0].scores['0']).toBeCloseTo(0.6, 12);
    expect(rows[0].contentFree['1']).toBeCloseTo(1 / 3, 12);
    const csv = toCsv([{ ...rows[0], exampleId: 'a,"b"' }], ['0', '1'], ['none']).split('\r\n');
    expect(csv[1]).toContain(',"a,""b""",0,');
  });
});
