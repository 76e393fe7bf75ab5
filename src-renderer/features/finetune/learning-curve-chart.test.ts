import { describe, expect, it } from 'vitest';
import type { LearningCurveDetail } from '../../../src-shared/api/finetune.ts';
import { learningCurveOption } from './learning-curve-chart.ts';

const stats = (mean: number, min: number, max: number) => ({ mean, std: 0, min, max, range: max - min, worst: min, count: 2 });

describe('learning-curve chart', () => {
  it('draws one line and one min–max band per method, and the few-shot studies as points', () => {
    const detail: LearningCurveDetail = {
      runId: 'r',
      name: 'curve',
      status: 'done',
      model: { name: 'tiny', sha256: 'abc' },
      conditions: [],
      curves: {
        head: [
          { budget: 4, kUsed: [4, 4], accuracy: stats(0.6, 0.5, 0.7), macroF1: stats(0.6, 0.5, 0.7) },
          { budget: 8, kUsed: [8, 8], accuracy: stats(0.7, 0.65, 0.75), macroF1: stats(0.7, 0.65, 0.75) },
        ],
        prompt: [{ budget: 4, kUsed: [3, 4], accuracy: stats(0.55, 0.5, 0.6), macroF1: stats(0.5, 0.5, 0.5) }],
      },
      fewShot: [{ runId: 's', name: 'study', shots: 4, method: 'contextual', accuracy: { mean: 0.66, std: 0.01, min: 0.6, max: 0.7 } }],
    };
    const option = learningCurveOption(detail) as { series: { type: string; name: string; data: unknown[]; stack?: string }[]; xAxis: { type: string } };
    expect(option.xAxis.type).toBe('log');
    const lines = option.series.filter((s) => s.type === 'line' && !s.stack);
    expect(lines.map((s) => s.data)).toEqual([
      [
        [4, 0.6],
        [8, 0.7],
      ],
      [[4, 0.55]],
    ]);
    const band = option.series.filter((s) => s.stack === 'band-head');
    expect(band.map((s) => s.data)).toEqual([
      [
        [4, 0.5],
        [8, 0.65],
      ],
      [
        [4, 0.7 - 0.5],
        [8, 0.75 - 0.65],
      ],
    ]);
    const points = option.series.find((s) => s.type === 'scatter');
    expect(points?.data).toEqual([expect.objectContaining({ value: [4, 0.66] })]);
  });
});
