/**
 * config.json, generation_config.json and tokenizer_config.json of each family, with the keys its
 * Hugging Face config class writes (and transformers.js reads), scaled to the synthetic size.
 */
import type { DecoderShape } from './decoder-spec.ts';
import { END_OF_TEXT } from './gpt2-tokenizer.ts';

type Json = Record<string, unknown>;

export interface FamilyIds {
  bos?: number;
  eos: number;
  pad?: number;
}

export function familyConfig(s: DecoderShape, ids: FamilyIds, configVocab: number): Json {
  const common = { torch_dtype: 'float32', transformers_version: '4.46.0', use_cache: true, vocab_size: configVocab, tie_word_embeddings: s.tie };
  const bos = ids.bos !== undefined ? { bos_token_id: ids.bos } : {};
  switch (s.family) {
    case 'gpt_neox':
      return {
        architectures: ['GPTNeoXForCausalLM'], model_type: 'gpt_neox', hidden_size: s.hidden, intermediate_size: s.inter, num_attention_heads: s.heads,
        num_hidden_layers: s.layers, max_position_embeddings: s.ctx, rotary_pct: s.rotaryDim / s.headDim, rotary_emb_base: s.ropeTheta, hidden_act: 'gelu',
        layer_norm_eps: s.eps, use_parallel_residual: true, attention_bias: true, ...bos, eos_token_id: ids.eos, ...common,
      };
    case 'opt':
      return {
        architectures: ['OPTForCausalLM'], model_type: 'opt', hidden_size: s.hidden, word_embed_proj_dim: s.hidden, ffn_dim: s.inter, num_attention_heads: s.heads,
        num_hidden_layers: s.layers, max_position_embeddings: s.ctx, activation_function: 'relu', do_layer_norm_before: true, enable_bias: true,
        layer_norm_elementwise_affine: true, ...bos, eos_token_id: ids.eos, pad_token_id: ids.pad, prefix: '</s>', ...common,
      };
    default: {
      const arch = { llama: 'LlamaForCausalLM', qwen2: 'Qwen2ForCausalLM', phi3: 'Phi3ForCausalLM' }[s.family];
      return {
        architectures: [arch], model_type: s.family, hidden_size: s.hidden, intermediate_size: s.inter, num_attention_heads: s.heads,
        num_key_value_heads: s.kvHeads, head_dim: s.headDim, num_hidden_layers: s.layers, max_position_embeddings: s.ctx, rope_theta: s.ropeTheta,
        rms_norm_eps: s.eps, hidden_act: 'silu', attention_bias: s.family === 'qwen2', ...(s.family === 'phi3' ? { partial_rotary_factor: 1.0 } : {}),
        ...bos, eos_token_id: ids.eos, ...(ids.pad !== undefined ? { pad_token_id: ids.pad } : {}), ...common,
      };
    }
  }
}

export function familyGenerationConfig(ids: FamilyIds): Json {
  return { _from_model_config: true, ...(ids.bos !== undefined ? { bos_token_id: ids.bos } : {}), eos_token_id: ids.eos, transformers_version: '4.46.0' };
}

const QWEN_CHAT = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
const PHI3_CHAT = "{% for message in messages %}{{'<|' + message['role'] + '|>' + '\\n' + message['content'] + '<|end|>\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";

export function familyTokenizerConfig(s: DecoderShape): Json {
  switch (s.family) {
    case 'gpt_neox':
      return { add_bos_token: false, add_eos_token: false, bos_token: END_OF_TEXT, eos_token: END_OF_TEXT, unk_token: END_OF_TEXT, model_max_length: s.ctx, tokenizer_class: 'GPTNeoXTokenizer', clean_up_tokenization_spaces: false };
    case 'opt':
      return { add_bos_token: true, bos_token: '</s>', eos_token: '</s>', pad_token: '<pad>', unk_token: '</s>', model_max_length: s.ctx, tokenizer_class: 'GPT2Tokenizer', clean_up_tokenization_spaces: false };
    case 'qwen2':
      return { bos_token: null, eos_token: END_OF_TEXT, pad_token: END_OF_TEXT, unk_token: null, model_max_length: s.ctx, tokenizer_class: 'Qwen2Tokenizer', chat_template: QWEN_CHAT, clean_up_tokenization_spaces: false };
    case 'phi3':
      return { add_bos_token: false, add_eos_token: false, bos_token: '<s>', eos_token: '<|endoftext|>', unk_token: '<unk>', pad_token: '<|endoftext|>', model_max_length: s.ctx, tokenizer_class: 'LlamaTokenizer', legacy: false, chat_template: PHI3_CHAT, clean_up_tokenization_spaces: false };
    default:
      return { add_bos_token: true, add_eos_token: false, bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>', model_max_length: s.ctx, tokenizer_class: 'LlamaTokenizer', legacy: false, clean_up_tokenization_spaces: false };
  }
}
