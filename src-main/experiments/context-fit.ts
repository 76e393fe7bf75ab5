import type { ModelInfo } from '../engine/protocol.ts';
import { ExperimentInputError } from './errors.ts';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';
import { tokenIds, type StudyEngine } from './study-engine.ts';

/** Counts tokens of prompt pieces through the model's tokenizer, caching by text. */
export class TokenCounter {
  private readonly cache = new Map<string, number>();
  constructor(
    private readonly engine: StudyEngine,
    private readonly model: ModelInfo,
  ) {}

  /** Tokens of `text` as a later part of a prompt (a BOS the tokenizer adds is not counted). */
  async count(text: string): Promise<number> {
    const hit = this.cache.get(text);
    if (hit !== undefined) return hit;
    let ids = tokenIds(await this.engine.tokenize(this.model.modelId, text));
    if (this.model.bosTokenId !== undefined && ids[0] === this.model.bosTokenId) ids = ids.slice(1);
    this.cache.set(text, ids.length);
    return ids.length;
  }

  /** A BOS the model's tokenizer puts in front of a whole prompt. */
  get bosTokens(): number {
    return this.model.bosTokenId !== undefined ? 1 : 0;
  }
}

/**
 * How many of the oldest demonstrations one condition must leave out to fit the context.
 *
 * Token counts are summed over the parts, which is what the engine runs when the parts tokenize
 * the same apart as together (it checks, and falls back to the whole string otherwise). With
 * `reject` (and with skip-example / truncate-input, for what those cannot fix: the demonstrations
 * and the content-free inputs) anything over the context is an error naming the sizes; with `drop-oldest` the first
 * demonstrations of the order go until it fits (Lu et al. cut from the start).
 */
export function demosToDrop(
  spec: ExperimentSpec,
  contextLength: number,
  fixedTokens: number,
  demoTokens: readonly number[],
  longestQuery: { tokens: number; what: string },
  where: string,
): number {
  let total = fixedTokens + demoTokens.reduce((a, b) => a + b, 0) + longestQuery.tokens;
  if (total <= contextLength) return 0;
  if (spec.contextPolicy !== 'drop-oldest') {
    throw new ExperimentInputError(
      `contextPolicy: ${where}: the prompt for ${longestQuery.what} is ${total} tokens, over the model's context of ${contextLength}; use fewer shots or contextPolicy: drop-oldest (or skip-example, truncate-input)`,
      'CONTEXT_OVERFLOW',
    );
  }
  let dropped = 0;
  while (total > contextLength && dropped < demoTokens.length) total -= demoTokens[dropped++];
  if (total > contextLength) {
    throw new ExperimentInputError(`contextPolicy: ${where}: ${longestQuery.what} alone is ${total} tokens, over the model's context of ${contextLength}`, 'CONTEXT_OVERFLOW');
  }
  return dropped;
}
