import type { ModelInfo } from '../engine/protocol.ts';
import { FeatureCache, FeatureCacheError, textHash, type CacheMode } from './feature-cache.ts';
import type { FinetuneEngine } from './finetune-engine.ts';

/**
 * Hidden-state features of many examples, read from the disk cache where present and computed
 * through the engine (in batches) where not.
 */
export interface FeatureRequest {
  /** One text per example: the zero-shot prompt of the template's query rendering. */
  examples: readonly { id: string; text: string }[];
  pooling: 'last' | 'mean';
  /** Identifies the prompt construction (instruction, template, separator). */
  templateKey: string;
  cache: CacheMode;
  batchSize: number;
  onProgress?: (done: number, total: number) => void;
  /** Told when cached features are set aside because the model's files changed. */
  onWarning?: (message: string) => void;
}

export async function frozenFeatures(engine: FinetuneEngine, model: ModelInfo, cache: FeatureCache, request: FeatureRequest): Promise<Map<string, Float32Array>> {
  const changed = cache.changedModel(model);
  if (changed) {
    const message = `features for model "${model.name}" were cached from files hashing to ${changed.cachedSha256.slice(0, 12)}…, but its files in ${model.dir} now hash to ${model.sha256.slice(0, 12)}…`;
    if (request.cache === 'only') throw new FeatureCacheError(`${message}; the model changed since its features were cached (set features.cache: use to recompute them)`);
    request.onWarning?.(`${message}; recomputing (the old cache is kept)`);
  }
  const file = cache.filePath(model.sha256, request.templateKey, request.pooling);
  const stored = request.cache === 'refresh' ? undefined : cache.read(file);
  const out = new Map<string, Float32Array>();
  const missing: { id: string; text: string; hash: string }[] = [];
  for (const example of request.examples) {
    const hash = textHash(example.text);
    const row = stored?.rows.get(example.id);
    if (row && row.textHash === hash) out.set(example.id, row.vector);
    else missing.push({ ...example, hash });
  }
  if (missing.length > 0 && request.cache === 'only') {
    throw new FeatureCacheError(`${missing.length} of ${request.examples.length} examples have no cached features for model "${model.name}" (first: ${missing[0].id}); set features.cache: use to compute them`);
  }
  const total = request.examples.length;
  request.onProgress?.(out.size, total);
  const rows = stored?.rows ?? new Map<string, { textHash: string; vector: Float32Array }>();
  let dim = stored?.dim ?? model.hiddenSize;
  for (let start = 0; start < missing.length; start += request.batchSize) {
    const batch = missing.slice(start, start + request.batchSize);
    const { vectors: states } = await engine.hiddenStates({ modelId: model.modelId, texts: batch.map((b) => b.text), pooling: request.pooling });
    batch.forEach((b, i) => {
      const vector = Float32Array.from(states[i]);
      dim = vector.length;
      out.set(b.id, vector);
      rows.set(b.id, { textHash: b.hash, vector });
    });
    request.onProgress?.(out.size, total);
  }
  if (missing.length > 0 || changed) {
    if (missing.length > 0) cache.write(file, { dim, rows });
    cache.rememberModel(model);
  }
  return out;
}
