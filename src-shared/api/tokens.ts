import { z } from 'zod';
import { SCORE_LABEL_MODES } from '../models/label-scores.ts';
import { modelRef } from './models.ts';

/**
 * Token domain: tokenization, next-token distributions, label scoring and streamed generation.
 */

export const tokenizeArgs = z.object({ model: modelRef, text: z.string() });

export interface TokenizeResult {
  /** Pieces in order, with character offsets into `text`. */
  pieces: { id: number; text: string; start: number; end: number }[];
  count: number;
  contextLength: number;
}

export const nextArgs = z.object({
  model: modelRef,
  text: z.string().min(1, 'the text must not be empty'),
  top: z.number().int().min(1).max(1000).default(20),
});

export interface NextResult {
  tokens: number[];
  /** Natural-log probabilities over the full vocabulary at the last position, best first. */
  top: { id: number; token: string; logprob: number }[];
}

export const scoreLabelsArgs = z.object({
  model: modelRef,
  prompt: z.string().min(1, 'the prompt must not be empty'),
  labels: z.array(z.string().min(1, 'label words must not be empty')).min(1, 'give at least one label word'),
  mode: z.enum(SCORE_LABEL_MODES).default('first-token'),
});

export type { ScoreLabelsResult } from '../models/label-scores.ts';

export const generateArgs = z.object({
  model: modelRef,
  prompt: z.string().min(1, 'the prompt must not be empty'),
  maxNewTokens: z.number().int().min(1).max(2048).default(32),
  temperature: z.number().min(0).max(10).default(0),
  topK: z.number().int().min(0).max(100000).default(0),
  seed: z.number().int().min(0).default(0),
  /** Chosen by the caller; `generate.token` events carry it. */
  streamId: z.string().min(1),
});

export interface GenerateResult {
  text: string;
  tokenIds: number[];
  /** Per generated token: its text piece and its natural-log probability under the model (temperature 1). */
  tokens: { tokenId: number; text: string; logprob: number | null }[];
}

/** Event `generate.token`: one per generated token, then one with `done: true`. */
export interface GenerateTokenEvent {
  streamId: string;
  tokenId?: number;
  text?: string;
  /** Natural-log probability of the token under the model (temperature 1). */
  logprob?: number;
  done: boolean;
}
