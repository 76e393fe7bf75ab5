import crypto from 'node:crypto';
import { poolMax, spanMass } from '../../src-shared/analysis/attention-mass.ts';
import type { EncoderAttentionResult } from '../engine/encoder/encoder-attention.ts';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import type { AttentionResult } from '../engine/protocol.ts';
import type { ApiServices } from './services.ts';

/** How many computed attention tensors stay in memory (a 1,000-token one is tens of MB). */
const KEEP = 2;

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
