import { describe, expect, it } from 'vitest';
import { createRng } from '../rng/seeded.ts';
import { compareLabels, sampleDemonstrations } from './demonstrations.ts';

type Row = { id: string; label: string };
/** 10 rows: ids t0..t9, labels alternate "0", "1" (5 each). */
const pool: Row[] = Array.from({ length: 10 }, (_, i) => ({ id: `t${i}`, label: String(i % 2) }));
const countLabels = (rows: Row[]): Record<string, number> =>
  rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.label]: (acc[r.label] ?? 0) + 1 }), {});

describe('sampleDemonstrations: uniform', () => {
  it('draws k distinct examples in drawn order, as rng.sample does (Zhao et al.)', () => {
    const drawn = sampleDemonstrations(pool, { shots: 4, mode: 'uniform', seed: 3 });
    expect(drawn).toEqual(createRng(3).sample(pool, 4));
    expect(new Set(drawn.map((r) => r.id)).size).toBe(4);
  });

  it('is deterministic per seed and varies across seeds', () => {
    const a = sampleDemonstrations(pool, { shots: 4, mode: 'uniform', seed: 0 });
    expect(sampleDemonstrations(pool, { shots: 4, mode: 'uniform', seed: 0 })).toEqual(a);
    const others = [1, 2, 3].map((seed) => sampleDemonstrations(pool, { shots: 4, mode: 'uniform', seed }));
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(a))).toBe(true);
  });

  it('puts pinned ids first, counts them in shots, and never draws excluded ids', () => {
    const drawn = sampleDemonstrations(pool, {
      shots: 3,
      mode: 'uniform',
      seed: 1,
      pinned: ['t4'],
      excluded: ['t0', 't1', 't2'],
    });
    expect(drawn).toHaveLength(3);
    expect(drawn[0].id).toBe('t4');
    for (const r of drawn) expect(['t0', 't1', 't2']).not.toContain(r.id);
    expect(new Set(drawn.map((r) => r.id)).size).toBe(3);
  });

  it('perClass multiplies shots by the number of classes', () => {
    expect(sampleDemonstrations(pool, { shots: 2, perClass: true, mode: 'uniform', seed: 0 })).toHaveLength(4);
  });

  it('returns nothing for zero shots', () => {
    expect(sampleDemonstrations(pool, { shots: 0, mode: 'uniform', seed: 0 })).toEqual([]);
  });
});

describe('sampleDemonstrations: balanced', () => {
  it('gives each class shots / C examples', () => {
    const drawn = sampleDemonstrations(pool, { shots: 4, mode: 'balanced', seed: 2 });
    expect(countLabels(drawn)).toEqual({ '0': 2, '1': 2 });
  });

  it('spreads the remainder by seed, not always to the first class', () => {
    // 5 shots over 2 classes: floor(5/2) = 2 each, 1 extra slot for one class.
    const extraClass = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => {
      const counts = countLabels(sampleDemonstrations(pool, { shots: 5, mode: 'balanced', seed }));
      expect(counts['0'] + counts['1']).toBe(5);
      expect(Math.abs(counts['0'] - counts['1'])).toBe(1);
      return counts['0'] > counts['1'] ? '0' : '1';
    });
    expect(new Set(extraClass)).toEqual(new Set(['0', '1']));
  });

  it("counts shots per class with perClass (Lu's n_shot) and shuffles the result", () => {
    const threeClasses: Row[] = [...pool, { id: 'u0', label: '2' }, { id: 'u1', label: '2' }];
    const drawn = sampleDemonstrations(threeClasses, { shots: 2, perClass: true, mode: 'balanced', seed: 4 });
    expect(countLabels(drawn)).toEqual({ '0': 2, '1': 2, '2': 2 });
    // Over several seeds, the label sequence is not always grouped by class.
    const patterns = new Set(
      [0, 1, 2, 3, 4, 5].map((seed) =>
        sampleDemonstrations(threeClasses, { shots: 2, perClass: true, mode: 'balanced', seed })
          .map((r) => r.label)
          .join(''),
      ),
    );
    expect(patterns.size).toBeGreaterThan(1);
  });

  it('fills a pinned example into its own class quota', () => {
    const drawn = sampleDemonstrations(pool, { shots: 4, mode: 'balanced', seed: 0, pinned: ['t3'] });
    expect(drawn.map((r) => r.id)).toContain('t3');
    expect(countLabels(drawn)).toEqual({ '0': 2, '1': 2 });
  });

  it('fails clearly when a class is too small', () => {
    const skewed: Row[] = [...pool.filter((r) => r.label === '0'), { id: 'p0', label: '1' }];
    expect(() => sampleDemonstrations(skewed, { shots: 4, mode: 'balanced', seed: 0 })).toThrow(
      'class "1" has 1 examples in the pool; balanced sampling needs 2',
    );
    expect(() =>
      sampleDemonstrations(pool, { shots: 2, mode: 'balanced', seed: 0, classes: ['0', '1', '7'] }),
    ).toThrow(/class "7" has 0 examples/);
  });
});

describe('sampleDemonstrations: errors', () => {
  it('names the problem', () => {
    expect(() => sampleDemonstrations(pool, { shots: 11, mode: 'uniform', seed: 0 })).toThrow(
      'shots (11) exceed the 10 examples in the pool',
    );
    expect(() => sampleDemonstrations(pool, { shots: 9, mode: 'uniform', seed: 0, excluded: ['t0', 't1'] })).toThrow(
      'shots (9) exceed the 8 examples in the pool after excluding 2',
    );
    expect(() => sampleDemonstrations(pool, { shots: -1, mode: 'uniform', seed: 0 })).toThrow(/non-negative integer/);
    expect(() => sampleDemonstrations(pool, { shots: 2, mode: 'uniform', seed: 0, pinned: ['zz'] })).toThrow(
      'pinned demonstration "zz" is not in the training pool',
    );
    expect(() =>
      sampleDemonstrations(pool, { shots: 2, mode: 'uniform', seed: 0, pinned: ['t1'], excluded: ['t1'] }),
    ).toThrow('pinned demonstration "t1" is also excluded');
    expect(() => sampleDemonstrations(pool, { shots: 1, mode: 'uniform', seed: 0, pinned: ['t1', 't2'] })).toThrow(
      '2 pinned demonstrations exceed shots (1)',
    );
    expect(() =>
      sampleDemonstrations(pool, { shots: 2, mode: 'balanced', seed: 0, pinned: ['t1', 't3'] }),
    ).toThrow('2 pinned demonstrations of class "1" exceed its balanced quota of 1');
  });
});

describe('compareLabels', () => {
  it('orders integer labels numerically and others by code unit', () => {
    expect(['10', '2', '1'].sort(compareLabels)).toEqual(['1', '2', '10']);
    expect(['b', 'B', 'a'].sort(compareLabels)).toEqual(['B', 'a', 'b']);
  });
});
