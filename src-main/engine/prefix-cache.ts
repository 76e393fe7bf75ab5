import type { KvCache } from './kv-cache.ts';

/**
 * Key/value states of prompt prefixes, keyed by their exact token ids, least recently used evicted
 * first once the total passes a byte budget.
 *
 * Why token ids and not strings: a cached state is valid for any prompt whose tokenization starts
 * with the same ids (attention is causal), which is the only thing that matters for reuse. The
 * scorer stores one state per demonstration boundary, so prompts whose orders share their leading
 * demonstrations find the deepest shared boundary here and run only what follows (docs/ARCHITECTURE.md, "Scoring a study").
 */
export class PrefixCache {
  private readonly entries = new Map<string, KvCache>();
  private totalBytes = 0;

  constructor(readonly budgetBytes: number) {}

  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The state after exactly these tokens, refreshed as most recently used. */
  get(tokens: readonly number[], length = tokens.length): KvCache | undefined {
    const key = keyOf(tokens, length);
    const cache = this.entries.get(key);
    if (cache) {
      this.entries.delete(key);
      this.entries.set(key, cache);
    }
    return cache;
  }

  set(tokens: readonly number[], length: number, cache: KvCache): void {
    const key = keyOf(tokens, length);
    const old = this.entries.get(key);
    if (old) {
      this.totalBytes -= old.bytes;
      this.entries.delete(key);
    }
    if (cache.bytes > this.budgetBytes) return;
    this.entries.set(key, cache);
    this.totalBytes += cache.bytes;
    for (const [k, v] of this.entries) {
      if (this.totalBytes <= this.budgetBytes) break;
      this.entries.delete(k);
      this.totalBytes -= v.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }
}

function keyOf(tokens: readonly number[], length: number): string {
  return tokens.slice(0, length).join(',');
}
