import { classScores, scoringRequest } from '../experiments/label-scoring.ts';
import type { LabelTokens } from '../experiments/label-tokens.ts';
import type { FinetuneEngine } from './finetune-engine.ts';

/**
 * Raw class scores p̃_c (summed over each class's label words) for many queries after one prefix,
 * in batches through the engine's prefix-sharing scoreNext.
 */
export async function scoreQueries(
  engine: FinetuneEngine,
  modelId: string,
  prefixParts: string[],
  suffixes: readonly string[],
  labelTokens: LabelTokens,
  batchSize: number,
  onBatch?: (done: number) => void,
): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < suffixes.length; start += batchSize) {
    const batch = suffixes.slice(start, start + batchSize);
    const result = await engine.scoreNext({ modelId, prefixParts, suffixes: [...batch], ...scoringRequest(labelTokens) });
    for (let s = 0; s < batch.length; s++) out.push(classScores(labelTokens, result, s));
    onBatch?.(out.length);
  }
  return out;
}
