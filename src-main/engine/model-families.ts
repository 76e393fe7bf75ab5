import { EngineFailure } from './engine-failure.ts';

/**
 * Model families: which config keys hold a family's sizes, and which kind of model it is.
 *
 * Hugging Face configs name the same quantity differently per family (GPT-2's `n_layer`, NeoX's
 * `num_hidden_layers`, Llama's `num_key_value_heads`). The keys here are the ones transformers.js
 * reads for each family (its normalized config), so a folder both programs load is read as the
 * same model. A `model_type` not in this table is refused rather than guessed at: reading the
 * wrong key would run a different model without saying so.
 *
 * `kind` separates causal decoders (everything the engine's decoder path runs) from encoders
 * (fill-mask models): an encoder family added here is routed by `kind` before any decoder check.
 */
export type ModelKind = 'decoder' | 'encoder';

interface FamilyKeys {
  kind: ModelKind;
  layers: string;
  heads: string;
  /** Key/value heads (grouped-query attention); absent: every head has its own keys. */
  kvHeads?: string;
  hidden: string;
  /** Context length keys, first present wins. */
  context: string[];
}

const GPT2_KEYS: FamilyKeys = { kind: 'decoder', layers: 'n_layer', heads: 'n_head', hidden: 'n_embd', context: ['n_positions', 'n_ctx'] };
const NEOX_KEYS: FamilyKeys = { kind: 'decoder', layers: 'num_hidden_layers', heads: 'num_attention_heads', hidden: 'hidden_size', context: ['max_position_embeddings'] };
const LLAMA_KEYS: FamilyKeys = { ...NEOX_KEYS, kvHeads: 'num_key_value_heads' };
const BLOOM_KEYS: FamilyKeys = { kind: 'decoder', layers: 'n_layer', heads: 'n_head', hidden: 'hidden_size', context: ['seq_length', 'max_position_embeddings'] };
const MPT_KEYS: FamilyKeys = { kind: 'decoder', layers: 'n_layers', heads: 'n_heads', hidden: 'd_model', context: ['max_seq_len'] };
const GPT_NEO_KEYS: FamilyKeys = { kind: 'decoder', layers: 'num_layers', heads: 'num_heads', hidden: 'hidden_size', context: ['max_position_embeddings'] };
const ENCODER_KEYS: FamilyKeys = { kind: 'encoder', layers: 'num_hidden_layers', heads: 'num_attention_heads', hidden: 'hidden_size', context: ['max_position_embeddings'] };

/** model_type -> keys, grouped as transformers.js groups them. */
const FAMILIES: Record<string, FamilyKeys> = {
  ...Object.fromEntries(['gpt2', 'gptj', 'codegen', 'gpt_bigcode', 'jais'].map((t) => [t, GPT2_KEYS])),
  ...Object.fromEntries(['gpt_neox', 'stablelm', 'opt', 'falcon'].map((t) => [t, NEOX_KEYS])),
  ...Object.fromEntries(
    ['llama', 'mistral', 'qwen2', 'qwen3', 'phi', 'phi3', 'gemma', 'gemma2', 'granite', 'olmo', 'olmo2', 'starcoder2', 'cohere', 'smollm3', 'mobilellm', 'helium', 'glm'].map(
      (t) => [t, LLAMA_KEYS],
    ),
  ),
  bloom: BLOOM_KEYS,
  mpt: MPT_KEYS,
  gpt_neo: GPT_NEO_KEYS,
  ...Object.fromEntries(['bert', 'roberta', 'albert', 'distilbert', 'xlm-roberta', 'deberta', 'deberta-v2', 'electra', 'camembert'].map((t) => [t, ENCODER_KEYS])),
};

/** The six decoder families the builders write and the test matrix proves. */
export const BUILT_FAMILIES = ['gpt2', 'gpt_neox', 'opt', 'llama', 'qwen2', 'phi3'] as const;
export type BuiltFamily = (typeof BUILT_FAMILIES)[number];

export interface ModelConfig {
  modelType: string;
  kind: ModelKind;
  vocabSize?: number;
  nLayer: number;
  nHead: number;
  /** Key/value heads (grouped-query attention); equals nHead when the family has none. */
  nKvHead: number;
  hiddenSize: number;
  headDim: number;
  contextLength: number;
  bosTokenId?: number;
  eosTokenId?: number;
  tieWordEmbeddings?: boolean;
}

