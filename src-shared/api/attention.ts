import { z } from 'zod';
import { modelRef } from './models.ts';

/**
 * Attention domain.
 *
 * A 1,000-token prompt has layers x heads x 10^6 weights (tens of MB), so `attention.compute` keeps
 * the tensor in the backend and answers with tokens, shape and the attention mass of named spans;
 * the UI then fetches one layer at a time with `attention.layer`.
 */

/** A named character range of the prompt: a demonstration, a label word, the query. */
export const attentionSpan = z.object({
  name: z.string().min(1),
  kind: z.enum(['instruction', 'demonstration', 'label', 'query', 'other']).default('other'),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type AttentionSpan = z.infer<typeof attentionSpan>;

export const attentionComputeArgs = z.object({
  model: modelRef,
  text: z.string().min(1, 'the text must not be empty'),
  spans: z.array(attentionSpan).default([]),
});

export interface AttentionSpanMass {
  name: string;
  kind: AttentionSpan['kind'];
  /** Token index range [tokenStart, tokenEnd) that overlaps the span. */
  tokenStart: number;
  tokenEnd: number;
  /** Attention the last position gives the span's tokens, averaged over heads, per layer. */
  perLayer: number[];
  /** Mean over layers. */
  mean: number;
}

export interface AttentionComputeResult {
  attentionId: string;
  tokens: string[];
  /** Character offsets of each token in the text. */
  offsets: { start: number; end: number }[];
  layers: number;
  heads: number;
  mass: AttentionSpanMass[];
  /** Encoders: rows are distributions over every key (no causal triangle). */
  bidirectional?: boolean;
  /** Encoders: segment (token_type_ids) of each token, 0 or 1. */
  segments?: number[];
  /** Encoders: positions of special tokens ([CLS], [SEP], <s>, </s>). */
  special?: number[];
  /** Encoders: the token whose attention `mass` measures (the last mask, else the last text token); decoders use the last token. */
  massFrom?: number;
}

export const attentionLayerArgs = z.object({
  attentionId: z.string().min(1),
  layer: z.number().int().min(0),
});

export interface AttentionLayerResult {
  layer: number;
  /** One row-major (tokens x tokens) matrix per head; rows are causal distributions. */
  heads: Float32Array[];
}

export const attentionThumbnailsArgs = z.object({
  attentionId: z.string().min(1),
  /** Side of each thumbnail in cells; each cell is the maximum of the block of weights it covers. */
  sizePx: z.number().int().min(8).max(128).default(48),
});

export interface AttentionThumbnailsResult {
  /** Side of each thumbnail (the token count when that is smaller than the requested size). */
  size: number;
  /** thumbs[layer][head]: row-major size x size max-pooled matrices, for the layer-by-head overview. */
  thumbs: Float32Array[][];
}
