/**
 * The parameters of a synthetic encoder: Hugging Face state-dict names, shapes, seeded values.
 *
 * Linear weights are stored [in, out] so the graph MatMuls them directly, as exports do. ALBERT
 * has one layer's parameters (albert_layer_groups.0.albert_layers.0) that every layer reuses, and
 * a factorized embedding: E-wide embeddings, a mapping E -> hidden, and a head back to E.
 */
import type { Param } from './gpt2-weights.ts';
import { NormalStream } from './random-weights.ts';
import { FAMILY_TRAITS, positionRows, type EncoderShape } from './encoder-shape.ts';

export type { Param };

/** Parameter names of one transformer layer, by role. */
export interface LayerNames {
  query: string; queryBias: string;
  key: string; keyBias: string;
  value: string; valueBias: string;
  attnOut: string; attnOutBias: string;
  attnNorm: string; attnNormBias: string;
  ffnIn: string; ffnInBias: string;
  ffnOut: string; ffnOutBias: string;
  outNorm: string; outNormBias: string;
}

export interface EncoderNames {
  /** torch scope of the model body, for node names (`/bert`, `/albert`). */
  scope: string;
  word: string;
  position: string;
  tokenType?: string;
  embNorm: string; embNormBias: string;
  /** ALBERT only: embedding_hidden_mapping_in. */
  mapping?: string; mappingBias?: string;
  /** Names of layer i (ALBERT: the same for every i). */
  layer(i: number): LayerNames;
  /** Scope of layer i, for node names. */
  layerScope(i: number): string;
  headDense: string; headDenseBias: string;
  headNorm: string; headNormBias: string;
  /** Output bias of the tied decoder. */
  headBias: string;
}

type LayerRole = 'query' | 'key' | 'value' | 'attnOut' | 'attnNorm' | 'ffnIn' | 'ffnOut' | 'outNorm';

/** One layer's weight and bias names: `<prefix>.<module>.weight|bias` for each role's module. */
function linearNames(p: string, roles: Record<LayerRole, string>): LayerNames {
  const w = (role: LayerRole) => `${p}.${roles[role]}.weight`;
  const b = (role: LayerRole) => `${p}.${roles[role]}.bias`;
  return {
    query: w('query'), queryBias: b('query'), key: w('key'), keyBias: b('key'), value: w('value'), valueBias: b('value'),
    attnOut: w('attnOut'), attnOutBias: b('attnOut'), attnNorm: w('attnNorm'), attnNormBias: b('attnNorm'),
    ffnIn: w('ffnIn'), ffnInBias: b('ffnIn'), ffnOut: w('ffnOut'), ffnOutBias: b('ffnOut'), outNorm: w('outNorm'), outNormBias: b('outNorm'),
  };
}

