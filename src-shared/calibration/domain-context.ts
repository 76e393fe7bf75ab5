/**
 * Domain-context calibration, DC (Fei et al. 2023, "Mitigating Label Biases for In-context Learning").
 *
 * Same rule as contextual calibration, `q ∝ p / p̂_DC`, but the prior comes from random
 * sequences of in-domain words (drawn from the unlabeled task texts, usually the test
 * inputs) instead of "N/A": this also removes the domain-label bias.
 */
import { createRng, type Rng } from '../rng/seeded.ts';
import { calibrateContextual, contentFreePrior } from './contextual.ts';

/** Fei et al. draw R = 20 random texts per context. */
export const DOMAIN_CONTEXT_COUNT = 20;

/** Word statistics of a corpus as Fei's `sample_random_texts` computes them. */
export interface DomainWordStats {
  /** All lowercased whitespace-separated words, with repeats (the multiset drawn from). */
  words: string[];
  /** `int(mean word count)` over the texts. */
  meanWords: number;
  /** Words per random text: `meanWords + 1` (Fei's `ceil(x) = int(x + 1)`). */
  wordsPerText: number;
}

/**
 * The word multiset and text length of a corpus.
 *
 * Fei's code (`fei:utils.py` sample_random_texts) takes `L = int(np.mean(lengths))` and
 * then draws `ceil(L)` words, where its `ceil(x)` is `int(x + 1)`: the texts have L + 1
 * words (20 for SST-2 test, whose L is 19). We follow the code, not the prose.
 */
export function domainWordStats(texts: readonly string[]): DomainWordStats {
  if (texts.length === 0) throw new Error('domain-context calibration needs at least one unlabeled text');
  const words: string[] = [];
  for (const text of texts) words.push(...text.toLowerCase().split(/\s+/).filter((w) => w.length > 0));
  if (words.length === 0) throw new Error('domain-context calibration: the unlabeled texts contain no words');
  const meanWords = Math.floor(words.length / texts.length);
  return { words, meanWords, wordsPerText: meanWords + 1 };
}

function drawText(stats: DomainWordStats, rng: Rng): string {
  const out: string[] = [];
  for (let i = 0; i < stats.wordsPerText; i++) out.push(stats.words[rng.int(stats.words.length)]);
  return out.join(' ') + ' .';
}

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count <= 0) {
    throw new Error(`domain-context text count must be a positive integer, got ${String(count)}`);
  }
}

/**
 * `count` random in-domain texts: each is `wordsPerText` words drawn WITH replacement
 * from the lowercased word multiset of `texts`, joined by spaces, with " ." appended.
 */
export function randomDomainTexts(
  texts: readonly string[],
  count: number = DOMAIN_CONTEXT_COUNT,
  seed: number = 0,
): string[] {
  assertCount(count);
  const stats = domainWordStats(texts);
  const rng = createRng(seed);
  return Array.from({ length: count }, () => drawText(stats, rng));
}

/**
 * Random in-domain rows for multi-field templates (premise / hypothesis): each field
 * gets its own word pool and length, drawn field after field for each row, as Fei's
 * sentence-pair branch does.
 */
export function randomDomainRows(
  columns: Readonly<Record<string, readonly string[]>>,
  count: number = DOMAIN_CONTEXT_COUNT,
  seed: number = 0,
): Record<string, string>[] {
  assertCount(count);
  const names = Object.keys(columns);
  if (names.length === 0) throw new Error('domain-context calibration needs at least one field');
  const stats = names.map((name) => {
    try {
      return domainWordStats(columns[name]);
    } catch (error) {
      throw new Error(`field "${name}": ${(error as Error).message}`, { cause: error });
    }
  });
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      row[name] = drawText(stats[i], rng);
    });
    return row;
  });
}

/** The DC prior: raw label scores of the random texts averaged, then normalised (as CC). */
export function domainContextPrior(rawPerText: readonly (readonly number[])[]): number[] {
  return contentFreePrior(rawPerText);
}

/** DC calibration: `q ∝ p / p̂_DC`, renormalised (the CC rule). */
export function calibrateDomain(p: readonly number[], prior: readonly number[]): number[] {
  return calibrateContextual(p, prior);
}
