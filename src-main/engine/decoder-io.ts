import type { ModelConfig } from './model-families.ts';
import { EngineFailure } from './engine-failure.ts';
import { inputSpecs, type OrtSession } from './runtime.ts';

/**
 * The decoder's inputs and outputs, read from the graph instead of assumed.
 *
 * Why: GPT-2 exports take position_ids; Llama/Qwen-style exports may not, and use fewer key/value
 * heads than attention heads; legacy merged files add use_cache_branch. One description of what
 * this graph wants lets one code path feed all of them (the Hugging Face ONNX layout of Optimum and transformers.js exports).
 */
export interface DecoderIo {
  hasPositionIds: boolean;
  hasAttentionMask: boolean;
  hasUseCacheBranch: boolean;
  /** transformers.js feeds `num_logits_to_keep` when a graph has it; so do we. */
  logitsToKeepInput?: string;
  /** Key/value layers fed back as past_key_values.{i}.key|value. */
  layers: number;
  kvHeads: number;
  headDim: number;
  kvType: 'float32' | 'float16';
  /**
   * Rows of a batch over a past must have equal lengths: GroupQueryAttention takes each row's past
   * length as its mask sum minus the new tokens, so a right-padded row would read a shorter past.
   * runDecoder then runs such batches in groups of equal length.
   */
  alignRowsWithPast?: boolean;
  /** Key/value heads and head size as the past inputs declare them (undefined when symbolic). */
  declaredKvHeads?: number;
  declaredHeadDim?: number;
  pastKey: string[];
  pastValue: string[];
  presentKey: string[];
  presentValue: string[];
}

export function readDecoderIo(session: OrtSession, config: ModelConfig, label: string): DecoderIo {
  const inputs = new Set(session.inputNames);
  const outputs = new Set(session.outputNames);
  if (!inputs.has('input_ids')) throw new EngineFailure('MODEL_FILE', `${label} has no input_ids input: not a causal language model export`);
  if (!outputs.has('logits')) throw new EngineFailure('MODEL_FILE', `${label} has no logits output: not a causal language model export`);
  const pastKey: string[] = [];
  const pastValue: string[] = [];
  const presentKey: string[] = [];
  const presentValue: string[] = [];
  for (let i = 0; inputs.has(`past_key_values.${i}.key`); i++) {
    pastKey.push(`past_key_values.${i}.key`);
    pastValue.push(`past_key_values.${i}.value`);
    presentKey.push(`present.${i}.key`);
    presentValue.push(`present.${i}.value`);
  }
  if (pastKey.length === 0) {
    throw new EngineFailure('MODEL_FILE', `${label} has no past_key_values.N.key inputs: export it with past key values (Optimum "text-generation-with-past")`);
  }
  for (const name of [...pastValue]) if (!inputs.has(name)) throw new EngineFailure('MODEL_FILE', `${label} lacks input ${name}`);
  for (const name of [...presentKey, ...presentValue]) if (!outputs.has(name)) throw new EngineFailure('MODEL_FILE', `${label} lacks output ${name}`);
  const spec = inputSpecs(session).find((s) => s.name === pastKey[0]);
  const shape = spec?.shape ?? [];
  const kvHeads = typeof shape[1] === 'number' ? shape[1] : config.nKvHead;
  const headDim = typeof shape[3] === 'number' ? shape[3] : config.headDim;
  // Whether config.json describes this graph is checkGraphAgainstConfig's job (below).
  const logitsToKeep = ['num_logits_to_keep', 'logits_to_keep'].find((n) => inputs.has(n));
  return {
    hasPositionIds: inputs.has('position_ids'),
    hasAttentionMask: inputs.has('attention_mask'),
    hasUseCacheBranch: inputs.has('use_cache_branch'),
    ...(logitsToKeep ? { logitsToKeepInput: logitsToKeep } : {}),
    layers: pastKey.length,
    kvHeads,
    headDim,
    kvType: spec?.type === 'float16' ? 'float16' : 'float32',
    ...(typeof shape[1] === 'number' ? { declaredKvHeads: shape[1] } : {}),
    ...(typeof shape[3] === 'number' ? { declaredHeadDim: shape[3] } : {}),
    pastKey,
    pastValue,
    presentKey,
    presentValue,
  };
}

/**
 * A config that disagrees with its graph describes a different model than the one that would run:
 * refused, naming both numbers. Only what the graph declares is compared (a symbolic dimension
 * says nothing).
 */
export function checkGraphAgainstConfig(io: DecoderIo, config: ModelConfig, configFile: string, graphFile: string): void {
  const disagree = (what: string, key: number, graph: number) =>
    new EngineFailure('CONFIG_MISMATCH', `${configFile} says ${what} ${key} but ${graphFile} has ${graph}: config and graph do not belong together`);
  if (io.layers !== config.nLayer) throw disagree('layers', config.nLayer, io.layers);
  if (io.declaredKvHeads !== undefined && io.declaredKvHeads !== config.nKvHead) throw disagree(config.nKvHead === config.nHead ? 'heads' : 'key/value heads', config.nKvHead, io.declaredKvHeads);
  if (io.declaredHeadDim !== undefined && Number.isInteger(config.headDim) && io.declaredHeadDim !== config.headDim) throw disagree('head size', config.headDim, io.declaredHeadDim);
}
