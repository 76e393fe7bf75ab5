import { z } from 'zod';
import type { PromptSpan } from '../prompt/few-shot-prompt.ts';

/**
 * One condition of a stored run, opened from a chart: the demonstrations in the order they were
 * shown, the prompt as the study runner built it, p_cf, and every test example's scores and
 * predictions. Built in the backend from the stored rows by the study runner's own prompt code,
 * so the prompt shown is the prompt that was scored.
 */

export const runsConditionArgs = z.object({
  runId: z.string().min(1),
  seed: z.number().int().nonnegative(),
  orderIndex: z.number().int().nonnegative(),
  /** The design cell (studies with design axes); 0, the only cell otherwise. */
  cell: z.number().int().nonnegative().default(0),
});

export interface ConditionDemonstration {
  exampleId: string;
  gold: string;
  /** The label word the prompt shows for it. */
  labelWord: string;
  /** The mapped text field (`input`). */
  text: string;
  /** Left out of the prompt to fit the model's context (contextPolicy drop-oldest). */
  dropped: boolean;
  /** labelCorruption: the class the prompt shows instead of gold (absent when it shows gold). */
  shown?: string;
}

export interface ConditionExample {
  exampleId: string;
  gold: string;
  text: string;
  /** The query part of the prompt; the full prompt is `prefix + query`. */
  query: string;
  /** Label probabilities renormalised over the labels, before calibration (export `scores`). */
  scores: Record<string, number>;
  /** method -> predicted class. */
  predicted: Record<string, string>;
  /** method -> whether this example's prediction differs across the seed's orders. */
  flips: Record<string, boolean>;
}

export interface ConditionDetail {
  runId: string;
  seed: number;
  orderIndex: number;
  cell: number;
  /** Design axes: axis -> this condition's value, by its label; empty without design axes. */
  axes: Record<string, string>;
  classes: string[];
  methods: string[];
  demonstrations: ConditionDemonstration[];
  /** The shared part of every prompt of this condition: instruction and demonstrations with separators. */
  prefix: string;
  /** Named character ranges of the prefix (instruction, demonstrations, label words), for the attention view. */
  prefixSpans: PromptSpan[];
  /** Renormalised average over the content-free inputs; null without them. */
  contentFree: Record<string, number> | null;
  contentFreeInputs: { input: string; probs: Record<string, number> }[];
  /** method -> accuracy over this condition's test examples. */
  accuracy: Record<string, number>;
  examples: ConditionExample[];
}

export const runsAttentionArgs = z.object({
  runId: z.string().min(1),
  /** Conditions (seed, order) sampled evenly from the run. */
  maxConditions: z.number().int().min(1).max(200).default(6),
  /** Test examples per condition, the first of the test sample. */
  maxExamples: z.number().int().min(1).max(300).default(8),
});

/**
 * Attention over a study: the share of the answer position's attention (averaged over heads and
 * layers) that lands on each demonstration position, averaged over the sampled prompts.
 */
export interface StudyAttention {
  runId: string;
  /** Position 1 is the first (oldest) demonstration in the prompt; the last is nearest the query. */
  positions: { position: number; mean: number; min: number; max: number }[];
  /** Share on the query's own tokens. */
  query: number;
  /** Share on the instruction, when the task has one. */
  instruction: number | null;
  prompts: number;
  conditionsUsed: number;
  conditionsTotal: number;
  examplesPerCondition: number;
  examplesTotal: number;
}
