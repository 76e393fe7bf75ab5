import { z } from 'zod';
import type { AttentionSpanMass } from './attention.ts';

/**
 * Inside-the-model domain: the label lens, head ablation, label-word knockout and demonstration
 * attribution over a stored run's conditions (results in src-shared/inside/inside-results.ts).
 *
 * Each call scores the condition's prompts again through the engine: seconds on the default model,
 * minutes for a head sweep of a larger one, so the UI shows a busy state and the sample is bounded.
 */
const insideRunArgs = z.object({
  runId: z.string().min(1),
  /** best, worst (stored uncalibrated accuracy) or SEED/ORDER. */
  condition: z.string().min(1).default('best'),
  /** The first N test examples of the run. */
  sample: z.number().int().min(1).max(1000).default(40),
});

export const insideLensArgs = insideRunArgs.extend({ compare: z.enum(['orders', 'flip']).default('orders') });
export const insideHeadsArgs = insideRunArgs.extend({ scope: z.enum(['all', 'suffix']).default('all') });
export const insideKnockoutArgs = insideRunArgs.extend({
  layers: z.array(z.number().int().min(0)).optional(),
  controlSeed: z.number().int().min(0).default(0),
});
export const insideAttributeArgs = insideRunArgs.extend({
  permutations: z.number().int().min(1).max(500).default(20),
  seed: z.number().int().min(0).default(0),
});

/** How many of the run's test examples a result used (the UI says when it is a sample). */
export interface InsideSampleInfo {
  examples: number;
  testCount: number;
}

/** What `inside.attribute` adds: the attention mass of the same prompt (first test example), shown beside it. */
export interface InsideAttentionMass {
  attentionMass?: AttentionSpanMass[];
  /** Why there is no attention mass (fused attention kernels). */
  attentionNote?: string;
}
