import { describe, expect, it } from 'vitest';
import { pooledReliability } from './pooled-reliability.ts';

describe('pooledReliability', () => {
  it('pools every condition per distribution method and leaves batch calibration out', () => {
    const scored = [
      { goldIdx: [0, 1], q: { none: [[0.95, 0.05], [0.55, 0.45]], batch: [[1, -1], [0, 0]] }, pred: { none: [0, 0], batch: [0, 0] } },
      { goldIdx: [1], q: { none: [[0.15, 0.85]] }, pred: { none: [1] } },
    ];
    const out = pooledReliability(['none', 'batch'], scored, 10);
    expect(Object.keys(out)).toEqual(['none']);
    const filled = out.none.filter((b) => b.count > 0);
    // Confidences 0.95 (right), 0.55 (wrong), 0.85 (right): three bins of one example each.
    expect(filled.map((b) => [b.count, b.accuracy])).toEqual([
      [1, 0],
      [1, 1],
      [1, 1],
    ]);
  });
});
