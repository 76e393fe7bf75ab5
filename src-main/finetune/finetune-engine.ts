import type { HiddenStateRequest, HiddenStatesResult } from '../engine/protocol.ts';
import type { StudyEngine } from '../experiments/study-engine.ts';

/**
 * What a learning curve needs from the engine: the study runner's calls plus hidden states.
 *
 * Structural, like StudyEngine, so the real EngineHost is passed in from the composition root.
 */
export interface FinetuneEngine extends StudyEngine {
  hiddenStates(request: HiddenStateRequest): Promise<HiddenStatesResult>;
}
