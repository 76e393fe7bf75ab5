/**
 * The `probe` request: scoring prompts that share a prefix, as scoreNext does, with a look inside
 * the model (the label lens) and forward-only interventions (head mask, attention knockout).
 */

/** Blocks chosen query positions from chosen key positions (Geva et al. 2023's attention knockout). */
export interface KnockoutSpec {
  /** Key positions (0-based token positions in each whole prompt) the queries must not see. */
  keys: number[];
  /** Query positions: each prompt's last token, or explicit positions. */
  queries: 'last' | number[];
  /** Layers where the knockout applies (0-based); every layer when absent. */
  layers?: number[];
}

/**
 * Where the head mask applies: at every token (`all`: the prefix state is computed with the mask,
 * once per request) or only at the tokens run after the shared prefix (`suffix`: the clean, cached
 * prefix state is reused across masks and requests).
 */
export type MaskScope = 'all' | 'suffix';

export interface ProbeRequest {
  modelId: string;
  prefixParts: string[];
  suffixes: string[];
  tokenIds: number[];
  /** [layer][head] multipliers (1 keeps a head, 0 removes it); all ones when absent. */
  headMask?: number[][];
  maskScope?: MaskScope;
  knockout?: KnockoutSpec;
  /** Also return the label lens: log-probabilities of `tokenIds` read at every block's output. */
  lens?: boolean;
  /** false: nothing is shared between prompts or taken from the prefix cache (the baseline). */
  reuse?: boolean;
}

export interface ProbeResult {
  /** logprobs[suffixIndex][tokenIdIndex]: full-vocabulary log-softmax at the last position. */
  logprobs: number[][];
  /**
   * lens[suffixIndex][k][tokenIdIndex]: the same read through the final norm and lm_head at the
   * residual stream after block k (k = 0 the embeddings, k = layers the model's own output).
   */
  lens?: number[][][];
  promptTokens: number[];
  /** Tokens run through the model for this request. */
  computedTokens: number;
  /** Tokens whose state came from the prefix cache or from a state computed once for the request. */
  reusedTokens: number;
}
