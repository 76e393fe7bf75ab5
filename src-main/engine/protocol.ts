/**
 * The typed contract between the engine host and the engine worker.
 *
 * Everything above the engine (experiments, finetune, api, cli) talks to models only through
 * `EngineHost` (host.ts), whose methods mirror these requests one to one. Errors cross the thread
 * boundary as plain `EngineError` data (Signal's wrapResult), never as thrown objects.
 */

import type { FillMaskResult, MlmProbeOptions, MlmProbeResult, ScoreMaskedRequest } from './encoder/encoder-protocol.ts';

export type * from './encoder/encoder-protocol.ts';

/** Execution providers Promptscope knows; `auto` picks the platform's best and falls back to CPU. */
export type ProviderName = 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';

export interface LoadOptions {
  /** Requested provider; the one actually active is reported in ModelInfo.provider. */
  provider?: ProviderName;
  /** dtype as transformers.js names it (fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4, auto); default as transformers.js picks. */
  dtype?: string;
  /** ONNX file variant by suffix, as transformers.js names them ('' = fp32, '_quantized', '_fp16', ...); `dtype` is the preferred way. */
  variant?: string;
  /** intraOpNumThreads; default: physical cores. */
  threads?: number;
  /** Byte budget of the prefix-state cache used by scoreNext (default 512 MiB). */
  prefixCacheBytes?: number;
}

/** What a load reports; declared in src-shared because the API's ModelDetails is derived from it. */
import type { ModelInfo } from '../../src-shared/models/model-info.ts';

export type { ModelInfo };

export interface TokenPiece {
  id: number;
  /** The token's text as decoded on its own. */
  text: string;
  /** Character offsets into the input string. */
  start: number;
  end: number;
}

export interface NextTokenResult {
  tokens: number[];
  top: { id: number; token: string; logprob: number }[];
}

/** Declared in src-shared because the API's `scoreLabels` result is the same. */
import type { ScoreLabelMode as LabelMode, ScoreLabelsResult } from '../../src-shared/models/label-scores.ts';

export type { LabelMode };
export type { LabelScore, ScoreLabelsResult } from '../../src-shared/models/label-scores.ts';

/**
 * Score many prompts that share a prefix: for each suffix, the natural-log probability, at the last
 * position of prefix + suffix, of each id in `tokenIds`.
 *
 * `prefixParts` are concatenated to form the prefix (e.g. instruction, then each demonstration with
 * its separator). The engine caches the KV state at every part boundary, so calls whose prefixes
 * share leading parts (orders that share leading demonstrations) reuse that work. If tokenizing the
 * parts separately does not give exactly the tokens of the whole string, it falls back to scoring
 * the whole prompt. With `reuse: false` every prompt is run from scratch (the baseline).
 */
export interface ScoreNextRequest {
  modelId: string;
  prefixParts: string[];
  suffixes: string[];
  tokenIds: number[];
  reuse?: boolean;
  /** Most suffixes run together over one prefix state (default 8, see DEFAULT_SCORE_BATCH). */
  batchSize?: number;
  /**
   * Token sequences scored as whole continuations of every prompt (a label word's tokens, BOS
   * excluded): the sum of their tokens' log-probabilities, as lm-evaluation-harness scores a
   * continuation. Answered in `continuationLogprobs`, beside `logprobs` for `tokenIds`.
   */
  continuations?: number[][];
}

export interface ScoreNextResult {
  /** logprobs[suffixIndex][tokenIdIndex]. */
  logprobs: number[][];
  /** Token count of each full prompt (prefix + suffix). */
  promptTokens: number[];
  /** Tokens actually run through the model for this request (work done). */
  computedTokens: number;
  /** continuationLogprobs[suffixIndex][continuationIndex], when `continuations` were asked for. */
  continuationLogprobs?: number[][];
}

