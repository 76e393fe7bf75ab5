/**
 * The JSON files beside a GPT-2 ONNX model: config, generation config, tokenizer config, special tokens.
 *
 * Field for field what Hugging Face's `gpt2` repository holds (scaled to the synthetic size), so
 * transformers.js and our own loader read them as they would a real export.
 */
import { END_OF_TEXT } from './gpt2-tokenizer.ts';
import { LAYER_NORM_EPSILON } from './gpt2-graph.ts';
import type { Gpt2Shape } from './gpt2-weights.ts';

/** `config.json`. */
export function gpt2Config(shape: Gpt2Shape): Record<string, unknown> {
  const eos = shape.vocab - 1;
  return {
    _name_or_path: 'promptscope/synth-gpt2',
    activation_function: 'gelu_new',
    architectures: ['GPT2LMHeadModel'],
    attn_pdrop: 0.1,
    bos_token_id: eos,
    embd_pdrop: 0.1,
    eos_token_id: eos,
    initializer_range: 0.02,
    layer_norm_epsilon: LAYER_NORM_EPSILON,
    model_type: 'gpt2',
    n_ctx: shape.ctx,
    n_embd: shape.hidden,
    n_head: shape.heads,
    n_inner: null,
    n_layer: shape.layers,
    n_positions: shape.ctx,
    reorder_and_upcast_attn: false,
    resid_pdrop: 0.1,
    scale_attn_by_inverse_layer_idx: false,
    scale_attn_weights: true,
    summary_activation: null,
    summary_first_dropout: 0.1,
    summary_proj_to_labels: true,
    summary_type: 'cls_index',
    summary_use_proj: true,
    tie_word_embeddings: true,
    torch_dtype: 'float32',
    transformers_version: '4.46.0',
    use_cache: true,
    vocab_size: shape.vocab,
  };
}

/** `generation_config.json`. */
export function gpt2GenerationConfig(shape: Gpt2Shape): Record<string, unknown> {
  return { _from_model_config: true, bos_token_id: shape.vocab - 1, eos_token_id: shape.vocab - 1, transformers_version: '4.46.0' };
}

/** `tokenizer_config.json`. */
export function gpt2TokenizerConfig(shape: Gpt2Shape): Record<string, unknown> {
  const eosDecl = { content: END_OF_TEXT, lstrip: false, normalized: true, rstrip: false, single_word: false, special: true };
  return {
    add_bos_token: false,
    add_prefix_space: false,
    added_tokens_decoder: { [String(shape.vocab - 1)]: eosDecl },
    bos_token: END_OF_TEXT,
    clean_up_tokenization_spaces: false,
    eos_token: END_OF_TEXT,
    errors: 'replace',
    model_max_length: shape.ctx,
    tokenizer_class: 'GPT2Tokenizer',
    unk_token: END_OF_TEXT,
  };
}

/** `special_tokens_map.json`. */
export function gpt2SpecialTokensMap(): Record<string, unknown> {
  return { bos_token: END_OF_TEXT, eos_token: END_OF_TEXT, unk_token: END_OF_TEXT };
}
