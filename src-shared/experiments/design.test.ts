import { describe, expect, it } from 'vitest';
import { corruptDemonstrations, designAxes, designCells, sampleDesign } from './design.ts';

const demos = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, label: String(i % 2) }));

describe('design', () => {
  it('crosses the list-valued fields in a fixed order, the last axis fastest', () => {
    const axes = designAxes({ shots: [0, 4], templates: ['T1 {{input}} {{label}}', 'T2 {{input}} {{label}}'], labelCorruption: [0, 1] });
    expect(axes.map((a) => a.name)).toEqual(['shots', 'template', 'labelCorruption']);
    const cells = designCells(axes);
    expect(cells).toHaveLength(8);
    expect(cells.slice(0, 3).map((c) => c.levels)).toEqual([
      { shots: 0, template: 0, labelCorruption: 0 },
      { shots: 0, template: 0, labelCorruption: 1 },
      { shots: 0, template: 1, labelCorruption: 0 },
    ]);
    expect(designAxes({ shots: 4 })).toEqual([]);
    expect(designCells([])).toEqual([{ index: 0, levels: {} }]);
    expect(designAxes({ shots: 1, labelWords: [{ '0': ['bad', 'awful'], '1': ['good'] }] })[0].labels).toEqual(['0: bad/awful; 1: good']);
  });

  it('corrupts round(rate x k) demonstrations, nested across rates, reproducibly', () => {
    const counts = [0, 0.1, 0.125, 0.25, 0.5, 0.75, 1].map((r) => corruptDemonstrations(demos, ['0', '1'], r, 'flip', 3).length);
    // 4 x rate, half up: 0, 0.4 -> 0, 0.5 -> 1, 1, 2, 3, 4.
    expect(counts).toEqual([0, 0, 1, 1, 2, 3, 4]);
    const half = corruptDemonstrations(demos, ['0', '1'], 0.5, 'random', 3);
    const all = corruptDemonstrations(demos, ['0', '1'], 1, 'random', 3);
    expect(all.slice(0, 2)).toEqual(half);
    expect(corruptDemonstrations(demos, ['0', '1'], 0.5, 'random', 3)).toEqual(half);
    for (const c of all) expect(['0', '1']).toContain(c.shown);
    // Another seed picks other demonstrations for some seeds.
    const picks = [0, 1, 2, 3, 4, 5].map((seed) => corruptDemonstrations(demos, ['0', '1'], 0.25, 'flip', seed)[0].exampleId);
    expect(new Set(picks).size).toBeGreaterThan(1);
  });

  it('flips to the next class in label order, cyclically, for three classes', () => {
    const three = [{ id: 'x', label: 'a' }, { id: 'y', label: 'b' }, { id: 'z', label: 'c' }];
    const flipped = corruptDemonstrations(three, ['a', 'b', 'c'], 1, 'flip', 0);
    const shown = Object.fromEntries(flipped.map((c) => [c.gold, c.shown]));
    expect(shown).toEqual({ a: 'b', b: 'c', c: 'a' });
  });

  it('samples a budget of conditions without replacement, seeded, in design order', () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ seed: Math.floor(i / 10), cell: i % 10, orderIndex: 0 }));
    const a = sampleDesign(points, { conditions: 5, seed: 1 });
    expect(a).toHaveLength(5);
    expect(new Set(a.map((p) => `${p.seed}/${p.cell}`)).size).toBe(5);
    expect(a.map((p) => points.indexOf(p))).toEqual([...a.map((p) => points.indexOf(p))].sort((x, y) => x - y));
    expect(sampleDesign(points, { conditions: 5, seed: 1 })).toEqual(a);
    expect(sampleDesign(points, { conditions: 5, seed: 2 })).not.toEqual(a);
    expect(sampleDesign(points, undefined)).toEqual(points);
  });
});