/** Larger than any context or width a real model has: a value past it is garbage, not a model. */
const MAX_SIZE = 1 << 24;

/**
 * A size from the config, which must be a positive whole number when present: an unusable value
 * (a string, 0, -1, 1.5, 1e12) is an error naming the file and field, never skipped for a default,
 * which would run a different model than the file describes.
 */
function num(raw: Record<string, unknown>, key: string, file: string): number | undefined {
  if (!(key in raw) || raw[key] === null) return undefined;
  const value = raw[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAX_SIZE) {
    throw new EngineFailure('MODEL_FOLDER', `${file}: ${key} is ${JSON.stringify(value)}; expected a whole number from 1 to ${MAX_SIZE}`);
  }
  return value;
}

/** The families Promptscope reads, for error messages. */
export function knownFamilies(): string[] {
  return Object.keys(FAMILIES).sort();
}

/**
 * The model's sizes from config.json, through its family's keys.
 *
 * Configs that nest the text model (`text_config`, as multimodal exports do) are read from there.
 * Throws one line naming the file and the missing or unknown field.
 */
export function parseConfig(raw: Record<string, unknown>, file: string): ModelConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new EngineFailure('MODEL_FOLDER', `${file}: expected a JSON object of model settings`);
  const nested = raw.text_config && typeof raw.text_config === 'object' ? (raw.text_config as Record<string, unknown>) : undefined;
  const source = nested && typeof nested.model_type === 'string' ? nested : raw;
  const modelType = source.model_type;
  if (typeof modelType !== 'string' || modelType.length === 0) {
    throw new EngineFailure('MODEL_FOLDER', `${file} has no model_type: cannot tell which family's config keys to read`);
  }
  const keys = FAMILIES[modelType];
  if (!keys) {
    throw new EngineFailure('UNKNOWN_FAMILY', `${file}: model_type "${modelType}" is not a family Promptscope knows (known: ${knownFamilies().join(', ')})`);
  }
  const need = (key: string): number => {
    const value = num(source, key, file);
    if (value === undefined) throw new EngineFailure('MODEL_FOLDER', `${file} lacks ${key} (a ${modelType} config names its ${key === keys.layers ? 'layer count' : key === keys.heads ? 'head count' : 'width'} so)`);
    return value;
  };
  const nLayer = need(keys.layers);
  const nHead = need(keys.heads);
  const hiddenSize = need(keys.hidden);
  const headDim = num(source, 'head_dim', file);
  if (headDim === undefined && hiddenSize % nHead !== 0) throw new EngineFailure('MODEL_FOLDER', `${file}: the hidden size ${hiddenSize} is not a multiple of the ${nHead} heads`);
  const nKvHead = (keys.kvHeads ? num(source, keys.kvHeads, file) : undefined) ?? (modelType === 'falcon' && source.multi_query === true ? 1 : nHead);
  if (nHead % nKvHead !== 0) throw new EngineFailure('MODEL_FOLDER', `${file}: ${nHead} attention heads cannot share ${nKvHead} key/value heads`);
  const firstId = (value: unknown): number | undefined => (Array.isArray(value) ? value[0] : typeof value === 'number' ? value : undefined);
  const context = keys.context.map((k) => num(source, k, file)).find((v) => v !== undefined);
  // GPT-2's config has no tie flag and ties; so do most families when the flag is absent.
  const tie = typeof source.tie_word_embeddings === 'boolean' ? source.tie_word_embeddings : undefined;
  return {
    modelType,
    kind: keys.kind,
    vocabSize: num(source, 'vocab_size', file),
    nLayer,
    nHead,
    nKvHead,
    hiddenSize,
    headDim: headDim ?? hiddenSize / nHead,
    contextLength: context ?? 1024,
    bosTokenId: firstId(source.bos_token_id ?? raw.bos_token_id),
    eosTokenId: firstId(source.eos_token_id ?? raw.eos_token_id),
    ...(tie !== undefined ? { tieWordEmbeddings: tie } : {}),
  };
}
