import crypto from 'node:crypto';
import type { EncoderAttentionResult } from '../engine/encoder/encoder-attention.ts';
import type { AttentionSpan, AttentionSpanMass } from '../../src-shared/api/attention.ts';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import type { AttentionResult } from '../engine/protocol.ts';
import type { ApiServices } from './services.ts';

/** How many computed attention tensors stay in memory (a 1,000-token one is tens of MB). */
const KEEP = 2;

/**
 * Attention mass of each span: the share of the last position's attention that lands on the
 * span's tokens, averaged over heads, per layer. Spans are character ranges; a token belongs to a
 * span when their character ranges overlap.
 */
export function spanMass(result: AttentionResult, offsets: { start: number; end: number }[], spans: AttentionSpan[], from = result.tokens.length - 1): AttentionSpanMass[] {
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

/** Max-pools an n x n matrix into size x size cells (a peak never disappears in the overview); every key, for encoders. */
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

/** Attention: computed once per prompt and kept briefly, so the UI can page through layers. */
export function attentionHandlers({ engine }: ApiServices): Pick<ApiHandlers, 'attention.compute' | 'attention.layer' | 'attention.thumbnails'> {
  const cache = new Map<string, AttentionResult>();
  return {
    async 'attention.compute'({ model, text, spans }) {
      const info = await engine.load(model);
      if (!info.attentionAvailable) return fail('ATTENTION_UNAVAILABLE', `${info.name}: ${info.attentionUnavailableReason ?? 'attention weights cannot be extracted from this model'}`);
      const [result, pieces] = await Promise.all([engine.attention(info.modelId, text), engine.tokenize(info.modelId, text)]);
      // Encoders answer with their own offsets: their tokens include [CLS]/[SEP], which tokenize leaves out.
      const encoder = result as Partial<EncoderAttentionResult>;
      const offsets = encoder.offsets ?? pieces.map((p) => ({ start: p.start, end: p.end }));
      const attentionId = crypto.randomUUID();
      cache.set(attentionId, result);
      while (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
      // An encoder's last token is [SEP]; its prediction happens at the (last) mask, else at the last text token.
      const special = new Set(encoder.special ?? []);
      const lastText = result.tokens.findLastIndex((_, i) => !special.has(i));
      const from = encoder.bidirectional ? (info.maskToken !== undefined && result.tokens.includes(info.maskToken) ? result.tokens.lastIndexOf(info.maskToken) : Math.max(0, lastText)) : result.tokens.length - 1;
      const marks = encoder.bidirectional ? { bidirectional: true, segments: encoder.typeIds, special: encoder.special, massFrom: from } : {};
      return ok({ attentionId, tokens: result.tokens, offsets, layers: result.layers, heads: result.heads, mass: spanMass(result, offsets, spans, from), ...marks });
    },

    async 'attention.layer'({ attentionId, layer }) {
      const result = cache.get(attentionId);
      if (!result) return fail('NOT_FOUND', `attention ${attentionId} is no longer in memory; compute it again`);
      if (layer >= result.layers) return fail('INVALID_ARGS', `attention.layer: args.layer: ${layer} is out of range (the model has ${result.layers} layers)`);
      return ok({ layer, heads: result.weights[layer] });
    },

    async 'attention.thumbnails'({ attentionId, sizePx }) {
      const result = cache.get(attentionId);
      if (!result) return fail('NOT_FOUND', `attention ${attentionId} is no longer in memory; compute it again`);
      const n = result.tokens.length;
      const size = Math.min(sizePx, n);
      return ok({ size, thumbs: result.weights.map((heads) => heads.map((m) => poolMax(m, n, size))) });
    },
  };
}
