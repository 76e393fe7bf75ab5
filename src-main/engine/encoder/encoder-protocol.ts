/**
 * Requests and results of the encoder operations (fill-mask, masked-LM probes, cloze scoring),
 * part of the engine contract beside protocol.ts.
 */
import type { FillComputeResult, FillPrediction, FillProbeResult } from '../../../src-shared/api/fill-mask.ts';

export type { ProbeAction } from '../../../src-shared/api/fill-mask.ts';

/** The engine answers in the API contract's shapes (src-shared/api/fill-mask.ts), declared once there. */
export type FillMaskPrediction = FillPrediction;
export type FillMaskResult = FillComputeResult;
export type MlmProbeResult = FillProbeResult;

export interface MlmProbeOptions {
  seed: number;
  /** Share of the text's tokens chosen for prediction (BERT: 0.15). */
  rate?: number;
  top?: number;
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
