import { describe, expect, it } from 'vitest';
import {
  calibrateDomain,
  domainContextPrior,
  domainWordStats,
  randomDomainRows,
  randomDomainTexts,
} from './domain-context.ts';

describe('domainWordStats', () => {
  it("follows Fei's code: lowercase whitespace split, L = int(mean), L + 1 words per text", () => {
    // "A b  c" → [a, b, c]; "b C d e" → [b, c, d, e]: 7 words, mean 3.5 → L = 3, 4 words per text.
    const stats = domainWordStats(['A b  c', 'b C\td e']);
    expect(stats.words).toEqual(['a', 'b', 'c', 'b', 'c', 'd', 'e']);
    expect(stats.meanWords).toBe(3);
    expect(stats.wordsPerText).toBe(4);
  });

  it('rejects no texts and texts without words', () => {
    expect(() => domainWordStats([])).toThrow('needs at least one unlabeled text');
    expect(() => domainWordStats(['  ', ''])).toThrow('the unlabeled texts contain no words');
  });
});

describe('randomDomainTexts', () => {
  const texts = ['A b  c', 'b C d e'];

  it('draws count texts of L + 1 in-domain words each, ending in " ."', () => {
    const out = randomDomainTexts(texts, 5, 1);
    expect(out).toHaveLength(5);
    for (const text of out) {
      expect(text.endsWith(' .')).toBe(true);
      const words = text.slice(0, -2).split(' ');
      expect(words).toHaveLength(4);
      for (const w of words) expect(['a', 'b', 'c', 'd', 'e']).toContain(w);
    }
  });

  it('defaults to 20 texts, is deterministic per seed, and draws with replacement', () => {
    expect(randomDomainTexts(texts)).toHaveLength(20);
    expect(randomDomainTexts(texts, 20, 3)).toEqual(randomDomainTexts(texts, 20, 3));
    expect(randomDomainTexts(texts, 20, 3)).not.toEqual(randomDomainTexts(texts, 20, 4));
    // One single-word text: every draw must repeat that word (only possible with replacement).
    expect(randomDomainTexts(['solo', 'solo solo'], 2, 0)).toEqual(['solo solo .', 'solo solo .']);
  });

  it('rejects a bad count', () => {
    expect(() => randomDomainTexts(texts, 0, 1)).toThrow('count must be a positive integer');
  });
});

describe('randomDomainRows', () => {
  it('gives each field its own pool and length (sentence pairs)', () => {
    // premise: 6 words / 2 texts → L = 3 → 4 words; hypothesis: 2 words / 2 → L = 1 → 2 words.
    const rows = randomDomainRows({ premise: ['p1 p2 p3', 'p4 p5 p6'], hypothesis: ['h1', 'h2'] }, 3, 0);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.premise.split(' ').slice(0, -1).every((w) => w.startsWith('p'))).toBe(true);
      expect(row.premise.split(' ')).toHaveLength(5); // 4 words + "."
      expect(row.hypothesis.split(' ')).toHaveLength(3); // 2 words + "."
      expect(row.hypothesis.split(' ').slice(0, -1).every((w) => w.startsWith('h'))).toBe(true);
    }
  });

  it('names the field whose texts are empty', () => {
    expect(() => randomDomainRows({ premise: ['p'], hypothesis: [] }, 2, 0)).toThrow(/field "hypothesis"/);
  });
});

describe('DC prior and calibration', () => {
  it('averages raw scores then normalises, and divides like CC', () => {
    // raw [0.3, 0.1] and [0.1, 0.1] → mean [0.2, 0.1] → prior [2/3, 1/3]
    const prior = domainContextPrior([
      [0.3, 0.1],
      [0.1, 0.1],
    ]);
    expect(prior[0]).toBeCloseTo(2 / 3, 12);
    // p = [0.6, 0.4] → [0.6·3/2, 0.4·3] = [0.9, 1.2] → q = [0.9/2.1, 1.2/2.1] = [3/7, 4/7]
    const q = calibrateDomain([0.6, 0.4], prior);
    expect(q[0]).toBeCloseTo(3 / 7, 12);
    expect(q[1]).toBeCloseTo(4 / 7, 12);
  });
});
