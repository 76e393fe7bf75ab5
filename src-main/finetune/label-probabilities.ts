import { labelScores } from '../../src-shared/calibration/label-scores.ts';
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
  labelTokens: { perClass: number[][]; all: number[] },
  batchSize: number,
  onBatch?: (done: number) => void,
): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < suffixes.length; start += batchSize) {
    const batch = suffixes.slice(start, start + batchSize);
    const result = await engine.scoreNext({ modelId, prefixParts, suffixes: [...batch], tokenIds: labelTokens.all });
    for (const row of result.logprobs) {
      const byToken = new Map(labelTokens.all.map((id, i) => [id, row[i]]));
      out.push(labelScores(byToken, labelTokens.perClass));
    }
    onBatch?.(out.length);
  }
  return out;
}
