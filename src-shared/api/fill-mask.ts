import { z } from 'zod';
import { modelRef } from './models.ts';

/**
 * Fill-mask domain, for encoders (BERT, RoBERTa, ALBERT, DistilBERT): the top-k tokens at every
 * mask of a text, and masked-LM probes (BERT's 15% / 80-10-10 recipe, seeded) with their accuracy.
 */

export const fillComputeArgs = z.object({
  model: modelRef,
  text: z.string().min(1, 'the text must not be empty'),
  pair: z.string().optional(),
  top: z.number().int().min(1).max(100).default(10),
});

export interface FillPrediction {
  id: number;
  token: string;
  /** Softmax over the full vocabulary at the mask position. */
  prob: number;
  logprob: number;
}

export interface FillComputeResult {
  tokens: string[];
  tokenIds: number[];
  typeIds: number[];
  maskToken: string;
  /** One entry per mask in text order; each is that position's own prediction, all masks in place. */
  masks: { position: number; top: FillPrediction[] }[];
  filled: string;
}

export const fillProbeArgs = z.object({
  model: modelRef,
  text: z.string().min(1, 'the text must not be empty'),
  seed: z.number().int().min(0).default(0),
  rate: z.number().gt(0).max(1).default(0.15),
  top: z.number().int().min(1).max(50).default(5),
});

export type ProbeAction = 'mask' | 'random' | 'keep';

export interface FillProbeResult {
  tokens: string[];
  seed: number;
  rate: number;
  /** Tokens the recipe could choose from (special tokens excluded). */
  candidates: number;
  /** The tokens as fed, after corruption. */
  input: string[];
  positions: {
    position: number;
    original: { id: number; token: string };
    action: ProbeAction;
    fed: { id: number; token: string };
    top: FillPrediction[];
    /** Whether the top prediction is the original token. */
    correct: boolean;
    /** log P(original token) at this position. */
    originalLogprob: number;
  }[];
  /** Share of chosen positions whose top prediction is the original token; per action as well. */
  accuracy: number;
  accuracyByAction: Partial<Record<ProbeAction, { correct: number; total: number }>>;
}
