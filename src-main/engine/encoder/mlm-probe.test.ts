import { describe, expect, it } from 'vitest';
import { planProbe } from './mlm-probe.ts';

describe('planProbe (BERT masking recipe)', () => {
  const ids = [2, ...Array.from({ length: 40 }, (_, i) => 10 + i), 3];
  const specials = new Set([0, 1, 2, 3, 4]);

  it('chooses round(15%) of the non-special tokens, never a special one, the same for the same seed', () => {
    const plan = planProbe(ids, specials, 4, 100, 7, 0.15);
    expect(plan).toHaveLength(6);
    expect(plan.every((p) => p.position > 0 && p.position < ids.length - 1)).toBe(true);
    expect(planProbe(ids, specials, 4, 100, 7, 0.15)).toEqual(plan);
    expect(planProbe(ids, specials, 4, 100, 8, 0.15)).not.toEqual(plan);
  });

  it('replaces 80% with the mask, 10% with a random non-special token and keeps 10% (over many seeds)', () => {
    const counts = { mask: 0, random: 0, keep: 0 };
    for (let seed = 0; seed < 500; seed++) {
      for (const p of planProbe(ids, specials, 4, 100, seed, 0.15)) {
        counts[p.action]++;
        if (p.action === 'mask') expect(p.fed).toBe(4);
        if (p.action === 'keep') expect(p.fed).toBe(ids[p.position]);
        if (p.action === 'random') expect(specials.has(p.fed)).toBe(false);
      }
    }
    const total = counts.mask + counts.random + counts.keep;
    // 3000 draws: sigma of the 10% share is about 0.55 points; 4 sigma bands.
    expect(Math.abs(counts.mask / total - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(counts.random / total - 0.1)).toBeLessThan(0.022);
    expect(Math.abs(counts.keep / total - 0.1)).toBeLessThan(0.022);
  });
});