export function encoderNames(shape: EncoderShape): EncoderNames {
  switch (shape.family) {
    case 'bert':
    case 'roberta': {
      const m = shape.family;
      return {
        scope: `/${m}`,
        word: `${m}.embeddings.word_embeddings.weight`,
        position: `${m}.embeddings.position_embeddings.weight`,
        tokenType: `${m}.embeddings.token_type_embeddings.weight`,
        embNorm: `${m}.embeddings.LayerNorm.weight`, embNormBias: `${m}.embeddings.LayerNorm.bias`,
        layer: (i) => linearNames(`${m}.encoder.layer.${i}`, {
          query: 'attention.self.query', key: 'attention.self.key', value: 'attention.self.value',
          attnOut: 'attention.output.dense', attnNorm: 'attention.output.LayerNorm',
          ffnIn: 'intermediate.dense', ffnOut: 'output.dense', outNorm: 'output.LayerNorm',
        }),
        layerScope: (i) => `/${m}/encoder/layer.${i}`,
        ...(m === 'bert'
          ? { headDense: 'cls.predictions.transform.dense.weight', headDenseBias: 'cls.predictions.transform.dense.bias', headNorm: 'cls.predictions.transform.LayerNorm.weight', headNormBias: 'cls.predictions.transform.LayerNorm.bias', headBias: 'cls.predictions.bias' }
          : { headDense: 'lm_head.dense.weight', headDenseBias: 'lm_head.dense.bias', headNorm: 'lm_head.layer_norm.weight', headNormBias: 'lm_head.layer_norm.bias', headBias: 'lm_head.bias' }),
      };
    }
    case 'albert': {
      const shared = linearNames('albert.encoder.albert_layer_groups.0.albert_layers.0', {
        query: 'attention.query', key: 'attention.key', value: 'attention.value',
        attnOut: 'attention.dense', attnNorm: 'attention.LayerNorm',
        ffnIn: 'ffn', ffnOut: 'ffn_output', outNorm: 'full_layer_layer_norm',
      });
      return {
        scope: '/albert',
        word: 'albert.embeddings.word_embeddings.weight',
        position: 'albert.embeddings.position_embeddings.weight',
        tokenType: 'albert.embeddings.token_type_embeddings.weight',
        embNorm: 'albert.embeddings.LayerNorm.weight', embNormBias: 'albert.embeddings.LayerNorm.bias',
        mapping: 'albert.encoder.embedding_hidden_mapping_in.weight', mappingBias: 'albert.encoder.embedding_hidden_mapping_in.bias',
        layer: () => shared,
        // torch names a module called again with a suffix; the layer number is only in graph order.
        layerScope: (i) => `/albert/encoder/albert_layer_groups.0${i > 0 ? `_${i}` : ''}/albert_layers.0`,
        headDense: 'predictions.dense.weight', headDenseBias: 'predictions.dense.bias',
        headNorm: 'predictions.LayerNorm.weight', headNormBias: 'predictions.LayerNorm.bias',
        headBias: 'predictions.bias',
      };
    }
    case 'distilbert':
      return {
        scope: '/distilbert',
        word: 'distilbert.embeddings.word_embeddings.weight',
        position: 'distilbert.embeddings.position_embeddings.weight',
        embNorm: 'distilbert.embeddings.LayerNorm.weight', embNormBias: 'distilbert.embeddings.LayerNorm.bias',
        layer: (i) => linearNames(`distilbert.transformer.layer.${i}`, {
          query: 'attention.q_lin', key: 'attention.k_lin', value: 'attention.v_lin', attnOut: 'attention.out_lin',
          attnNorm: 'sa_layer_norm', ffnIn: 'ffn.lin1', ffnOut: 'ffn.lin2', outNorm: 'output_layer_norm',
        }),
        layerScope: (i) => `/distilbert/transformer/layer.${i}`,
        headDense: 'vocab_transform.weight', headDenseBias: 'vocab_transform.bias',
        headNorm: 'vocab_layer_norm.weight', headNormBias: 'vocab_layer_norm.bias',
        headBias: 'vocab_projector.bias',
      };
  }
}

/**
 * Draws every parameter from a seeded normal stream, each tensor once (ALBERT's shared layer too).
 *
 * Matrices use std 1/sqrt(fan_in) so scores and logits stay of order one at any width, as in the
 * GPT-2 builder: N(0, 0.02) would give near-uniform predictions that hide bugs.
 */
export function randomEncoderParams(shape: EncoderShape, seed: number): Param[] {
  const { hidden: d, embedding: e, intermediate: f, vocab } = shape;
  const names = encoderNames(shape);
  const traits = FAMILY_TRAITS[shape.family];
  const rng = new NormalStream(seed);
  const params: Param[] = [];
  const seen = new Set<string>();
  const add = (name: string, dims: number[], std: number, mean = 0) => {
    if (seen.has(name)) return;
    seen.add(name);
    params.push({ name, dims, data: rng.fill(dims.reduce((a, b) => a * b, 1), std, mean) });
  };
  const linear = (w: string, b: string, fanIn: number, fanOut: number) => {
    add(w, [fanIn, fanOut], 1 / Math.sqrt(fanIn));
    add(b, [fanOut], 0.05);
  };
  const norm = (w: string, b: string, width: number) => {
    add(w, [width], 0.1, 1);
    add(b, [width], 0.05);
  };
  // The word matrix is also the tied output layer: 1.5/sqrt(E) keeps logits' std near 1.5.
  add(names.word, [vocab, e], 1.5 / Math.sqrt(e));
  add(names.position, [positionRows(shape), e], 0.5 / Math.sqrt(e));
  if (names.tokenType && traits.typeVocab > 0) add(names.tokenType, [traits.typeVocab, e], 0.5 / Math.sqrt(e));
  norm(names.embNorm, names.embNormBias, e);
  if (names.mapping && names.mappingBias) linear(names.mapping, names.mappingBias, e, d);
  for (let i = 0; i < shape.layers; i++) {
    const n = names.layer(i);
    linear(n.query, n.queryBias, d, d);
    linear(n.key, n.keyBias, d, d);
    linear(n.value, n.valueBias, d, d);
    linear(n.attnOut, n.attnOutBias, d, d);
    norm(n.attnNorm, n.attnNormBias, d);
    linear(n.ffnIn, n.ffnInBias, d, f);
    linear(n.ffnOut, n.ffnOutBias, f, d);
    norm(n.outNorm, n.outNormBias, d);
  }
  linear(names.headDense, names.headDenseBias, d, e);
  norm(names.headNorm, names.headNormBias, e);
  add(names.headBias, [vocab], 0.1);
  return params;
}