export interface GenerateOptions {
  maxNewTokens: number;
  /** 0 or absent = greedy. */
  temperature?: number;
  /** Sample among the tokens whose logit is at least the k-th largest (ties at the k-th kept, as Hugging Face's top-k). */
  topK?: number;
  seed?: number;
  /**
   * Block repeated n-grams of this size over prompt + continuation (fairseq / Hugging Face's
   * `no_repeat_ngram_size`); 0 or absent = none.
   */
  noRepeatNgram?: number;
  /**
   * Lu et al. 2022's `allowed_tokens` (the template's and label words' tokens): never blocked by
   * `noRepeatNgram`, and taken greedily when one of them is the most likely token.
   */
  exemptTokens?: number[];
}

export interface AttentionResult {
  tokens: string[];
  layers: number;
  heads: number;
  /** weights[layer][head] is a row-major query x key matrix, rows are causal distributions. */
  weights: Float32Array[][];
}

export interface HiddenStateRequest {
  modelId: string;
  texts: string[];
  pooling: 'last' | 'mean';
}

export interface HiddenStatesResult {
  hiddenSize: number;
  /** One vector per text: the final hidden state (after the last layer norm) pooled as requested. */
  vectors: Float32Array[];
}

export interface EngineError {
  /** Stable machine code, e.g. 'MODEL_FOLDER', 'TOKENIZER_MISMATCH', 'CONTEXT_OVERFLOW', 'PROVIDER', 'TIMEOUT', 'WORKER_CRASHED'. */
  code: string;
  /** One line a user can act on, naming the file, field or token. */
  message: string;
  detail?: string;
}

export type { KnockoutSpec, MaskScope, ProbeRequest, ProbeResult } from './probe-types.ts';
import type { ProbeRequest, ProbeResult } from './probe-types.ts';

/** Requests the worker understands; `id` is a sequence number set by the host. */
export type EngineRequest =
  | { op: 'load'; ref: string; dir: string; name: string; options: LoadOptions; modelId?: string }
  | { op: 'unload'; modelId: string }
  | { op: 'tokenize'; modelId: string; text: string }
  | { op: 'decode'; modelId: string; ids: number[] }
  | { op: 'next'; modelId: string; text: string; top: number }
  | { op: 'scoreLabels'; modelId: string; prompt: string; labels: string[]; mode: LabelMode }
  | ({ op: 'scoreNext' } & ScoreNextRequest)
  | { op: 'generate'; modelId: string; prompt: string; options: GenerateOptions; streamId: string }
  | { op: 'attention'; modelId: string; text: string; pair?: string }
  | ({ op: 'hiddenStates' } & HiddenStateRequest)
  | ({ op: 'probe' } & ProbeRequest)
  | EncoderRequest;

/** Encoder operations (encoder/encoder-protocol.ts): fill-mask, masked-LM probes, cloze scoring. */
export type EncoderRequest =
  | { op: 'fill'; modelId: string; text: string; pair?: string; top: number }
  | { op: 'mlmProbe'; modelId: string; text: string; options: MlmProbeOptions }
  | ({ op: 'scoreMasked' } & ScoreMaskedRequest);

/** What each request answers; the host's methods return exactly these. */
export interface EngineResults {
  load: ModelInfo;
  unload: void;
  tokenize: TokenPiece[];
  decode: string;
  next: NextTokenResult;
  scoreLabels: ScoreLabelsResult;
  scoreNext: ScoreNextResult;
  generate: string;
  attention: AttentionResult;
  hiddenStates: HiddenStatesResult;
  probe: ProbeResult;
  fill: FillMaskResult;
  mlmProbe: MlmProbeResult;
  scoreMasked: ScoreNextResult;
}

export type EngineOp = EngineRequest['op'];
export type EngineResultOf<Op extends EngineOp> = Op extends keyof EngineResults ? EngineResults[Op] : unknown;

export type EngineResponse<T = unknown> = { id: number; ok: true; value: T } | { id: number; ok: false; error: EngineError };

/** Streamed events from the worker (generation tokens). */
export interface EngineEvent {
  streamId: string;
  kind: 'token' | 'done';
  tokenId?: number;
  text?: string;
  /** Natural-log probability of the token under the model (generation). */
  logprob?: number;
}
