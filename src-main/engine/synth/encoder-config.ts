/**
 * config.json, tokenizer_config.json and special_tokens_map.json of a synthetic encoder, field for
 * field as the `bert-base-uncased`, `roberta-base`, `albert-base-v2` and `distilbert-base-uncased`
 * repositories hold them (scaled to the synthetic size).
 */
import { FAMILY_TRAITS, positionRows, type EncoderShape } from './encoder-shape.ts';
import { SPECIALS, type SpecialTokens } from './encoder-tokenizers.ts';

const ARCHITECTURE = { bert: 'BertForMaskedLM', roberta: 'RobertaForMaskedLM', albert: 'AlbertForMaskedLM', distilbert: 'DistilBertForMaskedLM' } as const;
const TOKENIZER_CLASS = { bert: 'BertTokenizer', roberta: 'RobertaTokenizer', albert: 'AlbertTokenizer', distilbert: 'DistilBertTokenizer' } as const;

export function specialsOf(shape: EncoderShape): SpecialTokens {
  return SPECIALS[FAMILY_TRAITS[shape.family].tokenizer];
}

export function encoderConfig(shape: EncoderShape, ids: Record<string, number>): Record<string, unknown> {
  const traits = FAMILY_TRAITS[shape.family];
  const s = specialsOf(shape);
  const common = {
    _name_or_path: `promptscope/synth-${shape.family}`,
    architectures: [ARCHITECTURE[shape.family]],
    model_type: shape.family,
    vocab_size: shape.vocab,
    max_position_embeddings: positionRows(shape),
    pad_token_id: ids[s.pad],
    initializer_range: 0.02,
    torch_dtype: 'float32',
    transformers_version: '4.46.0',
  };
  if (shape.family === 'distilbert') {
    return {
      ...common, activation: 'gelu', dim: shape.hidden, hidden_dim: shape.intermediate, n_heads: shape.heads, n_layers: shape.layers,
      dropout: 0.1, attention_dropout: 0.1, qa_dropout: 0.1, seq_classif_dropout: 0.2, sinusoidal_pos_embds: false, tie_weights_: true,
    };
  }
  return {
    ...common,
    hidden_size: shape.hidden,
    num_attention_heads: shape.heads,
    num_hidden_layers: shape.layers,
    intermediate_size: shape.intermediate,
    hidden_act: traits.activation,
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    type_vocab_size: traits.typeVocab,
    layer_norm_eps: traits.layerNormEps,
    position_embedding_type: 'absolute',
    ...(shape.family === 'albert' ? { embedding_size: shape.embedding, num_hidden_groups: 1, inner_group_num: 1, classifier_dropout_prob: 0.1 } : {}),
    ...(s.bos ? { bos_token_id: ids[s.bos], eos_token_id: ids[s.eos ?? s.sep] } : { bos_token_id: ids[s.cls], eos_token_id: ids[s.sep] }),
  };
}

export function encoderTokenizerConfig(shape: EncoderShape, ids: Record<string, number>): Record<string, unknown> {
  const s = specialsOf(shape);
  const decl = (content: string) => ({ content, lstrip: shape.family !== 'bert' && shape.family !== 'distilbert' && content === s.mask, normalized: false, rstrip: false, single_word: false, special: true });
  const uncased = shape.family === 'roberta' ? {} : { do_lower_case: true };
  return {
    added_tokens_decoder: Object.fromEntries([s.pad, s.unk, s.cls, s.sep, s.mask].map((t) => [String(ids[t]), decl(t)])),
    clean_up_tokenization_spaces: shape.family !== 'roberta',
    cls_token: s.cls,
    sep_token: s.sep,
    pad_token: s.pad,
    unk_token: s.unk,
    mask_token: s.mask,
    ...(s.bos ? { bos_token: s.bos, eos_token: s.eos, add_prefix_space: false, errors: 'replace', trim_offsets: true } : {}),
    ...(shape.family === 'albert' ? { bos_token: s.cls, eos_token: s.sep, keep_accents: false, remove_space: true } : {}),
    ...uncased,
    model_max_length: shape.ctx,
    tokenizer_class: TOKENIZER_CLASS[shape.family],
  };
}

export function encoderSpecialTokensMap(shape: EncoderShape): Record<string, unknown> {
  const s = specialsOf(shape);
  return { cls_token: s.cls, sep_token: s.sep, pad_token: s.pad, unk_token: s.unk, mask_token: s.mask, ...(s.bos ? { bos_token: s.bos, eos_token: s.eos } : {}) };
}
