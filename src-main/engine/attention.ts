import { EngineFailure } from './engine-failure.ts';
import type { ModelSession } from './model-session.ts';
import type { AttentionResult } from './protocol.ts';

/** Attention probabilities (placeholder until the graph rewrite lands). */
export async function attention(model: ModelSession, text: string): Promise<AttentionResult> {
  void model;
  void text;
  throw new EngineFailure('ATTENTION_UNAVAILABLE', 'attention extraction is not available yet');
}
