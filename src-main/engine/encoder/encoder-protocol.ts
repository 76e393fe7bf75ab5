/**
 * Requests and results of the encoder operations (fill-mask, masked-LM probes, cloze scoring),
 * part of the engine contract beside protocol.ts.
 */

export interface FillMaskPrediction {
  id: number;
  token: string;
  /** Softmax over the full vocabulary at the mask position. */
  prob: number;
  logprob: number;
}

export interface FillMaskResult {
  /** Every input token as shown (special tokens included). */
  tokens: string[];
  tokenIds: number[];
  /** Segment of each token (0: first text, 1: the pair). */
  typeIds: number[];
  maskToken: string;
  /** One entry per mask, in text order; each mask is predicted given the whole input (all masks in place). */
  masks: { position: number; top: FillMaskPrediction[] }[];
  /** The input with each mask replaced by its top prediction, special tokens skipped. */
  filled: string;
}

export type ProbeAction = 'mask' | 'random' | 'keep';

export interface MlmProbeOptions {
  seed: number;
  /** Share of the text's tokens chosen for prediction (BERT: 0.15). */
  rate?: number;
  top?: number;
}

export interface MlmProbeResult {
  tokens: string[];
  seed: number;
  rate: number;
  /** Tokens the recipe could choose from (special tokens excluded). */
  candidates: number;
  /** The tokens after corruption, as fed to the model. */
  input: string[];
  positions: {
    position: number;
    original: { id: number; token: string };
    action: ProbeAction;
    fed: { id: number; token: string };
    top: FillMaskPrediction[];
    /** Whether the top prediction is the original token. */
    correct: boolean;
    /** log P(original token) at this position. */
    originalLogprob: number;
  }[];
  /** Share of chosen positions whose top prediction is the original token; per action as well. */
  accuracy: number;
  accuracyByAction: Partial<Record<ProbeAction, { correct: number; total: number }>>;
}

/** One cloze query: the text before the label slot and the text after it (the slot becomes the mask token). */
export interface ClozeQuery {
  head: string;
  tail: string;
}

/**
 * Cloze scoring (PET, LM-BFF): each prompt is prefixParts.join('') + head + mask token + tail; the
 * natural-log probability of each id in tokenIds at that mask position.
 */
export interface ScoreMaskedRequest {
  modelId: string;
  prefixParts: string[];
  queries: ClozeQuery[];
  tokenIds: number[];
}
