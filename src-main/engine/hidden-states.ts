import { EngineFailure } from './engine-failure.ts';
import type { ModelSession } from './model-session.ts';
import type { HiddenStatesResult } from './protocol.ts';

/** Final hidden states (placeholder until the graph rewrite lands). */
export async function hiddenStates(model: ModelSession, texts: string[], pooling: 'last' | 'mean'): Promise<HiddenStatesResult> {
  void model;
  void texts;
  void pooling;
  throw new EngineFailure('HIDDEN_STATES_UNAVAILABLE', 'hidden states are not available yet');
}
