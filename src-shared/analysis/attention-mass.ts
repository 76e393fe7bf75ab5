import type { AttentionSpan, AttentionSpanMass } from '../api/attention.ts';

/**
 * Arithmetic on attention weights for the Attention view: how much of the last position's
 * attention each span of the prompt receives, and max-pooled overviews. Pure TypeScript.
 */

/** What the engine's attention result holds: weights[layer][head] is a row-major n x n matrix. */
export interface AttentionWeights {
  tokens: readonly string[];
  weights: Float32Array[][];
}

/**
 * Attention mass of each span: the share of one position's attention (the last by default; an
 * encoder's mask position) that lands on the span's tokens, averaged over heads, per layer. Spans
 * are character ranges; a token belongs to a span when their character ranges overlap.
 */
export function spanMass(result: AttentionWeights, offsets: { start: number; end: number }[], spans: AttentionSpan[], from = result.tokens.length - 1): AttentionSpanMass[] {
  const n = result.tokens.length;
  const last = from;
  return spans.map((span) => {
    let tokenStart = -1;
    let tokenEnd = -1;
    offsets.forEach((o, i) => {
      if (o.end > span.start && o.start < span.end) {
        if (tokenStart === -1) tokenStart = i;
        tokenEnd = i + 1;
      }
    });
    const perLayer = result.weights.map((heads) => {
      if (tokenStart === -1) return 0;
      let sum = 0;
      for (const matrix of heads) for (let k = tokenStart; k < tokenEnd; k++) sum += matrix[last * n + k];
      return sum / heads.length;
    });
    const mean = perLayer.reduce((a, b) => a + b, 0) / Math.max(1, perLayer.length);
    return { name: span.name, kind: span.kind, tokenStart: Math.max(0, tokenStart), tokenEnd: Math.max(0, tokenEnd), perLayer, mean };
  });
}

/**
 * Max-pools an n x n matrix into size x size cells (a peak never disappears in the overview). Every
 * key is read: a causal matrix is zero above its diagonal, an encoder's is not.
 */
export function poolMax(matrix: Float32Array, n: number, size: number): Float32Array {
  const out = new Float32Array(size * size);
  for (let q = 0; q < n; q++) {
    const row = Math.floor((q * size) / n) * size;
    for (let k = 0; k < n; k++) {
      const cell = row + Math.floor((k * size) / n);
      const w = matrix[q * n + k];
      if (w > out[cell]) out[cell] = w;
    }
  }
  return out;
}
