import { EngineFailure } from '../engine-failure.ts';
import { tensorFloats } from '../runtime.ts';
import type { EncoderSession } from './encoder-session.ts';
import { withModelMask } from './fill-mask.ts';

export interface EncoderAttentionResult {
  tokens: string[];
  layers: number;
  heads: number;
  /** weights[layer][head]: row-major query x key; each row a distribution over every key (bidirectional). */
  weights: Float32Array[][];
  /** Segment of each token (token_type_ids): 0 for the text, 1 for the pair. */
  typeIds: number[];
  /** Positions of special tokens ([CLS], [SEP], <s>, </s>). */
  special: number[];
  /** Character offsets into the text (special tokens: empty spans; pair tokens after the text's end). */
  offsets: { start: number; end: number }[];
  bidirectional: true;
}

/** Attention probabilities of every layer and head over a text (and optional pair), through the attention rewrite. */
export async function encoderAttention(model: EncoderSession, text: string, pair?: string): Promise<EncoderAttentionResult> {
  if (!model.info.attentionAvailable) throw new EngineFailure('ATTENTION_UNAVAILABLE', model.info.attentionUnavailableReason ?? 'attention is not available for this model');
  const source = withModelMask(model, text);
  const input = model.tokenizer.encode(source, pair === undefined ? undefined : withModelMask(model, pair));
  model.checkLength(input);
  let graph;
  try {
    graph = await model.attentionGraph();
  } catch (error) {
    if (error instanceof EngineFailure && error.code.startsWith('ATTENTION')) {
      model.info.attentionAvailable = false;
      model.info.attentionUnavailableReason = error.message;
      throw new EngineFailure('ATTENTION_UNAVAILABLE', error.message);
    }
    throw error;
  }
  const names = [...graph.outputs].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const out = await model.forward([input], graph.session, names);
  const n = input.ids.length;
  const weights = names.map((name) => {
    const tensor = out.outputs[name];
    const [, heads, queries, keys] = tensor.dims.map(Number);
    if (queries !== n || keys !== n) throw new EngineFailure('MODEL_FILE', `${name} has shape [${tensor.dims.join(', ')}], expected [1, heads, ${n}, ${n}]`);
    const data = tensorFloats(tensor);
    return Array.from({ length: heads }, (_, h) => data.slice(h * n * n, (h + 1) * n * n));
  });
  return {
    tokens: input.ids.map((id) => model.tokenizer.tokenText(id)),
    layers: weights.length,
    heads: weights[0]?.length ?? 0,
    weights,
    typeIds: input.typeIds,
    special: input.ids.flatMap((id, i) => (model.tokenizer.specialIds.has(id) && id !== model.tokenizer.maskTokenId ? [i] : [])),
    offsets: model.tokenizer.pieces(source, input.ids).map((p) => ({ start: p.start, end: p.end })),
    bidirectional: true,
  };
}
